"""Loading libvitals: the search order, the error listing every path tried, the ABI check."""

import os
import shutil

import pytest

import vitals
from vitals import _native

from conftest import PACKAGE_PARENT, run_python


def test_loaded_library_matches_the_environment():
    path = vitals.load_library()
    assert path == vitals.library_path()
    assert os.path.realpath(path) == os.path.realpath(os.environ["VITALS_LIBRARY"])
    assert vitals.library_version() == vitals.__version__
    assert vitals.ABI_VERSION == 1


def test_build_info_names_the_level_and_vitals_isa_forces_one():
    info = vitals.build_info()
    assert info.startswith("vitals " + vitals.__version__ + "; isa ")
    cpu = info.split("; cpu ")[1].split(";")[0]
    assert cpu in ("baseline", "avx2", "avx512")
    code = ("import numpy as np, vitals\n"
            "card = vitals.Scorecard.default()\n"
            "rng = np.random.default_rng(7)\n"
            "cols = card.inputs\n"
            "x = rng.uniform(-1, 100, (3000, len(cols)))\n"
            "x[rng.uniform(size=x.shape) < 0.05] = np.nan\n"
            "s = card.score(x, columns=cols)\n"
            "print(vitals.build_info())\n"
            "print(np.asarray(s.score).tobytes().hex())\n")
    runs = {}
    for level in ("baseline", "avx2", "avx512", "sse9"):
        r = run_python(code, env={"VITALS_ISA": level})
        assert r.returncode == 0, r.stderr
        line, scores = r.stdout.splitlines()
        runs[level] = scores
        if level == "sse9":
            assert f"isa {cpu} (VITALS_ISA=sse9 is not a level" in line
        elif ["baseline", "avx2", "avx512"].index(level) <= ["baseline", "avx2", "avx512"].index(cpu):
            assert f"; isa {level};" in line
        else:  # a level this CPU lacks: the best it has, and the line says so
            assert f"; isa {cpu} (VITALS_ISA={level}, but this CPU lacks {level}; using {cpu});" in line
    assert len(set(runs.values())) == 1  # the same bits at every level


def test_every_function_is_declared_from_the_table():
    lib = _native.load()
    for name, (restype, argtypes) in _native.FUNCTIONS.items():
        fn = getattr(lib, name[len("vitals_"):])
        assert fn.argtypes == argtypes, name
        if restype is _native._status:
            assert fn.errcheck is not None, name
    assert lib.abi_version() == _native.ABI_VERSION
    assert lib.status_string(vitals.ERR_SHAPE_MISMATCH) == b"shape_mismatch"
    assert lib.status_string(-12345) == b"unknown"


def test_a_second_path_after_loading_is_refused(tmp_path):
    other = tmp_path / "libvitals.so"
    other.write_bytes(b"")
    with pytest.raises(vitals.LibraryError):
        vitals.load_library(str(other))


def _isolated_package(tmp_path):
    """A copy of the package outside the source tree, laid out as an install prefix's site-packages:
    <tmp>/prefix/lib/python3/site-packages/vitals (so no build tree is found next to it, and the
    prefix's library folder, relative to the package, is <tmp>/prefix/lib)."""
    dst = tmp_path / "prefix" / "lib" / "python3" / "site-packages"
    shutil.copytree(os.path.join(PACKAGE_PARENT, "vitals"), dst / "vitals",
                    ignore=shutil.ignore_patterns("__pycache__", "_install_layout.py"))
    return str(dst)


