# Pack suite: the command-line contract of incontro-pack on the fixtures in
# tests/data/pack (unit tests of the same code live in tests/unit/test_pack*.c).
set(IK_PACK_OK ${IK_SOURCE_DIR}/tests/data/pack/ok)
add_test(NAME pack.check_fixture
         COMMAND incontro-pack check --content ${IK_PACK_OK}/content
                 --translations ${IK_PACK_OK}/translations)
add_test(NAME pack.check_repository
         COMMAND incontro-pack check --content ${IK_SOURCE_DIR}/content
                 --translations ${IK_SOURCE_DIR}/translations)
add_test(NAME pack.broken_fixtures
         COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack>
                 -DDATA=${IK_SOURCE_DIR}/tests/data/pack -DOUT=${CMAKE_BINARY_DIR}/pack-broken
                 -P ${IK_SOURCE_DIR}/tests/data/pack/broken.cmake)
set_tests_properties(pack.check_fixture pack.check_repository pack.broken_fixtures
                     PROPERTIES LABELS pack TIMEOUT 120)

add_test(NAME pack.cli
         COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack>
                 -DTEXT=$<TARGET_FILE:incontro-text>
                 -DDATA=${IK_SOURCE_DIR}/tests/data/pack -DOUT=${CMAKE_BINARY_DIR}/pack-cli
                 -P ${IK_SOURCE_DIR}/tests/data/pack/cli.cmake)
set_tests_properties(pack.cli PROPERTIES LABELS pack TIMEOUT 120)
