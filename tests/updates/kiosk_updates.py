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
    return env


class Kiosk:
    """A live kiosk (the real event loop, windowed on the offscreen driver)."""

    def __init__(self, conf, log, pack=None, env=None):
        self.log_path = log
        self.log = open(log, "a")
        cmd = [ARGS.kiosk, "--windowed", "--config", conf]
        if pack:
            cmd += ["--pack", pack]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log,
                                     env=env or kiosk_env())
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
    # a SQLite file of the wrong schema (signing refuses it, so it is unsigned)
    db = sqlite3.connect(work("schema.pack"))
    db.executescript("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES('format','1'),('version','999');")
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
        self.proc = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__),
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


def main():
    global ARGS, FIXTURE
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=["out-of-service", "updates", "killed", "watchdog"])
    p.add_argument("--kiosk", required=True)
    p.add_argument("--pack", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--work", required=True)
    ARGS = p.parse_args()
    FIXTURE = os.path.join(ARGS.source, "tests", "data", "pack", "ok")
    {"out-of-service": out_of_service, "updates": updates, "killed": killed,
     "watchdog": watchdog}[ARGS.phase]()


if __name__ == "__main__":
    main()
