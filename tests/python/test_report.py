"""The one-page report from Python (Session.keep_report / report / save_report, vitals.report):
the page equals what `vitals report` writes for the same book, side files and options, byte for
byte — whole and in chunks — and the options, errors and the whole-or-nothing file behave."""

import os
import re
import stat
import subprocess

import pandas as pd
import pytest

import vitals

from conftest import REPO

CLI = os.environ.get("VITALS_CLI")
EX = os.path.join(REPO, "docs", "examples")
AS_OF = "2026-11-30"
need_cli = pytest.mark.skipif(CLI is None, reason="VITALS_CLI (the vitals binary) not set")


def path(name):
    return os.path.join(EX, name)


def read_book():
    return pd.read_csv(path("accounts.csv"), dtype={"account_id": str, "segment": str, "parent_id": str},
                       float_precision="round_trip")


def cli_page(tmp_path, *args):
    out = tmp_path / "cli.html"
    subprocess.run([CLI, "report", path("accounts.csv"), "--as-of", AS_OF, "--out", str(out), "--quiet", *args],
                   check=True, capture_output=True)
    return out.read_text(encoding="utf-8")


SIDE = {"history": "history.csv", "previous": "previous.csv", "surveys": "surveys.csv", "overrides": "overrides.csv"}


@need_cli
@pytest.mark.parametrize("card", [None, "segments.json"])
def test_page_equals_the_cli_byte_for_byte(tmp_path, card):
    args = [a for k, f in SIDE.items() for a in (f"--{k}", path(f))]
    if card is not None:
        args += ["--scorecard", path(card)]
    expected = cli_page(tmp_path, *args, "--title", "Q4 <health> & risk", "--top", "25")
    side = {k: path(f) for k, f in SIDE.items()}
    page = vitals.report(path(card) if card else vitals.Scorecard.default(), read_book(),
                         title="Q4 <health> & risk", source=path("accounts.csv"),
                         scorecard=None if card else "built-in default", top=25, as_of=AS_OF, **side)
    assert page == expected
    assert len(re.findall(r'<li class="account"', page)) == 25


@need_cli
def test_a_book_in_chunks_makes_the_cli_page(tmp_path):
    expected = cli_page(tmp_path, "--previous", path("previous.csv"), "--chunk-rows", "333", "--top", "0",
                        "--max-points", "0")
    book = read_book()
    cutoff = vitals.classify(book["arr"].to_numpy(), [50.0] * len(book)).summary.value_cutoff
    with vitals.Session(vitals.Scorecard.default(), previous=path("previous.csv"), as_of=AS_OF) as s:
        s.keep_report(source=path("accounts.csv"), scorecard="built-in default", top=0, max_points=0)
        s.set_value_cutoff(cutoff)  # as the CLI does before its first chunk: the whole book's
        for start in range(0, len(book), 333):
            s.score(book.iloc[start:start + 333], row_offset=start, unmatched="ignore")
        page = s.report()
    assert page == expected
    with vitals.Session(vitals.Scorecard.default(), as_of=AS_OF) as s:
        eligible = int((s.score(book)["priority"] > 0).sum())   # a value and a score
    assert 0 < eligible < len(book)
    assert len(re.findall(r'<li class="account"', page)) == eligible   # top=0: every one of them
    assert 'class="density"' in page and 'class="pt"' not in page       # max_points=0: the density


def test_options_reach_the_page():
    book = read_book()
    few = vitals.report(vitals.Scorecard.default(), book, top=3, max_points=len(book), as_of=AS_OF)
    assert len(re.findall(r'<li class="account"', few)) == 3
    with vitals.Session(vitals.Scorecard.default(), as_of=AS_OF) as s:
        result = s.score(book)
    plotted = int((result["score"].notna() & (book["arr"].to_numpy() > 0)).sum())   # on the log scale
    assert 0 < plotted < len(book)
    assert len(re.findall(r'<circle class="pt"', few)) == plotted
    assert "<title>Account health" in few and "a book of accounts" in few
    default = vitals.report(vitals.Scorecard.default(), book, as_of=AS_OF)
    assert len(re.findall(r'<li class="account"', default)) == 200
    assert 'class="density"' not in default   # 1,000 accounts: under the default 5,000 points


def test_errors():
    book = read_book()
    with vitals.Session(vitals.Scorecard.default(), as_of=AS_OF) as s:
        with pytest.raises(vitals.VitalsError, match="keeps no report"):
            s.report()
        s.keep_report()
        with pytest.raises(vitals.VitalsError, match="no table"):
            s.report()
        for bad in ({"top": -1}, {"top": 1.5}, {"max_points": True}, {"top": (1 << 20) + 1}):
            with pytest.raises(ValueError):
                s.keep_report(**bad)
        s.score(book.iloc[:10])
        with pytest.raises(vitals.VitalsError, match="before the first"):
            s.keep_report()
        assert s.report().startswith("<!DOCTYPE html>")
    with vitals.Session(vitals.Scorecard.default(), as_of=AS_OF) as s:
        s.keep_report()
        with pytest.raises(vitals.VitalsError, match="unknown_column|missing|column"):
            s.score(book.drop(columns=["nps"]))
        # the session saw that table's side-input accounts: a page without its rows would lie
        with pytest.raises(vitals.VitalsError, match="failed to score"):
            s.report()


def test_save_report_is_whole_or_nothing(tmp_path):
    book = read_book()
    out = tmp_path / "report.html"
    page = vitals.report(vitals.Scorecard.default(), book, out, as_of=AS_OF)
    assert out.read_text(encoding="utf-8") == page
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    os.chmod(out, 0o640)   # a second write keeps the file's permissions
    with vitals.Session(vitals.Scorecard.default(), as_of=AS_OF) as s:
        s.keep_report(title="again")
        s.score(book)
        again = s.save_report(out)
    assert out.read_text(encoding="utf-8") == again and "again" in again
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    # a folder that does not exist: an error, and nothing written anywhere
    with pytest.raises(FileNotFoundError):
        vitals.report(vitals.Scorecard.default(), book, tmp_path / "missing" / "r.html", as_of=AS_OF)
    with pytest.raises(IsADirectoryError):
        vitals.report(vitals.Scorecard.default(), book, tmp_path, as_of=AS_OF)
    os.chmod(out, 0o440)   # a file we may not write is refused, as vitals report --out refuses it
    if os.geteuid() != 0:  # root writes anyway
        with pytest.raises(PermissionError):
            vitals.report(vitals.Scorecard.default(), book, out, as_of=AS_OF)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
