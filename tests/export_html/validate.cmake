# incontro-pack export-html on the command line: the pages of a language
# pass HTML Tidy's HTML5 check, and bad input exits 1 with one message.
# cmake -DPACK=incontro-pack -DTIDY=tidy -DKIOSK_PACK=incontro.pack -DLANG=ar -DOUT=dir -P validate.cmake
if(NOT TIDY)
  message(FATAL_ERROR "HTML Tidy is not installed (scripts/setup.sh installs the `tidy` package)")
endif()
file(REMOVE_RECURSE ${OUT})
get_filename_component(parent ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${parent})
execute_process(COMMAND ${PACK} export-html --pack ${KIOSK_PACK} --lang ${LANG} -o ${OUT}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "export-html --lang ${LANG}: exit ${rc}\n${err}")
endif()
file(GLOB pages ${OUT}/*.html)
list(LENGTH pages n)
if(n LESS 10)
  message(FATAL_ERROR "export-html wrote ${n} pages")
endif()
foreach(page ${pages})
  execute_process(COMMAND ${TIDY} -q -e -utf8 --doctype html5 ${page}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  # Tidy 5.6 predates WAI-ARIA 1.1's aria-current (the current filter of the
  # directory): that one warning is Tidy's gap, every other one fails.
  string(REGEX REPLACE "[^\n]*proprietary attribute \"aria-current\"\n?" "" rest "${out}${err}")
  if(NOT rest STREQUAL "")
    message(SEND_ERROR "${page}:\n${rest}")
  endif()
endforeach()

function(expect_fail pattern)
  execute_process(COMMAND ${PACK} ${ARGN} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 1 OR NOT err MATCHES "${pattern}")
    message(SEND_ERROR "incontro-pack ${ARGN}: exit ${rc}, stderr:\n${err}")
  endif()
endfunction()
expect_fail("no language 'xx' \\(the pack has: it " export-html --pack ${KIOSK_PACK} --lang xx -o ${OUT}-xx)
expect_fail("nope.pack" export-html --pack ${OUT}/nope.pack --lang it -o ${OUT}-nope)
expect_fail("usage" export-html --pack ${KIOSK_PACK} -o ${OUT}-nolang)
