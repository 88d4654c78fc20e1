# Report tests: the HTML report, its SVG charts, the Markdown and CSV printers.

# --- SVG charts and the HTML page (helper H5) ---
ridge_test(test_svg test_svg.c)
target_link_libraries(test_svg PRIVATE ridge_reports m)
# --- end SVG charts and the HTML page ---
