# The `layering` test: builds a target of the sim layer that includes a policy header and passes
# only when the compile fails because that header is not on the layer's include path (any other
# outcome, a success or another error, fails the test).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target reslab_layering_probe
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(text "${out}${err}")
if(result EQUAL 0)
  message(FATAL_ERROR "an upward include compiled: the layers are not enforced\n${text}")
endif()
if(NOT text MATCHES "upward_include.cpp:[0-9]+:[0-9]+: fatal error: policy/pipeline.h: No such file")
  message(FATAL_ERROR "the probe failed, but not on the upward include:\n${text}")
endif()
message(STATUS "an include of policy/pipeline.h from the sim layer does not compile, as it must not")
