# Machine probes: compute-peak loops and bandwidth kernels (correctness only, never speed).
ridge_test(test_probes test_probes.c)
target_link_libraries(test_probes PRIVATE ridge_static m)
