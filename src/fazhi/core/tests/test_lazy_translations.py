"""Text translated when a module is imported is frozen in whichever language was active then.

A module-level ``gettext`` (a label table, a message map) shows English to every Chinese reader once the
first request that imported it ran in English. This test finds such calls; use ``gettext_lazy`` there.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def _import_time_calls(tree: ast.Module, names: set[str]) -> list[int]:
    found = []

    def walk(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue  # runs per call, in the reader's language
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
                found.append(child.lineno)
            walk(child)

    walk(tree)
    return found


def test_no_module_translates_text_when_it_is_imported():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in rel:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
                 and node.module == "django.utils.translation" for alias in node.names if alias.name in EAGER}
        offenders += [f"{rel}:{line}" for line in _import_time_calls(tree, names)] if names else []
    assert not offenders, "translated at import time (use gettext_lazy):\n" + "\n".join(offenders)
