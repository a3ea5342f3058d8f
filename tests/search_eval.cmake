# Search evaluation sets, each its own directory, translations and queries,
# run through tests/search_eval/run.cmake (a right service in the top three):
#  search.eval   tests/search_eval: it/en/ar; the ranking and synonyms were
#                tuned on it, so its threshold only guards against regressions
#  search.dev    tests/search_dev: 12 languages, pinyin and Latin-typed
#                Arabic script; written fresh, but its failures were looked
#                at while the search was changed (its README), so it is a
#                development set too
function(ik_search_eval test set min_queries min_permille)
  add_test(NAME ${test}
           COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack>
                   -DSRC=${IK_SOURCE_DIR} -DSET=${IK_SOURCE_DIR}/tests/${set}
                   -DOUT=${CMAKE_BINARY_DIR}/${set} -DMIN_QUERIES=${min_queries}
                   -DMIN_PERMILLE=${min_permille}
                   -P ${IK_SOURCE_DIR}/tests/search_eval/run.cmake)
  set_tests_properties(${test} PROPERTIES LABELS search TIMEOUT 600)
endfunction()
ik_search_eval(search.eval search_eval 143 990)
ik_search_eval(search.dev search_dev 273 950)
