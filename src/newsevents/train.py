"""A supervised sub-event classifier trained on the user's own labelled rows, used beside the rule coder.

The rules still find the events, their actors, counts, dates, places and evidence. The model reads the
text around an article's main event together with what the rules found there (their sub-event type, event
type, actor types, PLOVER codes, trigger word, fatalities, negation ...) and decides the ACLED sub-event
type of that one event; event type, disorder type, civilian targeting, PLOVER and CAMEO follow from it by
the coder's own tables. It changes the rules' reading only when its probability clears a threshold tuned
on held-out rows, and it says so in the record (notes and evidence keep the rules' reading too).

Contract of `EventModel.refine(article, events)`:
- only the main event is refined: the one `evaluate.match_main_event` scores (the first with an ACLED
  type); when no event has an ACLED type, the first event that is neither negated nor hypothetical may be
  given one (its actors, place and date are the rules'). Other events keep the rules' reading: the model
  was trained on one label per text and has nothing to say about the second event of an article.
- an article where the rules found no event gets none: the model never saw a text without an event
  (ACLED rows are all events), so it cannot say whether something happened, and an event with no actors,
  place or date would be a guess dressed as a finding.

A model file is a zip of JSON and numpy arrays (read with allow_pickle=False): it holds no code, so loading
one cannot run anything, but it decides codes, so use one whose training rows you know (`metadata`).

Entry points: `train(rows)` (codes the rows with the rules, then fits), `train_examples(examples)` (rows
already coded), `load_model(path)`, `EventModel.save(path)`, `EventModel.refine(article, events)`.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import os
import random
import re
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from newsevents import lexicon
from newsevents.errors import ArticleError, InputError
from newsevents.gold import GoldRow, dedupe_ids, normalise_sub_event_type
from newsevents.scoring import NOT_DETECTED, match_main_event, weighted_f1
from newsevents.extract.actors import generic_actor, interaction
from newsevents.extract.coding import _civilian_targeting
from newsevents.records import Article, Cameo, EventRecord, Plover, Span

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total): stages "coding", "fitting"

FORMAT = "newsevents-event-model"
FORMAT_VERSION = 2  # 2: names masked in the text (FeatureSpec.mask_names)
HEADER = "newsevents-model.json"
MIN_ROWS = 20
MIN_PER_LABEL = 2
HOLDOUT = 0.2
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(20))  # 0.0 .. 0.95
_ARRAYS = ("coef", "intercept", "word_idf", "char_idf")

# The frame whose PLOVER and CAMEO codes stand for a sub-event type when the model, not a trigger, decided it
# (frames.json's first frame of that type, except where the coder itself codes the type from another frame).
_SUB_FRAME_OVERRIDES = {"Violent demonstration": "riot", "Protest with intervention": "protest"}
_DEMONSTRATION = {"Peaceful protest", "Protest with intervention"}
_CROWD_OF = {"Protests": 6, "Riots": 5}  # the inter code of a crowd that acts in an event of this type


@dataclass(frozen=True)
class FeatureSpec:
    """How a text and the rules' findings become features; stored in the model file."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    max_word_features: int = 50_000
    max_char_features: int = 100_000
    min_df: int = 2
    rule_weight: float = 0.5  # the rules' findings beside two TF-IDF blocks of norm 1 (1.0 leaned on them too hard)
    C: float = 0.5  # LinearSVC regularisation; its scores become probabilities by a temperature fitted on held-out rows
    context_chars: int = 2000  # texts up to this long are read whole (ACLED notes are); longer: sentence + lead
    lead_chars: int = 600
    mask_names: bool = True  # read a capitalised word inside a sentence as a name, not as itself (see mask_names)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FeatureSpec":
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
        return cls(**values)


@dataclass
class Example:
    """One labelled row with the rule coder's events for its text (empty when the rules found none)."""

    row: GoldRow
    events: list[EventRecord]
    error: str | None = None  # why the coder refused the text, if it did


@dataclass
class Decision:
    """The model's reading of one event: which event, the label it prefers, its probability, the rules' label."""

    index: int  # position of the refined event in the article's event list
    label: str
    probability: float
    rules_label: str | None
    span: Span  # the text the model read


# ---------------------------------------------------------------- features


def _normalise(text: str) -> str:
    """Lower case, every digit a 0: dates and tolls are not what makes a sub-event type."""
    return re.sub(r"\d", "0", text.lower())


