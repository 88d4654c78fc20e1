# bench/gpu.cmake: the harness's GPU side, included from bench/CMakeLists.txt. The sources are
# always built (without CUDA they report "built without CUDA"); with RIDGE_HAVE_CUDA they use the
# CUDA runtime (static, via libridge) and cuBLAS. NVML is loaded at run time (dlopen).
target_sources(ridge_bench PRIVATE
  gpu_runtime.c
  gpu_nvml.c
  gpu_case.c
  gpu_gemm.c
  impl_ridge_gemm_cuda.c
  impl_ridge_act_cuda.c
  impl_ridge_attention_cuda.c
  baseline_cublas.c
  ceilings_gpu.c)
target_link_libraries(ridge_bench PUBLIC ${CMAKE_DL_LIBS})
if(RIDGE_HAVE_CUDA)
  target_link_libraries(ridge_bench PUBLIC CUDA::cublas)
endif()
