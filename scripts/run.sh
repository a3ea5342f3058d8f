#!/bin/sh
# Builds the kiosk (installing what is missing) and runs it.
# Arguments are passed to incontro-kiosk (e.g. --windowed --lang ar).
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] &&
   [ "${SDL_VIDEODRIVER:-}" != "kmsdrm" ] && [ "${SDL_VIDEODRIVER:-}" != "offscreen" ]; then
    cat >&2 <<'MSG'
run: no display found (DISPLAY and WAYLAND_DISPLAY are unset).
  On a kiosk console run:   SDL_VIDEODRIVER=kmsdrm build/incontro-kiosk
  To see every screen without a display, write screenshots:
      SDL_VIDEODRIVER=offscreen build/incontro-kiosk --tour out/tour
  and open out/tour/LANG/SCENE.png.
MSG
    exit 1
fi
exec build/incontro-kiosk --pack build/incontro.pack "$@"
