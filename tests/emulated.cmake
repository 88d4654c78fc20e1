# Older CPUs under qemu-user: the dispatcher must fall back (AVX2 on Haswell, scalar on
# Nehalem) with no illegal instruction, and every case and test must pass on the emulated CPU:
# the quick suite (scripts/emulated-cpu-test.sh) and the kernel unit tests
# (scripts/emulated-units-test.sh), these built in-process (tests/inprocess: Criterion's
# workers start by execve and would run natively, outside the emulator). Skipped without qemu;
# not in sanitizer builds (ASan's shadow memory does not run under qemu-user).
if(NOT RIDGE_SANITIZE AND NOT RIDGE_TSAN)
  set(RIDGE_INPROCESS_TESTS test_cpu test_pool test_probes test_sgemm test_lowp_gemm
                            test_activations test_activations_bf16 test_attention)
  foreach(t ${RIDGE_INPROCESS_TESTS})
    add_executable(inproc_${t} ${t}.c inprocess/runner.c)
    target_include_directories(inproc_${t} BEFORE PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/inprocess
                                                          ${CMAKE_SOURCE_DIR}/kernels/cpu
                                                          ${CMAKE_SOURCE_DIR}/kernels)
    target_link_libraries(inproc_${t} PRIVATE ridge_bench ridge_static m)
    # Criterion's checks compare mixed types and take an optional message; these macros are
    # plain C, so the same test sources warn here where they do not under Criterion.
    target_compile_options(inproc_${t} PRIVATE -Wno-sign-compare -Wno-format-zero-length)
  endforeach()
  foreach(cpu_path IN ITEMS "Haswell;avx2" "Nehalem;scalar")
    list(GET cpu_path 0 cpu)
    list(GET cpu_path 1 path)
    add_test(NAME emulated_${cpu} COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/emulated-cpu-test.sh
                                          ${CMAKE_BINARY_DIR} ${cpu} ${path})
    set_tests_properties(emulated_${cpu} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
    # One test per unit-test program: under -cpu Haswell they took 526 s together on an
    # Emerald Rapids VM, too close to one test's 600 s timeout.
    foreach(t ${RIDGE_INPROCESS_TESTS})
      string(REPLACE "test_" "" short ${t})
      add_test(NAME emulated_units_${cpu}_${short}
               COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/emulated-units-test.sh ${CMAKE_BINARY_DIR}
                       ${cpu} ${path} ${t})
      set_tests_properties(emulated_units_${cpu}_${short} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
    endforeach()
  endforeach()
endif()
