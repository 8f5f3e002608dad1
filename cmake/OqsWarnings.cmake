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
