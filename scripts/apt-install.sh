#!/usr/bin/env bash
# Install Debian packages the tests need: with apt-get when run as root, otherwise say which command to run.
#
#   scripts/apt-install.sh "why they are needed" PACKAGE...
set -euo pipefail
why=$1
shift
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    {
        echo "fazhi: missing Debian package(s) for $why: $*. Install them with:"
        echo "    sudo apt-get update && sudo apt-get install -y $*"
    } >&2
    exit 1
fi
echo "fazhi: installing the Debian package(s) $* ($why)…"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
apt-get "${apt_opts[@]}" update >/dev/null
apt-get "${apt_opts[@]}" install -y "$@"
