"""The kiosk's trust and updates, end to end, with the real binaries:

  out-of-service  no pack, or one that cannot be trusted (unsigned, signed
                  by another key, truncated, random bytes, wrong schema):
                  the kiosk starts anyway, on the out-of-service scene, and
                  logs why; with a trusted key or without one.
  updates         a running kiosk with an inbox folder and an https://
                  address (a loopback server this test starts and stops):
                  bad packs refused with a log line while the shown one
                  stays, good ones installed and shown, conditional requests
                  (304), a cut download resumed with a byte range, an
                  operator's copy over the shown file, previous.pack used
                  when current.pack is damaged at start, status.json.
  killed          kill -9 at random instants while updates are installed:
                  the store's current.pack always verifies.
  watchdog        systemd's notify protocol: READY=1, then WATCHDOG=1 pings
                  while the main loop runs, none while it is stopped.

    kiosk_updates.py PHASE --kiosk K --pack P --source SRC --work DIR
"""
import argparse
import atexit
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import time

ARGS = None
SPAWNED = []        # every process started, ended whatever happens


@atexit.register
def _end_all():
    for p in SPAWNED:
        if p.poll() is None:
            p.kill()
            p.wait()


def spawn(*args, **kwargs):
    p = subprocess.Popen(*args, **kwargs)
    SPAWNED.append(p)
    return p
