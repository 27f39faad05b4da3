"""Vitals: explainable health scores for B2B customer accounts, in Python.

A pure-Python (ctypes) package over libvitals, the library's stable C ABI. The whole account
pipeline (what ``vitals score`` runs) is one object::

    import vitals
    with vitals.Session("segments.json", history="history.csv", previous="previous.csv",
                        surveys="surveys.csv", overrides="overrides.csv", as_of="2026-11-30") as s:
        result = s.score(df)               # a DataFrame indexed by account id, every output column

and its building blocks are there for one stage alone::

    with vitals.Scorecard.default() as card:
        scores = card.score(df)            # a pandas DataFrame, columns by name
        why = card.explain(df.iloc[0])     # one account: every measure's part in its score

numpy and pandas are optional for the building blocks (plain sequences of rows work without
them) and needed for the session. The library is found in this package's folder, then in the
install prefix's library folder relative to the package, then in sys.prefix/lib, then by the system
loader, then at the path in the VITALS_LIBRARY environment variable, then (in a source checkout) in
its build trees; see docs/python.md, "Installing".
"""

from typing import Optional

from ._native import (ABI_VERSION, ACCOUNT_INSUFFICIENT_DATA, ACCOUNT_OK, BAND_NONE, ERR_INTERNAL,
                      ERR_INVALID_ARGUMENT, ERR_INVALID_SCORECARD, ERR_IO, ERR_NOT_SUPPORTED,
                      ERR_OUT_OF_RANGE, ERR_PARSE, ERR_SHAPE_MISMATCH, ERR_UNKNOWN_COLUMN, MAX_TOP_K, OK,
                      LibraryError, VitalsError)
from ._scorecard import Scorecard, Scores
from ._model import Evaluation, evaluate, fit
from ._accounts import (OverriddenScores, OverrideBook, ScorecardSet, SetScores, day_number, format_date,
                        parse_date, today)

# The version is written once, in include/vitals/version.h; ctest version_agrees checks this copy.
__version__ = "0.1.0"

__all__ = [
    "Scorecard", "Scores", "VitalsError", "LibraryError", "load_library", "library_path",
    "library_version", "build_info", "ABI_VERSION", "OK", "ERR_INVALID_ARGUMENT", "ERR_INVALID_SCORECARD", "ERR_PARSE",
    "ERR_IO", "ERR_SHAPE_MISMATCH", "ERR_UNKNOWN_COLUMN", "ERR_OUT_OF_RANGE", "ERR_NOT_SUPPORTED",
    "ERR_INTERNAL", "ACCOUNT_OK", "ACCOUNT_INSUFFICIENT_DATA", "BAND_NONE", "MAX_TOP_K",
    "fit", "evaluate", "Evaluation",
    "ScorecardSet", "SetScores", "OverrideBook", "OverriddenScores", "parse_date", "format_date", "today",
    "day_number",
]


def load_library(path: Optional[str] = None) -> str:
    """Loads libvitals now (it is otherwise loaded on first use) and returns its path.

    ``path`` loads that file instead of searching. Raises LibraryError, listing every path tried,
    when no usable library is found, or when its ABI version is not ABI_VERSION.
    """
    from . import _native
    return _native.load(path).path


def library_path() -> str:
    """The path of the loaded libvitals (loading it if needed)."""
    from . import _native
    return _native.load().path


def library_version() -> str:
    """The loaded libvitals' version, e.g. "0.1.0"."""
    from . import _native
    return _native.load().version_string().decode("ascii")


def build_info() -> str:
    """How the loaded libvitals runs here, one line: its version, the instruction-set level its
    batch kernels run at, the best level this CPU has, and the compiler, e.g.
    "vitals 0.1.0; isa avx2; cpu avx2; kernels baseline avx2 avx512; GCC 12.2.0".

    The level is the best the CPU has unless the environment variable VITALS_ISA (baseline, avx2,
    avx512) names another when the library loads; a level the CPU lacks falls back, and the line
    says so. Every level gives the same scores bit for bit."""
    from . import _native
    return _native.load().build_info().decode("utf-8")

# Portfolio views (quadrants, prioritised list, roll-up) and stakeholder survey measures:
# docs/portfolio.md; drift (population stability) and band calibration: docs/history.md.
from ._portfolio import (DEFAULT_PARTICIPATION_TARGET, DEFAULT_ROLE_WEIGHTS, QUADRANT_AT_RISK,  # noqa: E402
                         QUADRANT_COMMITTED, QUADRANT_GROWTH_CANDIDATE, QUADRANT_LABELS, QUADRANT_MAINTENANCE,
                         QUADRANT_UNKNOWN, QUADRANTS, ROLES, STABILITY, SURVEY_COLUMNS, BandProposal, Priority,
                         Quadrants, QuadrantSummary, RollUp, Stability, classify, health_threshold_of, parse_role,
                         population_stability, prioritise, propose_bands, resolve_parents, roll_up, survey_measures)

__all__ += [
    "classify", "prioritise", "roll_up", "resolve_parents", "survey_measures", "parse_role", "health_threshold_of",
    "Quadrants", "QuadrantSummary", "Priority", "RollUp", "QUADRANTS", "QUADRANT_LABELS", "QUADRANT_COMMITTED",
    "QUADRANT_AT_RISK", "QUADRANT_GROWTH_CANDIDATE", "QUADRANT_MAINTENANCE", "QUADRANT_UNKNOWN", "ROLES",
    "DEFAULT_ROLE_WEIGHTS", "DEFAULT_PARTICIPATION_TARGET", "SURVEY_COLUMNS",
    "population_stability", "propose_bands", "Stability", "BandProposal", "STABILITY",
]
# ---- signals: trends, score trend, alerts (docs/signals.md) ----------------------------------------
from ._signals import (Alerts, alert_rules, direction_names, evaluate_alerts, history_metrics,  # noqa: E402
                       score_trend, score_trend_settings, trend, trend_columns, trends_of)

__all__ += ["Alerts", "alert_rules", "direction_names", "evaluate_alerts", "history_metrics", "score_trend",
            "score_trend_settings", "trend", "trend_columns", "trends_of"]
# ---- the account session: the whole pipeline in one object (docs/python.md) ---------------------
from ._session import Session, VitalsWarning, report  # noqa: E402

__all__ += ["Session", "VitalsWarning", "report"]
