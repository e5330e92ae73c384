# Compiles the seed CNN at batch 1, runs it with the C example program (which
# links only the runtime) and compares its raw output with ONNX Runtime's.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}")
  endif()
endfunction()
run(${DLC_COMPILE} ${MODEL} --shape input=1x3x32x32 -o ${WORK}/libseed_cnn.so)
run(${RUN_MODEL} ${WORK}/libseed_cnn.so ${DATA}/input_0.bin -o ${WORK}/output_)
run(${PYTHON} ${COMPARE} ${DATA}/output_0.bin ${WORK}/output_0.bin)
