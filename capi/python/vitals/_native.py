"""The ctypes layer over libvitals: finding and loading the library, the function table, errors.

Internal. Everything here mirrors capi/include/vitals/vitals.h; the public API is in
_scorecard.py.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys
import threading
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int32, c_int64, c_size_t,
                    c_void_p)
from typing import Dict, List, Optional, Sequence, Tuple

#: The ABI this package is written for (VITALS_ABI_VERSION in vitals.h).
ABI_VERSION = 1

# ---- status codes (vitals.h: VITALS_OK, VITALS_ERR_*) ---------------------------------------------

OK = 0
ERR_INVALID_ARGUMENT = -1
ERR_INVALID_SCORECARD = -2
ERR_PARSE = -3
ERR_IO = -4
ERR_SHAPE_MISMATCH = -5
ERR_UNKNOWN_COLUMN = -6
ERR_OUT_OF_RANGE = -7
ERR_NOT_SUPPORTED = -8
ERR_INTERNAL = -9

DTYPE_FLOAT64 = 1
DTYPE_FLOAT32 = 2
BAND_NONE = -1
ACCOUNT_OK = 0
ACCOUNT_INSUFFICIENT_DATA = 1
MAX_TOP_K = 64


class VitalsError(Exception):
    """A Vitals call failed.

    ``code`` is the C ABI's status (a negative ``vitals.ERR_*`` constant), ``name`` its name
    (``"invalid_scorecard"``, ...), ``message`` the library's message, which names the function
    and the argument (and, for scorecards, every problem with its JSON pointer).
    """

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = int(code)
        self.message = str(message)

    @property
    def name(self) -> str:
        """The status code's name, e.g. ``"shape_mismatch"``."""
        return _STATUS_NAMES.get(self.code, "unknown")

    def __str__(self) -> str:
        return f"[{self.name}] {self.message}"


_STATUS_NAMES = {
    OK: "ok", ERR_INVALID_ARGUMENT: "invalid_argument", ERR_INVALID_SCORECARD: "invalid_scorecard",
    ERR_PARSE: "parse_error", ERR_IO: "io_error", ERR_SHAPE_MISMATCH: "shape_mismatch",
    ERR_UNKNOWN_COLUMN: "unknown_column", ERR_OUT_OF_RANGE: "out_of_range",
    ERR_NOT_SUPPORTED: "not_supported", ERR_INTERNAL: "internal",
}


