# Activation, softmax and norm kernels and ridge's vector math (ULP bounds) against the double
# references; vmath_eval.h is internal to libridge, hence the kernels/cpu include.
ridge_test(test_activations test_activations.c)
target_link_libraries(test_activations PRIVATE ridge_static m)
target_include_directories(test_activations PRIVATE ${CMAKE_SOURCE_DIR}/kernels/cpu)
set_tests_properties(test_activations PROPERTIES TIMEOUT 120)

# The bf16 forms: bit for bit the fp32 kernels' outputs rounded once, on every ISA.
ridge_test(test_activations_bf16 test_activations_bf16.c)
target_link_libraries(test_activations_bf16 PRIVATE ridge_static m)
target_include_directories(test_activations_bf16 PRIVATE ${CMAKE_SOURCE_DIR}/kernels/cpu)
set_tests_properties(test_activations_bf16 PROPERTIES TIMEOUT 120)
