"""One rule for naming an agency: in full on every list and page; the short form only where space is tight."""

import re
from pathlib import Path

from fazhi.org.models import Agency

SRC = Path(__file__).resolve().parents[2]
#: Files that may read ``short_name`` itself: the model (which defines ``brief``), its API and admin, the
#: agency search (a clerk may type either form) and the demo data that fills it.
ALLOWED = {"org/models.py", "org/api.py", "org/admin.py", "org/views.py", "demo/county.py"}


def test_only_agency_brief_reads_the_short_name():
    offenders = []
    for path in SRC.rglob("*"):
        rel = path.relative_to(SRC).as_posix()
        if path.suffix not in (".py", ".html", ".txt", ".js") or "/tests/" in f"/{rel}" or "/migrations/" in rel:
            continue
        if rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"short_name", line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "name an agency by .name, or .brief where space is tight:\n" + "\n".join(offenders)


def test_brief_falls_back_to_the_full_name():
    assert Agency(name="示范县市场监督管理局", short_name="县市场监管局").brief == "县市场监管局"
    assert Agency(name="示范县教育局", short_name="").brief == "示范县教育局"
