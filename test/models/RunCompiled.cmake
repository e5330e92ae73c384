# Compiles MODEL with SHAPE into WORK/libmodel.so, then runs each of CHECK1,
# CHECK2 (lists; the word LIBRARY stands for the compiled library). Any
# failing step fails the test.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(library ${WORK}/libmodel.so)
execute_process(COMMAND ${DLC_COMPILE} ${MODEL} --shape ${SHAPE} -o ${library}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "dlc-compile failed (${status})")
endif()
foreach(check CHECK1 CHECK2)
  if(NOT DEFINED ${check})
    continue()
  endif()
  string(REPLACE "LIBRARY" "${library}" command "${${check}}")
  execute_process(COMMAND ${command} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endforeach()
