# Search evaluation sets, each its own directory, translations and queries,
# run through tests/search_eval/run.cmake (a right service in the top three):
#  search.eval   tests/search_eval: it/en/ar; the ranking and synonyms were
#                tuned on it, so its threshold only guards against regressions
#  search.dev    tests/search_dev: 12 languages, pinyin and Latin-typed
#                Arabic script; written fresh, but its failures were looked
#                at while the search was changed (its README), so it is a
#                development set too
#  search.heldout  tests/search_heldout: the shipped directory (content/,
#                translations/) in its 15 languages; written and committed
#                before it was run, never tuned on (its README)
# Extra arguments: CONTENT_DIR TRANSLATIONS_DIR when the set has only queries.
function(ik_search_eval test set min_queries min_permille)
  set(sources "")
  if(ARGC GREATER 4)
    set(sources -DCONTENT=${ARGV4} -DTRANSLATIONS=${ARGV5})
  endif()
  add_test(NAME ${test}
           COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack> ${sources}
                   -DSRC=${IK_SOURCE_DIR} -DSET=${IK_SOURCE_DIR}/tests/${set}
                   -DOUT=${CMAKE_BINARY_DIR}/${set} -DMIN_QUERIES=${min_queries}
                   -DMIN_PERMILLE=${min_permille}
                   -P ${IK_SOURCE_DIR}/tests/search_eval/run.cmake)
  set_tests_properties(${test} PROPERTIES LABELS search TIMEOUT 600)
endfunction()
ik_search_eval(search.eval search_eval 143 990)
ik_search_eval(search.dev search_dev 273 950)
ik_search_eval(search.heldout search_heldout 101 920
               ${IK_SOURCE_DIR}/content ${IK_SOURCE_DIR}/translations)
