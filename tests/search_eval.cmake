# Independent search evaluation (its own directory and queries in Italian,
# English and Arabic, written without looking at the search code): >= 90% of
# the queries must have a right service in the top three.
add_test(NAME search.eval
         COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack>
                 -DSRC=${IK_SOURCE_DIR} -DOUT=${CMAKE_BINARY_DIR}/search-eval
                 -P ${IK_SOURCE_DIR}/tests/search_eval/run.cmake)
set_tests_properties(search.eval PROPERTIES LABELS search TIMEOUT 300)
