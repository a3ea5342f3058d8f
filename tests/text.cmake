# Text suite: the engine's unit tests carry their own labels, golden traces
# of incontro-text against tests/text/*.out, and bad input to the tool.
set(IK_TEXT_DATA ${IK_SOURCE_DIR}/tests/text)
if(TEST unit.test_text_conformance)
  set_tests_properties(unit.test_text_conformance PROPERTIES LABELS "conformance" TIMEOUT 300)
endif()
if(TEST unit.test_text_render)
  set_tests_properties(unit.test_text_render PROPERTIES LABELS "render" TIMEOUT 120)
endif()
if(TEST unit.test_text)
  set_tests_properties(unit.test_text PROPERTIES LABELS "unit" TIMEOUT 120)
endif()

function(ik_text_golden name in out)
  add_test(NAME text.golden.${name}
           COMMAND ${CMAKE_COMMAND} -DTOOL=$<TARGET_FILE:incontro-text>
                   -DIN=${IK_TEXT_DATA}/${in} -DOUT=${IK_TEXT_DATA}/${out}
                   "-DARGS=${ARGN}" -P ${IK_TEXT_DATA}/golden.cmake)
  set_tests_properties(text.golden.${name} PROPERTIES LABELS golden TIMEOUT 60
                       ENVIRONMENT "IK_SOURCE_DIR=${IK_SOURCE_DIR}")
endfunction()
ik_text_golden(order golden_order.in golden_order.out order)
ik_text_golden(order_content golden_order_content.in golden_order_content.out order --content)
ik_text_golden(breaks golden_breaks.in golden_breaks.out breaks)
ik_text_golden(wrap_it golden_wrap_it.in golden_wrap_it.out wrap --lang it --width 400 --size 24)
ik_text_golden(wrap_ar golden_wrap_ar.in golden_wrap_ar.out
               wrap --lang ar --width 300 --size 24 --content)

add_test(NAME text.bad_input
         COMMAND ${CMAKE_COMMAND} -DTOOL=$<TARGET_FILE:incontro-text>
                 -DDIR=${CMAKE_BINARY_DIR}/text-bad -P ${IK_TEXT_DATA}/badinput.cmake)
set_tests_properties(text.bad_input PROPERTIES LABELS "unit" TIMEOUT 120
                     ENVIRONMENT "IK_SOURCE_DIR=${IK_SOURCE_DIR}")
