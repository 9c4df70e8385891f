#!/usr/bin/env bash
# Fuzz the JSON API with schemathesis against a throwaway server with the demo county (scripts/api_fuzz.py):
# once as a token client, once as a browser session. `make fuzz-api` and `.ci/run` call this.
# FAZHI_FUZZ_EXAMPLES (default 20) bounds the test cases per operation; FAZHI_FUZZ_WORKERS (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
export FAZHI_BIN=${FAZHI_BIN:-$PWD/.venv/bin}
exec "$FAZHI_BIN/python" scripts/api_fuzz.py "$@"
