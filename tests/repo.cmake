# The repository's own content: what it promises to readers of every language,
# checked on every run (coverage of every language, a pack that builds and reads back).
set(IK_COVERAGE_CHECK ${CMAKE_BINARY_DIR}/ik_coverage_check.cmake)
file(WRITE ${IK_COVERAGE_CHECK} [=[
cmake_policy(SET CMP0057 NEW)
execute_process(COMMAND ${PACK} coverage --content ${SRC}/content --translations ${SRC}/translations
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "coverage failed (${rc}):\n${err}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${out}")
set(langs)
foreach(line ${lines})
  if(NOT line MATCHES "^([A-Za-z-]+)\t([0-9]+)/([0-9]+)\t([0-9.]+)%")
    message(FATAL_ERROR "malformed coverage line: '${line}'")
  endif()
  set(code ${CMAKE_MATCH_1})
  math(EXPR need "${CMAKE_MATCH_3} * 95")
  math(EXPR have "${CMAKE_MATCH_2} * 100")
  if(have LESS need)
    message(FATAL_ERROR "${code} is below 95% translated: ${line}")
  endif()
  list(APPEND langs ${code})
endforeach()
foreach(code it en fr es sq ro uk ar fa-AF ps ur bn ti zh-Hans so)
  if(NOT code IN_LIST langs)
    message(FATAL_ERROR "coverage does not list ${code}")
  endif()
endforeach()
]=])
add_test(NAME repo.coverage_95_every_language
         COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack> -DSRC=${IK_SOURCE_DIR}
                 -P ${IK_COVERAGE_CHECK})
add_test(NAME repo.pack_info
         COMMAND incontro-pack info ${CMAKE_BINARY_DIR}/incontro.pack)
set_tests_properties(repo.pack_info PROPERTIES
                     PASS_REGULAR_EXPRESSION "languages: it en fr es sq ro uk ar fa-AF ps ur bn ti zh-Hans so")
set_tests_properties(repo.coverage_95_every_language repo.pack_info
                     PROPERTIES LABELS repo TIMEOUT 120)

# A fork must build from wherever it is cloned: no tracked (or new, not
# ignored) text file may name an absolute path of one machine's home or work
# folders. git grep exits 1 when nothing matches; anything else fails.
find_program(IK_GIT git REQUIRED)
set(IK_NO_ABS_CHECK ${CMAKE_BINARY_DIR}/ik_no_absolute_paths.cmake)
file(WRITE ${IK_NO_ABS_CHECK} [=[
set(dirs "work" "home")
list(JOIN dirs "|" alt)
execute_process(COMMAND ${GIT} -C ${SRC} grep --untracked -nIE "(^|[^A-Za-z0-9_.:/~-])/(${alt})/"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "absolute machine paths in the repository:\n${out}")
elseif(NOT rc EQUAL 1)
  message(FATAL_ERROR "git grep failed (${rc}): ${err}")
endif()
]=])
add_test(NAME repo.no_absolute_paths
         COMMAND ${CMAKE_COMMAND} -DGIT=${IK_GIT} -DSRC=${IK_SOURCE_DIR} -P ${IK_NO_ABS_CHECK})
set_tests_properties(repo.no_absolute_paths PROPERTIES LABELS repo TIMEOUT 60)
