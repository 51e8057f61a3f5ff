"""The event, actor and cue lexicons and the code taxonomies, loaded from the data files beside this module.

Files (each entry carries an example that tests/test_lexicon.py runs through the real pipeline):
  taxonomy.json   ACLED types/sub-types in precedence order, inter labels, PLOVER types/modes/quads, CAMEO roots
  frames.json     event frames: an event kind with its default ACLED, PLOVER and CAMEO codes
  triggers.jsonl  lemma sequences (as en_core_web_sm lemmatizes them) that evoke a frame
  actors.jsonl    role words and named groups with their ACLED actor type and PLOVER sector
  cues.json       negation, hypothetical, reporting, background and speaker-role cue words

A trigger's ``match`` is a space-separated sequence of lowercased spaCy lemmas that must appear
contiguously; hyphenated words are separate tokens ("sit - in"). ``pos`` constrains the first token.
``with_prep``/``with_object`` list lemmas of which at least one must attach to the trigger.
A trigger may override its frame's ``mode``, ``cameo`` and (for residual frames) ``plover``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "alternation",
    "Frame",
    "Trigger",
    "ActorTerm",
    "frames",
    "triggers",
    "actor_terms",
    "cues",
    "genres",
    "accident_words",
    "taxonomy",
    "acled_precedence",
    "acled_event_type_of",
    "disorder_type_of",
    "plover_quad",
    "cameo_quad",
    "normalize_sub_event_type",
    "acled_rank",
    "frame_rank",
    "role_term",
]


@dataclass(frozen=True)
class Frame:
    """An event kind with its default codes; the coder adjusts the ACLED sub-event by context."""

    name: str
    description: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover: str
    mode: str | None
    cameo: str
    violent: bool
    context: tuple[str, ...]
    example: str


@dataclass(frozen=True)
class Trigger:
    """A lemma sequence that evokes a frame; plover/mode/cameo are resolved (frame default or override)."""

    id: str
    match: str
    tokens: tuple[str, ...]
    pos: str | None
    frame: str
    plover: str | None
    mode: str | None
    cameo: str | None
    with_prep: tuple[str, ...] = ()
    with_object: tuple[str, ...] = ()
    without_object: tuple[str, ...] = ()  # "held talks" is no detention
    context: tuple[str, ...] = ()
    note: str = ""
    example: str = ""


@dataclass(frozen=True)
class ActorTerm:
    """A role word or a named group, with its ACLED actor type and PLOVER sector."""

    id: str
    match: str
    tokens: tuple[str, ...]
    aliases: tuple[str, ...]
    type: str
    inter: int
    sector: str
    kind: str
    country: str | None
    name: str | None
    proper: bool
    example: str


def _read_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def data(name: str) -> Any:
    """A JSON data file of this package (landmarks.json, places_city_districts.json, demonyms.json ...), read once."""
    return json.loads(_read_text(name))


@functools.cache
def word_sets(name: str, block: str) -> dict[str, frozenset]:
    """The word lists of one block of a data file as sets, by key ('word_sets("genres.json", "serious_force")'); the
    block's notes and examples (strings) are left out, and a phrase given as a list of words becomes a tuple."""
    return {key: frozenset(tuple(w) if isinstance(w, list) else w for w in words)
            for key, words in data(name)[block].items() if isinstance(words, list)}


