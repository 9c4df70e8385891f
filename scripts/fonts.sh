#!/usr/bin/env bash
# Make sure the browser (and the PDF export) can draw Chinese: without a CJK font every Chinese character
# is an empty box. Installs Debian's fonts-noto-cjk (Noto Sans and Serif CJK) as root; otherwise says which
# package to install and goes on, so that `make run` still starts.
#
#   scripts/fonts.sh           warn when no Chinese font can be installed
#   scripts/fonts.sh --strict  fail instead (for `make test`, whose browser tests check the fonts)
set -uo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-noto-cjk)
have_chinese_font() { command -v fc-list >/dev/null && [[ -n $(fc-list :lang=zh family 2>/dev/null) ]]; }

have_chinese_font && exit 0
if scripts/apt-install.sh "Chinese text in the browser and in PDF exports" "${packages[@]}"; then
    command -v fc-cache >/dev/null && fc-cache -f >/dev/null 2>&1
    have_chinese_font && exit 0
fi
echo "fazhi: no Chinese font is installed, so browsers on this machine show Chinese as boxes." \
     "Install one: sudo apt-get install ${packages[*]}" >&2
[[ ${1:-} == --strict ]] && exit 1
exit 0
