# oqs_add_plugin(NAME SOURCES … [LIBS …] [ENTRY name] [OUTPUT_DIR dir])
# Builds a plugin twice over one set of objects: NAME_static (a static library tests link, exporting only
# oqs_plugin_entry_NAME) and NAME (the shared library the host loads from ${OQS_PLUGIN_DIR}/NAME.so, whose
# oqs_plugin_entry forwards to it). A plugin sees only the SDK headers (host/include).
function(oqs_add_plugin NAME)
  cmake_parse_arguments(P "" "ENTRY;OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  if(NOT P_ENTRY)
    set(P_ENTRY ${NAME})  # the NAME given to OQS_PLUGIN(NAME, …)
  endif()
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${OQS_PLUGIN_DIR})
  endif()
  add_library(${NAME}_static STATIC ${P_SOURCES})
  target_link_libraries(${NAME}_static PUBLIC oqs_sdk ${P_LIBS})
  set_target_properties(${NAME}_static PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  oqs_warnings(${NAME}_static)

  set(entry ${CMAKE_CURRENT_BINARY_DIR}/${NAME}_entry.c)
  file(WRITE ${entry}
    "#include \"oqs/oqs_plugin.h\"\n"
    "const oqs_plugin_descriptor* oqs_plugin_entry_${P_ENTRY}(void);\n"
    "OQS_EXPORT const oqs_plugin_descriptor* oqs_plugin_entry(void) { return oqs_plugin_entry_${P_ENTRY}(); }\n")
  add_library(${NAME} MODULE ${entry})
  target_link_libraries(${NAME} PRIVATE ${NAME}_static)
  set_target_properties(${NAME} PROPERTIES PREFIX "" OUTPUT_NAME ${NAME}
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIR} C_VISIBILITY_PRESET hidden)
  # Every symbol a plugin uses must resolve at link time (a missing one is a build error, not a refusal at load)
  # — except under clang's sanitizers, whose runtimes live in the executable that loads the plugin.
  if(NOT (OQS_SANITIZE OR OQS_TSAN) OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_link_options(${NAME} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
