"""Hostile inputs for the robustness tests: small fixture files in this folder, big ones made at test time
(corpus.py), and the hypothesis settings the property and fuzz tests share."""

import os

from hypothesis import HealthCheck, settings

# CI runs a bounded number of examples; NEWSEVENTS_LONG_TESTS=1 runs many more (docs/reliability.md).
LONG = os.environ.get("NEWSEVENTS_LONG_TESTS") == "1"

# No deadline (the first example pays for loading the gazetteer); no example database, so runs do not
# replay each other's finds: a failure prints the blob that reproduces it. (Hypothesis still caches Unicode
# tables in .hypothesis/, which it keeps out of git itself.)
settings.register_profile("newsevents", deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("newsevents")


def examples(ci: int) -> int:
    """How many examples a property test runs: `ci` in CI, 20 times as many in the long run."""
    return ci * 20 if LONG else ci
