# The kiosk, full screen, ends on a stop signal from the system (systemd's
# SIGTERM) cleanly with status 0, within about a second. (Leak checks are off
# here: the full-screen path loads video-driver internals LeakSanitizer blames.)
set(IK_LOCK_CHECK ${CMAKE_BINARY_DIR}/ik_lock_check.sh)
file(WRITE ${IK_LOCK_CHECK} [=[
#!/bin/sh
# $1 kiosk binary, $2 pack
"$1" --pack "$2" &
pid=$!
sleep 3
kill -0 "$pid" 2>/dev/null || { echo "the kiosk did not stay up"; exit 1; }
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -gt 50 ] && { echo "still running 5 s after SIGTERM"; kill -KILL "$pid"; exit 1; }
    sleep 0.1
done
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || { echo "exit status $rc after SIGTERM"; exit 1; }
]=])
add_test(NAME kiosk.stops_on_sigterm
         COMMAND sh ${IK_LOCK_CHECK} $<TARGET_FILE:incontro-kiosk> ${CMAKE_BINARY_DIR}/incontro.pack)
set_tests_properties(kiosk.stops_on_sigterm PROPERTIES LABELS kiosk TIMEOUT 60
                     ENVIRONMENT "SDL_VIDEODRIVER=offscreen;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
