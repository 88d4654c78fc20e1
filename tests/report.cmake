# Report tests: the HTML report, its SVG charts, the Markdown and CSV printers.

# --- SVG charts and the HTML page (helper H5) ---
ridge_test(test_svg test_svg.c)
target_link_libraries(test_svg PRIVATE ridge_reports m)
ridge_test(test_report_html test_report_html.c)
target_link_libraries(test_report_html PRIVATE ridge_reports m)
# --- end SVG charts and the HTML page ---

# --- Report model, roofline bound, Markdown and CSV (helper H4) ---
ridge_test(test_roofline test_roofline.c)
target_link_libraries(test_roofline PRIVATE ridge_reports m)
ridge_test(test_report test_report.c)
target_link_libraries(test_report PRIVATE ridge_reports m)
# The ceilings as pivots, shared by `ridge ceilings` and the report.
ridge_test(test_ceilings_table test_ceilings_table.c)
target_link_libraries(test_ceilings_table PRIVATE ridge_reports m)
# Descriptive case parameters through the harness (the llm suite's step costs need them).
ridge_test(harness_descriptive harness_descriptive.c)
target_link_libraries(harness_descriptive PRIVATE ridge_bench)
ridge_test(harness_report_cli harness_report_cli.c)
target_link_libraries(harness_report_cli PRIVATE ridge_bench)
# --- end report model ---
