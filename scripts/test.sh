#!/bin/sh
# Builds and runs every test: the normal build, then the same suite built with
# AddressSanitizer + UndefinedBehaviorSanitizer. Installs what is missing.
set -eu
cd "$(dirname "$0")/.."
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
./scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${IK_SKIP_SANITIZE:-0}" != 1 ]; then
    BUILD_DIR=build-asan ./scripts/setup.sh -DIK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE bench
fi
