# bench/gpu.cmake: the harness's GPU side, included from bench/CMakeLists.txt. The sources are
# always built (without CUDA they report "built without CUDA"); with RIDGE_HAVE_CUDA they use the
# CUDA runtime (static, via libridge). cuBLAS and NVML are loaded at run time (dlopen): ridge
# starts without them, and only a run that uses cuBLAS pays for its initialization.
target_sources(ridge_bench PRIVATE
  gpu_runtime.c
  gpu_nvml.c
  gpu_case.c
  gpu_gemm.c
  impl_ridge_gemm_cuda.c
  impl_ridge_act_cuda.c
  impl_ridge_attention_cuda.c
  baseline_cublas.c
  baseline_cublas_attention.c
  cublas_dyn.c
  ceilings_gpu.c)
target_link_libraries(ridge_bench PUBLIC ${CMAKE_DL_LIBS})
if(RIDGE_HAVE_CUDA)
  # Headers only: the library is dlopen'ed (cublas_dyn.c), from the toolkit's directory when the
  # loader's search does not find it.
  target_include_directories(ridge_bench PUBLIC ${CUDAToolkit_INCLUDE_DIRS})
  target_compile_definitions(ridge_bench PRIVATE RIDGE_CUBLAS_DIR="${CUDAToolkit_LIBRARY_DIR}")
  # The unfused attention baseline's softmax step (a baseline's own glue, not libridge's).
  target_sources(ridge_bench PRIVATE attention_softmax_cuda.cu)
  target_compile_options(ridge_bench PRIVATE
                         $<$<COMPILE_LANGUAGE:CUDA>:${RIDGE_CUDA_GENCODE}>)
  set_target_properties(ridge_bench PROPERTIES CUDA_ARCHITECTURES OFF CUDA_STANDARD 17)
endif()
