#!/usr/bin/env bash
# Run the whole test suite: first everything but the browser tests, then the browser tests (marker `e2e`), each
# half in parallel with pytest-xdist (a browser test's worker starts one chromium); end with one line that adds
# both up. FAZHI_PAGE_TESTS=0 leaves out the whole-page tests (markers `e2e` and `pages`: the browser tests and
# the link crawl), as the PostgreSQL run does: they check pages whose database work the other tests run there.
#
# The two halves run in separate processes because Playwright's sync API leaves an asyncio event loop set
# on the thread that started it, which would disturb the other tests (async_to_sync refuses to run there).
# Extra arguments go to both pytest runs. PYTEST_WORKERS sets the number of xdist workers (default: auto).
# A half that selects no test is fine; the run fails if neither half ran a test.
set -uo pipefail
cd "$(dirname "$0")/.."

pytest=${PYTEST:-.venv/bin/pytest}
reports=$(mktemp -d "${TMPDIR:-/tmp}/fazhi-tests.XXXXXX")
trap 'rm -rf "$reports"' EXIT

if [[ ${FAZHI_PAGE_TESTS:-1} == 0 ]]; then
    unit_marks="not e2e and not pages"
else
    unit_marks="not e2e"
fi
"$pytest" -n "${PYTEST_WORKERS:-auto}" -m "$unit_marks" --junitxml="$reports/unit.xml" "$@"
unit=$?
echo
if [[ ${FAZHI_PAGE_TESTS:-1} == 0 ]]; then
    echo "fazhi: the whole-page tests (browser tests, link crawl) left out (FAZHI_PAGE_TESTS=0)."
    e2e=5
else
    "$pytest" -n "${PYTEST_WORKERS:-auto}" -m e2e --junitxml="$reports/e2e.xml" "$@"
    e2e=$?
fi

status=0
for code in "$unit" "$e2e"; do
    if [[ $code -ne 0 && $code -ne 5 ]]; then
        status=$code
    fi
done
if [[ $unit -eq 5 && $e2e -eq 5 ]]; then
    echo "fazhi: no test was selected." >&2
    status=5
fi
if [[ $status -ne 0 ]]; then
    echo "fazhi: tests failed (unit and integration: exit $unit, browser: exit $e2e)." >&2
fi
# One closing line for both halves, e.g. "tests: 120 passed, 0 failed, 3 skipped".
.venv/bin/python - "$reports"/*.xml <<'PY' || true
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        continue
    for suite in root.iter("testsuite"):
        tests, skips = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        passed += tests - bad - skips
        failed += bad
        skipped += skips
print(f"\ntests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$status"
