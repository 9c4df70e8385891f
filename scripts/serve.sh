#!/usr/bin/env bash
# Serve the workbench on 127.0.0.1 for `make run`: one line saying where, then the requests as they come.
# Django's start-up banner goes to var/log/server.log (under FAZHI_VAR_DIR); errors stay on the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${1:-8000}
var=${FAZHI_VAR_DIR:-var}
mkdir -p "$var/log"
echo
echo "fazhi 已启动：请用浏览器打开 http://127.0.0.1:${port} ，按 Ctrl+C 停止。"
echo "fazhi is running: open http://127.0.0.1:${port} in a browser; Ctrl+C stops it."
exec "${FAZHI:-.venv/bin/fazhi}" runserver --skip-checks "127.0.0.1:${port}" >>"$var/log/server.log"
