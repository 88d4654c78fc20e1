# The ThreadSanitizer build's own test (scripts/tsan-test.sh runs it with smoke_quick_suite):
# Criterion cannot start under TSan, so the pool's hand-offs are checked by a plain program.
if(RIDGE_TSAN)
  add_executable(tsan_pool tsan_pool.c)
  target_link_libraries(tsan_pool PRIVATE ridge_static)
  add_test(NAME tsan_pool COMMAND tsan_pool)
  set_tests_properties(tsan_pool PROPERTIES TIMEOUT 120)
endif()
