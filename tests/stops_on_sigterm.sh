#!/bin/sh
# stops_on_sigterm.sh UP_SECONDS STATUS COMMAND...
# Starts COMMAND, checks it is still running after UP_SECONDS, sends SIGTERM
# and fails unless it ends within 5 s. STATUS "zero" also requires a clean
# exit status 0; "any" accepts the default action of the signal.
up=$1 want=$2
shift 2
"$@" &
pid=$!
sleep "$up"
kill -0 "$pid" 2>/dev/null || { echo "the command ended before the signal"; exit 1; }
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -gt 50 ] && { echo "still running 5 s after SIGTERM"; kill -KILL "$pid"; exit 1; }
    sleep 0.1
done
wait "$pid"
rc=$?
[ "$want" = any ] || [ "$rc" -eq 0 ] || { echo "exit status $rc after SIGTERM"; exit 1; }
exit 0
