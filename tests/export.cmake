# Export tests: Google Benchmark JSON and CSV from results files, and `ridge export`.
ridge_test(test_export test_export.c)
target_link_libraries(test_export PRIVATE ridge_bench ridge_reports m)
