# Attention: rg_attention_f32/bf16 against the double reference (the harness's verification).
ridge_test(test_attention test_attention.c)
target_link_libraries(test_attention PRIVATE ridge_bench m)
# Timing-free; every ISA, f32 and bf16, 1 and 2 threads (slower under sanitizers).
set_tests_properties(test_attention PROPERTIES TIMEOUT 120)
