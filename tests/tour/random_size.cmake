# The program itself at a window size it has never been tested at: a size
# picked from a seed (printed; IK_TOUR_SEED=N repeats it) between 800x600
# and 3840x2160 in either orientation. The tour writes every scene in every
# language at that size, a script walks every scene again in larger text in
# every language with `dump`, and check_dumps.cmake reads the kiosk's own
# layout checks from each dump.
# cmake -DKIOSK=... -DPACK=... -DOUT=... [-DSIZE=WxH] -P random_size.cmake
if(DEFINED SIZE)
  string(REGEX MATCH "^([0-9]+)x([0-9]+)$" ok "${SIZE}")
  set(w ${CMAKE_MATCH_1})
  set(h ${CMAKE_MATCH_2})
  message(STATUS "size ${w}x${h} (given)")
else()
  if(DEFINED ENV{IK_TOUR_SEED})
    set(seed $ENV{IK_TOUR_SEED})
  else()
    string(RANDOM LENGTH 6 ALPHABET 123456789 seed)
  endif()
  # A linear congruential step per number drawn (31-bit, as in C's rand).
  math(EXPR x "(${seed} * 1103515245 + 12345) % 2147483648")
  math(EXPR long "800 + ${x} % 3041")
  math(EXPR x "(${x} * 1103515245 + 12345) % 2147483648")
  math(EXPR short "600 + ${x} % 1561")
  if(short GREATER long)
    set(short ${long})
  endif()
  math(EXPR x "(${x} * 1103515245 + 12345) % 2147483648")
  math(EXPR portrait "(${x} / 65536) % 2")
  if(portrait)
    set(w ${short})
    set(h ${long})
  else()
    set(w ${long})
    set(h ${short})
  endif()
  message(STATUS "size ${w}x${h} from seed ${seed} (IK_TOUR_SEED=${seed} repeats it)")
endif()

file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${KIOSK} --pack ${PACK} --tour ${OUT} --size ${w}x${h}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the tour at ${w}x${h} failed (${rc}):\n${err}")
endif()

# Larger text: a script through every scene a reader reaches, in each
# language the tour found in the pack, dumping each.
file(GLOB langs RELATIVE ${OUT}/${w}x${h} ${OUT}/${w}x${h}/*)
set(script "# Larger text in every language, each scene dumped.\npress start\n")
set(first TRUE)
foreach(lang ${langs})
  string(APPEND script "press lang:${lang}\n")
  if(first)
    string(APPEND script "press text-size\n")
    set(first FALSE)
  else()
    string(APPEND script "press home\n")
  endif()
  string(APPEND script "dump ${lang}.home\npress door:learn\ndump ${lang}.topics\n"
         "press topic:0\ndump ${lang}.topic\npress home\npress door:directory\n"
         "dump ${lang}.directory\n"
         # A filter chosen brings the results into view (twice: back to all).
         "press filter:free\npress filter:free\npress result:0\n"
         "dump ${lang}.service\npress help\n"
         "dump ${lang}.help\npress language\ndump ${lang}.language\n")
endforeach()
file(WRITE ${OUT}/larger.txt "${script}")
execute_process(COMMAND ${KIOSK} --pack ${PACK} --size ${w}x${h} --script ${OUT}/larger.txt
                        --shots ${OUT}/larger
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the larger-text walk at ${w}x${h} failed (${rc}):\n${err}")
endif()

list(LENGTH langs nlang)
math(EXPR tour_dumps "${nlang} * 10")
math(EXPR walk_dumps "${nlang} * 7")
execute_process(COMMAND ${CMAKE_COMMAND} -DDIR=${OUT}/${w}x${h} -DWIDTH=${w} -DHEIGHT=${h}
                        -DMIN_DUMPS=${tour_dumps} -DPNG_BESIDE=ON
                        -P ${CMAKE_CURRENT_LIST_DIR}/check_dumps.cmake
                RESULT_VARIABLE rc1)
execute_process(COMMAND ${CMAKE_COMMAND} -DDIR=${OUT}/larger -DWIDTH=${w} -DHEIGHT=${h}
                        -DMIN_DUMPS=${walk_dumps}
                        -P ${CMAKE_CURRENT_LIST_DIR}/check_dumps.cmake
                RESULT_VARIABLE rc2)
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "layout problems at ${w}x${h} (listed above)")
endif()
