"""Regular expressions compiled once per machine rather than once per process.

The analyzer's patterns are many and large (the catalog's phrases, the places of the country): Python compiles a
pattern in pure Python, and compiling them all took about half of a one-file ``fazhi analyze`` run, start-up
included. ``compile`` keeps what Python's compiler makes of each pattern (the code the regular expression engine
runs, with its groups) in a file under the user's cache directory, as Python keeps bytecode in ``__pycache__``, and
hands it straight to the engine (``_sre.compile``) in the next process. The file is named by the Python version and
the engine's code version, so another Python never reads it; an entry the engine refuses is compiled again; without
a writable cache directory (``FAZHI_CACHE_DIR``, else ``$XDG_CACHE_HOME/fazhi``, else ``~/.cache/fazhi``; empty:
none) every pattern is compiled as ``re.compile`` does. The result is always the pattern ``re.compile`` returns.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path

try:
    import _sre
    from re import _compiler, _parser

    _TAG = f"{sys.implementation.cache_tag}-{_sre.MAGIC}"
    _ENGINE = callable(getattr(_compiler, "_code", None)) and callable(getattr(_parser, "parse", None))
except (ImportError, AttributeError):  # another Python: plain re.compile
    _ENGINE = False
    _TAG = ""

#: Beyond this many patterns the file keeps only those this process used (a pattern built from a report's text
#: would otherwise make it grow run after run).
MOST = 4000

_entries: dict[tuple[str, int], tuple] = {}
_used: dict[tuple[str, int], tuple] = {}
_state = {"loaded": False, "new": 0, "pid": os.getpid()}


def cache_file() -> Path | None:
    """The cache's file, or None when ``FAZHI_CACHE_DIR`` is set empty."""
    base = os.environ.get("FAZHI_CACHE_DIR")
    if base == "" or not _TAG:
        return None
    if base is None:
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(home, "fazhi")
    return Path(base) / f"regex-{_TAG}.marshal"


def _load() -> None:
    _state["loaded"] = True
    path = cache_file()
    if path is None:
        return
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(data, dict):
        _entries.update(data)


def compile(pattern, flags=0) -> re.Pattern:  # noqa: A001 - re.compile's name and signature
    """Return ``re.compile(pattern, flags)``, from the cache when it holds the pattern."""
    if not _ENGINE or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    if not _state["loaded"]:
        _load()
    key = (pattern, int(flags))
    entry = _entries.get(key)
    if entry is not None:
        try:
            compiled = _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - a damaged or foreign entry: compile it again
            compiled = None
        if compiled is not None:
            _used[key] = entry
            return compiled
    parsed = _parser.parse(pattern, key[1])
    code = [int(op) for op in _compiler._code(parsed, key[1])]  # plain ints: its opcodes are an int subclass
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (int(key[1] | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    compiled = _sre.compile(pattern, *entry)
    _entries[key] = _used[key] = entry
    _state["new"] += 1
    return compiled


@atexit.register
def save() -> None:
    """Write the cache when this process compiled patterns it did not hold (never in a forked worker)."""
    path = cache_file()
    if not _state["new"] or path is None or os.getpid() != _state["pid"]:
        return
    kept = _entries if len(_entries) <= MOST else _used
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(kept))
        os.replace(temporary, path)
    except (OSError, ValueError):
        return
    _state["new"] = 0
