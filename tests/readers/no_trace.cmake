# Leaving without a trace: a reader searches, opens a result, comes back,
# adds a marker word to the search and quick-exits. Afterwards the marker (and the
# service that was open) is in no file the kiosk wrote under its folders
# (statistics, its log, temporary files, shots and layout dumps), and the
# screens that follow are byte for byte those of a kiosk that never saw it.
# cmake -DKIOSK=incontro-kiosk -DPACKFILE=incontro.pack -DOUT=dir -P no_trace.cmake
set(marker "zebrafrullo")
file(REMOVE_RECURSE ${OUT})
foreach(run seen control)
  set(root ${OUT}/${run})
  file(MAKE_DIRECTORY ${root}/user ${root}/tmp ${root}/stats)
  file(WRITE ${root}/kiosk.conf "stats_db = ${root}/stats/stats.db\n")
  # The control kiosk never sees a session: it only quick-exits from Home.
  set(session "press lang:it\npress quick-exit\n")
  if(run STREQUAL "seen")
    string(CONCAT session "press lang:it\npress door:directory\npress search\ntype ascolto\n"
                "press key:done\npress result:0\nexpect-scene service\npress back\n"
                "expect-scene directory\npress search\npress key:space\ntype ${marker}\n"
                "wait 500\npress quick-exit\n")
  endif()
  # No shot or dump before the quick exit: everything written is "later".
  file(WRITE ${root}/walk.txt
       "tap 960 540\n${session}expect-scene neutral\ndump neutral\n"
       "tap 960 540\nexpect-scene attract\nshot attract\ndump attract\n"
       "tap 960 540\nexpect-scene language\nshot language\ndump language\n"
       "press lang:it\nshot home\ndump home\npress door:directory\nshot directory\n"
       "dump directory\npress search\nshot search\ndump search\n")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env HOME=${root}/user TMPDIR=${root}/tmp
                          SQLITE_TMPDIR=${root}/tmp XDG_RUNTIME_DIR=${root}/tmp
                          XDG_CACHE_HOME=${root}/user/.cache XDG_DATA_HOME=${root}/user/.local
                          ${KIOSK} --pack ${PACKFILE} --config ${root}/kiosk.conf
                          --script ${root}/walk.txt --shots ${root}/shots
                  RESULT_VARIABLE rc OUTPUT_FILE ${root}/stdout.log ERROR_FILE ${root}/stderr.log)
  if(NOT rc EQUAL 0)
    file(READ ${root}/stderr.log err)
    message(FATAL_ERROR "${run} run failed (${rc}): ${err}")
  endif()
endforeach()

# The marker in no file, however it is stored: as written, upper case, or
# as UTF-16 (SQLite can store text that way).
string(TOUPPER "${marker}" upper)
set(utf16 "")
string(LENGTH "${marker}" n)
math(EXPR last "${n} - 1")
foreach(i RANGE ${last})
  string(SUBSTRING "${marker}" ${i} 1 c)
  string(APPEND utf16 "${c}.")
endforeach()
file(GLOB_RECURSE written LIST_DIRECTORIES false ${OUT}/seen/*)
list(REMOVE_ITEM written ${OUT}/seen/walk.txt)
list(LENGTH written count)
if(count LESS 8)
  message(FATAL_ERROR "expected the kiosk to write statistics, shots and dumps: ${written}")
endif()
foreach(f ${written})
  file(READ ${f} hex HEX)
  foreach(word ${marker} ${upper})
    string(HEX "${word}" wanted)
    string(FIND "${hex}" "${wanted}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} holds the marker '${word}'")
    endif()
  endforeach()
  file(STRINGS ${f} lines REGEX "${utf16}")
  if(lines)
    message(FATAL_ERROR "${f} holds the marker as UTF-16")
  endif()
endforeach()

# The neutral screen says nothing of what was open.
file(READ ${OUT}/seen/shots/neutral.jsonl neutral)
foreach(word ascolto Ascolto protetto ${marker} directory service)
  string(FIND "${neutral}" "${word}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the neutral screen shows '${word}':\n${neutral}")
  endif()
endforeach()

# What follows is what a kiosk that never saw the marker shows.
foreach(shot attract language home directory search)
  foreach(ext png jsonl)
    file(SHA256 ${OUT}/seen/shots/${shot}.${ext} a)
    file(SHA256 ${OUT}/control/shots/${shot}.${ext} b)
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${shot}.${ext} differs from the same screen of a kiosk that never saw "
                          "the session")
    endif()
  endforeach()
endforeach()
