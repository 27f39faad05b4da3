"""Installing the package as a user would, then importing and scoring with no environment variable
set: pip (offline, setuptools from Debian) into a fresh venv, and `cmake --install` of this build
into a fresh prefix. ctest "python_packaging" runs this (it sets VITALS_BUILD_DIR, the build tree to
install, and VITALS_INSTALL_PYTHON / VITALS_INSTALL_PYTHONDIR as configured)."""

import os
import pickle
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import vitals

from conftest import PACKAGE_PARENT, REPO

EX = os.path.join(REPO, "docs", "examples")

# Scores the sample book with the session (every side input) and pickles the result with where the
# package and the library were found; run by the installed Python, in a folder outside the checkout.
SCORE = f"""
import os, pickle, sys
import pandas as pd
import vitals
ex = {EX!r}
book = pd.read_csv(os.path.join(ex, "accounts.csv"), dtype={{"account_id": str, "segment": str, "parent_id": str}},
                   float_precision="round_trip")
with vitals.Session(os.path.join(ex, "segments.json"), as_of="2026-11-30",
                    **{{k: os.path.join(ex, k + ".csv") for k in ("history", "previous", "surveys", "overrides")}}) as s:
    result = s.score(book)
with open(sys.argv[1], "wb") as f:
    pickle.dump({{"package": vitals.__file__, "library": vitals.library_path(), "result": result,
                 "version": vitals.__version__}}, f)
"""


def expected():
    book = pd.read_csv(os.path.join(EX, "accounts.csv"), dtype={"account_id": str, "segment": str, "parent_id": str},
                       float_precision="round_trip")
    with vitals.Session(os.path.join(EX, "segments.json"), as_of="2026-11-30",
                        **{k: os.path.join(EX, k + ".csv") for k in ("history", "previous", "surveys", "overrides")}) as s:
        return s.score(book)


def clean_env(**extra):
    """The environment without anything that points at the library or the package."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VITALS_LIBRARY", "PYTHONPATH", "VITALS_REFERENCE", "VITALS_CLI", "PYTHONHOME")}
    env.update(extra)
    return env


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{cmd} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}"
    return p


def score_with(python, tmp_path, env):
    out = tmp_path / "scored.pickle"
    script = tmp_path / "score.py"
    script.write_text(SCORE)
    run([python, str(script), str(out)], env=env, cwd=str(tmp_path))
    with open(out, "rb") as f:
        return pickle.load(f)


def assert_same_result(got):
    pd.testing.assert_frame_equal(got, expected(), check_exact=True)


def built_library():
    lib = os.environ.get("VITALS_LIBRARY")
    if not lib or not os.path.isfile(lib):
        pytest.skip("VITALS_LIBRARY (the built libvitals) is not set; run through ctest")
    return lib


def test_pip_install_into_a_venv_offline(tmp_path):
    lib = built_library()
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    # pip builds in the source folder (build/, vitals.egg-info): build a copy, not the checkout
    src = tmp_path / "src"
    shutil.copytree(PACKAGE_PARENT, src, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    env = clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    run(pip + ["install", "--no-build-isolation", "--no-index", str(src)], env=env, cwd=str(tmp_path))
    shown = run(pip + ["show", "vitals"], env=env).stdout
    assert f"Version: {vitals.__version__}" in shown
    # the library where `cmake --install --prefix <venv>` puts it: <venv>/lib, under its soname
    shutil.copy(lib, venv / "lib" / "libvitals.so.1")
    got = score_with(str(venv / "bin" / "python"), tmp_path, clean_env())
    site = run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
               env=clean_env()).stdout.strip()
    assert got["package"] == os.path.join(site, "vitals", "__init__.py")   # the installed copy
    assert os.path.isfile(os.path.join(site, "vitals", "py.typed"))
    assert got["library"] == str(venv / "lib" / "libvitals.so.1")
    assert got["version"] == vitals.__version__
    assert_same_result(got["result"])


def test_cmake_install_puts_the_package_next_to_the_library(tmp_path):
    build = os.environ.get("VITALS_BUILD_DIR")
    pydir = os.environ.get("VITALS_INSTALL_PYTHONDIR")
    if not build or not pydir:
        pytest.skip("VITALS_BUILD_DIR / VITALS_INSTALL_PYTHONDIR are not set; run through ctest")
    prefix = tmp_path / "prefix"
    cmake = os.environ.get("CMAKE_COMMAND", "cmake")
    run([cmake, "--install", build, "--prefix", str(prefix)])
    if os.environ.get("VITALS_INSTALL_PYTHON") not in ("ON", "1", "TRUE", "YES", "Y", "On", "on", "true"):
        assert not (prefix / pydir / "vitals").exists()  # without the option, only the component has it
        run([cmake, "--install", build, "--prefix", str(prefix), "--component", "python"])
    site = prefix / pydir
    assert (site / "vitals" / "py.typed").is_file() and (site / "vitals" / "_install_layout.py").is_file()
    # this interpreter's own prefix is not the install prefix: only the path relative to the package
    # can find the library (no VITALS_LIBRARY, no LD_LIBRARY_PATH)
    env = clean_env(PYTHONPATH=str(site))
    env.pop("LD_LIBRARY_PATH", None)
    got = score_with(sys.executable, tmp_path, env)
    assert got["package"] == str(site / "vitals" / "__init__.py")
    assert os.path.dirname(got["library"]) == str(prefix / "lib")
    assert os.path.basename(got["library"]).startswith("libvitals.so")
    assert_same_result(got["result"])


def test_pip_install_from_the_install_prefix(tmp_path):
    """cmake --install puts the package's source under <prefix>/share/vitals/python; pip installs it
    into a venv offline, and the venv's copy finds the prefix's library (no environment variables)."""
    build = os.environ.get("VITALS_BUILD_DIR")
    if not build:
        pytest.skip("VITALS_BUILD_DIR is not set; run through ctest")
    prefix = tmp_path / "prefix"
    cmake = os.environ.get("CMAKE_COMMAND", "cmake")
    run([cmake, "--install", build, "--prefix", str(prefix)])
    run([cmake, "--install", build, "--prefix", str(prefix), "--component", "python"])
    source = prefix / "share" / "vitals" / "python"
    assert (source / "pyproject.toml").is_file() and (source / "vitals" / "py.typed").is_file()
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    env = clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    run(pip + ["install", "--no-build-isolation", "--no-index", str(source)], env=env, cwd=str(tmp_path))
    env = clean_env()
    env.pop("LD_LIBRARY_PATH", None)
    got = score_with(str(venv / "bin" / "python"), tmp_path, env)
    site = run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
               env=env).stdout.strip()
    assert got["package"] == os.path.join(site, "vitals", "__init__.py")   # the venv's copy
    assert os.path.dirname(got["library"]) == str(prefix / "lib")        # the prefix's library
    assert_same_result(got["result"])
