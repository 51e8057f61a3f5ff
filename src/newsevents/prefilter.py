"""The fast path: find the sentences that can hold an ACLED event before any tagging, parsing or NER.

Most sentences of a news article hold no event, yet the spaCy pipeline costs the same on every word. The
filter reads the article with spaCy's tokenizer alone (about 1% of the pipeline's time), lemmatizes each word
every way it could be read (noun, verb and adjective, from the pipeline's own lemma rules and exceptions,
memoized per word), and keeps a sentence when a trigger of an ACLED frame could match in it: every word of
the trigger phrase present in the part of speech the trigger asks for, with one of its required objects
(`with_object`) and prepositions (`with_prep`). It is a necessary condition of the parse-based matcher
(`extract.mentions`), made on the surface, so it keeps every sentence the full coder could draw an ACLED event
from, and a few more.

Besides, it keeps the sentence naming the day before a kept one ("14 June. Militants attacked ..."), a toll told
on its own after one ("3 fatalities were reported."), and enough genre words for the sports and markets test.
The other sentences are blanked, not cut: every character but line breaks becomes a space, so the text keeps
its length and every offset, evidence spans point into the original article, and paragraph breaks survive.
spaCy reads a run of spaces as one token, which costs next to nothing.

What the fast coder gives up (measured in docs/performance.md): events of frames without an ACLED type
(statements, meetings, appeals: PLOVER-only events), and context from the blanked sentences (a date or a
country named only there).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from spacy.attrs import IDX, IS_SPACE, ORTH

from newsevents import lexicon, nlp
from newsevents.errors import ArticleError
from newsevents.extract.counts import harm_words
from newsevents.extract.mentions import _SPLIT_GAP
from newsevents.records import Article, EventRecord

_POS = ("noun", "verb", "adj")
_SENTENCE_END = frozenset({".", "!", "?", "...", "\u2026"})
_CLOSERS = frozenset({'"', "'", "\u201d", "\u2019", ")"})
# "March" with a capital is the month far more often than the verb; lower-case "march" is kept.
_MONTH_HOMONYMS = frozenset({"March"})
_BLANK = re.compile(r"[^\n]")
_SKIPPED = frozenset({"the", "a", "an"})  # inside a trigger phrase ("hold a protest")
# After these a word in its base form is read as a noun: "the station", "its release", "a free"...
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that",
                          "these", "those", "'s"})
# A sentence before a kept one is kept too when it names a day: notes and wires put the date apart
# ("14 June. Militants attacked ...", "On Monday:"), and an event without its own date inherits it.
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today yesterday "
    "tonight overnight weekend".split())
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class _Entry:
    rest: tuple[str, ...]  # the trigger phrase's other lemmas
    pos: str | None  # noun, verb or adj: the reading the first lemma must have
    objects: tuple[str, ...]
    preps: tuple[str, ...]


@dataclass(frozen=True)
class Reduction:
    """An article's text with the sentences that cannot hold an ACLED event blanked."""

    text: str
    sentences: int
    kept_sentences: int
    words: int
    kept_words: int


