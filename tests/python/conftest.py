"""Shared fixtures for the Python package's tests.

Run by ctest (test "python"), which sets VITALS_LIBRARY (the built libvitals), VITALS_REFERENCE
(the C++ reference program) and PYTHONPATH (capi/python).
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import vitals

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CAPI_DATA = os.path.join(REPO, "tests", "capi", "data")
PACKAGE_PARENT = os.path.join(REPO, "capi", "python")


@pytest.fixture(scope="session")
def card():
    with vitals.Scorecard.default() as c:
        yield c


def make_accounts(inputs, n, seed=0, missing=0.05):
    """Plausible raw values for the default scorecard's inputs, with some missing (NaN)."""
    rng = np.random.default_rng(seed)
    gen = {
        "active_users": lambda: rng.integers(0, 120, n),
        "licensed_seats": lambda: rng.integers(0, 120, n),  # 0 seats: the ratio is missing
        "logins_trend": lambda: rng.normal(0, 0.2, n),
        "training_completion": lambda: rng.random(n),
        "tickets_per_seat": lambda: rng.exponential(0.2, n),
        "ticket_sentiment": lambda: rng.uniform(-1, 1, n),
        "nps": lambda: rng.uniform(-100, 100, n),
        "days_late": lambda: rng.exponential(10, n),
        "tenure_months": lambda: rng.exponential(24, n),
        "contact_tenure_days": lambda: rng.exponential(200, n),
        "executive_sponsor": lambda: rng.integers(0, 2, n),
        "seat_change_pct": lambda: rng.normal(0, 0.15, n),
    }
    x = np.column_stack([gen[c]().astype(np.float64) if c in gen else rng.random(n) for c in inputs])
    x[rng.random(x.shape) < missing] = np.nan
    return x


@pytest.fixture(scope="session")
def accounts(card):
    return make_accounts(card.inputs, 5000, seed=42)


class Reference:
    """Runs tests/python/vitals_reference.cpp: the C++ batch scorer, called directly."""

    def __init__(self, exe, tmpdir):
        self.exe = exe
        self.tmpdir = tmpdir
        self.calls = 0

    def score(self, base, view, columns, scorecard=None, top_k=3, threads=0):
        """Scores `view` (a numpy view into the contiguous array `base`) through the C++ API."""
        assert base.flags.c_contiguous
        self.calls += 1
        prefix = os.path.join(self.tmpdir, f"ref{self.calls}")
        data = prefix + ".in"
        base.tofile(data)
        item = base.dtype.itemsize
        offset = (view.ctypes.data - base.ctypes.data) // item
        card = "default"
        if scorecard is not None:
            card = prefix + ".json"
            with open(card, "w") as f:
                f.write(scorecard.to_json())
        rows, cols = view.shape
        cmd = [self.exe, card, data, "f64" if base.dtype == np.float64 else "f32", str(rows), str(cols),
               str(offset), str(view.strides[0] // item), str(view.strides[1] // item), ",".join(columns),
               prefix, str(top_k), str(threads)]
        subprocess.run(cmd, check=True)
        m = len(scorecard.measures) if scorecard is not None else 11
        read = lambda ext, dt: np.fromfile(prefix + "." + ext, dtype=dt)  # noqa: E731
        return {
            "score": read("score", np.float64), "band": read("band", np.int32),
            "coverage": read("coverage", np.float64), "status": read("status", np.int32),
            "contributions": read("contributions", np.float64).reshape(rows, m),
            "points_lost": read("points_lost", np.float64).reshape(rows, m),
            "drivers": read("drivers", np.int32).reshape(rows, top_k),
        }


@pytest.fixture(scope="session")
def reference(tmp_path_factory):
    exe = os.environ.get("VITALS_REFERENCE")
    if not exe or not os.path.exists(exe):
        pytest.skip("VITALS_REFERENCE (the C++ reference program) is not set; run through ctest")
    return Reference(exe, str(tmp_path_factory.mktemp("reference")))


def assert_same(a, b):
    """Equal bit for bit (NaN where NaN)."""
    a = np.asarray(a)
    b = np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), (a, b)


def run_python(code, env=None, cwd=None):
    """Runs `code` in a fresh interpreter (this one), returning the completed process."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, cwd=cwd)