NAME_TOKEN = "Nnn"  # what a masked name reads as (lower-cased "nnn": no English word)
_NAME_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n\[\"“]\s*)$")  # what comes before a word that begins a sentence


def mask_names(text: str) -> str:
    """The text with every run of capitalised words inside a sentence replaced by one NAME_TOKEN.

    In English a capitalised word that does not begin a sentence is a name: a person, a place, a group, a
    month. Names tie a classifier to the countries it was trained on (a militia's or a town's name says which
    country, not which kind of event); the words around them ("militants of", "in the village of") carry over,
    and the rules' findings about the actors (their inter codes and PLOVER types) stay among the features.
    The first word of a sentence keeps its form, as do words after an opening bracket or quote.
    """

    def masked(match: re.Match) -> str:
        starts = _SENTENCE_START.search(text[max(0, match.start() - 3):match.start()])
        return match.group(0) if starts else NAME_TOKEN

    return _NAME_RUN.sub(masked, text)


def _preprocessor(spec: "FeatureSpec") -> Callable[[str], str]:
    """The text normalisation the spec asks for (names masked or not), as the vectorisers' preprocessor."""
    if spec.mask_names:
        return _normalise_masked
    return _normalise


def _normalise_masked(text: str) -> str:
    """`_normalise` after `mask_names`."""
    return _normalise(mask_names(text))


def target_index(events: Sequence[EventRecord]) -> int | None:
    """The event the model refines: the scored main event, else the first untyped one that is asserted."""
    main = match_main_event(events)
    if main is not None:
        return next(i for i, e in enumerate(events) if e is main)
    return next((i for i, e in enumerate(events) if not (e.negated or e.hypothetical)), None)


def input_text(article: Article, event: EventRecord | None, spec: FeatureSpec) -> tuple[str, Span]:
    """What the classifier reads: a short text whole; in a long one, the event's sentence and the lead."""
    text = article.text or ""
    if len(text) <= spec.context_chars or event is None or not event.sentence.text:
        return text, Span(0, len(text), text)
    lead = text[: spec.lead_chars]
    return event.sentence.text + "\n" + lead, event.sentence


def rule_features(events: Sequence[EventRecord], index: int | None) -> list[str]:
    """The rules' findings for the text as categorical feature names (see the module docstring)."""
    if not events:
        return ["rules:no event"]
    feats = [f"events:{min(len(events), 4)}"]
    for e in events:
        if e.acled.sub_event_type:
            feats.append(f"any sub:{e.acled.sub_event_type}")
        if e.plover.event:
            feats.append(f"any plover:{e.plover.event}")
    if index is None:
        return feats + ["rules:no asserted event"]
    e = events[index]
    sub = e.acled.sub_event_type or "(none)"
    i1 = e.actor1.inter if e.actor1 and e.actor1.inter else 0
    i2 = e.actor2.inter if e.actor2 and e.actor2.inter else 0
    pair = "".join(str(c) for c in sorted((i1, i2)))
    feats += [
        f"sub:{sub}",
        f"type:{e.acled.event_type or '(none)'}",
        f"inter1:{i1}",
        f"inter2:{i2}",
        f"pair:{pair}",
        f"sub|pair:{sub}|{pair}",
        f"plover:{e.plover.event}",
        f"mode:{e.plover.mode}",
        f"plover|mode:{e.plover.event}|{e.plover.mode}",
        f"trigger:{e.trigger.text.lower()}",
        f"sub|trigger:{sub}|{e.trigger.text.lower()}",
    ]
    for flag, on in (("fatal", e.fatalities.best > 0), ("injured", e.injuries.best > 0),
                     ("arrests", e.arrests.best > 0), ("crowd", e.crowd_size is not None),
                     ("negated", e.negated), ("hypothetical", e.hypothetical), ("reported", e.reported),
                     ("historical", e.historical), ("civilian targeting", e.acled.civilian_targeting)):
        if on:
            feats.append(f"flag:{flag}")
            feats.append(f"sub|flag:{sub}|{flag}")
    return feats