class SentenceFilter:
    """Decides, from surface words alone, which sentences the full pipeline has to read."""

    def __init__(self, model=None) -> None:
        model = model or nlp.load()
        self._tokenizer = model.tokenizer
        lemmatizer = model.get_pipe("lemmatizer") if "lemmatizer" in model.pipe_names else None
        tables = lemmatizer.lookups if lemmatizer is not None else None
        self._rules = tables.get_table("lemma_rules") if tables and tables.has_table("lemma_rules") else {}
        self._exceptions = tables.get_table("lemma_exc") if tables and tables.has_table("lemma_exc") else {}
        self._index = tables.get_table("lemma_index") if tables and tables.has_table("lemma_index") else {}
        self._heads = _acled_trigger_index()
        self.lemmas = functools.lru_cache(maxsize=100_000)(self._lemmas)
        self.genre_words = functools.lru_cache(maxsize=100_000)(self._genre_words)

    def _lemmas(self, word: str, pos: str | None = None) -> frozenset[str]:
        """Every lemma the word could have (in one part of speech, or in any), as spaCy's rule lemmatizer
        would give it: rule forms found in the lemma index, exceptions, else the out-of-vocabulary forms."""
        out = {word}
        for p in (pos,) if pos else _POS:
            index = self._index.get(p, ())
            known, unknown = [], []
            for old, new in self._rules.get(p, ()):
                if word.endswith(old) and len(word) > len(old):
                    form = word[: len(word) - len(old)] + new
                    (known if form in index or not form.isalpha() else unknown).append(form)
            known.extend(self._exceptions.get(p, {}).get(word, ()))
            out.update(known or unknown)
        return frozenset(out)

    def keeps(self, words: list[str]) -> bool:
        """Whether a trigger of an ACLED frame could match among these words (their surface forms)."""
        lower = [w.lower() for w in words]
        present: set[str] = set(lower)
        for word in lower:
            present |= self.lemmas(word)
        for i, word in enumerate(lower):
            if words[i] in _MONTH_HOMONYMS:
                continue
            after_determiner = i > 0 and lower[i - 1] in _DETERMINERS
            for lemma in self.lemmas(word):
                for entry in self._heads.get(lemma, ()):
                    if entry.pos and lemma not in self.lemmas(word, entry.pos):
                        continue
                    if entry.pos == "verb" and after_determiner and word == lemma:
                        continue  # "the station", "the release": a noun, whatever else the word can be
                    if entry.rest and not self._phrase_at(lower, i + 1, entry.rest) and not self._split_at(lower, i, entry):
                        continue
                    if entry.objects and not any(o in present for o in entry.objects):
                        continue
                    if entry.preps and not any(p in present for p in entry.preps):
                        continue
                    return True
        return False

    def _genre_hits(self, words: list[str]) -> dict[str, list[str]]:
        """The genre words (lexicon/genres.json) among these, by genre, any lemma reading counting."""
        hits: dict[str, list[str]] = {}
        for word in words:
            for name, found in self.genre_words(word.lower()):
                hits.setdefault(name, []).append(found)
        return hits

    def _genre_words(self, word: str) -> tuple[tuple[str, str], ...]:
        """(genre, the genre word it is read as) for each genre the word belongs to: itself or one of its lemmas."""
        _, _, genres = lexicon.genres()
        out = []
        for name, vocabulary in genres.items():
            found = word if word in vocabulary else next((x for x in sorted(self.lemmas(word)) if x in vocabulary), None)
            if found:
                out.append((name, found))
        return tuple(out)

    def _keep_genre_evidence(self, spans: list[tuple[int, int, list[str]]], keep: list[bool]) -> None:
        """Keep enough of a sports, markets or weather story's genre words for the coder to see its genre.

        `pipeline._genre` drops such a story's "clash" and "rally" by the whole article's words: with the
        sentences that carry them blanked, a football report would come out as a riot.
        """
        min_hits, min_distinct, _ = lexicon.genres()
        per_sentence = [self._genre_hits(words) if words else {} for _, _, words in spans]
        for name in {g for hits in per_sentence for g in hits}:
            found = [w for hits in per_sentence for w in hits.get(name, ())]
            if len(found) < min_hits or len(set(found)) < min_distinct:
                continue  # the full text does not read as this genre either
            seen = [w for hits, k in zip(per_sentence, keep) if k for w in hits.get(name, ())]
            for i in sorted(range(len(spans)), key=lambda i: -len(per_sentence[i].get(name, ()))):
                if len(seen) >= min_hits and len(set(seen)) >= min_distinct:
                    break
                if not keep[i] and per_sentence[i].get(name):
                    keep[i] = True
                    seen.extend(per_sentence[i][name])

    def _phrase_at(self, lower: list[str], j: int, rest: tuple[str, ...]) -> bool:
        """The trigger's other words follow in order from word j, determiners skipped (as extract.mentions does)."""
        for lemma in rest:
            while j < len(lower) and lower[j] in _SKIPPED and lemma not in self.lemmas(lower[j]):
                j += 1
            if j >= len(lower) or lemma not in self.lemmas(lower[j]):
                return False
            j += 1
        return True

    def _tells_harm(self, words: list[str]) -> bool:
        """A word of death or injury (extract.counts.harm_words), in any reading."""
        harm = harm_words()
        return any(w in harm or not harm.isdisjoint(self.lemmas(w)) for w in (w.lower() for w in words))

    def _split_at(self, lower: list[str], i: int, entry: _Entry) -> bool:
        """The rest of a verb trigger told after its object ("set a police van ablaze"), as extract.mentions
        matches it: a verb (or any) trigger with no required object or preposition, up to _SPLIT_GAP words apart."""
        if entry.pos not in ("verb", None) or entry.objects or entry.preps:
            return False
        return any(self._phrase_at(lower, j, entry.rest) for j in range(i + 2, min(i + _SPLIT_GAP + 2, len(lower))))

    def reduce(self, text: str) -> Reduction:
        """The text with every sentence the filter does not keep blanked (same length, same offsets)."""
        spans = list(_sentences(self._tokenizer(text), text))
        keep = [bool(words) and self.keeps(words) for _, _, words in spans]
        self._keep_genre_evidence(spans, keep)
        previous = None  # the last sentence with words before this one
        for i, (_, _, words) in enumerate(spans):
            if not words:
                continue
            if keep[i] and previous is not None and not keep[previous] and _names_a_day(spans[previous][2]):
                keep[previous] = True
            previous = i
        # A toll told on its own after an event ("1 fatality.", "Unknown fatalities coded as 10.") is the event's.
        after_event = False
        for i, (_, _, words) in enumerate(spans):
            if keep[i]:
                after_event = True
            elif after_event and words and self._tells_harm(words):
                keep[i] = True
        if not any(keep):
            # An all-blank text would be refused as empty; the headline or lead keeps it an article with no event.
            keep = [bool(words) for _, _, words in spans]
            keep = [k and i == keep.index(True) for i, k in enumerate(keep)] if any(keep) else keep
        pieces = [text[start:end] if k or not words else _BLANK.sub(" ", text[start:end])
                  for (start, end, words), k in zip(spans, keep)]
        counted = [(len(words), k) for (_, _, words), k in zip(spans, keep) if words]
        return Reduction("".join(pieces), len(counted), sum(k for _, k in counted),
                         sum(n for n, _ in counted), sum(n for n, k in counted if k))