def test_not_found_lists_every_path_tried(tmp_path):
    site = _isolated_package(tmp_path)
    missing = str(tmp_path / "nowhere" / "libvitals.so.1")
    p = run_python(
        "import sys, vitals\n"
        "try:\n"
        "    vitals.Scorecard.default()\n"
        "except vitals.LibraryError as e:\n"
        "    print('PREFIX', sys.prefix)\n"
        "    print('TRIED', e.tried)\n"
        "    print(e)\n",
        env={"PYTHONPATH": site, "VITALS_LIBRARY": missing, "LD_LIBRARY_PATH": ""})
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "libvitals was not found" in out
    prefix = out.split("PREFIX ", 1)[1].splitlines()[0]
    tried = eval(out.split("TRIED ", 1)[1].splitlines()[0])  # noqa: S307 - our own repr of a list of str
    expected = [os.path.join(site, "vitals", "libvitals.so.1"), os.path.join(site, "vitals", "libvitals.so"),  # 1
                str(tmp_path / "prefix" / "lib" / "libvitals.so.1"), str(tmp_path / "prefix" / "lib" / "libvitals.so"),  # 2
                os.path.join(prefix, "lib", "libvitals.so.1"), os.path.join(prefix, "lib", "libvitals.so"),  # 3
                _native.SYSTEM_LOADER,                                                                        # 4
                missing]                                                                                      # 5
    assert tried == expected
    message = out.split("TRIED", 1)[1]
    places = [message.index(f"  {t}: ") for t in tried]   # each one named, with why it failed, in order
    assert places == sorted(places)
    assert "build" not in message  # not a source checkout: no build tree is looked at


def test_the_prefix_library_folder_relative_to_the_package(tmp_path):
    site = _isolated_package(tmp_path)
    lib = tmp_path / "prefix" / "lib" / "libvitals.so.1"
    shutil.copy(os.environ["VITALS_LIBRARY"], lib)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(os.environ["VITALS_LIBRARY"], other / "libvitals.so.1")
    p = run_python("import vitals; print(vitals.library_path())",
                   env={"PYTHONPATH": site, "VITALS_LIBRARY": str(other)})  # VITALS_LIBRARY comes after it
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(lib)


def test_the_system_loader_before_vitals_library(tmp_path):
    site = _isolated_package(tmp_path)
    folder = tmp_path / "ld"
    folder.mkdir()
    for name in ("libvitals.so.1", "libvitals.so"):  # the soname dlopen loads, the name the linker finds
        shutil.copy(os.environ["VITALS_LIBRARY"], folder / name)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(os.environ["VITALS_LIBRARY"], other / "libvitals.so.1")
    p = run_python("import vitals; print(vitals.library_path())",
                   env={"PYTHONPATH": site, "VITALS_LIBRARY": str(other), "LD_LIBRARY_PATH": str(folder)})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(folder / "libvitals.so.1")


def test_a_source_checkout_looks_in_its_build_trees_last():
    paths = _native.candidate_paths()
    assert paths.index(_native.SYSTEM_LOADER) < paths.index(os.environ["VITALS_LIBRARY"])
    assert any(os.path.join("build", "") in p and os.path.join("capi", "libvitals") in p for p in paths)
    assert all(os.path.join("build", "") not in p for p in paths[:paths.index(os.environ["VITALS_LIBRARY"])])


def test_package_folder_comes_first(tmp_path):
    site = _isolated_package(tmp_path)
    shutil.copy(os.environ["VITALS_LIBRARY"], os.path.join(site, "vitals", "libvitals.so.1"))
    p = run_python("import vitals; print(vitals.library_path())",
                   env={"PYTHONPATH": site, "VITALS_LIBRARY": "/nonexistent/libvitals.so.1"})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == os.path.join(site, "vitals", "libvitals.so.1")


def test_vitals_library_may_name_a_folder(tmp_path):
    site = _isolated_package(tmp_path)
    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(os.environ["VITALS_LIBRARY"], folder / "libvitals.so.1")
    p = run_python("import vitals; print(vitals.library_path())",
                   env={"PYTHONPATH": site, "VITALS_LIBRARY": str(folder)})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(folder / "libvitals.so.1")


def test_abi_version_is_checked_at_load():
    p = run_python(
        "import vitals\n"
        "from vitals import _native\n"
        "_native.ABI_VERSION = 99\n"
        "try:\n"
        "    vitals.load_library()\n"
        "except vitals.LibraryError as e:\n"
        "    print(e)\n")
    assert p.returncode == 0, p.stderr
    assert "has ABI version 1; this vitals package needs ABI version 99" in p.stdout


