# Low-precision GEMM (issue 8): rg_gemm_bf16 and rg_gemm_u8s8 against references on every kernel
# this CPU runs (tests/test_lowp_gemm.c).
ridge_test(test_lowp_gemm test_lowp_gemm.c)
target_link_libraries(test_lowp_gemm PRIVATE ridge_static m)
set_tests_properties(test_lowp_gemm PROPERTIES TIMEOUT 300)
