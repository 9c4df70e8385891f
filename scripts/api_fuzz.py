"""Fuzz the JSON API with schemathesis against a throwaway server, as a token client and as a browser session.

`make fuzz-api` and `.ci/run` call this (through scripts/api-fuzz.sh). It builds the demo county in a
throwaway SQLite database under var/, starts gunicorn on 127.0.0.1 on a free port (its log beside the
database), issues an API token for the county office's clerk (`fazhi token issue`), logs the department
clerk in for a session, and runs schemathesis over /api/v1/openapi.json twice: with the Bearer token, then
with the session cookie and its X-CSRFToken. Reads and writes, a bounded number of examples per operation
(FAZHI_FUZZ_EXAMPLES, default 20; the session run a quarter of it, FAZHI_FUZZ_SESSION_EXAMPLES; the token run's
phases FAZHI_FUZZ_PHASES, default all), checks: no 500, documented status codes, content types and response
schemas. Prints each run's size and time; exits non-zero when either run found a failure. The reports
(JUnit XML, schemathesis's output) stay in the throwaway directory, which is kept when a run fails.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("FAZHI_BIN", ROOT / ".venv" / "bin"))
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
PASSWORD = "fazhi-demo-2026"  # the demo county's (fazhi/demo/county.py)
TOKEN_USER = "office"  # the county office's clerk: reads and acts on every agency of the county
SESSION_USER = "clerk"  # the 市场监管局 clerk, through the browser's log-in


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(env, *args, capture=False) -> str:
    result = subprocess.run([str(BIN / "fazhi"), *args], env=env, check=True, text=True,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return result.stdout if capture else ""


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"api-fuzz: the server did not answer {url} within {seconds:.0f} s")


def log_in(base: str, username: str) -> tuple[str, str]:
    """Log in through the log-in page as a browser does; return the session id and the CSRF token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"}))
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"api-fuzz: could not log in as {username}")
    return cookies["sessionid"], cookies["csrftoken"]


def distinct_failures(output: str) -> list[str]:
    """One line per operation, checks and status from schemathesis's FAILURES section."""
    found: dict[str, None] = {}
    section, case = None, None

    def flush():
        if case and case["status"]:
            operation = section
            if case["curl"] and (operation is None or not operation.startswith(("GET ", "POST ", "PUT ", "PATCH "))):
                method, path = case["curl"]
                operation = method + " " + re.sub(r"/\d+(?=/|$)", "/{id}", path)
            found[f"{operation}: {', '.join(case['checks'])} ({case['status']})"] = None

    for line in output[output.find("= FAILURES ="):].splitlines():
        if m := re.match(r"^_+ (.+?) _+$", line):
            flush()
            section, case = m.group(1), None
        elif re.match(r"^\d+\. Test Case ID:", line):
            flush()
            case = {"checks": [], "status": None, "curl": None}
        elif case is not None and (m := re.match(r"^- (ST\d+ .+)$", line)):
            case["checks"].append(m.group(1))
        elif case is not None and (m := re.match(r"^\[(\d{3})\]", line)):
            case["status"] = m.group(1)
        elif case is not None and "curl -X" in line:
            m = re.search(r"-X (\w+) .*?'?(https?://[^' ]+)", line)
            if m:
                case["curl"] = (m.group(1), urllib.parse.urlsplit(m.group(2)).path)
    flush()
    return sorted(found)


def server_errors(log: Path) -> list[str]:
    """The requests the server answered 500, by path, with the exception that caused each."""
    errors: dict[str, None] = {}
    path = None
    for line in log.read_text(errors="replace").splitlines():
        if m := re.match(r"^Internal Server Error: (\S+)", line):
            path = m.group(1)
        elif path and (m := re.match(r"^([\w.]+(?:Error|Exception)): (.*)", line)):
            errors[f"{path}: {m.group(1)}: {m.group(2)[:80]}"] = None
            path = None
    return sorted(errors)


