# Low-precision GEMM (issue 8): rg_gemm_bf16 and rg_gemm_u8s8 against references on every kernel
# this CPU runs (tests/test_lowp_gemm.c), and the thread plans they take.
ridge_test(test_lowp_gemm test_lowp_gemm.c)
target_link_libraries(test_lowp_gemm PRIVATE ridge_static m)
# rg__lowp_plan_for (which grid a shape takes) is internal to libridge.
target_include_directories(test_lowp_gemm PRIVATE ${CMAKE_SOURCE_DIR}/kernels/cpu ${CMAKE_SOURCE_DIR}/kernels)
set_tests_properties(test_lowp_gemm PROPERTIES TIMEOUT 300)