class _Features:
    """Word and character TF-IDF of the input text, and the rules' findings, side by side in one matrix."""

    def __init__(self, spec: FeatureSpec, word_vocab: list[str], word_idf: np.ndarray, char_vocab: list[str],
                 char_idf: np.ndarray, rule_vocab: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.spec = spec
        self.word_vocab, self.char_vocab, self.rule_vocab = word_vocab, char_vocab, rule_vocab
        self.word_idf, self.char_idf = word_idf, char_idf
        self._word = TfidfVectorizer(**_word_params(spec), vocabulary={t: i for i, t in enumerate(word_vocab)})
        self._word.idf_ = word_idf
        self._char = TfidfVectorizer(**_char_params(spec), vocabulary={t: i for i, t in enumerate(char_vocab)})
        self._char.idf_ = char_idf
        self._rules = {t: i for i, t in enumerate(rule_vocab)}

    @classmethod
    def fit(cls, spec: FeatureSpec, texts: list[str], rules: list[list[str]]):
        """The fitted features and the matrix of the texts they were fitted on (one pass over the texts)."""
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        vocabs, idfs, blocks = [], [], []
        for params, cap in ((_word_params(spec), spec.max_word_features),
                            (_char_params(spec), spec.max_char_features)):
            vec = TfidfVectorizer(**params, min_df=min(spec.min_df, max(1, len(texts) // 10)), max_features=cap)
            blocks.append(vec.fit_transform(texts))
            vocabs.append(sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__))
            idfs.append(vec.idf_.astype(np.float64))
        counts = Counter(f for feats in rules for f in set(feats))
        rule_vocab = sorted(f for f, n in counts.items() if n >= min(spec.min_df, 2) or f.startswith("sub:"))
        features = cls(spec, vocabs[0], idfs[0], vocabs[1], idfs[1], rule_vocab)
        matrix = sparse.hstack([*blocks, features._rule_matrix(rules)], format="csr")
        return features, matrix

    @property
    def width(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab) + len(self.rule_vocab)

    def transform(self, texts: list[str], rules: list[list[str]]):
        from scipy import sparse

        return sparse.hstack([self._word.transform(texts), self._char.transform(texts), self._rule_matrix(rules)],
                             format="csr")

    def _rule_matrix(self, rules: list[list[str]]):
        from scipy import sparse

        rows, cols = [], []
        for r, feats in enumerate(rules):
            for f in set(feats):
                if f in self._rules:
                    rows.append(r)
                    cols.append(self._rules[f])
        return sparse.csr_matrix((np.full(len(rows), self.spec.rule_weight), (rows, cols)),
                                 shape=(len(rules), len(self.rule_vocab)))


def _word_params(spec: FeatureSpec) -> dict[str, Any]:
    return dict(analyzer="word", ngram_range=tuple(spec.word_ngrams), sublinear_tf=True, dtype=np.float64,
                preprocessor=_preprocessor(spec))


def _char_params(spec: FeatureSpec) -> dict[str, Any]:
    return dict(analyzer="char_wb", ngram_range=tuple(spec.char_ngrams), sublinear_tf=True, dtype=np.float64,
                preprocessor=_preprocessor(spec))


# ---------------------------------------------------------------- the model


@dataclass
class EventModel:
    """A fitted sub-event classifier with its thresholds and the record of how it was trained."""

    spec: FeatureSpec
    labels: list[str]
    coef: np.ndarray  # (labels, features), or (1, features) for two labels
    intercept: np.ndarray
    features: _Features
    temperature: float = 1.0  # probabilities = softmax(scores / temperature), fitted on held-out rows
    threshold: float = 0.5  # replace a sub-event type the rules gave when the model is at least this sure
    fill_threshold: float = 0.5  # give a type to an event the rules left untyped when at least this sure
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # stored as float32 (half the file); computed in float64, so a loaded model scores exactly as the trained one
        self.coef = np.asarray(self.coef, dtype=np.float32).astype(np.float64)
        self.intercept = np.asarray(self.intercept, dtype=np.float64)

    # -- reading

    def scores(self, texts: list[str], rules: list[list[str]]) -> np.ndarray:
        """The linear model's raw score of every label for each (text, rule features) pair."""
        scores = np.asarray(self.features.transform(texts, rules) @ self.coef.T) + self.intercept
        if len(self.labels) == 2 and scores.shape[1] == 1:  # a two-label model scores the second label only
            scores = np.column_stack([-scores[:, 0] / 2, scores[:, 0] / 2])
        return scores

    def probabilities(self, texts: list[str], rules: list[list[str]]) -> np.ndarray:
        """Probability of every label (columns in `labels` order) for each (text, rule features) pair."""
        return _softmax(self.scores(texts, rules) / self.temperature)

    def decide(self, article: Article, events: Sequence[EventRecord]) -> Decision | None:
        """The model's reading of the article's main event, or None when there is no event to refine."""
        index = target_index(events)
        if index is None:
            return None
        text, span = input_text(article, events[index], self.spec)
        probs = self.probabilities([text], [rule_features(events, index)])[0]
        best = int(np.argmax(probs))
        return Decision(index, self.labels[best], float(probs[best]),
                        normalise_sub_event_type(events[index].acled.sub_event_type), span)

    def accepts(self, decision: Decision) -> bool:
        """Whether the decision overrides the rules: a different label, and sure enough for its case."""
        if decision.label == decision.rules_label:
            return False
        return decision.probability >= (self.threshold if decision.rules_label else self.fill_threshold)

    def refine(self, article: Article, events: list[EventRecord]) -> list[EventRecord]:
        """The article's events with the main event's sub-event type (and what follows from it) set by the model
        where it is confident; the changed record is a copy, the others are returned as they came."""
        if not events:
            return events
        decision = self.decide(article, events)
        if decision is None or not self.accepts(decision):
            return events
        out = list(events)
        out[decision.index] = recode(events[decision.index], decision.label,
                                     reason=f"model (p={decision.probability:.2f})", evidence=decision.span)
        return out

    # -- storing

    def save(self, path: str | Path) -> None:
        """Write the model to one zip file (JSON header and vocabularies, numpy arrays); replaces `path` atomically."""
        path = Path(path)
        arrays = {"coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float64),
                  "word_idf": self.features.word_idf, "char_idf": self.features.char_idf}
        blobs = {}
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            blobs[f"{name}.npy"] = buffer.getvalue()
        vocab = json.dumps({"word": self.features.word_vocab, "char": self.features.char_vocab,
                            "rules": self.features.rule_vocab}, ensure_ascii=False).encode("utf-8")
        blobs["vocabulary.json"] = vocab
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "newsevents": _version("newsevents"),
            "spec": self.spec.to_dict(),
            "labels": self.labels,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "fill_threshold": self.fill_threshold,
            "metadata": self.metadata,
            "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in blobs.items()},
        }
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(HEADER, json.dumps(header, indent=1, ensure_ascii=False))
                for name, data in blobs.items():
                    archive.writestr(name, data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a model is an ordinary file
            os.replace(tmp, path)
        except OSError as exc:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
            raise InputError(f"cannot write the model to {path}: {exc.strerror or exc}") from exc

    def describe(self) -> str:
        """A few lines on what the model is and how it was trained, for `--verbose` and logs."""
        m = self.metadata
        held = m.get("held_out", {})
        lines = [f"newsevents event model: {len(self.labels)} sub-event types, {m.get('rows', '?')} training rows, "
                 f"trained {m.get('trained', '?')} with newsevents {m.get('versions', {}).get('newsevents', '?')}",
                 f"thresholds: replace {self.threshold:.2f}, fill {self.fill_threshold:.2f}"]
        if held:
            lines.append(f"held-out ({held.get('rows')} rows): sub-event weighted F1 rules "
                         f"{held.get('rules', {}).get('sub_event_weighted_f1', 0):.3f}, model+rules "
                         f"{held.get('model', {}).get('sub_event_weighted_f1', 0):.3f}")
        return "\n".join(lines)


def load_model(path: str | Path) -> EventModel:
    """Read a model written by `EventModel.save`; InputError when the file is missing or not one of ours."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"model file not found: {path} (make one with `newsevents train --gold FILE --out MODEL`)")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path} is not a newsevents model (not a zip file; make one with `newsevents train`)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if HEADER not in names:
                raise InputError(f"{path} is not a newsevents model (no {HEADER} inside)")
            try:
                header = json.loads(archive.read(HEADER))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise InputError(f"{path} is not a newsevents model ({HEADER} is not JSON)") from exc
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise InputError(f"{path} is not a newsevents model (format {header.get('format')!r}, "
                                 f"expected {FORMAT!r})" if isinstance(header, dict) else
                                 f"{path} is not a newsevents model ({HEADER} is not an object)")
            if header.get("format_version") != FORMAT_VERSION:
                raise InputError(f"{path}: model format {header.get('format_version')} (newsevents "
                                 f"{header.get('newsevents')}); this newsevents reads format {FORMAT_VERSION}: "
                                 "retrain it with this version")
            blobs = {}
            for name, digest in (header.get("sha256") or {}).items():
                if name not in names:
                    raise InputError(f"{path}: damaged newsevents model ({name} missing)")
                data = archive.read(name)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise InputError(f"{path}: damaged newsevents model ({name} does not match its checksum)")
                blobs[name] = data
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: damaged newsevents model ({exc})") from exc
    try:
        arrays = {name: np.load(io.BytesIO(blobs[f"{name}.npy"]), allow_pickle=False) for name in _ARRAYS}
        vocab = json.loads(blobs["vocabulary.json"])
        spec = FeatureSpec.from_dict(header["spec"])
        features = _Features(spec, vocab["word"], arrays["word_idf"], vocab["char"], arrays["char_idf"],
                             vocab["rules"])
        labels = list(header["labels"])
        coef = arrays["coef"]
        if coef.shape[1] != features.width or coef.shape[0] not in (len(labels), 1):
            raise ValueError(f"coefficients {coef.shape} do not fit {len(labels)} labels and {features.width} features")
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(f"{path}: damaged newsevents model ({type(exc).__name__}: {exc})") from exc
    return EventModel(spec=spec, labels=labels, coef=coef, intercept=arrays["intercept"], features=features,
                      temperature=float(header["temperature"]), threshold=float(header["threshold"]),
                      fill_threshold=float(header["fill_threshold"]),
                      metadata=header.get("metadata") or {})


# ---------------------------------------------------------------- recoding


def recode(record: EventRecord, sub_event_type: str, *, reason: str, evidence: Span | None = None) -> EventRecord:
    """A copy of the record with a new ACLED sub-event type and every field that follows from it recoded.

    Event type, disorder type and civilian targeting come from the coder's tables; PLOVER and CAMEO from the
    type's frame, keeping the rules' more specific mode and CAMEO code when their PLOVER type agrees. Actors,
    place, date, counts and the other evidence are the rules' and stay as they are, except that a crowd as
    actor 1 takes the label ACLED gives a crowd of the new type (Protesters for protests, Rioters for riots),
    as the coder does. The rules' reading is kept in the notes and as evidence "rules.acled.sub_event_type".
    """
    sub = lexicon.normalize_sub_event_type(sub_event_type)
    rec = copy.deepcopy(record)
    before = rec.acled.sub_event_type
    rec.acled.sub_event_type = sub
    rec.acled.event_type = lexicon.acled_event_type_of(sub)
    rec.acled.disorder_type = lexicon.disorder_type_of(sub)
    rec.acled.civilian_targeting = _civilian_targeting(sub, rec.actor2)
    plover, mode, cameo = _codes_for(sub, record.plover, record.cameo)
    rec.plover = Plover(plover, mode, list(record.plover.context))
    rec.cameo = Cameo(cameo, lexicon.cameo_quad(cameo))
    crowd = _CROWD_OF.get(rec.acled.event_type)
    relabelled = ""
    if crowd and rec.actor1 is not None and rec.actor1.inter in _CROWD_OF.values() and rec.actor1.inter != crowd:
        generic = generic_actor(crowd, rec.actor1.country)
        relabelled = f"; actor 1 relabelled from {rec.actor1.name}"
        rec.actor1.inter, rec.actor1.type, rec.actor1.name = crowd, generic.type, generic.name
        rec.interaction = interaction(crowd, rec.actor2.inter if rec.actor2 else None)
    if "acled.sub_event_type" in rec.evidence:
        rec.evidence["rules.acled.sub_event_type"] = rec.evidence["acled.sub_event_type"]
    if evidence is not None:
        rec.evidence["acled.sub_event_type"] = evidence
    article_ids = list(rec.article_ids)
    rec.finalize()  # the event id hashes the sub-event type
    rec.article_ids = article_ids or rec.article_ids
    from newsevents.pipeline import _notes

    said = (f"the rules read {before} ({record.plover.event or '-'}/{record.cameo.code or '-'})" if before
            else f"the rules gave no ACLED type ({record.plover.event or '-'}/{record.cameo.code or '-'})")
    rec.notes = f"{_notes(rec)} Sub-event type by {reason}; {said}{relabelled}."
    return rec


def _codes_for(sub: str, rules: Plover, cameo: Cameo) -> tuple[str, str | None, str]:
    """PLOVER type, mode and CAMEO code for a sub-event type the model chose (see `recode`)."""
    if sub == "Excessive force against protesters":  # no frame of its own: coded as the coder codes it
        return "ASSAULT", rules.mode if rules.event == "ASSAULT" and rules.mode else "firearms", "175"
    frames = lexicon.frames()
    name = _SUB_FRAME_OVERRIDES.get(sub) or next(n for n, f in frames.items() if f.acled_sub_event_type == sub)
    frame = frames[name]
    same_type = rules.event == frame.plover and bool(cameo.code)
    # a trigger's own mode says more ("strike", "beat") unless the type is defined by its mode ("aerial")
    if same_type and (frame.mode is None or (sub in _DEMONSTRATION and rules.mode != "riot")):
        return rules.event, rules.mode, cameo.code
    return frame.plover, frame.mode, frame.cameo


def _sub_frames_ok() -> None:
    """Every ACLED sub-event type has a frame to take its codes from (checked by the tests)."""
    for sub in lexicon.acled_precedence():
        _codes_for(sub, Plover(), Cameo())


# ---------------------------------------------------------------- training


def code_rows(rows: Sequence[GoldRow], progress: ProgressCallback | None = None) -> Iterator[Example]:
    """The rule coder's events for every row's text, coded in batches; a row the coder refuses gets no events.

    Row ids must be unique (evaluate.dedupe_ids makes them so); examples come out in the rows' order.
    """
    from newsevents import pipeline

    if len({row.id for row in rows}) != len(rows):
        raise ValueError("row ids must be unique: pass the rows through evaluate.dedupe_ids")
    done: dict[str, Example] = {}
    count = 0
    order = iter(rows)
    pending = next(order, None)
    by_id = {row.id: row for row in rows}
    for article, result in pipeline.code_articles(row.article() for row in rows):
        if article is None:
            continue
        if isinstance(result, ArticleError):
            logger.info("row %s not coded: %s", article.id, result.reason)
            done[article.id] = Example(by_id[article.id], [], result.reason)
        else:
            done[article.id] = Example(by_id[article.id], result)
        count += 1
        if progress:
            progress("coding", count, len(rows))
        while pending is not None and pending.id in done:  # code_articles answers a refused row early
            yield done.pop(pending.id)
            pending = next(order, None)
    while pending is not None:
        yield done.pop(pending.id, Example(pending, [], "not coded"))
        pending = next(order, None)


def labelled_rows(rows: Iterable[GoldRow]) -> list[GoldRow]:
    """The rows a model can learn from (a text and a known ACLED sub-event type), ids made unique.

    Rows without text or label are left out, and so are rows whose text reports no event (JSONL `"event":
    false`): the model decides which event, not whether there is one. InputError when a label is not an
    ACLED sub-event type, or when there are too few rows or labels.
    """
    known = set(lexicon.acled_precedence())
    out, unlabelled = [], 0
    for row in dedupe_ids(rows):
        sub = normalise_sub_event_type(row.sub_event_type)
        if not sub or not (row.text or "").strip() or not getattr(row, "has_event", True):
            unlabelled += 1
            continue
        sub = lexicon.normalize_sub_event_type(sub)
        if sub not in known:
            raise InputError(f"row {row.id}: {sub!r} is not an ACLED sub-event type "
                             f"(use the codebook's names, e.g. {', '.join(sorted(known)[:3])} ...)")
        row.sub_event_type = sub
        out.append(row)
    if unlabelled:
        logger.info("%d rows without text, sub_event_type or event left out", unlabelled)
    check_trainable([r.sub_event_type for r in out], unlabelled)
    return out


def check_trainable(labels: Sequence[str], unlabelled: int = 0) -> None:
    """InputError unless there are enough rows, and at least two sub-event types with enough rows each."""
    counts = Counter(labels)
    usable = {label: n for label, n in counts.items() if n >= MIN_PER_LABEL}
    skipped = f" ({unlabelled} more rows had no text, no sub_event_type or no event)" if unlabelled else ""
    if len(labels) < MIN_ROWS:
        raise InputError(f"too few labelled rows to train: {len(labels)}{skipped}; at least {MIN_ROWS} rows with "
                         "a text (notes) and a sub_event_type are needed")
    if len(usable) < 2:
        only = ", ".join(f"{label} ({n})" for label, n in counts.most_common(3))
        raise InputError(f"cannot train on one sub-event type: the rows have {only}; at least two types with "
                         f"{MIN_PER_LABEL}+ rows each are needed")


def train(rows: Iterable[GoldRow], *, progress: ProgressCallback | None = None, seed: int = 0,
          spec: FeatureSpec | None = None) -> EventModel:
    """Code the labelled rows with the rules (the slow part), then fit a model on text and rule features.

    progress(stage, done, total) is called per coded row ("coding") and once per fit ("fitting").
    """
    started = time.perf_counter()
    read = 0

    def counted(items: Iterable[GoldRow]) -> Iterator[GoldRow]:
        nonlocal read
        for item in items:
            read += 1
            yield item

    labelled = labelled_rows(counted(rows))
    examples = list(code_rows(labelled, progress=progress))
    coding_seconds = time.perf_counter() - started
    model = train_examples(examples, progress=progress, seed=seed, spec=spec)
    model.metadata["rows_read"] = read
    model.metadata["rows_not_coded"] = sum(1 for ex in examples if ex.error)
    model.metadata["coding_seconds"] = round(coding_seconds, 1)
    return model


def train_examples(examples: Sequence[Example], *, progress: ProgressCallback | None = None, seed: int = 0,
                   spec: FeatureSpec | None = None, holdout: float = HOLDOUT) -> EventModel:
    """Fit on rows already coded by the rules: fit on 80%, calibrate and tune the thresholds on the other 20%,
    then refit on every row with that calibration and those thresholds."""
    spec = spec or FeatureSpec()
    examples = [ex for ex in examples if ex.row.sub_event_type and (ex.row.text or "").strip()]
    check_trainable([ex.row.sub_event_type for ex in examples])
    started = time.perf_counter()
    inputs = [_prepare(ex, spec) for ex in examples]
    fit_part, held = split(inputs, holdout, seed)
    fits = 2 if held else 1
    if progress:
        progress("fitting", 0, fits)
    temperature, threshold, fill_threshold, held_out = 1.0, 0.5, 0.5, {}
    if held:
        probe = _fit(fit_part, spec, seed)
        scores = probe.scores([i.text for i in held], [i.rules for i in held])
        temperature = calibrate(scores, [i.label for i in held], probe.labels)
        threshold, fill_threshold, held_out = tune(_softmax(scores / temperature), held, probe.labels)
        if progress:
            progress("fitting", 1, fits)
    model = _fit(inputs, spec, seed)
    model.temperature, model.threshold, model.fill_threshold = temperature, threshold, fill_threshold
    if progress:
        progress("fitting", fits, fits)
    model.metadata = _metadata(examples, spec, seed, held_out, time.perf_counter() - started)
    return model


@dataclass
class _Input:
    """One training example as the classifier and the tuning see it."""

    text: str
    rules: list[str]  # rule features
    label: str  # gold sub-event type
    rules_label: str  # the rules' main event's type, NOT_DETECTED when none has one
    refinable: bool  # refine has an event to act on
    typed: bool  # ... and the rules gave that event a type (else the fill threshold applies)


def _prepare(ex: Example, spec: FeatureSpec) -> _Input:
    index = target_index(ex.events)
    main = match_main_event(ex.events)
    text, _ = input_text(ex.row.article(), ex.events[index] if index is not None else None, spec)
    typed = index is not None and bool(ex.events[index].acled.sub_event_type)
    return _Input(text, rule_features(ex.events, index), ex.row.sub_event_type,
                  normalise_sub_event_type(main.acled.sub_event_type) if main is not None else NOT_DETECTED,
                  index is not None, typed)


def split(items: Sequence[Any], share: float, seed: int, label: Callable[[Any], str] = lambda i: i.label
          ) -> tuple[list[Any], list[Any]]:
    """A seeded split, stratified by label; a label with fewer than 5 rows stays whole in the fitting part."""
    by_label: dict[str, list[Any]] = {}
    for item in items:
        by_label.setdefault(label(item), []).append(item)
    rng = random.Random(seed)
    fit_part, held = [], []
    for name in sorted(by_label):
        members = list(by_label[name])
        rng.shuffle(members)
        n = int(round(len(members) * share)) if len(members) >= 5 else 0
        held += members[:n]
        fit_part += members[n:]
    if len({label(i) for i in fit_part}) < 2 or len(held) < 5:
        return list(items), []
    return fit_part, held


def _fit(inputs: Sequence[_Input], spec: FeatureSpec, seed: int) -> EventModel:
    from sklearn.svm import LinearSVC

    features, matrix = _Features.fit(spec, [i.text for i in inputs], [i.rules for i in inputs])
    clf = LinearSVC(C=spec.C, random_state=seed)
    clf.fit(matrix, [i.label for i in inputs])
    return EventModel(spec=spec, labels=[str(c) for c in clf.classes_], coef=clf.coef_.astype(np.float32),
                      intercept=clf.intercept_.astype(np.float64), features=features)


def calibrate(scores: np.ndarray, gold: Sequence[str], labels: Sequence[str]) -> float:
    """The temperature T that makes softmax(scores / T) fit the gold labels best (least log loss)."""
    index = {label: i for i, label in enumerate(labels)}
    rows = [n for n, g in enumerate(gold) if g in index]
    if not rows:
        return 1.0
    cols = [index[gold[n]] for n in rows]
    scores = scores[rows]

    def loss(t: float) -> float:
        return float(-np.log(np.maximum(_softmax(scores / t)[np.arange(len(rows)), cols], 1e-12)).mean())

    return float(min(np.geomspace(0.02, 5.0, 80), key=loss))


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def refined_labels(held: Sequence[_Input], best: Sequence[str], sure: Sequence[float], threshold: float,
                   fill: float) -> list[str]:
    """The main event's label after refine, per held-out row, under the given thresholds."""
    out = []
    for item, label, p in zip(held, best, sure):
        if item.refinable and label != item.rules_label and p >= (threshold if item.typed else fill):
            out.append(label)
        else:
            out.append(item.rules_label)
    return out


def tune(probabilities: np.ndarray, held: Sequence[_Input], labels: Sequence[str]
         ) -> tuple[float, float, dict[str, Any]]:
    """The replace and fill thresholds with the best sub-event weighted F1 on held-out rows, and the scores."""
    gold = [i.label for i in held]
    best = [labels[k] for k in probabilities.argmax(axis=1)]
    sure = probabilities.max(axis=1).tolist()

    def f1(threshold: float, fill: float) -> float:
        return weighted_f1(gold, refined_labels(held, best, sure, threshold, fill))

    threshold = max(THRESHOLDS, key=lambda t: (f1(t, 1.01), t))  # ties go to the more cautious threshold
    fill = max(THRESHOLDS, key=lambda t: (f1(threshold, t), t))

    def figures(predicted: list[str]) -> dict[str, float]:
        n = len(gold)
        return {"sub_event_weighted_f1": round(weighted_f1(gold, predicted), 4),
                "sub_event_accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / n, 4),
                "event_type_accuracy": round(sum(_type(g) == _type(p) for g, p in zip(gold, predicted)) / n, 4)}

    scores = {"rows": len(held), "rules": figures([i.rules_label for i in held]),
              "model": figures(refined_labels(held, best, sure, threshold, fill)),
              "model_without_threshold": figures(refined_labels(held, best, sure, 0.0, 0.0))}
    return threshold, fill, scores


def _type(sub: str | None) -> str | None:
    try:
        return lexicon.acled_event_type_of(sub) if sub and sub != NOT_DETECTED else None
    except KeyError:
        return None


def _metadata(examples: Sequence[Example], spec: FeatureSpec, seed: int, held_out: dict[str, Any],
              seconds: float) -> dict[str, Any]:
    return {
        "rows": len(examples),
        "labels": dict(Counter(ex.row.sub_event_type for ex in examples).most_common()),
        "countries": dict(Counter(ex.row.country or "(none)" for ex in examples).most_common()),
        "rows_without_rule_event": sum(1 for ex in examples if not ex.events),
        "trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": seed,
        "holdout_share": HOLDOUT,
        "held_out": held_out,
        "fit_seconds": round(seconds, 1),
        "versions": {name: _version(name) for name in ("newsevents", "scikit-learn", "numpy", "spacy")},
    }


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _version(name: str) -> str:
    try:
        return importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return "not installed"
