# ridge ab (bench/ab.c, cli_ab.c) and run --slowdown: paired rounds through the built binary.
ridge_test(harness_ab harness_ab.c)
target_link_libraries(harness_ab PRIVATE ridge_bench)
# The children are the real program: OLD and NEW are both this build's bench/ridge.
target_compile_definitions(harness_ab PRIVATE RIDGE_EXE="$<TARGET_FILE:ridge_cli>")
add_dependencies(harness_ab ridge_cli)