class LibraryError(ImportError):
    """libvitals could not be found or loaded, or is not the ABI this package needs.

    ``tried`` lists every path that was tried, in order.
    """

    def __init__(self, message: str, tried: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.tried = list(tried)


# ---- types (vitals.h) -----------------------------------------------------------------------------

class ScoreOptions(Structure):
    """vitals_score_options (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("threads", c_int64),
        ("top_k", c_int64),
        ("allow_absent_columns", c_int64),
        ("block_size", c_int64),
    ]


class ScoreOutput(Structure):
    """vitals_score_output (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("score", c_void_p), ("score_length", c_int64),
        ("band", c_void_p), ("band_length", c_int64),
        ("coverage", c_void_p), ("coverage_length", c_int64),
        ("status", c_void_p), ("status_length", c_int64),
        ("contributions", c_void_p), ("contributions_length", c_int64),
        ("points_lost", c_void_p), ("points_lost_length", c_int64),
        ("drivers", c_void_p), ("drivers_length", c_int64),
    ]


class AlertInput(Structure):
    """vitals_alert_input (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("values", c_void_p), ("rows", c_int64), ("cols", c_int64), ("row_stride", c_int64),
        ("col_stride", c_int64),
        ("columns", c_void_p), ("n_columns", c_int64),
        ("score", c_void_p), ("score_length", c_int64),
        ("previous", c_void_p), ("periods", c_int64), ("previous_row_stride", c_int64),
        ("previous_col_stride", c_int64),
        ("since_fired", c_void_p), ("since_fired_length", c_int64),
        ("allow_absent_columns", c_int64),
    ]


class AlertOutput(Structure):
    """vitals_alert_output (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("outcome", c_void_p), ("outcome_length", c_int64),
        ("value", c_void_p), ("value_length", c_int64),
        ("threshold", c_void_p), ("threshold_length", c_int64),
        ("since_fired", c_void_p), ("since_fired_length", c_int64),
    ]


#: int32_t (*)(void* user, const double* in, double* out, int64_t n)
NORMALISER_FN = CFUNCTYPE(c_int32, c_void_p, POINTER(c_double), POINTER(c_double), c_int64)
#: void (*)(void* user)
RELEASE_FN = CFUNCTYPE(None, c_void_p)

_handle = c_void_p            # vitals_scorecard*, vitals_load_options* (opaque)


class _status:  # noqa: N801 - a marker in the table: int32 vitals_status, checked
    """vitals_status: an int32 that goes through the one status check (raises VitalsError)."""
_names = POINTER(c_char_p)    # const char* const*
_out_str = POINTER(c_char_p)

# ---- accounts (vitals.h: dates, scorecard sets, overrides) ----------------------------------------

OVERRIDE_APPLIED = 0
OVERRIDE_LAPSED = 1
OVERRIDE_SCORE = -1


class OverrideEntry(Structure):
    """vitals_override_entry (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("account_id", c_char_p), ("target", c_char_p), ("reason", c_char_p), ("author", c_char_p),
        ("origin", c_char_p),
        ("value", c_double),
        ("expires", c_int32), ("reserved", c_int32),
    ]


class OverriddenRow(Structure):
    """vitals_overridden_row (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("row", c_int64),
        ("computed_score", c_double), ("computed_coverage", c_double),
        ("score", c_double), ("coverage", c_double),
        ("computed_band", c_int32), ("computed_status", c_int32),
        ("band", c_int32), ("status", c_int32),
        ("score_overridden", c_int32), ("effect_count", c_int32),
    ]


class OverrideEffect(Structure):
    """vitals_override_effect (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("entry", c_int64),
        ("computed", c_double), ("value", c_double),
        ("state", c_int32), ("measure", c_int32),
    ]


# ---- the account session (vitals.h "the account session") -----------------------------------------

class Table(Structure):
    """vitals_table (versioned: struct_size first): a table of accounts, described once."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("data", c_void_p), ("dtype", c_int32), ("reserved", c_int32),
        ("rows", c_int64), ("cols", c_int64), ("row_stride", c_int64), ("col_stride", c_int64),
        ("columns", c_void_p), ("n_columns", c_int64),
        ("ids", c_void_p), ("segments", c_void_p),
        ("source", c_char_p), ("row_offset", c_int64),
    ]


class SessionOptions(Structure):
    """vitals_session_options (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("as_of_set", c_int64), ("as_of", c_int64),
        ("value_column", c_char_p), ("quadrant_off", c_int64),
        ("value_rule", c_int64), ("revenue_percent", c_double), ("arr_cutoff", c_double),
        ("health_threshold_set", c_int64), ("health_threshold", c_double),
        ("allow_absent_columns", c_int64), ("threads", c_int64), ("top_k", c_int64),
    ]


class ReportOptions(Structure):
    """vitals_report_options (versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("title", c_char_p), ("source", c_char_p), ("scorecard", c_char_p),
        ("top", c_int64), ("max_points", c_int64),
    ]


#: The session's output columns (VITALS_COLUMN_*) in order: (type, whether it reads as text).
SESSION_COLUMNS = (("f64", False), ("i32", True), ("f64", False), ("i32", True), ("i32", True), ("f64", False),
                   ("i32", True), ("f64", False), ("i32", True), ("f64", False), ("i32", True), ("i32", True),
                   ("i32", True), ("f64", False), ("i32", True), ("f64", False), ("i32", False), ("f64", False))
COLUMN_POINTS_LOST = 5
COLUMN_CARD = 6
#: The side inputs (VITALS_INPUT_*) by code.
SESSION_INPUTS = ("history", "previous", "surveys", "overrides")

