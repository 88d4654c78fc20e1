# Reports (results JSON, terminal table) and the harness statistics.
ridge_test(test_results_json test_results_json.c)
target_link_libraries(test_results_json PRIVATE ridge_reports)
ridge_test(test_table test_table.c)
target_link_libraries(test_table PRIVATE ridge_reports)
ridge_test(test_stats test_stats.c ${CMAKE_CURRENT_SOURCE_DIR}/../bench/stats.c)
target_link_libraries(test_stats PRIVATE ridge_reports m)
# Harness and CLI (bench/): command line, suites, thread placement.
ridge_test(harness_cli harness_cli.c)
target_link_libraries(harness_cli PRIVATE ridge_bench)
# The rounds of `ridge run --rounds` are child processes of the ridge binary.
target_compile_definitions(harness_cli PRIVATE RIDGE_EXE="$<TARGET_FILE:ridge_cli>")
add_dependencies(harness_cli ridge_cli)
ridge_test(harness_suite harness_suite.c)
target_link_libraries(harness_suite PRIVATE ridge_bench)
ridge_test(harness_pin harness_pin.c)
target_link_libraries(harness_pin PRIVATE ridge_bench PkgConfig::HWLOC)
ridge_test(harness_buffers harness_buffers.c)
target_link_libraries(harness_buffers PRIVATE ridge_bench)
ridge_test(harness_verify harness_verify.c)
target_link_libraries(harness_verify PRIVATE ridge_bench)
# Smoke: the shipped quick suite end to end through the real binary (short sampling times:
# this checks that every case runs and verifies, not how fast).
add_test(NAME smoke_quick_suite
         COMMAND ridge_cli run --suite quick --min-time 0.01 --max-time 0.1 --quiet
                 --out ${CMAKE_CURRENT_BINARY_DIR}/smoke-quick.json)
# ...with the machine's ceilings in their quick form (about a second): the one end-to-end run
# that measures them; other tests that run `ridge run` pass --no-ceilings.
set_tests_properties(smoke_quick_suite PROPERTIES ENVIRONMENT RIDGE_CEILINGS=quick)
ridge_test(harness_quiesce harness_quiesce.c)
target_link_libraries(harness_quiesce PRIVATE ridge_bench)
# `ridge run --out`: an unwritable results file refused before measuring, a full disk.
ridge_test(harness_out harness_out.c)
target_link_libraries(harness_out PRIVATE ridge_bench)
# Outputs survive their writer's death: `ridge run`, `report` and `export` killed with SIGKILL
# at random moments leave the old file or the whole new one; SIGINT/SIGTERM keep the cases
# done (exit 130). The shim slows writing so that kills land inside a write. About 30 s
# (kill) and 10 s (signals) on the 2-core VM. The timeout only catches a hang: the ASan build
# with two other jobs on the 2 cores took over 60 s (the old limit) for the kill test.
add_library(kill_slow_write MODULE kill_slow_write.c)
target_link_libraries(kill_slow_write PRIVATE ${CMAKE_DL_LIBS})
# A plain library: sanitizer flags would tie it to a runtime loaded after it.
set_property(TARGET kill_slow_write PROPERTY COMPILE_OPTIONS "")
set_property(TARGET kill_slow_write PROPERTY LINK_OPTIONS "")
foreach(mode kill signals)
  add_test(NAME outputs_survive_${mode}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/kill_test.sh $<TARGET_FILE:ridge_cli> ${mode}
                   $<TARGET_FILE:kill_slow_write>)
  set_tests_properties(outputs_survive_${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 240)
endforeach()
# Runs under sanitizers take about twice as long: half the kills keep the same time.
if(RIDGE_SANITIZE OR RIDGE_TSAN)
  set_property(TEST outputs_survive_kill APPEND PROPERTY ENVIRONMENT KILL_TEST_TRIES=12)
endif()
# Soak (tests/soak.c): `ridge run` three times back to back in one process: every run exits 0, RSS
# stays flat after the first, and in the sanitizer build LeakSanitizer checks the three together
# at exit. The quick suite's CPU cases (every op and implementation) at short sampling: 20-25 s
# in the ASan build, 15-20 s in Release on 2 cores; scripts/soak.sh runs the default suite by hand.
add_executable(ridge_soak soak.c soak_mem.c)
target_link_libraries(ridge_soak PRIVATE ridge_bench)
add_test(NAME soak_quick_cpu
         COMMAND ridge_soak 3 ${CMAKE_CURRENT_BINARY_DIR}/soak-quick -- run --suite quick
                 --device cpu --no-ceilings --min-time 0.01 --max-time 0.05 --quiet)
set_tests_properties(soak_quick_cpu PROPERTIES TIMEOUT 180)
ridge_test(test_soak_mem test_soak_mem.c soak_mem.c)
