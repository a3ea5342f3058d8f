# export-html: the static web pages of a right-to-left and a left-to-right
# language validated by HTML Tidy (the unit test test_export_html checks
# their content), and the command's bad input.
find_program(IK_TIDY tidy)
foreach(lang ar it)
  add_test(NAME pack.export_html.${lang}
           COMMAND ${CMAKE_COMMAND} -DPACK=$<TARGET_FILE:incontro-pack> -DTIDY=${IK_TIDY}
                   -DKIOSK_PACK=${CMAKE_BINARY_DIR}/incontro.pack -DLANG=${lang}
                   -DOUT=${CMAKE_BINARY_DIR}/export-html/${lang}
                   -P ${IK_SOURCE_DIR}/tests/export_html/validate.cmake)
  set_tests_properties(pack.export_html.${lang} PROPERTIES LABELS pack TIMEOUT 120)
endforeach()
