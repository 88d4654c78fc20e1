# Activation, softmax and norm kernels and ridge's vector math (ULP bounds) against the double
# references; vmath_eval.h is internal to libridge, hence the kernels/cpu include.
ridge_test(test_activations test_activations.c)
target_link_libraries(test_activations PRIVATE ridge_static m)
target_include_directories(test_activations PRIVATE ${CMAKE_SOURCE_DIR}/kernels/cpu)
set_tests_properties(test_activations PROPERTIES TIMEOUT 120)
