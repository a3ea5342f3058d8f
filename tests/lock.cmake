# The kiosk, full screen, ends on a stop signal from the system (systemd's
# SIGTERM) cleanly with status 0, within about a second. (Leak checks are off
# here: the full-screen path loads video-driver internals LeakSanitizer blames.)
add_test(NAME kiosk.stops_on_sigterm
         COMMAND sh ${IK_SOURCE_DIR}/tests/stops_on_sigterm.sh 3 zero $<TARGET_FILE:incontro-kiosk>
                 --pack ${CMAKE_BINARY_DIR}/incontro.pack)
set_tests_properties(kiosk.stops_on_sigterm PROPERTIES LABELS kiosk TIMEOUT 60
                     ENVIRONMENT "SDL_VIDEODRIVER=offscreen;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
