"""``rx.compile``: the analyzer's patterns kept compiled between processes, always the pattern re.compile makes."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.analyzer import rx

PATTERNS = [
    (r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>件|次|人次)", 0),
    (r"(?<![第\d])([一二三四五六七八九十]+)、", 0),
    (r"^\s*（[一二三四五六七八九十]+）", re.M),
    (r"fazhi|法治(?=政府)", re.I),
    (r"[\u4e00-\u9fff]{2,6}(?:县|区|市)人民政府", 0),
]
TEXTS = ["全年办理行政复议案件12件，同比增长3.5次", "一、主要举措\n（二）依法行政", "FAZHI 法治政府建设",
         "示范市示范县人民政府：二、存在问题", "第一、二次会议"]


def _same(compiled: re.Pattern, pattern: str, flags: int) -> None:
    plain = re.compile(pattern, flags)
    assert (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex) == (
        plain.pattern, plain.flags, plain.groups, plain.groupindex)
    for text in TEXTS:
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.groups() for m in compiled.finditer(text)] == [m.groups() for m in plain.finditer(text)]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(rx, "_entries", {})
    monkeypatch.setattr(rx, "_used", {})
    monkeypatch.setattr(rx, "_state", {"loaded": False, "new": 0, "pid": rx.os.getpid()})
    return tmp_path


def _in_a_new_process(cache_dir: Path) -> str:
    """Compile every pattern in a fresh interpreter; return what it reports (loaded and new patterns)."""
    script = (
        "import re, sys; from fazhi.analyzer import rx\n"
        f"for p, f in {PATTERNS!r}: rx.compile(p, f)\n"
        "print(len(rx._entries) - rx._state['new'], rx._state['new'])\n"
    )
    env = {"FAZHI_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not rx._ENGINE, reason="this Python's re has no compiler to cache")
def test_a_pattern_from_the_cache_is_the_pattern_re_compile_makes(cache):
    for pattern, flags in PATTERNS:
        _same(rx.compile(pattern, flags), pattern, flags)
    rx.save()
    assert rx.cache_file().parent == cache and rx.cache_file().exists()
    assert _in_a_new_process(cache).split() == [str(len(PATTERNS)), "0"]  # all read back, none compiled
    # Read back into this process too, each is still the same pattern.
    rx._entries.clear()
    rx._state["loaded"] = False
    for pattern, flags in PATTERNS:
        _same(rx.compile(pattern, flags), pattern, flags)
    assert rx._state["new"] == 0


@pytest.mark.skipif(not rx._ENGINE, reason="this Python's re has no compiler to cache")
def test_a_damaged_file_or_entry_is_compiled_again(cache):
    pattern, flags = PATTERNS[0]
    rx.compile(pattern, flags)
    rx.save()
    path = rx.cache_file()
    entries = marshal.loads(path.read_bytes())
    (key,) = entries
    flags_, code, groups, groupindex, indexgroup = entries[key]
    entries[key] = (flags_, code[:5] + [999999] + code[6:], groups, groupindex, indexgroup)  # the engine refuses it
    path.write_bytes(marshal.dumps(entries))
    rx._entries.clear()
    rx._state.update(loaded=False, new=0)
    _same(rx.compile(pattern, flags), pattern, flags)
    assert rx._state["new"] == 1  # compiled again, and saved again at exit
    path.write_bytes(b"\x00not marshal")
    assert _in_a_new_process(cache).split() == ["0", str(len(PATTERNS))]
    assert len(marshal.loads(path.read_bytes())) == len(PATTERNS)  # the new process wrote a good file


def test_no_cache_directory_means_plain_compiling(monkeypatch, tmp_path):
    monkeypatch.setenv("FAZHI_CACHE_DIR", "")
    assert rx.cache_file() is None
    pattern, flags = PATTERNS[1]
    _same(rx.compile(pattern, flags), pattern, flags)
    rx.save()
    assert not list(tmp_path.iterdir())


def test_the_analyzer_compiles_its_patterns_through_the_cache():
    """A module that called re.compile would compile its patterns again in every process."""
    folder = Path(rx.__file__).parent
    found = [f"{path.name}:{n}" for path in sorted(folder.glob("*.py")) if path.name != "rx.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "re.compile(" in line]
    assert not found, found
