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
