# The repository's awareness pages: no harmful or mistranslated wording in
# any language, every page with its box and sources, translations that go
# stale when their Italian page changes.
set(IK_CONTENT_TESTS ${IK_SOURCE_DIR}/tests/content)
add_test(NAME content.wording
         COMMAND ${CMAKE_COMMAND} -DSRC=${IK_SOURCE_DIR} -P ${IK_CONTENT_TESTS}/wording.cmake)
add_test(NAME content.pages
         COMMAND ${CMAKE_COMMAND} -DSRC=${IK_SOURCE_DIR} -P ${IK_CONTENT_TESTS}/pages.cmake)
add_test(NAME content.stale_on_change
         COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack> -DSRC=${IK_SOURCE_DIR}
                 -DKIOSK=$<TARGET_FILE:incontro-kiosk> -DOUT=${CMAKE_BINARY_DIR}/content-stale -P ${IK_CONTENT_TESTS}/stale.cmake)
set_tests_properties(content.wording content.pages content.stale_on_change
                     PROPERTIES LABELS content TIMEOUT 300)