def alternation(names, *, ignore_case: bool = False, space: str | None = None) -> str:
    r"""A regex matching any of `names`, written as a trie ("Tahrir (?:Square)?" ...): at each position the regex
    engine follows one branch, where a flat "A|B|C" of hundreds of names tries every one of them.

    It finds what the flat alternation of the names, longest first, finds: the branches at a node start with
    different characters, and each optional continuation is tried before the name that ends there. With
    `ignore_case` the names are lower-cased first (compile the pattern with re.IGNORECASE); `space`, when given,
    is the regex a space in a name stands for (r"\s+")."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name.lower() if ignore_case else name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [(space if char == " " and space else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"

    return pattern(trie)


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _read_text(name).splitlines() if line.strip()]


@functools.cache
def taxonomy() -> dict[str, Any]:
    """ACLED, PLOVER and CAMEO code lists (taxonomy.json)."""
    return json.loads(_read_text("taxonomy.json"))


@functools.cache
def frames() -> dict[str, Frame]:
    """Event frames by name (frames.json); keys starting with "_" are comments."""
    raw = json.loads(_read_text("frames.json"))
    return {
        name: Frame(
            name=name,
            description=f["description"],
            acled_event_type=f["acled_event_type"],
            acled_sub_event_type=f["acled_sub_event_type"],
            plover=f["plover"],
            mode=f["mode"],
            cameo=f["cameo"],
            violent=f["violent"],
            context=tuple(f.get("context", ())),
            example=f["example"],
        )
        for name, f in raw.items()
        if not name.startswith("_")
    }


@functools.cache
def triggers() -> tuple[Trigger, ...]:
    """Trigger entries (triggers.jsonl) with their codes resolved against their frame."""
    fr = frames()
    out = []
    for e in _read_jsonl("triggers.jsonl"):
        f = fr[e["frame"]]
        plover = e["plover"] if "plover" in e else f.plover
        if "mode" in e:
            mode = e["mode"]
        else:
            # a frame's default mode belongs to the frame's PLOVER type only
            mode = f.mode if plover == f.plover else None
        out.append(
            Trigger(
                id=e["id"],
                match=e["match"],
                tokens=tuple(e["match"].split()),
                pos=e.get("pos"),
                frame=e["frame"],
                plover=plover,
                mode=mode,
                cameo=e.get("cameo", f.cameo),
                with_prep=tuple(e.get("with_prep") or ()),
                with_object=tuple(e.get("with_object") or ()),
                without_object=tuple(e.get("without_object") or ()),
                context=tuple(e.get("context") or f.context),
                note=e.get("note", ""),
                example=e["example"],
            )
        )
    return tuple(out)


@functools.cache
def actor_terms() -> tuple[ActorTerm, ...]:
    """Actor role words and named groups (actors.jsonl)."""
    out = []
    for e in _read_jsonl("actors.jsonl"):
        proper = bool(e.get("name")) and e["match"][:1].isupper()
        out.append(
            ActorTerm(
                id=e["id"],
                match=e["match"],
                tokens=tuple(e["match"].split()),
                aliases=tuple(e.get("aliases") or ()),
                type=e["type"],
                inter=int(e["inter"]),
                sector=e["sector"],
                kind=e["kind"],
                country=e.get("country"),
                name=e.get("name"),
                proper=proper,
                example=e["example"],
            )
        )
    return tuple(out)


@functools.cache
def genres() -> tuple[int, int, dict[str, frozenset[str]]]:
    """(min_hits, min_distinct, genre -> its marker lemmas) from genres.json."""
    data = json.loads(_read_text("genres.json"))
    return data["min_hits"], data["min_distinct"], {g: frozenset(w) for g, w in data["genres"].items()}


@functools.cache
def accident_words() -> frozenset[str]:
    """Words that make a death or injury with no perpetrator an accident (genres.json)."""
    return frozenset(json.loads(_read_text("genres.json"))["accident"])


@functools.cache
def cues() -> dict[str, list[str]]:
    """Cue lists by kind (cues.json): negation, hypothetical, reporting_verbs, background, speaker_roles."""
    raw = json.loads(_read_text("cues.json"))
    return {k: list(v["cues"]) for k, v in raw.items() if not k.startswith("_")}


@functools.cache
def _sub_index() -> dict[str, tuple[str, str]]:
    out = {}
    for et in taxonomy()["acled"]:
        for sub in et["sub_event_types"]:
            out[sub["name"]] = (et["event_type"], sub["disorder_type"])
    return out


def normalize_sub_event_type(sub: str) -> str:
    """Map spelling variants (e.g. "protestors") to the current codebook spelling."""
    return taxonomy().get("acled_aliases", {}).get(sub, sub)


@functools.cache
def acled_precedence() -> list[str]:
    """The 25 ACLED sub-event types in ACLED's hierarchical order (earlier wins when merging)."""
    return [s["name"] for et in taxonomy()["acled"] for s in et["sub_event_types"]]


def acled_event_type_of(sub: str) -> str:
    """ACLED event type of a sub-event type; KeyError if unknown."""
    return _sub_index()[normalize_sub_event_type(sub)][0]


def disorder_type_of(sub: str) -> str:
    """ACLED disorder type of a sub-event type; KeyError if unknown."""
    return _sub_index()[normalize_sub_event_type(sub)][1]


def plover_quad(plover_type: str) -> int:
    """PLOVER quad class 1-4 of an event type; KeyError if unknown."""
    return int(taxonomy()["plover"][plover_type]["quad"])


def cameo_quad(code: str) -> int:
    """CAMEO quad class 1-4 from the code's two-digit root (codes keep leading zeros)."""
    root = str(code)[:2]
    try:
        return int(taxonomy()["cameo_roots"][root]["quad"])
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}: codes are strings like '0841' or '190'") from None


def acled_rank(sub: str | None) -> int:
    """Position of a sub-event type in ACLED's precedence order (0 = highest); unknown or None rank last."""
    order = _precedence_index()
    return order.get(normalize_sub_event_type(sub), len(order)) if sub else len(order)


@functools.cache
def _precedence_index() -> dict[str, int]:
    return {name: i for i, name in enumerate(acled_precedence())}


@functools.cache
def frame_rank(frame: str) -> int:
    """Precedence of a frame: by its default ACLED sub-event, then frames ACLED does not code, in file order."""
    names = list(frames())
    f = frames()[frame]
    pos = names.index(frame)
    if f.acled_sub_event_type:
        return acled_rank(f.acled_sub_event_type) * 100 + pos
    return 10_000 + pos


@functools.cache
def role_term(kind: str) -> ActorTerm | None:
    """The first generic role word of an actor kind ("police", "government" ...), or None."""
    return next((t for t in actor_terms() if t.kind == kind and not t.name), None)
