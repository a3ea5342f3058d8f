# Trust and updates end to end (tests/updates/kiosk_updates.py): the real
# kiosk and pack tool, bad packs, an inbox folder, an https:// loopback
# server the test starts and stops, kill -9 during installs, systemd's
# notify/watchdog protocol, the packaged unit under a real systemd (a user
# manager in a private mount namespace; needs root) and a Wayland session with
# cage (run as the user nobody; needs root to switch).
find_program(IK_PYTHON python3 REQUIRED)
foreach(phase out-of-service updates killed watchdog systemd cage)
  add_test(NAME kiosk.updates.${phase}
           COMMAND ${IK_PYTHON} ${IK_SOURCE_DIR}/tests/updates/kiosk_updates.py ${phase}
                   --kiosk $<TARGET_FILE:incontro-kiosk> --pack $<TARGET_FILE:incontro-pack>
                   --source ${IK_SOURCE_DIR} --work ${CMAKE_BINARY_DIR}/updates/${phase})
  set_tests_properties(kiosk.updates.${phase} PROPERTIES LABELS "kiosk;updates" TIMEOUT 600
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endforeach()

# The units as systemd reads them (every complaint but the binary's absence,
# which only an installed package provides, fails).
find_program(IK_SYSTEMD_ANALYZE systemd-analyze REQUIRED)
file(WRITE ${CMAKE_BINARY_DIR}/ik_verify_units.cmake [=[
foreach(unit incontro-kiosk.service incontro-kiosk-cage.service)
  execute_process(COMMAND ${ANALYZE} verify ${SRC}/packaging/${unit}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[^\n]*(is not executable|No such file or directory)[^\n]*\n?" "" rest "${out}${err}")
  if(NOT rest STREQUAL "")
    message(SEND_ERROR "${unit}:\n${rest}")
  endif()
endforeach()
]=])
add_test(NAME packaging.units
         COMMAND ${CMAKE_COMMAND} -DANALYZE=${IK_SYSTEMD_ANALYZE} -DSRC=${IK_SOURCE_DIR}
                 -P ${CMAKE_BINARY_DIR}/ik_verify_units.cmake)
set_tests_properties(packaging.units PROPERTIES LABELS packaging TIMEOUT 60)
