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
