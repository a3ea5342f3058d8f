# Reaching every reader discreetly: the operator PIN kept as a hash, read
# aloud, keyboards in every script, a take-away that reveals nothing, quick
# exit and idle reset that leave no trace.
add_test(NAME access.pin_hash
         COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack>
                 -DKIOSK=$<TARGET_FILE:incontro-kiosk> -DPACKFILE=${CMAKE_BINARY_DIR}/incontro.pack
                 -DOUT=${CMAKE_BINARY_DIR}/access-pin
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/readers/pin_hash.cmake)
set_tests_properties(access.pin_hash PROPERTIES LABELS "pack;kiosk" TIMEOUT 120
                     ENVIRONMENT "SDL_VIDEODRIVER=offscreen;SDL_AUDIODRIVER=dummy")

ik_kiosk_fails(plain_pin "plain_pin.conf:3: operator_pin \\(a PIN in plain text\\) is not accepted"
               --pack ${CMAKE_BINARY_DIR}/incontro.pack --config ${IK_SCRIPTS}/bad/plain_pin.conf)

# The QR code of every service card, decoded from a screenshot with zbar.
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
target_link_libraries(test_kiosk_takeaway PRIVATE PkgConfig::ZBAR)

# Quick exit leaves no trace in files, later screens or layout dumps.
add_test(NAME access.no_trace
         COMMAND ${CMAKE_COMMAND} -DKIOSK=$<TARGET_FILE:incontro-kiosk>
                 -DPACKFILE=${CMAKE_BINARY_DIR}/incontro.pack -DOUT=${CMAKE_BINARY_DIR}/access-no-trace
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/readers/no_trace.cmake)
set_tests_properties(access.no_trace PROPERTIES LABELS "kiosk;script" TIMEOUT 300
                     ENVIRONMENT "${IK_KIOSK_ENV}")

# Typing in every script offered finds services.
ik_kiosk_script(type_every_script)