# The one table: name -> (restype, argtypes). A restype of _status gets the status check.
FUNCTIONS: Dict[str, Tuple[object, List[object]]] = {
    "vitals_version_string": (c_char_p, []),
    "vitals_version_number": (c_int32, []),
    "vitals_abi_version": (c_int32, []),
    "vitals_build_info": (c_char_p, []),
    "vitals_status_string": (c_char_p, [c_int32]),
    "vitals_last_error": (c_char_p, []),
    "vitals_load_options_create": (_status, [POINTER(_handle)]),
    "vitals_load_options_add_normaliser": (_status, [_handle, c_char_p, NORMALISER_FN, c_void_p, RELEASE_FN]),
    "vitals_load_options_destroy": (None, [_handle]),
    "vitals_scorecard_create_default": (_status, [POINTER(_handle)]),
    "vitals_scorecard_create_from_json": (_status, [c_char_p, c_size_t, _handle, POINTER(_handle)]),
    "vitals_scorecard_create_from_file": (_status, [c_char_p, _handle, POINTER(_handle)]),
    "vitals_scorecard_destroy": (None, [_handle]),
    "vitals_scorecard_describe": (_status, [_handle, c_void_p, c_size_t, POINTER(c_size_t)]),
    "vitals_scorecard_to_json": (_status, [_handle, c_void_p, c_size_t, POINTER(c_size_t)]),
    "vitals_scorecard_input_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_input_name": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_measure_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_measure_name": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_band_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_band_label": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_score": (_status, [_handle, c_void_p, c_int32, c_int64, c_int64, c_int64, c_int64,
                                         _names, c_int64, POINTER(ScoreOptions), POINTER(ScoreOutput)]),
    "vitals_scorecard_explain": (_status, [_handle, POINTER(c_double), _names, c_int64, c_void_p, c_size_t,
                                           POINTER(c_size_t)]),
    "vitals_scorecard_input_levels": (_status, [_handle, c_int64, POINTER(c_int64), POINTER(c_int32)]),
    "vitals_scorecard_input_level": (_status, [_handle, c_int64, c_int64, POINTER(c_char_p)]),
    "vitals_scorecard_path_to_green": (_status, [_handle, POINTER(c_double), _names, c_int64, c_int32, _names,
                                                 c_int64, c_void_p, c_size_t, POINTER(c_size_t)]),
    # portfolio views and survey measures (_portfolio.py; the struct pointers are c_void_p here, the
    # ctypes Structures live in _portfolio.py)
    "vitals_population_stability": (_status, [c_void_p, c_int64, c_void_p, c_int64, c_int32, POINTER(c_double),
                                              POINTER(c_int32)]),
    "vitals_scorecard_propose_bands": (_status, [_handle, c_void_p, c_int64, c_void_p, c_int64, c_void_p, c_int64,
                                                 c_void_p, c_int64]),
    "vitals_quadrant_label": (c_char_p, [c_int32]),
    "vitals_scorecard_health_threshold": (_status, [_handle, POINTER(c_double)]),
    "vitals_portfolio_classify": (_status, [c_void_p, c_void_p, c_int64, c_void_p, c_void_p, c_int64, c_void_p]),
    "vitals_portfolio_prioritise": (_status, [c_void_p, c_void_p, c_int64, c_void_p, c_void_p, c_void_p, c_int64,
                                              c_void_p]),
    "vitals_portfolio_resolve_parents": (_status, [_names, _names, c_int64, c_void_p, c_int64]),
    "vitals_portfolio_roll_up": (_status, [c_void_p, c_void_p, c_void_p, c_int64, _names, c_void_p]),
    "vitals_survey_column_name": (_status, [c_int64, _out_str]),
    "vitals_survey_parse_role": (_status, [c_char_p, c_size_t, POINTER(c_int32)]),
    "vitals_survey_measures": (_status, [c_int64, c_void_p, c_void_p, c_void_p, c_int64, c_void_p, c_void_p,
                                         c_int64]),
    "vitals_scorecard_fit_segments": (_status, [_handle, c_void_p, c_int32, c_int64, c_int64, c_int64, c_int64, _names,
                                                c_int64, c_void_p, c_int64, c_char_p, _names, c_int64, c_int64, c_int64,
                                                c_char_p, c_size_t, c_void_p, c_size_t, POINTER(c_size_t),
                                                POINTER(_handle)]),
    "vitals_scorecard_fit": (_status, [_handle, c_void_p, c_int32, c_int64, c_int64, c_int64, c_int64, _names,
                                       c_int64, c_void_p, c_int64, c_char_p, c_size_t, c_void_p, c_size_t,
                                       POINTER(c_size_t), POINTER(_handle)]),
    "vitals_scorecard_evaluate": (_status, [POINTER(_handle), _names, c_int64, c_void_p, c_int32, c_int64, c_int64,
                                            c_int64, c_int64, _names, c_int64, c_void_p, c_int64, c_char_p,
                                            c_size_t, c_void_p, c_size_t, POINTER(c_size_t)]),
    # accounts: dates, scorecard sets, overrides
    "vitals_date_parse": (_status, [c_char_p, c_size_t, POINTER(c_int32)]),
    "vitals_date_format": (_status, [c_int32, c_void_p, c_size_t, POINTER(c_size_t)]),
    "vitals_date_today": (c_int32, []),
    "vitals_scorecard_set_create_from_json": (_status, [c_char_p, c_size_t, c_char_p, _handle, POINTER(_handle)]),
    "vitals_scorecard_set_create_from_file": (_status, [c_char_p, _handle, POINTER(_handle)]),
    "vitals_scorecard_set_destroy": (None, [_handle]),
    "vitals_scorecard_set_segment_column": (_status, [_handle, _out_str]),
    "vitals_scorecard_set_card_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_set_card": (_status, [_handle, c_int64, POINTER(_handle)]),
    "vitals_scorecard_set_card_label": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_set_default_card": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_set_max_measures": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_set_input_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_set_input_name": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_set_lookup": (_status, [_handle, c_char_p, POINTER(c_int64)]),
    "vitals_scorecard_set_score": (_status, [_handle, c_void_p, c_int32, c_int64, c_int64, c_int64, c_int64,
                                             _names, c_int64, _names, c_int64, _names, POINTER(ScoreOptions),
                                             POINTER(ScoreOutput), c_void_p, c_int64]),
    "vitals_override_book_create": (_status, [POINTER(_handle)]),
    "vitals_override_book_destroy": (None, [_handle]),
    "vitals_override_book_add": (_status, [_handle, c_char_p, c_char_p, c_double, c_char_p, c_char_p, c_int32,
                                           c_char_p]),
    "vitals_override_book_add_text": (_status, [_handle, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p,
                                                c_char_p, c_char_p]),
    "vitals_override_book_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_override_book_entry": (_status, [_handle, c_int64, POINTER(OverrideEntry)]),
    "vitals_override_book_validate": (_status, [_handle, _handle]),
    "vitals_override_book_check_conflicts": (_status, [_handle, c_int32]),
    "vitals_override_book_apply": (_status, [_handle, _handle, c_int32, _names, c_int64, c_void_p, c_int32, c_int64,
                                             c_int64, c_int64, c_int64, _names, c_int64, POINTER(ScoreOptions),
                                             POINTER(ScoreOutput), POINTER(_handle)]),
    "vitals_override_book_apply_set": (_status, [_handle, _handle, c_int32, _names, c_int64, c_void_p, c_int32,
                                                 c_int64, c_int64, c_int64, c_int64, _names, c_int64, c_void_p,
                                                 c_int64, POINTER(ScoreOptions), POINTER(ScoreOutput),
                                                 POINTER(_handle)]),
    "vitals_override_report_destroy": (None, [_handle]),
    "vitals_override_report_row_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_override_report_row": (_status, [_handle, c_int64, POINTER(OverriddenRow)]),
    "vitals_override_report_effect": (_status, [_handle, c_int64, c_int64, POINTER(OverrideEffect)]),
    # signals (vitals.h "signals")
    "vitals_trend_compute": (_status, [c_int32, c_void_p, c_int32, c_int64, c_int64, c_int64, c_int64, c_int64,
                                       c_void_p, c_int64]),
    "vitals_score_trend_compute": (_status, [c_void_p, c_int64, c_void_p, c_int64, c_int64, c_int64, c_double,
                                             c_int64, c_void_p, c_int64, c_void_p, c_int64]),
    "vitals_scorecard_score_trend_settings": (_status, [_handle, POINTER(c_double), POINTER(c_int64)]),
    "vitals_scorecard_trend_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_trend_info": (_status, [_handle, c_int64, _out_str, _out_str, POINTER(c_int32),
                                              POINTER(c_int64)]),
    "vitals_scorecard_alert_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_scorecard_alert_name": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_alert_reason": (_status, [_handle, c_int64, _out_str]),
    "vitals_scorecard_alert_severity": (_status, [_handle, c_int64, POINTER(c_int32)]),
    "vitals_scorecard_evaluate_alerts": (_status, [_handle, POINTER(AlertInput), POINTER(AlertOutput)]),
    # the account session
    "vitals_scorecard_set_create_single": (_status, [_handle, POINTER(_handle)]),
    "vitals_session_create": (_status, [_handle, POINTER(SessionOptions), POINTER(_handle)]),
    "vitals_session_destroy": (None, [_handle]),
    "vitals_session_set_history": (_status, [_handle, POINTER(Table), _names, c_int64, c_char_p]),
    "vitals_session_set_previous": (_status, [_handle, _names, _names, c_void_p, _names, c_int64, c_char_p]),
    "vitals_session_set_surveys": (_status, [_handle, _names, _names, c_void_p, c_int64, c_char_p]),
    "vitals_session_set_overrides": (_status, [_handle, _handle, c_char_p]),
    "vitals_session_set_value_cutoff": (_status, [_handle, c_double]),
    "vitals_session_column_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_session_column_name": (_status, [_handle, c_int64, _out_str]),
    "vitals_session_result_create": (_status, [POINTER(_handle)]),
    "vitals_session_result_destroy": (None, [_handle]),
    "vitals_session_score": (_status, [_handle, POINTER(Table), _handle]),
    "vitals_session_result_row_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_session_result_width": (_status, [_handle, c_int32, POINTER(c_int64)]),
    "vitals_session_result_column_name": (_status, [c_int32, _out_str]),
    "vitals_session_result_f64": (_status, [_handle, c_int32, c_void_p, c_int64]),
    "vitals_session_result_i32": (_status, [_handle, c_int32, c_void_p, c_int64]),
    "vitals_session_result_text": (_status, [_handle, c_int32, c_int64, c_void_p, c_size_t, POINTER(c_size_t)]),
    "vitals_session_result_texts": (_status, [_handle, c_int32, c_void_p, c_size_t, POINTER(c_size_t)]),
    "vitals_session_notice_count": (_status, [_handle, POINTER(c_int64)]),
    "vitals_session_notice": (_status, [_handle, c_int64, c_void_p, c_size_t, POINTER(c_size_t)]),
    "vitals_session_unmatched_count": (_status, [_handle, c_int32, POINTER(c_int64)]),
    "vitals_session_unmatched_id": (_status, [_handle, c_int32, c_int64, _out_str]),
    "vitals_session_keep_report": (_status, [_handle, POINTER(ReportOptions)]),
    "vitals_session_report": (_status, [_handle, c_void_p, c_size_t, POINTER(c_size_t)]),
}


