# kernels/cuda: the GPU kernels of libridge, included at the end of kernels/CMakeLists.txt.
# With RIDGE_HAVE_CUDA the CUDA sources join ridge_objs, built for sm_80 (A100), sm_90 and
# sm_90a (H100/H200: the "a" target is what wgmma needs) plus compute_90 PTX for later GPUs;
# without, cuda_absent.c answers RG_EUNSUPPORTED.
if(RIDGE_HAVE_CUDA)
  set(RIDGE_CUDA_SOURCES
      cuda/gemm_cuda.c
      cuda/sgemm_cuda.cu
      cuda/gemm_mma_cuda.cu
      cuda/gemm_wgmma_cuda.cu
      cuda/gemm_decode_cuda.cu
      cuda/gemm_scale_cuda.cu
      cuda/act_cuda.cu
      cuda/attention_cuda.cu
      cuda/probe_cuda.cu)
  target_sources(ridge_objs PRIVATE ${RIDGE_CUDA_SOURCES})
  # RIDGE_CUDA_GENCODE (the top CMakeLists.txt): sm_80, sm_90, sm_90a and compute_90 PTX.
  set_target_properties(ridge_objs PROPERTIES CUDA_ARCHITECTURES OFF CUDA_STANDARD 17
                                              CUDA_STANDARD_REQUIRED ON)
  # RIDGE_CUDA_PTXAS_VERBOSE=ON prints registers, shared memory and spills per kernel.
  option(RIDGE_CUDA_PTXAS_VERBOSE "Report ptxas resource usage of the CUDA kernels" OFF)
  target_compile_options(ridge_objs PRIVATE
    $<$<COMPILE_LANGUAGE:CUDA>:${RIDGE_CUDA_GENCODE}>
    $<$<COMPILE_LANGUAGE:CUDA>:-lineinfo>
    $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${RIDGE_CUDA_PTXAS_VERBOSE}>>:-Xptxas=-v>)
  # The static runtime: binaries start without libcuda, and cudaGetDeviceCount reports the
  # missing driver instead of the loader failing.
  foreach(t ridge_objs ridge_static ridge)
    target_link_libraries(${t} PUBLIC CUDA::cudart_static)
    target_compile_definitions(${t} PUBLIC RIDGE_HAVE_CUDA)
  endforeach()
else()
  target_sources(ridge_objs PRIVATE cuda/cuda_absent.c)
endif()
