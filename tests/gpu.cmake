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
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  foreach(k gemm attention)
    add_test(NAME emulate_cuda_${k}
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/../scripts/emulate_cuda_${k}.py)
    set_tests_properties(emulate_cuda_${k} PROPERTIES TIMEOUT 300)
  endforeach()
endif()
