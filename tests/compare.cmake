# The regression gate: statistics, verdicts, matching, config, printers and `ridge compare`.
ridge_test(test_compare test_compare.c)
target_link_libraries(test_compare PRIVATE ridge_reports m)
ridge_test(harness_compare_cli harness_compare_cli.c)
target_link_libraries(harness_compare_cli PRIVATE ridge_bench)
