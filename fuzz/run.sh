#!/bin/sh
# Builds the fuzzers (clang + libFuzzer + ASan + UBSan) and runs each target
# for FUZZ_SECONDS (default 60). Exits non-zero when any target found a crash,
# a sanitizer report, a leak or a hang; the input is left in
# $BUILD/artifacts/<target>-crash-* (copy it to fuzz/crashes/<target>-<name>).
#   fuzz/run.sh                 every target
#   fuzz/run.sh csv po          some
# Environment: FUZZ_SECONDS, FUZZ_JOBS (parallel targets, default 1),
# FUZZ_BUILD (build folder, default build-fuzz), IK_PACK (search_query's
# pack, and pack_open's seeds: default build/incontro.pack), FUZZ_NO_SUPP=1 (do not silence the known bugs of known-bugs.supp).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${FUZZ_BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
targets=${*:-"csv markdown po pack_build text_layout search_query pack_open config script"}

# clang's libFuzzer runtime is only needed here, not by the kiosk or its tests.
for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" && continue
    [ "$(id -u)" -eq 0 ] || { echo "fuzz: install $p first" >&2; exit 2; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null || exit 2
done

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=${CC:-clang} >/dev/null || exit 2
cmake --build "$build" -j "$(nproc)" >/dev/null || { cmake --build "$build" 2>&1 | tail -30; exit 2; }

export IK_SOURCE_DIR="$root"
ubsan="halt_on_error=1:print_stacktrace=1"
[ "${FUZZ_NO_SUPP:-0}" = 1 ] || ubsan="$ubsan:suppressions=$here/known-bugs.supp"
export UBSAN_OPTIONS="$ubsan"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"

# libgettextpo leaks a little on every file it reads (suppressed), which makes
# libFuzzer run a full leak scan after every input: 50x slower. Those targets
# fuzz without the per-input leak check; their replays (ctest) still check
# leaks at exit over the whole corpus.
leaks() {
    case $1 in
        po|pack_build) echo 0 ;;
        *) echo 1 ;;
    esac
}

max_len() {
    case $1 in
        search_query) echo 256 ;;
        text_layout) echo 2048 ;;
        pack_open) echo 4194304 ;;
        *) echo 8192 ;;
    esac
}

# pack_open's seeds beyond the small ones in fuzz/corpus: the built pack
# (too big to keep in the repository), cut short and with bits flipped.
pack_seeds() {
    pack=${IK_PACK:-$root/build/incontro.pack}
    [ -f "$pack" ] || { echo "pack_open: no $pack (build first): small seeds only"; return; }
    python3 - "$pack" "$1" <<'PY'
import random, sys
data = open(sys.argv[1], "rb").read()
out = sys.argv[2] + "/built-"
open(out + "whole", "wb").write(data)
for n in (4096, 65536, len(data) // 2, len(data) - 1):
    open(out + "cut-%d" % n, "wb").write(data[:n])
rnd = random.Random(13)
for i in range(8):
    b = bytearray(data)
    pos = rnd.randrange(len(b))
    b[pos] ^= 1 << rnd.randrange(8)
    open(out + "flip-%d" % pos, "wb").write(bytes(b))
PY
}

run_one() {
    t=$1
    work="$build/corpus/$t"     # grows while fuzzing; the repo's seeds stay small
    mkdir -p "$work" "$build/artifacts" "$build/logs"
    [ "$t" = pack_open ] && [ ! -f "$work/built-whole" ] && pack_seeds "$work"
    log="$build/logs/$t.log"
    dict=""
    [ -f "$here/dict/$t.dict" ] && dict="-dict=$here/dict/$t.dict"
    "$build/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 \
        -max_len="$(max_len "$t")" -detect_leaks="$(leaks "$t")" -print_final_stats=1 $dict \
        -artifact_prefix="$build/artifacts/$t-" "$work" "$here/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        echo "$t: ok, ${runs:-?} runs, ${speed:-?} exec/s"
    else
        echo "$t: FAILED (exit $rc) after ${runs:-?} runs; log $log"
        grep -m1 -E "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY" "$log"
        ls "$build/artifacts/$t-"* 2>/dev/null | tail -3
    fi
    return $rc
}

status=0
running=0
pids=""
for t in $targets; do
    if [ ! -x "$build/fuzz_$t" ]; then
        echo "$t: no such fuzzer (is the compiler clang?)"
        status=1
        continue
    fi
    run_one "$t" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do wait "$p" || status=1; done
        pids=""
        running=0
    fi
done
for p in $pids; do wait "$p" || status=1; done
exit $status
