# The kernel unit tests, built in-process (tests/inprocess: Criterion's workers would escape
# qemu-user through execve) and run under qemu-user emulating older CPUs by
# scripts/emulated-units-test.sh. Not in sanitizer builds (ASan does not run under qemu-user).
if(NOT RIDGE_SANITIZE AND NOT RIDGE_TSAN)
  set(RIDGE_INPROCESS_TESTS test_cpu test_pool test_sgemm test_lowp_gemm test_activations
                            test_activations_bf16 test_attention)
  foreach(t ${RIDGE_INPROCESS_TESTS})
    add_executable(inproc_${t} ${t}.c inprocess/runner.c)
    target_include_directories(inproc_${t} BEFORE PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/inprocess
                                                          ${CMAKE_SOURCE_DIR}/kernels/cpu)
    target_link_libraries(inproc_${t} PRIVATE ridge_bench ridge_static m)
    # Criterion's checks compare mixed types and take an optional message; these macros are
    # plain C, so the same test sources warn here where they do not under Criterion.
    target_compile_options(inproc_${t} PRIVATE -Wno-sign-compare -Wno-format-zero-length)
  endforeach()
  foreach(cpu_path IN ITEMS "Haswell;avx2" "Nehalem;scalar")
    list(GET cpu_path 0 cpu)
    list(GET cpu_path 1 path)
    add_test(NAME emulated_units_${cpu}
             COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/emulated-units-test.sh ${CMAKE_BINARY_DIR}
                     ${cpu} ${path})
    set_tests_properties(emulated_units_${cpu} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
  endforeach()
endif()
