# Warning and sanitizer flags for every target of the project (not for Dear ImGui's sources).
function(oqs_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(OQS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(OQS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # One clang build serves the sanitizer suites and the fuzzers: every object carries libFuzzer's coverage
    # hooks, and only the *_fuzzer executables link its driver (-fsanitize=fuzzer, tests/fuzz/).
    add_compile_options(-fsanitize=fuzzer-no-link)
    set(OQS_FUZZ ON CACHE INTERNAL "libFuzzer targets are built")
  endif()
endif()

if(OQS_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# Adds every direct child folder that has a CMakeLists.txt (plugins/, bench/): the tree names nothing by hand.
function(oqs_add_child_dirs)
  file(GLOB children LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
  foreach(child ${children})
    if(IS_DIRECTORY ${child} AND EXISTS ${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
