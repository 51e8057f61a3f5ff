"""lexicon.alternation: a trie-shaped regex that finds what the flat alternation of the names finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.lexicon import alternation


def _flat(names, flags=0):
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", flags)


def _trie(names, flags=0, **kw):
    return re.compile(rf"(?<![\w-])(?:{alternation(names, **kw)})(?![\w-])", flags)


def test_shared_prefixes_are_written_once_and_the_longest_name_wins():
    assert alternation(["Tahrir", "Tahrir Square"]) == r"Tahrir(?:\ Square)?"
    pattern = _trie(["Tahrir", "Tahrir Square", "Tah"])
    assert [m.group(0) for m in pattern.finditer("Tahrir Square, Tahrir Squares, Tahrir, Tah")] == [
        "Tahrir Square", "Tahrir", "Tahrir", "Tah"]


def test_spaces_can_stand_for_any_run_of_white_space():
    pattern = re.compile(alternation(["a few", "a dozen"], ignore_case=True, space=r"\s+"), re.IGNORECASE)
    assert pattern.fullmatch("A   Few") and pattern.fullmatch("a\ndozen") and not pattern.fullmatch("afew")


_WORD = st.text(alphabet="abAB -'.", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(_WORD, min_size=1, max_size=12), text=st.text(alphabet="abAB -'.x", max_size=60),
       ignore_case=st.booleans())
def test_finds_what_the_flat_alternation_finds(names, text, ignore_case):
    flags = re.IGNORECASE if ignore_case else 0
    flat = [m.span() for m in _flat({n.lower() for n in names} if ignore_case else names, flags).finditer(text)]
    assert [m.span() for m in _trie(names, flags, ignore_case=ignore_case).finditer(text)] == flat
