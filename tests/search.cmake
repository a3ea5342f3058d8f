# Directory search: the unit tests (tests/unit/test_search*.c, found by the
# unit glob) also carry the label `search`; test_search_quality checks the
# directory and queries in tests/search/ (>= 98% top-3; tuned on);
# test_search_rows checks rows matched on their terms against FTS5.
if(TEST unit.test_search AND TEST unit.test_search_quality AND TEST unit.test_search_rows)
  set_tests_properties(unit.test_search unit.test_search_quality unit.test_search_rows
                       PROPERTIES LABELS "unit;search")
endif()
# incontro-pack search on the command line: invalid UTF-8 exits 1, stray
# FTS5 syntax around the word being typed is ignored.
add_test(NAME search.cli
         COMMAND sh ${IK_SOURCE_DIR}/tests/search/cli.sh $<TARGET_FILE:incontro-pack>
                 ${CMAKE_BINARY_DIR}/incontro.pack)
set_tests_properties(search.cli PROPERTIES LABELS "search;bad-input" TIMEOUT 120)
