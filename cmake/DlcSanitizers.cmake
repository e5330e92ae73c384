# Sanitizer and fuzzing builds (test/fuzz/README.md).
#
# DLC_SANITIZE=address,undefined instruments all of dlc's own code; MLIR, LLVM,
# protobuf and libonnx stay Debian's uninstrumented libraries, which ASan and
# UBSan tolerate once LLVM's manual poisoning is off: run the tools with
# ASAN_OPTIONS=allow_user_poisoning=0 (.ci/sanitize and test/fuzz/run_fuzzer.sh
# set it; .ci/sanitize says why). DLC_SANITIZE=thread is for the runtime and its tests only
# (build those targets, run `ctest -L runtime`): TSan reports races it cannot
# see the other half of in uninstrumented, multithreaded MLIR.
#
# DLC_FUZZ=ON adds libFuzzer targets (test/fuzz) and coverage instrumentation
# of the code they reach; it needs clang and implies address,undefined.
set(DLC_SANITIZE "" CACHE STRING
  "Sanitizers for dlc's own code: address, undefined, address,undefined or thread")
option(DLC_FUZZ "Build the libFuzzer targets in test/fuzz (clang only)" OFF)

if(DLC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DLC_FUZZ needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(NOT DLC_SANITIZE)
    set(DLC_SANITIZE address,undefined)
  elseif(DLC_SANITIZE MATCHES "thread")
    message(FATAL_ERROR "DLC_FUZZ cannot be combined with DLC_SANITIZE=thread")
  endif()
endif()

set(DLC_SANITIZER_FLAGS)
if(DLC_SANITIZE)
  if(NOT DLC_SANITIZE MATCHES "^(address|undefined|thread)(,(address|undefined))*$")
    message(FATAL_ERROR "DLC_SANITIZE: expected address, undefined, address,undefined or "
                        "thread, got '${DLC_SANITIZE}'")
  endif()
  # No recovery: a report fails the test that triggered it. -O1 (after the
  # build type's -O3) halves the build time that CI pays, and keeps the stack
  # traces exact. vptr would need RTTI-consistent type info across Debian's
  # LLVM and is left out.
  set(DLC_SANITIZER_FLAGS -fsanitize=${DLC_SANITIZE} -fno-sanitize-recover=all
      -fno-omit-frame-pointer -O1)
  if(DLC_SANITIZE MATCHES "undefined")
    list(APPEND DLC_SANITIZER_FLAGS -fno-sanitize=vptr)
  endif()
  add_compile_options(${DLC_SANITIZER_FLAGS})
  add_link_options(-fsanitize=${DLC_SANITIZE})
endif()

# Code a fuzz target reaches gets coverage instrumentation, so that libFuzzer
# sees which inputs reach new code in it.
function(dlc_fuzz_coverage target)
  if(DLC_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
