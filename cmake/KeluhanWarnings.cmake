# Warnings and (optionally) sanitizers, as PRIVATE interface targets:
# link them privately so nothing leaks into consumers' flags.
add_library(keluhan_warnings INTERFACE)
add_library(keluhan::warnings ALIAS keluhan_warnings)
target_compile_options(keluhan_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
  -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)

add_library(keluhan_sanitize INTERFACE)
add_library(keluhan::sanitize ALIAS keluhan_sanitize)
if(KELUHAN_SANITIZE)
  target_compile_options(keluhan_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(keluhan_sanitize INTERFACE -fsanitize=address,undefined)
endif()