def test_a_file_that_is_not_a_library_is_reported(tmp_path):
    site = _isolated_package(tmp_path)
    bogus = tmp_path / "libvitals.so.1"
    bogus.write_text("not an ELF file")
    p = run_python("import vitals\ntry:\n    vitals.load_library()\nexcept vitals.LibraryError as e:\n    print(e)\n",
                   env={"PYTHONPATH": site, "VITALS_LIBRARY": str(bogus)})
    assert p.returncode == 0, p.stderr
    assert str(bogus) in p.stdout and "not found" not in p.stdout.split(str(bogus))[1].splitlines()[0]


def test_import_does_not_load_the_library(tmp_path):
    site = _isolated_package(tmp_path)
    p = run_python("import vitals; print(vitals.__version__)",
                   env={"PYTHONPATH": site, "VITALS_LIBRARY": "/nonexistent"})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "0.1.0"


# ---- the Python table agrees with vitals.h ----------------------------------------------------------

HEADER = os.path.join(PACKAGE_PARENT, "..", "include", "vitals", "vitals.h")


def _header():
    with open(HEADER) as f:
        return f.read()


def test_every_header_function_is_in_the_table():
    import re
    declared = set(re.findall(r"VITALS_API\s[^;]*?\b(vitals_[a-z0-9_]+)\(", _header()))
    assert declared == set(_native.FUNCTIONS)


def test_constants_match_the_header():
    import re
    defines = {m[0]: int(m[1]) for m in re.findall(r"#define (VITALS_[A-Z0-9_]+) \(?(-?\d+)\)?\s", _header())}
    assert defines["VITALS_ABI_VERSION"] == vitals.ABI_VERSION
    for name, value in defines.items():
        short = name[len("VITALS_"):]
        if short.startswith(("ERR_", "ACCOUNT_", "DTYPE_")) or short in ("OK", "BAND_NONE", "MAX_TOP_K"):
            assert getattr(_native, short) == value, name


def test_struct_members_match_the_header():
    import re
    text = _header()
    for struct, cls in (("vitals_score_options", _native.ScoreOptions), ("vitals_score_output", _native.ScoreOutput)):
        body = re.search(r"typedef struct " + struct + r" \{(.*?)\} " + struct + ";", text, re.S).group(1)
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        members = re.findall(r"\b(\w+);", body)
        assert [f[0] for f in cls._fields_] == members, struct


def test_scores_to_pandas_and_labels(card):
    import numpy as np
    x = np.array([[90, 100, 0.15, 0.8, 0.04, 0.6, 55, 0, 40, 400, 1, 0.12], [np.nan] * 12])
    s = card.score(x, drivers=1)
    df = s.to_pandas()
    assert list(df["band_label"]) == ["green", "no data"] == s.labels()
    assert list(df["driver_1"]) == [card.measures[s.drivers[0, 0]], None]
    plain = card.score(x.tolist())
    assert plain.labels() == ["green", "no data"]


# ---- typing ---------------------------------------------------------------------------------------

def test_the_public_api_has_type_hints():
    """Every public function and method (vitals.__all__) annotates its parameters and its return
    (PEP 561: the package ships py.typed)."""
    import inspect
    assert os.path.isfile(os.path.join(PACKAGE_PARENT, "vitals", "py.typed"))
    missing = []
    for name in vitals.__all__:
        obj = getattr(vitals, name)
        funcs = []
        if inspect.isclass(obj):
            for k, v in vars(obj).items():
                if k.startswith("_") and k != "__init__":
                    continue
                v = v.__func__ if isinstance(v, (classmethod, staticmethod)) else v
                v = v.fget if isinstance(v, property) else v
                if inspect.isfunction(v):
                    funcs.append((f"{name}.{k}", v))
        elif inspect.isfunction(obj):
            funcs.append((name, obj))
        for where, f in funcs:
            sig = inspect.signature(f)
            bare = [p.name for p in sig.parameters.values()
                    if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty]
            if bare or sig.return_annotation is inspect.Signature.empty:
                missing.append((where, bare, sig.return_annotation is inspect.Signature.empty))
    assert not missing, missing
