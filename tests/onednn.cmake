# oneDNN baselines (bench/baseline_onednn*.c): verification on small cases, the threads and PUs
# of oneDNN's OpenMP workers (the test looks at them from its own OpenMP region), the version
# and ISA in the results; skipped in a build without oneDNN.
ridge_test(harness_onednn harness_onednn.c)
target_link_libraries(harness_onednn PRIVATE ridge_bench)
if(RIDGE_DNNL_OPENMP_FLAGS)
  target_compile_options(harness_onednn PRIVATE ${RIDGE_DNNL_OPENMP_FLAGS})
endif()
