# Energy (bench/energy.c): the RAPL meter over fake powercap trees, and runs that record it.
ridge_test(harness_energy harness_energy.c)
target_link_libraries(harness_energy PRIVATE ridge_bench)
