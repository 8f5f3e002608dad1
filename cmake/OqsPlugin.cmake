# oqs_add_plugin(NAME SOURCES … [LIBS …])
# Builds a plugin twice over one set of objects: NAME_static (a static library tests link, exporting only
# oqs_plugin_entry_NAME) and NAME (the shared library the host loads from ${OQS_PLUGIN_DIR}/NAME.so, whose
# oqs_plugin_entry forwards to it). A plugin sees only the SDK headers (host/include).
function(oqs_add_plugin NAME)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${NAME}_static STATIC ${P_SOURCES})
  target_link_libraries(${NAME}_static PUBLIC oqs_sdk ${P_LIBS})
  set_target_properties(${NAME}_static PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  oqs_warnings(${NAME}_static)

  set(entry ${CMAKE_CURRENT_BINARY_DIR}/${NAME}_entry.c)
  file(WRITE ${entry}
    "#include \"oqs/oqs_plugin.h\"\n"
    "const oqs_plugin_descriptor* oqs_plugin_entry_${NAME}(void);\n"
    "OQS_EXPORT const oqs_plugin_descriptor* oqs_plugin_entry(void) { return oqs_plugin_entry_${NAME}(); }\n")
  add_library(${NAME} MODULE ${entry})
  target_link_libraries(${NAME} PRIVATE ${NAME}_static)
  set_target_properties(${NAME} PROPERTIES PREFIX "" OUTPUT_NAME ${NAME}
    LIBRARY_OUTPUT_DIRECTORY ${OQS_PLUGIN_DIR} C_VISIBILITY_PRESET hidden)
  target_link_options(${NAME} PRIVATE -Wl,--no-undefined)
endfunction()
