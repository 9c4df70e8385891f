"""The link checker: every page a person reaches by following links opens, and reads as a Chinese page.

For each demo persona (and the public on the portal) a bounded crawl follows every link from the home page.
It fails on a link that answers 403, 404, 500 or sends to the log-in page, on an id used twice in a page or a label or description tied to no id,
on English words in a Chinese page outside a short allow-list (product names and file formats), on Chinese in
half-width brackets, and on text that names one of the repository's files.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fazhi.core.tests.crawl import crawl

pytestmark = [pytest.mark.django_db, pytest.mark.pages, pytest.mark.slow]

PERSONAS = ["director", "office", "clerk", "clerk2", "township", "leader", "supervisor", "outsider", "admin"]

#: Latin words a Chinese page may show: names, formats, standards and abbreviations readers use as they are.
ALLOWED_LATIN = {
    "fazhi", "English", "API", "JSON", "OpenAPI", "DOCX", "PDF", "HTML", "Excel", "CSV", "XLSX", "xlsx", "csv",
    "json", "docx", "pdf", "html", "txt", "zip", "GB", "URL", "SHA", "ID", "WPS", "Word", "Bearer", "token",
    "CSRF", "www", "gov", "cn", "https", "http",
    "UTF-", "GBK", "Big",  # text encodings: UTF-8, GBK, Big5 (the word pattern stops at the digit)
}
URL = re.compile(r"https?://\S+|www\.\S+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
#: Chinese inside or beside half-width brackets: Chinese text takes full-width （）, e.g. 村（社区）.
HALF_BRACKETS = re.compile(r"\([^()]*[\u4e00-\u9fff][^()]*\)|[\u4e00-\u9fff]\([^()]*\)")
REPO_FILE = re.compile(r"[\w./-]+\.(?:md|py|toml|cfg|sh)\b|legal-rules|ARCHITECTURE|\bsrc/fazhi\b")


@pytest.fixture
def demo(demo_year, db):
    return demo_year


def _problems(result) -> list[str]:
    problems = []
    for visit in result.broken():
        if visit.referrer.startswith("/login/"):
            continue  # the log-in page's own links (the brand leads home, which asks to log in)
        problems.append(f"{visit.status} {visit.url} (linked from {visit.referrer or 'the start'})")
    for visit in result.visits:
        if visit.duplicate_ids:  # a label or an error tied to a repeated id reaches the wrong field
            problems.append(f"repeated id on {visit.url}: {', '.join(visit.duplicate_ids[:8])}")
        if visit.dangling:  # help or a label tied to nothing: a screen reader never reads it with its field
            problems.append(f"aria-describedby, aria-labelledby or label[for] naming no id on {visit.url}: "
                            f"{', '.join(visit.dangling[:8])}")
        if not visit.lang.startswith("zh"):
            continue
        text = URL.sub(" ", visit.text)
        english = sorted({w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN})
        if english:
            problems.append(f"English on {visit.url}: {', '.join(english[:12])}")
        brackets = sorted(set(HALF_BRACKETS.findall(text)))
        if brackets:
            problems.append(f"half-width brackets in Chinese on {visit.url}: {', '.join(brackets[:8])}")
        named = sorted(set(REPO_FILE.findall(visit.text)))
        if named:
            problems.append(f"repository file named on {visit.url}: {', '.join(named)}")
    return problems


@pytest.mark.parametrize("username", PERSONAS)
def test_every_link_a_persona_sees_opens(demo, username, capsys):
    from fazhi.org.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    result = crawl(client, "/")

    with capsys.disabled():
        print(f"\ncrawl as {username}: {result.pages} pages visited")
    assert result.pages > 10
    problems = _problems(result)
    assert not problems, f"{len(problems)} problems for {username}:\n" + "\n".join(problems[:60])


def test_every_link_the_public_sees_opens(demo, capsys):
    result = crawl(Client(), "/portal/")

    with capsys.disabled():
        print(f"\ncrawl as the public: {result.pages} pages visited")
    assert result.pages > 3
    problems = _problems(result)
    assert not problems, f"{len(problems)} problems for the public:\n" + "\n".join(problems[:60])
