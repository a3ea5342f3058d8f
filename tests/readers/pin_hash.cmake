# incontro-pack pin-hash: a PIN on standard input gives an Argon2id hash the
# kiosk accepts (a different salt each time); anything but 4-12 digits is
# refused with one clear message and exit 1.
file(WRITE ${OUT}/pin-good.txt "2468\n")
file(WRITE ${OUT}/pin-bad.txt "12ab\n")
file(WRITE ${OUT}/pin-empty.txt "")
foreach(i 1 2)
  execute_process(COMMAND ${PACK} pin-hash INPUT_FILE ${OUT}/pin-good.txt
                  RESULT_VARIABLE rc OUTPUT_VARIABLE hash${i} ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT hash${i} MATCHES "^\\$argon2id\\$v=19\\$m=[0-9]+,t=[0-9]+,p=1\\$[^\n]+\n$")
    message(FATAL_ERROR "pin-hash 2468: rc=${rc} out='${hash${i}}' err='${err}'")
  endif()
endforeach()
if(hash1 STREQUAL hash2)
  message(FATAL_ERROR "two hashes of the same PIN are equal: no salt")
endif()
string(FIND "${hash1}" "2468" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "the hash shows the PIN: ${hash1}")
endif()
foreach(case "pin-bad.txt|a PIN is 4 to 12 digits" "pin-empty.txt|reads the PIN on standard input")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 input)
  list(GET parts 1 expect)
  execute_process(COMMAND ${PACK} pin-hash INPUT_FILE ${OUT}/${input}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 1 OR NOT err MATCHES "${expect}" OR NOT out STREQUAL "")
    message(FATAL_ERROR "pin-hash < ${input}: rc=${rc} out='${out}' err='${err}'")
  endif()
endforeach()
# The hash made here opens the kiosk's configuration.
string(STRIP "${hash1}" hash1)
file(WRITE ${OUT}/pin.conf "operator_pin_hash = ${hash1}\n")
file(WRITE ${OUT}/pin.txt "expect-scene attract\n")
execute_process(COMMAND ${KIOSK} --pack ${PACKFILE} --config ${OUT}/pin.conf
                        --script ${OUT}/pin.txt --shots ${OUT}/shots
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the kiosk refused a hash from pin-hash: ${err}")
endif()
