#!/usr/bin/env bash
# Make sure the browser and the PDF export can draw Chinese, in the three styles a 公文 is set in. Without a
# CJK font every Chinese character is an empty box; without a serif and a kai-style font the PDF prints the
# body, the headings and the title in one sans font. The free stand-ins (see src/fazhi/reports/export/fonts.py,
# which names the same families):
#
#   serif (宋体/仿宋-like) and sans (黑体-like)  Noto Serif CJK SC, Noto Sans CJK SC   Debian's fonts-noto-cjk
#   kai (楷体-like)                              LXGW WenKai (else AR PL UKai)        fonts-lxgw-wenkai (fonts-arphic-ukai)
#
# An office's licensed 仿宋_GB2312, 黑体 and 楷体_GB2312 count too. Installs the missing packages as root;
# otherwise says which ones to install and goes on, so that `make run` still starts.
#
#   scripts/fonts.sh           warn when a style cannot be installed
#   scripts/fonts.sh --strict  fail instead (for `make test`, whose browser and PDF tests check the fonts)
set -uo pipefail
cd "$(dirname "$0")/.."

serif=("Noto Serif CJK SC" "仿宋_GB2312" "FangSong_GB2312" "仿宋" "FangSong")
sans=("Noto Sans CJK SC" "黑体" "SimHei")
kai=("LXGW WenKai" "AR PL UKai CN" "楷体_GB2312" "KaiTi_GB2312" "楷体" "KaiTi")

families() { command -v fc-list >/dev/null && fc-list : family 2>/dev/null | tr ',' '\n'; }
# True when fontconfig lists one of the families named.
have_one() {
    local installed name
    installed=$(families)
    for name in "$@"; do
        grep -Fxq -- "$name" <<<"$installed" && return 0
    done
    return 1
}
missing_styles() {
    have_one "${serif[@]}" || echo serif
    have_one "${sans[@]}" || echo sans
    have_one "${kai[@]}" || echo kai
}
# The Debian packages that provide the missing styles; $1 is the one for kai.
packages_for() {
    local kai_package=$1 style wanted=()
    shift
    for style in "$@"; do
        case $style in
            serif | sans) wanted+=(fonts-noto-cjk) ;;
            kai) wanted+=("$kai_package") ;;
        esac
    done
    printf '%s\n' "${wanted[@]}" | sort -u
}
install() {
    scripts/apt-install.sh "Chinese text in the browser and in PDF exports" "$@" || return 1
    if command -v fc-cache >/dev/null; then fc-cache -f >/dev/null 2>&1; fi
}

# WeasyPrint keeps only the glyphs a PDF uses; without HarfBuzz's subsetter it falls back to fontTools, which takes
# some 20 s a report on a CJK font instead of a fraction of one.
if command -v ldconfig >/dev/null && ! ldconfig -p | grep -q 'libharfbuzz-subset\.so\.0'; then
    scripts/apt-install.sh "fast PDF exports (font subsetting)" libharfbuzz-subset0 ||
        echo "fazhi: without libharfbuzz-subset0 a PDF export takes some 20 s." >&2
fi

mapfile -t missing < <(missing_styles)
((${#missing[@]} == 0)) && exit 0
mapfile -t packages < <(packages_for fonts-lxgw-wenkai "${missing[@]}")
if ! install "${packages[@]}" && [[ $(id -u) -eq 0 && " ${missing[*]} " == *" kai "* ]]; then
    # A release without LXGW WenKai (Debian has it from 12): AR PL UKai, which every release has, instead.
    mapfile -t packages < <(packages_for fonts-arphic-ukai "${missing[@]}")
    install "${packages[@]}"
fi
mapfile -t missing < <(missing_styles)
((${#missing[@]} == 0)) && exit 0
boxes=""
[[ -z $(command -v fc-list >/dev/null && fc-list :lang=zh family 2>/dev/null) ]] &&
    boxes=", and browsers on this machine show Chinese as empty boxes"
echo "fazhi: no ${missing[*]} Chinese font is installed, so the PDF export prints those lines in Noto Sans$boxes." >&2
[[ ${1:-} == --strict ]] && exit 1
exit 0
