"""vitals.dask on a distributed.LocalCluster with two worker processes: a book split into uneven
partitions scores equal, bit for bit, to the single-process call, including what needs the whole
book (the quadrants' high-value cut-off, the assessment list's places, roll-ups). The workers load
libvitals from an installed copy of the package (the library in the package folder), not from
VITALS_LIBRARY. ctest "python_dask" runs this."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import vitals

from conftest import PACKAGE_PARENT, REPO

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")
import vitals.dask as vd  # noqa: E402

EX = os.path.join(REPO, "docs", "examples")
AS_OF = "2026-11-30"
SIDE = {k: os.path.join(EX, f"{k}.csv") for k in ("history", "previous", "surveys", "overrides")}
# uneven partitions: 7, 293, 1, 349 and 350 rows
DIVISIONS = [0, 7, 300, 301, 650, 999]


@pytest.fixture(scope="module")
def book():
    return pd.read_csv(os.path.join(EX, "accounts.csv"), dtype={"account_id": str, "segment": str, "parent_id": str},
                       float_precision="round_trip")


@pytest.fixture(scope="module")
def ddf(book):
    d = dd.from_pandas(book, npartitions=1).repartition(divisions=DIVISIONS)
    assert [len(p) for p in (d.get_partition(k).compute() for k in range(d.npartitions))] == [7, 293, 1, 349, 350]
    return d


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """Two worker processes whose `vitals` is an installed copy with the library inside."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(os.path.join(PACKAGE_PARENT, "vitals"), site / "vitals",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.environ["VITALS_LIBRARY"], site / "vitals" / "libvitals.so.1")
    saved = dict(os.environ), list(sys.path)
    os.environ.pop("VITALS_LIBRARY")
    os.environ["PYTHONPATH"] = str(site)
    sys.path.insert(0, str(site))  # what spawned workers start with
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, scheduler_port=0)
        c = distributed.Client(cluster)
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        sys.path[:] = saved[1]

    def where():
        import vitals as v
        return v.__file__, v.library_path(), os.getpid()
    found = c.run(where)
    assert len(found) == 2 and len({pid for _, _, pid in found.values()}) == 2  # two processes
    for package, library, _ in found.values():
        assert package == str(site / "vitals" / "__init__.py") and library == str(site / "vitals" / "libvitals.so.1")
    yield c
    c.close()
    cluster.close()


def assert_bitwise(got, expected):
    assert list(got.columns) == list(expected.columns)
    assert got.index.equals(expected.index)
    for name in expected.columns:
        a, b = got[name].to_numpy(), expected[name].to_numpy()
        assert a.dtype == b.dtype, name
        if b.dtype.kind == "f":
            assert np.array_equal(a.view(np.int64), b.view(np.int64)), name  # bit for bit (NaNs included)
        else:
            assert (a == b).all(), name
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def single(book, **kw):
    with vitals.Session(os.path.join(EX, "segments.json"), as_of=AS_OF, **SIDE, **kw) as s:
        return s.score(book)


def test_a_session_over_uneven_partitions_equals_the_single_process_call(client, book, ddf):
    expected = single(book)
    lazy = vd.score_session(ddf, os.path.join(EX, "segments.json"), as_of=AS_OF, **SIDE)
    assert isinstance(lazy, dd.DataFrame)
    assert list(lazy.columns) == list(expected.columns)
    assert dict(lazy.dtypes) == dict(expected.dtypes)          # meta is what computing gives
    got = lazy.compute()
    assert_bitwise(got, expected)
    # what needs the whole book differs when each partition is its own book: the test can fail
    alone = pd.concat([single(ddf.get_partition(k).compute()) for k in range(ddf.npartitions)])
    assert not np.array_equal(alone["priority"].to_numpy(), expected["priority"].to_numpy())
    assert (alone["quadrant"] != expected["quadrant"]).any()


def test_a_given_cutoff_and_points_lost(client, book, ddf):
    with vitals.Session(os.path.join(EX, "segments.json"), as_of=AS_OF, arr_cutoff=40000.0, **SIDE) as s:
        expected = s.score(book, points_lost=True)
    got = vd.score_session(ddf, os.path.join(EX, "segments.json"), as_of=AS_OF, arr_cutoff=40000.0,
                           points_lost=True, **SIDE).compute()
    assert_bitwise(got, expected)


def test_a_scorecard_partition_by_partition(client, book, ddf):
    with vitals.Scorecard.from_file(os.path.join(EX, "scorecard-default.json")) as card:
        expected = card.score(book, contributions=True, drivers=2)
        lazy = vd.score(ddf, card, contributions=True, drivers=2)
        assert list(lazy.columns) == list(expected.columns) and dict(lazy.dtypes) == dict(expected.dtypes)
        got = lazy.compute()
    assert got.index.name == "account_id"
    assert_bitwise(got, expected)


def test_roll_up_over_the_whole_book(client, book, ddf):
    expected_scores = single(book)
    r = vitals.roll_up(expected_scores["value"].to_numpy(), expected_scores["score"].to_numpy(),
                       list(book["parent_id"]), ids=list(book["account_id"]))
    expected = r.to_frame()
    expected.index = pd.Index(list(book["account_id"]), name="account_id")
    assert (expected["rollup_leaves"] > 1).any()  # some parents have children, possibly in other partitions
    scored = vd.score_session(ddf, os.path.join(EX, "segments.json"), as_of=AS_OF, **SIDE)
    got = vd.roll_up(scored, ddf).compute()
    assert_bitwise(got, expected)


def test_errors_name_the_argument(book, ddf):
    with pytest.raises(TypeError, match="ddf: a dask.dataframe.DataFrame"):
        vd.score_session(book, os.path.join(EX, "segments.json"))
    with vitals.OverrideBook.from_csv(SIDE["overrides"]) as ob, pytest.raises(TypeError, match="overrides: the path"):
        vd.score_session(ddf, os.path.join(EX, "segments.json"), overrides=ob)
    with pytest.raises(ValueError, match="book: no column 'nope'"):
        vd.roll_up(ddf, ddf, parent_column="nope")


def test_without_dask_the_import_error_says_what_to_install():
    code = "import sys\nsys.modules['dask'] = None\ntry:\n    import vitals.dask\nexcept ImportError as e:\n    print(e)\n"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "vitals.dask needs dask" in p.stdout and "python3-dask" in p.stdout


def test_the_doc_shows_what_it_returns(client, book):
    text = open(os.path.join(REPO, "docs", "python.md")).read().split("## Dask")[1].split("# The building blocks")[0]
    d = dd.from_pandas(book, npartitions=3)
    result = vd.score_session(d, os.path.join(EX, "segments.json"), as_of=AS_OF, **SIDE)
    table = result[["score", "band", "quadrant", "priority"]].head(3).to_string()
    assert "\n".join("# " + line.rstrip() for line in table.splitlines()) in text
    rolled = vd.roll_up(result, d).compute()
    table = rolled[rolled["rollup_leaves"] > 1].head(2).to_string()
    assert "\n".join("# " + line.rstrip() for line in table.splitlines()) in text
