# GPU tests: ridge's CUDA GEMMs against the double reference and the GPU implementations'
# behaviour without a device. Built with or without CUDA; the device tests skip without a GPU.
ridge_test(test_gpu test_gpu.c)
target_link_libraries(test_gpu PRIVATE ridge_bench m)
set_tests_properties(test_gpu PROPERTIES TIMEOUT 600)
ridge_test(test_gpu_act test_gpu_act.c)
target_link_libraries(test_gpu_act PRIVATE ridge_bench m)
set_tests_properties(test_gpu_act PROPERTIES TIMEOUT 600)
ridge_test(test_gpu_attention test_gpu_attention.c)
target_link_libraries(test_gpu_attention PRIVATE ridge_bench m)
set_tests_properties(test_gpu_attention PROPERTIES TIMEOUT 600)

# The CUDA kernels' index arithmetic replayed lane by lane on the CPU (no GPU needed): the GEMMs
# and the tensor-core attention against numpy. Python 3 with numpy (scripts/deps.sh installs it).
# The first python3 on the PATH may be one without numpy (pyenv's, say): then Debian's, where
# deps.sh put it.
find_package(Python3 COMPONENTS Interpreter QUIET)
set(RIDGE_NUMPY_PYTHON "")
foreach(py ${Python3_EXECUTABLE} /usr/bin/python3)
  if(NOT RIDGE_NUMPY_PYTHON AND EXISTS "${py}")
    execute_process(COMMAND ${py} -c "import numpy" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(RIDGE_NUMPY_PYTHON ${py})
    endif()
  endif()
endforeach()
if(NOT RIDGE_NUMPY_PYTHON)
  message(WARNING "no python3 with numpy: the emulate_cuda_* tests are left out (scripts/deps.sh)")
else()
  foreach(k gemm attention)
    add_test(NAME emulate_cuda_${k}
             COMMAND ${RIDGE_NUMPY_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/../scripts/emulate_cuda_${k}.py)
    set_tests_properties(emulate_cuda_${k} PROPERTIES TIMEOUT 300)
  endforeach()
endif()