def schemathesis(name: str, base: str, headers: list[str], out: Path, examples: int, workers: int,
                 phases: str = "") -> bool:
    """Run schemathesis once; print its size and time; return whether it passed."""
    junit = out / f"{name}.xml"
    command = [str(BIN / "schemathesis"), "run", f"{base}/api/v1/openapi.json", "--checks", CHECKS,
               "--max-examples", str(examples), "--workers", str(workers), "--seed", "11",
               "--generation-database", "none", "--request-timeout", "30", "--no-color",
               "--report", "junit", "--report-junit-path", str(junit)]
    if phases:
        command += ["--phases", phases]
    for header in headers:
        command += ["--header", header]
    started = time.monotonic()
    with open(out / f"{name}.log", "w") as log:
        # In the throwaway directory: schemathesis keeps a cache of failing cases in .schemathesis/ there.
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=out)
        log.write(result.stdout)
    took = time.monotonic() - started
    operations = cases = failures = 0
    if junit.exists():
        root = ET.parse(junit).getroot()
        for case in root.iter("testcase"):
            operations += 1
            failures += 1 if case.find("failure") is not None or case.find("error") is not None else 0
    match = re.search(r"(\d+) generated", result.stdout)
    cases = int(match.group(1)) if match else 0
    for failure in distinct_failures(result.stdout):
        print(f"  {failure}")
    print(f"api fuzz ({name}): {operations} operations, {cases} test cases, {failures} failing operations, "
          f"{took:.0f} s")
    return result.returncode == 0


def main() -> int:
    examples = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "20"))
    # The session client runs the same operations with the same generator: what it adds is the way in (a session
    # cookie and its CSRF token instead of a token), which a few cases per operation try as well as many; the
    # boundary values of every parameter (the coverage phase) are the token run's.
    session_examples = int(os.environ.get("FAZHI_FUZZ_SESSION_EXAMPLES", str(max(1, examples // 4))))
    # One schemathesis worker: more threads trip CPython 3.11's ast.parse (hypothesis describes its lambdas
    # with it) with "AST constructor recursion depth mismatch". The server runs two.
    workers = int(os.environ.get("FAZHI_FUZZ_WORKERS", "1"))
    # The token run's phases (schemathesis's --phases; default all). CI leaves out "coverage", the boundary values
    # of every parameter, which make most of the cases: the unit test api/tests/test_hostile.py feeds every
    # operation hostile and boundary values too, on every run of the suite.
    token_phases = os.environ.get("FAZHI_FUZZ_PHASES", "")
    (ROOT / "var").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="api-fuzz.", dir=ROOT / "var"))
    env = {**os.environ, "FAZHI_VAR_DIR": str(work), "DATABASE_URL": f"sqlite:///{work}/fazhi.sqlite3",
           "DEBUG": "false", "FAZHI_ENV": "development", "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.monotonic()
    print(f"api-fuzz: building the demo county in {work}")
    run(env, "migrate", "--noinput")
    run(env, "demo", "--quiet-logins")
    key = run(env, "token", "issue", TOKEN_USER, "--name", "api-fuzz", "--days", "1", capture=True)
    key = re.search(r"fz_\S+", key).group(0)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = open(work / "server.log", "w")  # noqa: SIM115 - open while the server runs
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "fazhi.conf.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60", "--access-logfile", "-",
         # The longest request line gunicorn takes: an overlong query reaches the API, which answers 422.
         "--limit-request-line", "8190"],
        env=env, stdout=server_log, stderr=subprocess.STDOUT, cwd=work,
    )
    passed = False
    try:
        wait_for(f"{base}/api/v1/openapi.json")
        print(f"api-fuzz: server on {base} ({time.monotonic() - started:.0f} s to set up); log in {work}/server.log")
        session, csrf = log_in(base, SESSION_USER)
        token_ok = schemathesis("token client", base, [f"Authorization: Bearer {key}"], work, examples, workers,
                                phases=token_phases)
        session_ok = schemathesis("session client", base,
                                  [f"Cookie: sessionid={session}; csrftoken={csrf}", f"X-CSRFToken: {csrf}",
                                   f"Referer: {base}/"], work, session_examples, workers,
                                  phases="examples,fuzzing,stateful")
        passed = token_ok and session_ok
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    errors = server_errors(work / "server.log")
    answered = (work / "server.log").read_text(errors="replace").count('" 500 ')
    print(f"api-fuzz: {answered} requests answered 500" + "".join(f"\n  {e}" for e in errors))
    print(f"api-fuzz: {time.monotonic() - started:.0f} s in all")
    if passed:
        shutil.rmtree(work, ignore_errors=True)
        return 0
    print(f"api-fuzz: FAILED; the reports and the server's log are in {work}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