class Library:
    """A loaded libvitals with every function of FUNCTIONS declared as an attribute."""

    def __init__(self, path: str, cdll: ctypes.CDLL):
        self.path = path
        self.cdll = cdll
        last_error = cdll.vitals_last_error
        last_error.restype, last_error.argtypes = c_char_p, []

        def check(result, func, args):
            # Runs on the calling thread right after the call, so the thread-local message is
            # the one for this call.
            if result != OK:
                raise VitalsError(result, (last_error() or b"").decode("utf-8", "replace"))
            return result

        for name, (restype, argtypes) in FUNCTIONS.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                raise LibraryError(f"{path} lacks {name}: the library is older than this package "
                                   f"(library {self._version(cdll)}, package ABI {ABI_VERSION})",
                                   [path]) from None
            fn.argtypes = argtypes
            if restype is _status:
                fn.restype = c_int32
                fn.errcheck = check
            else:
                fn.restype = restype
            setattr(self, name[len("vitals_"):], fn)

    @staticmethod
    def _version(cdll: ctypes.CDLL) -> str:
        try:
            f = cdll.vitals_version_string
            f.restype, f.argtypes = c_char_p, []
            return f().decode()
        except Exception:  # pragma: no cover - a library without even this
            return "unknown version"


def _library_names() -> List[str]:
    if sys.platform == "win32":
        return ["vitals.dll"]
    if sys.platform == "darwin":
        return [f"libvitals.{ABI_VERSION}.dylib", "libvitals.dylib"]
    return [f"libvitals.so.{ABI_VERSION}", "libvitals.so"]


