#!/bin/sh
# Installs the Debian 12 packages the kiosk needs (only those missing) and
# configures + builds it into BUILD_DIR (default: build). Safe to re-run.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config git
libsdl2-dev libsdl2-image-dev libx11-dev libfreetype-dev libharfbuzz-dev
libfribidi-dev libsqlite3-dev libicu-dev libmd4c-dev libqrencode-dev
libsodium-dev libcsv-dev libgettextpo-dev libcmocka-dev gettext unicode-data
fonts-noto-core fonts-noto-cjk
libespeak-ng-dev espeak-ng-data libzbar-dev zbar-tools
libcurl4-openssl-dev libsystemd-dev tidy
python3 openssl cage xwayland"

# Optional, for benchmarks only (never for the tests): bench/peer sets
# IK_PEER=1 (an X server, Chromium to compare with, the X DAMAGE headers its
# driver uses); bench/callgrind sets IK_PROFILE=1.
PEER_PACKAGES="xvfb chromium libxdamage-dev"
PROFILE_PACKAGES="valgrind"
[ "${IK_PEER:-0}" = 1 ] && PACKAGES="$PACKAGES $PEER_PACKAGES"
[ "${IK_PROFILE:-0}" = 1 ] && PACKAGES="$PACKAGES $PROFILE_PACKAGES"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: missing packages:$missing (run as root to install them)" >&2
        exit 1
    fi
    echo "setup: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq -o DPkg::Lock::Timeout=600
    # shellcheck disable=SC2086
    apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends $missing
fi

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
