# Machine ceilings (bench/ceilings*.c, bench/plateau.c): plateau detection on synthetic sweeps,
# and the real measurement in its quick form.
ridge_test(test_plateau test_plateau.c ${CMAKE_CURRENT_SOURCE_DIR}/../bench/plateau.c
           ${CMAKE_CURRENT_SOURCE_DIR}/../bench/stats.c)
target_link_libraries(test_plateau PRIVATE ridge_reports m)
ridge_test(harness_ceilings harness_ceilings.c)
target_link_libraries(harness_ceilings PRIVATE ridge_bench)