#: What candidate_paths() lists for the system loader's turn (a name, not a path).
SYSTEM_LOADER = "ctypes.util.find_library('vitals')"


def _prefix_libdir(here: str) -> str:
    """The install prefix's library folder, relative to the package folder: what ``cmake --install``
    wrote into _install_layout.py (VITALS_INSTALL_PYTHON=ON), else the usual layout,
    <prefix>/lib/pythonX.Y/site-packages/vitals -> <prefix>/lib."""
    try:
        from ._install_layout import LIBDIR  # written by cmake --install
    except ImportError:
        LIBDIR = os.path.join(os.pardir, os.pardir, os.pardir)
    return os.path.normpath(os.path.join(here, LIBDIR))


def _source_checkout(here: str) -> Optional[str]:
    """The root of the source checkout this package folder is in (capi/python/vitals), or None."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    if os.path.isfile(os.path.join(root, "capi", "include", "vitals", "vitals.h")):
        return root
    return None


def candidate_paths() -> List[str]:
    """Where the library is looked for, in order (as XGBoost's and LightGBM's packages look):

    1. the package folder (a self-contained package, or a wheel with the library inside);
    2. the install prefix's library folder, relative to the package (``cmake --install`` with
       VITALS_INSTALL_PYTHON=ON puts the package in <prefix>/lib/pythonX.Y/site-packages and the
       library in <prefix>/lib);
    3. ``sys.prefix``/lib (a venv or conda environment the library was installed into);
    4. the system loader (``ctypes.util.find_library``: ldconfig's cache, LD_LIBRARY_PATH), listed
       as SYSTEM_LOADER;
    5. the VITALS_LIBRARY environment variable (a file, or a folder holding the library);
    6. in a source checkout only, its build trees (build/*/capi/, most recently built first).
    """
    names = _library_names()
    here = os.path.dirname(os.path.abspath(__file__))
    paths: List[str] = []

    def add(folder: str) -> None:
        for n in names:
            p = os.path.join(folder, n)
            if p not in paths:
                paths.append(p)

    add(here)
    add(_prefix_libdir(here))
    add(os.path.join(sys.prefix, "lib"))
    paths.append(SYSTEM_LOADER)
    env = os.environ.get("VITALS_LIBRARY")
    if env:
        if os.path.isdir(env):
            add(env)
        elif env not in paths:
            paths.append(env)
    root = _source_checkout(here)
    if root is not None:
        built: List[str] = []
        for n in names:
            built += glob.glob(os.path.join(root, "build", "*", "capi", n))
        built.sort(key=lambda p: os.path.getmtime(p), reverse=True)
        paths += [p for p in built if p not in paths]
        if not built:
            paths.append(os.path.join(root, "build", "*", "capi", names[0]))
    return paths


def _system_library() -> Optional[str]:
    """What the system loader would load for "vitals" (a file name such as libvitals.so.1), or None."""
    import ctypes.util
    return ctypes.util.find_library("vitals")


def _loaded_path(name: str) -> str:
    """The file the system loader loaded for ``name`` (from /proc/self/maps), else ``name``."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split(None, 5)[-1].strip()
                if os.path.basename(p) == name:
                    return p
    except OSError:
        pass
    return name


# ---- handles ---------------------------------------------------------------------------------------

class Handle:
    """A libvitals pointer, destroyed once, and never while a call on another thread uses it
    (close() during a call defers the destroy to the end of that call)."""

    __slots__ = ("_ptr", "_destroy", "_lock", "_users", "_closing", "_what")

    def __init__(self, ptr: int, destroy, what: str):
        self._ptr = ptr
        self._destroy = destroy  # held here so __del__ at interpreter exit needs no module globals
        self._lock = threading.Lock()
        self._users = 0
        self._closing = False
        self._what = what

    def acquire(self) -> int:
        with self._lock:
            if self._closing or self._ptr is None:
                raise ValueError(f"the {self._what} is closed")
            self._users += 1
            return self._ptr

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._closing and self._users == 0:
                self._free()

    def close(self) -> None:
        with self._lock:
            if self._ptr is None or self._closing:
                return
            self._closing = True
            if self._users == 0:
                self._free()

    @property
    def closed(self) -> bool:
        return self._closing

    def _free(self) -> None:
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            self._destroy(ptr)

    def __enter__(self) -> int:
        """``with handle as ptr:`` holds the pointer for the duration of one call."""
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


class Owner:
    """The base of every class owning a libvitals handle (Scorecard, ScorecardSet, OverrideBook,
    Session): close() (idempotent), ``closed``, ``with`` blocks, and a __del__ that never raises.
    A subclass sets ``self._handle = Handle(...)`` and ``self._lib`` when it is made."""

    _handle: Optional[Handle] = None

    def close(self) -> None:
        """Frees the library's object. Idempotent; further calls on it raise ValueError. A call
        running on another thread finishes first."""
        handle = self._handle
        if handle is not None:
            handle.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._handle is None or self._handle.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finaliser (e.g. at interpreter exit)
            pass


def names(count_fn, name_fn, *args) -> Tuple[str, ...]:
    """The texts of a count / name pair of vitals.h functions: ``count_fn(*args, &n)``, then
    ``name_fn(*args, i, &text)`` for each i."""
    n = c_int64(0)
    count_fn(*args, ctypes.byref(n))
    out = []
    for i in range(n.value):
        p = c_char_p()
        name_fn(*args, i, ctypes.byref(p))
        out.append(p.value.decode("utf-8"))
    return tuple(out)


def string_out(fn, *args, raw: bool = False) -> str:
    """Calls a vitals.h string-out function twice: size query, then the text (``raw``: every byte
    before the final terminator, NULs included)."""
    needed = c_size_t(0)
    fn(*args, None, 0, ctypes.byref(needed))
    buf = ctypes.create_string_buffer(needed.value)
    fn(*args, buf, needed.value, ctypes.byref(needed))
    return (buf.raw[:max(needed.value, 1) - 1] if raw else buf.value).decode("utf-8")


_lock = threading.Lock()
_library: Optional[Library] = None


def load(path: Optional[str] = None) -> Library:
    """The loaded library (loading it on first use). ``path`` loads that file instead of
    searching (only before the library is first loaded)."""
    global _library
    if _library is not None and path is None:
        return _library
    with _lock:
        if _library is not None:
            if path is not None and os.path.realpath(path) != os.path.realpath(_library.path):
                raise LibraryError(f"libvitals is already loaded from {_library.path}", [path])
            return _library
        tried: List[str] = []
        failures: List[str] = []
        for p in ([path] if path is not None else candidate_paths()):
            tried.append(p)
            # what to dlopen: the file, or the name the system loader resolves (None: nothing there)
            target: Optional[str] = p if os.path.isfile(p) else None
            if p == SYSTEM_LOADER and path is None:
                target = _system_library()
            if target is None:
                failures.append(f"  {p}: not found")
                continue
            try:
                cdll = ctypes.CDLL(target)
            except OSError as e:
                failures.append(f"  {p}: {e}" if target == p else f"  {p} -> {target}: {e}")
                continue
            if target != p:
                p = _loaded_path(target)
            lib = Library(p, cdll)
            abi = lib.abi_version()
            if abi != ABI_VERSION:
                raise LibraryError(f"{p} has ABI version {abi}; this vitals package needs ABI "
                                   f"version {ABI_VERSION}", tried)
            _library = lib
            return lib
        raise LibraryError("libvitals was not found. Tried, in order:\n" + "\n".join(failures) +
                           "\nInstall it next to the package (cmake --install with -DVITALS_INSTALL_PYTHON=ON), "
                           "set VITALS_LIBRARY to its path, or copy it into the package folder.", tried)
