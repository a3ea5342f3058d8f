# One reader's flow in one language (tests/scripts/flows/LANG.txt), then
# its QR code read back from the screenshot with zbarimg: a contact and its
# numbers only, none of the revealing words of any language.
# cmake -DKIOSK=... -DPACKFILE=... -DZBARIMG=... -DSCRIPT=... -DWORDS=... -DOUT=dir -P flow.cmake
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${KIOSK} --pack ${PACKFILE} --script ${SCRIPT} --shots ${OUT}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the flow failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${ZBARIMG} --raw -q ${OUT}/qr.png
                RESULT_VARIABLE rc OUTPUT_VARIABLE payload ERROR_QUIET)
string(STRIP "${payload}" payload)
if(NOT rc EQUAL 0 OR NOT payload MATCHES "^MECARD:N:[^;]+;(TEL:[+0-9 ]+;)+;$")
  message(FATAL_ERROR "no QR take-away of a contact and its numbers in qr.png: '${payload}'")
endif()
string(TOLOWER "${payload}" folded)
file(STRINGS ${WORDS} lines ENCODING UTF-8 REGEX "^[^#]")
foreach(line ${lines})
  string(REPLACE "\t" ";" fields "${line}")
  list(GET fields 2 word)
  string(TOLOWER "${word}" word)
  string(FIND "${folded}" "${word}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the QR payload '${payload}' holds the revealing word '${word}'")
  endif()
endforeach()
