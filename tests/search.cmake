# Directory search: the unit tests (tests/unit/test_search*.c, found by the
# unit glob) also carry the label `search`; test_search_quality checks the
# directory and queries in tests/search/ (>= 98% top-3; tuned on).
if(TEST unit.test_search AND TEST unit.test_search_quality)
  set_tests_properties(unit.test_search unit.test_search_quality
                       PROPERTIES LABELS "unit;search")
endif()