def _names_a_day(words: list[str]) -> bool:
    return any(w.lower().strip(".,") in _DATE_WORDS or _YEAR.match(w) for w in words)


@functools.cache
def _acled_trigger_index() -> dict[str, tuple[_Entry, ...]]:
    """Triggers of frames that carry an ACLED event type, by their first lemma."""
    frames = lexicon.frames()
    index: dict[str, list[_Entry]] = {}
    for trig in lexicon.triggers():
        frame = frames.get(trig.frame)
        if frame is None or not frame.acled_event_type:
            continue
        words = tuple(w.lower() for w in trig.tokens)
        pos = (trig.pos or "").lower()
        objects = tuple(o.lower() for o in trig.with_object)
        if objects and trig.frame == "strike":
            objects += _stoppage_words()
        index.setdefault(words[0], []).append(_Entry(
            rest=words[1:], pos=pos if pos in _POS else None,
            objects=objects, preps=tuple(p.lower() for p in trig.with_prep)))
    return {head: tuple(entries) for head, entries in index.items()}


def _stoppage_words() -> tuple[str, ...]:
    """Words besides its objects that make a bare 'strike' a stoppage of work in `extract.mentions` (labour words
    in its sentence, verbs of what a stoppage does, 'the strike is on'): any of them keeps the sentence."""
    senses = lexicon.data("genres.json")["senses"]
    words = {*lexicon.cues()["labour_context"], *senses["stoppage_subject_verbs"], *senses["stoppage_object_verbs"], "on"}
    return tuple(sorted(words))


def _sentences(doc, text: str | None = None) -> Iterator[tuple[int, int, list[str]]]:
    """(start char, end char, words) of each sentence, split on end punctuation and line breaks; the words
    leave out white space.

    Rough on purpose: a wrong split only changes how much text is kept together, never an offset. The tokens
    are read once, into lists; `text`, the doc's text when the caller has it (Doc.text joins every token).
    """
    n = len(doc)
    if not n:
        return
    text = doc.text if text is None else text
    columns = doc.to_array([ORTH, IDX, IS_SPACE]).tolist()  # no Token objects: 2-3x faster on long texts
    strings = doc.vocab.strings
    words = [strings[orth] for orth, _, _ in columns]
    starts = [idx for _, idx, _ in columns] + [len(text)]
    space = [bool(flag) for _, _, flag in columns]
    first = 0
    for i in range(n):
        word = words[i]
        end_here = "\n" in text[starts[i]:starts[i + 1]]  # the token or the white space after it
        if not end_here and word in _SENTENCE_END:
            end_here = i + 1 == n or (words[i + 1] not in _CLOSERS and not words[i + 1][:1].islower())
        elif not end_here and word in _CLOSERS and i > 0 and words[i - 1] in _SENTENCE_END:
            end_here = True
        if end_here or i == n - 1:
            yield starts[first], starts[i + 1], [w for w, blank in zip(words[first:i + 1], space[first:i + 1]) if not blank]
            first = i + 1


def code_articles(articles: Iterable[Article | ArticleError], *, sentence_filter: SentenceFilter | None = None
                  ) -> Iterator[tuple[Article, list[EventRecord] | ArticleError]]:
    """`pipeline.code_articles` on the reduced texts; yields the original articles with their events.

    Offsets are kept by the reduction, so every evidence span of an event points into the original text.
    """
    from newsevents import pipeline

    originals: dict[int, Article] = {}
    filt = sentence_filter or default_filter()

    def reduced(stream):
        for item in stream:
            if isinstance(item, Article) and item.text:
                short = replace(item, text=filt.reduce(item.text).text)
                originals[id(short)] = item
                yield short
            else:
                yield item

    for article, result in pipeline.code_articles(reduced(articles)):
        yield originals.pop(id(article), article), result


def coder(fast: bool | None = None):
    """The stream coder: this fast path, or the full parse (`pipeline.code_articles`); by default as the
    `fast` setting (NEWSEVENTS_FAST) says."""
    from newsevents import pipeline, settings

    if fast is None:
        fast = settings.get_bool("fast")
    return code_articles if fast else pipeline.code_articles


@functools.cache
def default_filter() -> SentenceFilter:
    """One filter per process, over the loaded pipeline."""
    return SentenceFilter()
