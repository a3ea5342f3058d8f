#!/bin/sh
# Installs the .deb on this machine (as root), checks what it installed, runs
# the installed kiosk as its user with the source tree hidden, runs the
# installed unit under a systemd service manager (a user manager in a private
# mount namespace, for machines whose PID 1 is not systemd: a container, CI),
# and purges the package again. Changes the machine while it runs: not part
# of the test suite.
#   packaging/test-deb.sh build/incontro_0.1.0_amd64.deb
set -eu
deb=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
[ "$(id -u)" -eq 0 ] || { echo "test-deb: run as root" >&2; exit 2; }
work=$(mktemp -d /run/incontro-deb-test.XXXXXX)
chmod 0711 "$work"
cleanup() {
    apt-get purge -y -qq -o DPkg::Lock::Timeout=600 incontro >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

echo "== apt install $deb"
apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$deb" >/dev/null
getent passwd incontro >/dev/null || fail "no user incontro"
for f in /usr/bin/incontro-kiosk /usr/bin/incontro-pack /usr/bin/incontro-text \
         /usr/share/incontro/incontro.pack /usr/share/incontro/fonts.list \
         /usr/share/incontro/release.pub /usr/lib/systemd/system/incontro-kiosk.service \
         /usr/lib/systemd/system/incontro-kiosk-cage.service /etc/incontro/kiosk.conf; do
    [ -e "$f" ] || fail "$f missing"
done
[ "$(stat -c %U:%G:%a /etc/incontro/kiosk.conf)" = root:incontro:640 ] || fail "kiosk.conf permissions"
runuser -u incontro -- incontro-pack verify --pubkey /usr/share/incontro/release.pub \
    /var/lib/incontro/store/current.pack || fail "the store's pack does not verify"
grep -q '^trusted_key = ' /etc/incontro/kiosk.conf || fail "the configuration trusts no key"
systemd-analyze verify /usr/lib/systemd/system/incontro-kiosk.service \
    /usr/lib/systemd/system/incontro-kiosk-cage.service || fail "systemd-analyze verify"

echo "== the installed kiosk, headless, as its user, without the source tree"
cat > "$work/walk.txt" <<'S'
expect-scene attract
shot attract
tap 960 540
expect-scene home
press help
expect-scene help
shot help
S
chown -R incontro "$work"
unshare -m sh -c "mount -t tmpfs none '$root' && cd / &&
    runuser -u incontro -- env SDL_VIDEODRIVER=offscreen /usr/bin/incontro-kiosk \
        --config /etc/incontro/kiosk.conf --script '$work/walk.txt' --shots '$work/shots'" ||
    fail "the installed kiosk's walk"
[ -s "$work/shots/help.png" ] || fail "no screenshot"

echo "== the installed unit under a systemd service manager"
unit=$work/rt/systemd/user/incontro-kiosk.service
mkdir -p "$(dirname "$unit")" && chmod 0711 "$work/rt"
# What this manager cannot give: a tty, /proc and /sys remounted in a
# container, state folders of a system manager (made here instead), the journal.
grep -v '^TTYPath=\|^StandardInput=\|^Conflicts=\|^StateDirectory=\|^RuntimeDirectory\|^Environment=\|^ProtectKernelTunables=\|^ProtectKernelLogs=\|^ProtectControlGroups=\|^StandardOutput=\|^StandardError=\|^WatchdogSec=' \
    /usr/lib/systemd/system/incontro-kiosk.service > "$unit"
cat >> "$unit" <<U
[Service]
Environment=SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software
WatchdogSec=4
ReadWritePaths=/var/lib/incontro /run/incontro
StandardOutput=append:/var/lib/incontro/test.log
StandardError=append:/var/lib/incontro/test.log
U
cat > "$work/inside.sh" <<'I'
set -eu
mkdir -p /run/systemd && mount -t tmpfs none /run/systemd && mkdir -p /run/systemd/system
mkdir -p /run/systemd/inaccessible && mkdir -m 0 /run/systemd/inaccessible/dir
install -m 0 /dev/null /run/systemd/inaccessible/reg && mkfifo -m 0 /run/systemd/inaccessible/fifo
mknod -m 0 /run/systemd/inaccessible/chr c 0 0; mknod -m 0 /run/systemd/inaccessible/blk b 0 0
mkdir -p /run/incontro && chown incontro:incontro /run/incontro
/lib/systemd/systemd --user >/dev/null 2>&1 &
manager=$!
sleep 2
chmod 0777 "$XDG_RUNTIME_DIR/systemd/notify"    # as the system manager's /run/systemd/notify
systemctl --user daemon-reload
systemctl --user start incontro-kiosk            # Type=notify: returns after READY=1
show() { systemctl --user show -p "$1" --value incontro-kiosk; }
[ "$(show ActiveState)" = active ] || { echo "not active"; exit 1; }
pid=$(show MainPID)
[ "$(ps -o user= -p "$pid")" = incontro ] || { echo "not running as incontro"; exit 1; }
echo "status: $(show StatusText)"
sleep 2
grep -q '"state": "ok"' /run/incontro/status.json || { echo "no status.json"; exit 1; }
kill -STOP "$pid"                                # a hung main loop
sleep 9
[ "$(show NRestarts)" -ge 1 ] && [ "$(show MainPID)" != "$pid" ] &&
    [ "$(show ActiveState)" = active ] || { echo "not restarted by the watchdog"; exit 1; }
echo "watchdog restarted the hung kiosk: NRestarts=$(show NRestarts)"
systemctl --user stop incontro-kiosk
[ "$(show Result)" = success ] || { echo "stop: $(show Result)"; exit 1; }
kill "$manager"
I
XDG_RUNTIME_DIR=$work/rt timeout 120 unshare -m sh "$work/inside.sh" || fail "under systemd"
echo "test-deb: all checks passed"
