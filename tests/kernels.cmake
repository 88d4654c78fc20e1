# Kernel tests: libridge against its double references, the pool, CPU dispatch, the BLAS shim.
foreach(t test_sgemm test_pool test_cpu)
  ridge_test(${t} ${t}.c)
  target_link_libraries(${t} PRIVATE ridge_static m)
endforeach()
# Timing-free, but test_sgemm runs every ISA on a loaded 2-core machine (3x under sanitizers).
set_tests_properties(test_sgemm PROPERTIES TIMEOUT 300)

if(TARGET ridge_blas)
  ridge_test(test_blas test_blas.c)
  target_link_libraries(test_blas PRIVATE ridge_static m ${CMAKE_DL_LIBS})
  target_compile_definitions(test_blas PRIVATE RIDGE_BLAS_PATH="$<TARGET_FILE:ridge_blas>")
  # The shim looks up xerbla_ / cblas_xerbla in the program, so the program must export them.
  set_target_properties(test_blas PROPERTIES ENABLE_EXPORTS ON)
  add_dependencies(test_blas ridge_blas)

  # The netlib BLAS/CBLAS level-3 test programs, run on the shim via LD_PRELOAD.
  add_test(NAME blas_netlib COMMAND ${CMAKE_CURRENT_LIST_DIR}/../scripts/blas-test.sh
           ${CMAKE_BINARY_DIR})
  set_tests_properties(blas_netlib PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