SO_TIMESTAMP = getattr(socket, "SO_TIMESTAMP", 29)     # Linux: struct timeval of arrival
FIXTURE = None


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def run(*cmd, ok=True):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if ok and r.returncode != 0:
        fail("%s: exit %d\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
    return r


def work(*parts):
    return os.path.join(ARGS.work, *parts)


def pack_tool(*args, ok=True):
    return run(ARGS.pack, *args, ok=ok)


def build(name, version, key=None, expires=None):
    """A small pack of the fixture content, signed by key (None: unsigned)."""
    path = work(name)
    pack_tool("build", "--content", FIXTURE + "/content", "--translations",
              FIXTURE + "/translations", "--version", str(version), "-o", path)
    if key:
        extra = ["--expires", expires] if expires else []
        pack_tool("sign", "--key", work(key + ".key"), *extra, path)
    return path


def derive(src, name, edit):
    with open(src, "rb") as f:
        data = bytearray(f.read())
    data = edit(data)
    with open(work(name), "wb") as f:
        f.write(data)
    return work(name)


def flip(data):
    data[7000] ^= 1
    return data


def setup_keys():
    shutil.rmtree(ARGS.work, ignore_errors=True)
    os.makedirs(ARGS.work)
    pack_tool("keygen", "-o", work("k"))
    pack_tool("keygen", "-o", work("other"))


def config(name, trusted=True, **keys):
    lines = []
    if trusted:
        with open(work("k.pub")) as f:
            lines.append(f.read().strip())
    for k, v in keys.items():
        lines.append("%s = %s" % (k, v))
    with open(work(name), "w") as f:
        f.write("\n".join(lines) + "\n")
    return work(name)


def kiosk_env():
    env = dict(os.environ)
    env["SDL_VIDEODRIVER"] = "offscreen"
    env["SDL_AUDIODRIVER"] = "dummy"
    # the software renderer: the same on every machine, and no GL driver whose
    # own allocations the sanitizer build would report
    env["SDL_RENDER_DRIVER"] = "software"
    return env


class Kiosk:
    """A live kiosk (the real event loop, windowed on the offscreen driver)."""

    def __init__(self, conf, log, pack=None, env=None):
        self.log_path = log
        self.log = open(log, "a")
        cmd = [ARGS.kiosk, "--windowed", "--config", conf]
        if pack:
            cmd += ["--pack", pack]
        self.proc = spawn(cmd, stdout=self.log, stderr=self.log, env=env or kiosk_env())
        self.seen = 0

    def text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_for(self, needle, timeout=30):
        """Waits for needle in the log after what was waited for before."""
        end = time.time() + timeout
        while time.time() < end:
            t = self.text()
            at = t.find(needle, self.seen)
            if at >= 0:
                self.seen = at + len(needle)
                return t[at:t.find("\n", at)]
            if self.proc.poll() is not None:
                fail("the kiosk exited (%s) while waiting for %r:\n%s"
                     % (self.proc.returncode, needle, t[-3000:]))
            time.sleep(0.1)
        fail("no %r in the kiosk's log within %d s:\n%s" % (needle, timeout, self.text()[-3000:]))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the kiosk did not stop on SIGTERM")
        self.log.close()
        if rc != 0:
            fail("the kiosk exited %d on SIGTERM:\n%s" % (rc, self.text()[-3000:]))


def status(path):
    with open(path) as f:
        return json.load(f)


def wait_status(path, key, value, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            s = status(path)
            if s.get(key) == value:
                return s
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    fail("status.json never had %s = %r: %s" % (key, value,
                                               open(path).read() if os.path.exists(path) else "none"))


# ---- out of service -----------------------------------------------------------
def out_of_service():
    setup_keys()
    good = build("good.pack", 100, "k")
    cases = {
        "missing": (work("nope.pack"), "nope.pack: No such file"),
        "unsigned": (build("unsigned.pack", 101), "not signed"),
        "foreign": (build("foreign.pack", 102, "other"), "bad signature"),
        "truncated": (derive(good, "truncated.pack", lambda d: d[:len(d) // 2]), "truncated"),
        "random": (derive(good, "random.pack",
                          lambda d: bytearray(random.Random(7).randbytes(len(d)))), "not signed"),
        "flipped": (derive(good, "flipped.pack", flip), "altered"),
    }
    # a SQLite file of the wrong schema (signing refuses it, so it is
    # unsigned), of the format this build writes
    db = sqlite3.connect(cases["unsigned"][0])
    fmt = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0]
    db.close()
    db = sqlite3.connect(work("schema.pack"))
    db.executescript("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES('format','%s'),('version','999');" % fmt)
    db.close()
    cases["wrong-schema"] = (work("schema.pack"), "not signed")
    script = work("oos.txt")
    with open(script, "w") as f:
        f.write("expect-scene out-of-service\nshot oos\n"
                "tap 960 540\npress help\n")
    with open(work("oos-still.txt"), "w") as f:
        f.write("expect-scene out-of-service\nshot oos\ntap 960 540\nswipe 100 500 1800 500 300\n"
                "idle 600\nexpect-scene out-of-service\n")
    with open(work("attract.txt"), "w") as f:
        f.write("expect-scene attract\n")
    trusted = config("trusted.conf")
    untrusted = config("untrusted.conf", trusted=False)
    # without a key the same bad files are refused for what they are
    plain = {"unsigned": None, "foreign": None, "truncated": "truncated", "random": "not a content pack",
             "flipped": "altered", "wrong-schema": "not a complete pack", "missing": "No such file"}
    for name, (path, why) in cases.items():
        for conf, expect in ((trusted, why), (untrusted, plain[name])):
            which = "key" if conf == trusted else "nokey"
            shots = work("shots", name + "-" + which)
            # without a key an intact pack opens, whoever signed it: a normal kiosk
            lines = work("attract.txt") if expect is None else work("oos-still.txt")
            r = subprocess.run([ARGS.kiosk, "--config", conf, "--pack", path, "--script",
                                lines, "--shots", shots],
                               capture_output=True, text=True, env=kiosk_env(), timeout=120)
            if r.returncode != 0:
                fail("%s (%s): exit %d\n%s" % (name, which, r.returncode, r.stderr))
            if expect is not None:
                if expect not in r.stderr or "out of service until a good pack arrives" not in r.stderr:
                    fail("%s (%s): the log does not say %r:\n%s" % (name, which, expect, r.stderr))
                if not os.path.getsize(os.path.join(shots, "oos.png")) > 10000:
                    fail("%s: no screenshot" % name)
            # the key's absence is said once, and only then
            warnings = r.stderr.count("no trusted_key")
            if warnings != (0 if conf == trusted else 1):
                fail("%s: %d warnings about the missing key:\n%s" % (name, warnings, r.stderr))
    # pressing what is not there fails the script: nothing leads anywhere
    r = subprocess.run([ARGS.kiosk, "--config", trusted, "--pack", cases["random"][0],
                        "--script", script, "--shots", work("shots", "press")],
                       capture_output=True, text=True, env=kiosk_env(), timeout=120)
    if r.returncode != 1 or "oos.txt:4: no visible widget 'help' on scene out-of-service" not in r.stderr:
        fail("help pressed out of service: exit %d\n%s" % (r.returncode, r.stderr))
    # every language, the compiled-in numbers; in Arabic the layout mirrors
    r = subprocess.run([ARGS.kiosk, "--config", trusted, "--pack", cases["random"][0], "--lang", "ar",
                        "--script", work("oos-still.txt"), "--shots", work("shots", "ar")],
                       capture_output=True, text=True, env=kiosk_env(), timeout=120)
    if r.returncode != 0:
        fail("--lang ar out of service: exit %d\n%s" % (r.returncode, r.stderr))
    # a good pack, signed by the trusted key, is shown (no out-of-service)
    r = subprocess.run([ARGS.kiosk, "--config", trusted, "--pack", good, "--script",
                        work("attract.txt"), "--shots", work("shots", "good")],
                       capture_output=True, text=True, env=kiosk_env(), timeout=120)
    if r.returncode != 0 or "cannot show" in r.stderr or "trusted_key" in r.stderr:
        fail("a good signed pack: exit %d\n%s" % (r.returncode, r.stderr))
    print("out-of-service: %d bad packs x 2 configurations, each on the out-of-service scene "
          "with its reason logged" % len(cases))


# ---- updates --------------------------------------------------------------------
class Server:
    def __init__(self):
        self.root = work("www")
        os.makedirs(self.root, exist_ok=True)
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
            "subjectAltName=IP:127.0.0.1", "-keyout", work("tls.key"), "-out", work("tls.crt"))
        self.log = work("server.log")
        port_file = work("port")
        self.proc = spawn([sys.executable, os.path.join(os.path.dirname(__file__),
                                                                   "server.py"),
                                      self.root, work("tls.crt"), work("tls.key"), port_file,
                                      self.log])
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.1)
        else:
            fail("the test server did not start")
        with open(port_file) as f:
            self.port = int(f.read())
        self.url = "https://127.0.0.1:%d/incontro.pack" % self.port

    def publish(self, path, cut=None):
        tmp = os.path.join(self.root, ".incoming")
        shutil.copyfile(path, tmp)
        if cut is not None:
            with open(os.path.join(self.root, "incontro.pack.cut"), "w") as f:
                f.write(str(cut))
        os.rename(tmp, os.path.join(self.root, "incontro.pack"))

    def requests(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def drop(inbox, path):
    """Copies a file into the inbox as a person would (not atomically)."""
    shutil.copyfile(path, os.path.join(inbox, os.path.basename(path)))


def updates():
    setup_keys()
    v = {n: build("v%d.pack" % n, n, "k") for n in (99, 100, 101, 102, 103)}
    unsigned = build("unsigned.pack", 110)
    foreign = build("foreign.pack", 111, "other")
    flipped = derive(build("v112.pack", 112, "k"), "flipped.pack", flip)
    expired = build("expired.pack", 113, "k", expires="2020-01-01T00:00:00Z")
    truncated = derive(build("v114.pack", 114, "k"), "truncated.pack", lambda d: d[:len(d) - 5000])
    server = Server()
    inbox, store = work("inbox"), work("store")
    os.makedirs(inbox)
    conf = config("kiosk.conf", store=store, inbox=inbox, update_url=server.url,
                  update_ca=work("tls.crt"), update_interval=1,
                  status_file=work("status.json"))
    k = Kiosk(conf, work("kiosk.log"))
    try:
        k.wait_for("out of service until a good pack arrives")
        # reading aloud is made once the first frame is shown, then said
        # (on, or off and why)
        k.wait_for("read aloud")
        wait_status(work("status.json"), "state", "out-of-service")
        k.wait_for("HTTP 404")          # nothing published yet
        # the inbox: every bad pack refused with its reason, still out of service
        for path, why in ((unsigned, "not signed"), (foreign, "bad signature"),
                          (flipped, "altered"), (expired, "expired on 2020-01-01"),
                          (truncated, "truncated")):
            drop(inbox, path)
            line = k.wait_for("refused %s" % os.path.join(inbox, os.path.basename(path)))
            if why not in line:
                fail("refusal of %s does not say %r: %s" % (path, why, line))
        drop(inbox, v[100])
        k.wait_for("now showing pack version 100 (was out of service)")
        s = wait_status(work("status.json"), "pack_version", "100")
        if s["state"] != "ok" or s["free_disk_bytes"] <= 0 or s["uptime_seconds"] < 0:
            fail("status.json: %s" % s)
        drop(inbox, v[99])
        k.wait_for("nothing newer")
        # the address: published, fetched, installed and shown
        server.publish(v[101])
        k.wait_for("installed version 101 from %s" % server.url)
        k.wait_for("now showing pack version 101 (was 100)")
        time.sleep(3)
        after = [r for r in server.requests() if r["status"] == 304]
        if not after or not after[-1]["if_none_match"] or not after[-1]["if_modified_since"]:
            fail("no conditional request answered 304: %s" % server.requests()[-5:])
        # a cut download resumes where it stopped
        size = os.path.getsize(v[102])
        server.publish(v[102], cut=size // 3)
        line = k.wait_for("download interrupted after %d bytes" % (size // 3))
        if "resumes at the next poll" not in line:
            fail("interrupted download not resumable: " + line)
        k.wait_for("now showing pack version 102 (was 101)")
        ranged = [r for r in server.requests() if r["status"] == 206]
        if not ranged or ranged[-1]["range"] != "bytes=%d-" % (size // 3) or not ranged[-1]["if_range"]:
            fail("no resumed request: %s" % server.requests()[-5:])
        # bad packs at the address: refused, 102 stays
        for path, why in ((truncated, "truncated"), (flipped, "altered"),
                          (foreign, "bad signature"), (v[99], "not newer")):
            server.publish(path)
            line = k.wait_for("refused %s" % server.url if why != "not newer" else "nothing newer")
            if why not in line:
                fail("refusal at the address does not say %r: %s" % (why, line))
        # an operator's copy over the shown file
        with open(os.path.join(store, "current.pack"), "wb") as f:
            f.write(os.urandom(50000))
        k.wait_for("version 102 stays on screen; refused %s" % os.path.join(store, "current.pack"))
        s = wait_status(work("status.json"), "pack_version", "102")
        if not s["last_update_check"] or s["last_update_result"] not in (
                "%s: not modified" % server.url, "nothing newer (%s: version 99 is not newer than "
                "the installed 102)" % os.path.join(store, ".download")):
            fail("status.json does not say what the last check found: %s" % s)
    finally:
        k.stop()
    # restarted with a damaged current.pack: the previous one is shown
    k = Kiosk(conf, work("kiosk2.log"))
    try:
        k.wait_for("cannot show %s" % os.path.join(store, "current.pack"))
        k.wait_for("showing the previous pack, version 101, instead")
        wait_status(work("status.json"), "pack_version", "101")
    finally:
        k.stop()
        server.stop()
    print("updates: %d requests served; inbox, address, resume, 304 and refusals as expected"
          % len(server.requests()))


# ---- killed ---------------------------------------------------------------------------
def killed():
    setup_keys()
    packs = [build("v%d.pack" % n, n, "k") for n in range(200, 206)]
    inbox, store = work("inbox"), work("store")
    os.makedirs(inbox)
    conf = config("kiosk.conf", store=store, inbox=inbox)
    rng = random.Random(11)
    newer = 0
    for i, path in enumerate(packs):
        drop(inbox, path)
        for attempt in range(3):
            k = Kiosk(conf, work("kill-%d-%d.log" % (i, attempt)))
            time.sleep(rng.uniform(0.5, 4.0))
            k.proc.kill()
            k.proc.wait()
            k.log.close()
            current = os.path.join(store, "current.pack")
            if os.path.exists(current):
                r = pack_tool("verify", "--pubkey", work("k.pub"), current, ok=False)
                if r.returncode != 0:
                    fail("after kill -9, current.pack does not verify:\n" + r.stderr)
                newer += "version %d" % (200 + i) in r.stdout
    print("killed: 18 kiosks killed with SIGKILL while installing; current.pack verified every "
          "time (%d times the newest)" % newer)


# ---- watchdog ---------------------------------------------------------------------------
def watchdog():
    setup_keys()
    good = build("good.pack", 100, "k")
    sock_path = work("notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    sock.settimeout(0.2)
    # the kernel's time of arrival: this test may be scheduled late on a busy machine
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMP, 1)
    env = kiosk_env()
    env["NOTIFY_SOCKET"] = sock_path
    env["WATCHDOG_USEC"] = "400000"
    k = Kiosk(config("kiosk.conf"), work("kiosk.log"), pack=good, env=env)
    msgs = []

    def collect(seconds):
        got = []
        end = time.time() + seconds
        while time.time() < end:
            try:
                data, anc, _, _ = sock.recvmsg(4096, 64)
            except socket.timeout:
                continue
            when = time.time()
            for level, kind, value in anc:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMP:
                    sec, usec = struct.unpack("qq", value[:16])
                    when = sec + usec / 1e6
            got.append((when, data.decode()))
        msgs.extend(got)
        return got

    try:
        first = collect(3)
        texts = [m for _, m in first]
        if not any("READY=1" in m for m in texts):
            fail("no READY=1: %s" % texts)
        if not any("STATUS=showing pack version 100" in m for m in texts):
            fail("no STATUS line: %s" % texts)
        pings = [t for t, m in first if "WATCHDOG=1" in m]
        if len(pings) < 8:
            fail("%d watchdog pings in 3 s with WatchdogSec=0.4 s" % len(pings))
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        if max(gaps) > 0.4:
            fail("a gap of %.2f s between pings (limit 0.4 s)" % max(gaps))
        # a stopped (hung) loop sends nothing: systemd would restart it
        k.proc.send_signal(signal.SIGSTOP)
        collect(0.3)
        hung = collect(1.5)
        if any("WATCHDOG=1" in m for _, m in hung):
            fail("pings from a stopped process")
        k.proc.send_signal(signal.SIGCONT)
        again = collect(1.5)
        if not any("WATCHDOG=1" in m for _, m in again):
            fail("no pings after the loop came back")
    finally:
        k.stop()
    late = collect(0.5)
    if not any("STOPPING=1" in m for _, m in msgs + late):
        fail("no STOPPING=1 on SIGTERM")
    print("watchdog: READY=1, STATUS, %d pings in 3 s (largest gap %.0f ms), none while stopped, "
          "STOPPING=1" % (len(pings), max(gaps) * 1000))


# ---- systemd -------------------------------------------------------------------------
SYSTEMD_SCRIPT = r"""
set -e
mkdir -p /run/systemd
mount -t tmpfs none /run/systemd
mkdir -p /run/systemd/system
/lib/systemd/systemd --user --log-target=console > "$WORK/systemd.log" 2>&1 &
echo $! > "$WORK/systemd.pid"
for i in $(seq 100); do
    systemctl --user is-system-running >/dev/null 2>&1 && break
    state=$(systemctl --user is-system-running 2>/dev/null || true)
    [ "$state" = degraded ] && break
    sleep 0.1
done
exec "$PYTHON" "$SELF" systemd-inside --kiosk "$KIOSK" --pack "$PACK" --source "$SOURCE" --work "$WORK"
"""


def unit_for_test(kiosk, conf):
    """The packaged unit, as a unit of a user manager can run it here."""
    dropped = ("User=", "Group=", "SupplementaryGroups=", "StandardInput=", "TTYPath=",
               "Conflicts=", "After=", "Wants=", "StateDirectory=", "RuntimeDirectory",
               "ExecStart=", "Environment=", "WatchdogSec=", "RestartSec=", "ProtectHome=",
               "StandardOutput=", "StandardError=",
               # remount /proc/sys and /proc/kmsg: a container (this CI's) may not allow it
               "ProtectKernelTunables=", "ProtectKernelLogs=")
    # PrivateTmp would hide a build that lives under /tmp (a clone checked there).
    if any(os.path.realpath(p).startswith(("/tmp/", "/var/tmp/")) for p in (kiosk, ARGS.work)):
        dropped += ("PrivateTmp=",)
    lines = []
    with open(os.path.join(ARGS.source, "packaging", "incontro-kiosk.service")) as f:
        for line in f:
            if not line.startswith(dropped):
                lines.append(line.rstrip("\n"))
            if line.startswith("[Service]"):
                lines += ["ExecStart=%s --config %s" % (kiosk, conf),
                          "Environment=SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software "
                          "SDL_AUDIODRIVER=dummy ASAN_OPTIONS=detect_leaks=0",
                          "WatchdogSec=2", "RestartSec=1",
                          # the build may live under /root; the kiosk writes only here
                          "ProtectHome=read-only", "ReadWritePaths=%s" % ARGS.work,
                          # no journal in this namespace
                          "StandardOutput=append:%s" % work("kiosk.log"),
                          "StandardError=append:%s" % work("kiosk.log")]
    return "\n".join(lines) + "\n"


def systemd():
    """Runs a systemd user manager in a private mount namespace (this machine's
    PID 1 need not be systemd) and the packaged unit under it."""
    if os.geteuid() != 0:
        fail("the systemd test runs systemd in a private mount namespace: it needs root")
    setup_keys()
    r = subprocess.run(["unshare", "-m", "sh", "-c", SYSTEMD_SCRIPT], env=dict(
        os.environ, WORK=ARGS.work, PYTHON=sys.executable, SELF=os.path.abspath(__file__),
        KIOSK=ARGS.kiosk, PACK=ARGS.pack, SOURCE=ARGS.source,
        XDG_RUNTIME_DIR=work("runtime")), timeout=300)
    try:
        with open(work("systemd.pid")) as f:
            os.kill(int(f.read()), signal.SIGTERM)
    except (OSError, ValueError):
        pass
    if r.returncode != 0:
        fail("systemd test failed (manager log: %s)" % work("systemd.log"))


def systemctl(*args, ok=True):
    return run("systemctl", "--user", "--no-pager", *args, ok=ok)


def unit_property(name):
    return systemctl("show", "-p", name, "--value", "incontro-kiosk").stdout.strip()


def systemd_inside():
    good = build("good.pack", 100, "k")
    store = work("store")
    os.makedirs(store)
    shutil.copyfile(good, os.path.join(store, "current.pack"))
    conf = config("kiosk.conf", store=store, status_file=work("status.json"))
    units = os.path.join(os.environ["XDG_RUNTIME_DIR"], "systemd", "user")
    os.makedirs(units, exist_ok=True)
    with open(os.path.join(units, "incontro-kiosk.service"), "w") as f:
        f.write(unit_for_test(ARGS.kiosk, conf))
    systemctl("daemon-reload")
    # Type=notify: start returns once the kiosk said READY=1 (its first frame)
    systemctl("start", "incontro-kiosk")
    if unit_property("ActiveState") != "active":
        fail("not active after start: %s" % systemctl("status", "incontro-kiosk", ok=False).stdout)
    wait_status(work("status.json"), "pack_version", "100")
    first = int(unit_property("MainPID"))
    time.sleep(5)       # 2.5 watchdog periods: a healthy loop is left alone
    if int(unit_property("MainPID")) != first or unit_property("NRestarts") != "0":
        fail("a healthy kiosk was restarted: %s" % systemctl("status", "incontro-kiosk",
                                                               ok=False).stdout)
    # a hung main loop: no more pings; systemd kills it and starts another
    os.kill(first, signal.SIGSTOP)
    end = time.time() + 20
    results = set()
    while time.time() < end:
        pid = unit_property("MainPID")
        results.add(unit_property("Result"))
        if pid not in ("0", str(first)) and unit_property("ActiveState") == "active":
            break
        time.sleep(0.1)
    else:
        fail("the hung kiosk was not restarted: %s" % systemctl("status", "incontro-kiosk",
                                                                  ok=False).stdout)
    restarts = unit_property("NRestarts")
    if "watchdog" not in results or restarts == "0":
        fail("not a watchdog restart: results %s, NRestarts=%s" % (results, restarts))
    systemctl("stop", "incontro-kiosk")
    result = unit_property("Result")
    if result != "success":
        fail("stopping the kiosk: Result=%s" % result)
    print("systemd: the packaged unit (Type=notify, WatchdogSec, Restart=always, MemoryMax, "
          "sandboxing) started the kiosk; a stopped main loop was killed by the watchdog and "
          "restarted (NRestarts=%s); stop ended it cleanly" % restarts)


# ---- cage ------------------------------------------------------------------------------
CAGE_SCRIPT = r"""#!/bin/sh
SDL_VIDEODRIVER=wayland NOTIFY_SOCKET="$DIR/notify.sock" IK_FONTS_LIST="$DIR/fonts.list" \
    "$DIR/incontro-kiosk" --config "$DIR/kiosk.conf" > "$DIR/kiosk.log" 2>&1 &
K=$!
for i in $(seq 200); do [ -s "$DIR/status.json" ] && break; sleep 0.1; done
sleep 3
kill -TERM $K
wait $K
echo $? > "$DIR/kiosk.rc"
"""


def cage():
    """A Wayland kiosk session: cage (headless wlroots backend, software
    rendering) running the kiosk full screen, as an unprivileged user (cage
    refuses root)."""
    if os.geteuid() != 0:
        fail("the cage test switches to the user nobody: it needs root")
    setup_keys()
    good = build("good.pack", 100, "k")
    # cage runs as nobody, who may not reach a build under /root: copies
    import pwd
    import tempfile
    nobody = pwd.getpwnam("nobody")
    d = tempfile.mkdtemp(prefix="incontro-cage-")
    try:
        shutil.copy(ARGS.kiosk, d)
        shutil.copy(os.path.join(ARGS.source, "assets", "fonts.list"), d)
        shutil.copy(good, os.path.join(d, "current.pack"))
        with open(work("k.pub")) as f:
            key = f.read()
        with open(os.path.join(d, "kiosk.conf"), "w") as f:
            f.write(key + "store = %s\nstatus_file = %s/status.json\n" % (d, d))
        with open(os.path.join(d, "run.sh"), "w") as f:
            f.write(CAGE_SCRIPT)
        os.chmod(os.path.join(d, "run.sh"), 0o755)
        runtime = os.path.join(d, "runtime")
        os.makedirs(runtime, mode=0o700)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(os.path.join(d, "notify.sock"))
        sock.settimeout(0.5)
        for root, dirs, files in os.walk(d):
            for name in dirs + files + ["."]:
                os.chown(os.path.join(root, name), nobody.pw_uid, nobody.pw_gid)
        env = {"PATH": "/usr/bin:/bin", "HOME": d, "DIR": d, "XDG_RUNTIME_DIR": runtime,
               "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1",
               "WLR_RENDERER": "pixman", "ASAN_OPTIONS": "detect_leaks=0"}
        r = subprocess.run(["setpriv", "--reuid=%d" % nobody.pw_uid, "--regid=%d" % nobody.pw_gid,
                            "--clear-groups", "cage", "--", os.path.join(d, "run.sh")],
                           env=env, capture_output=True, text=True, timeout=120)
        notes = []
        while True:
            try:
                notes.append(sock.recv(4096).decode())
            except socket.timeout:
                break
        log = open(os.path.join(d, "kiosk.log")).read() if os.path.exists(
            os.path.join(d, "kiosk.log")) else ""
        rc = open(os.path.join(d, "kiosk.rc")).read().strip() if os.path.exists(
            os.path.join(d, "kiosk.rc")) else "none"
        if rc != "0":
            fail("the kiosk under cage exited %s\ncage: %s\nkiosk: %s" % (rc, r.stderr[-2000:], log))
        if "display: wayland video" not in log:
            fail("the kiosk did not use Wayland:\n" + log)
        if not any("READY=1" in n for n in notes):
            fail("no first frame (READY=1) under cage: %s\n%s" % (notes, log))
        s = status(os.path.join(d, "status.json"))
        if s["pack_version"] != "100" or s["state"] != "ok":
            fail("status under cage: %s" % s)
        line = [x for x in log.splitlines() if "display: " in x][0]
        print("cage: %s; READY=1 after the first frame, status.json ok, exit 0 on SIGTERM"
              % line.split("info: ")[-1])
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    global ARGS, FIXTURE
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=["out-of-service", "updates", "killed", "watchdog", "systemd",
                                     "systemd-inside", "cage"])
    p.add_argument("--kiosk", required=True)
    p.add_argument("--pack", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--work", required=True)
    ARGS = p.parse_args()
    for name in ("kiosk", "pack", "source", "work"):
        setattr(ARGS, name, os.path.abspath(getattr(ARGS, name)))
    FIXTURE = os.path.join(ARGS.source, "tests", "data", "pack", "ok")
    {"out-of-service": out_of_service, "updates": updates, "killed": killed,
     "watchdog": watchdog, "systemd": systemd, "systemd-inside": systemd_inside,
     "cage": cage}[ARGS.phase]()


if __name__ == "__main__":
    main()
