"""Fixtures the test modules share."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The coder's spaCy pipeline (loaded once per process by newsevents.nlp.load)."""
    from newsevents.nlp import load

    return load()
