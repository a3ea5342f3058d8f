# Runs `incontro-text ARGS < IN` and compares standard output with OUT.
# -DTOOL=... -DIN=... -DOUT=... -DARGS="order;--content"
execute_process(COMMAND ${TOOL} ${ARGS} INPUT_FILE ${IN} OUTPUT_VARIABLE got
                ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "incontro-text ${ARGS} < ${IN} exited ${rc}: ${err}")
endif()
file(READ ${OUT} want)
if(NOT got STREQUAL want)
  message(FATAL_ERROR "incontro-text ${ARGS} < ${IN}\n--- expected (${OUT})\n${want}--- got\n${got}")
endif()
