/* harness_quiesce.c: the wait for another library's busy-waiting threads to go to sleep. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>

#include "harness.h"

static _Atomic int stop;

/* Busy-waits (like a BLAS worker after a call) for arg seconds or until stop is set. */
static void *spinner(void *arg) {
    double until = rg__now() + *(double *)arg;
    while (!atomic_load(&stop) && rg__now() < until) {
    }
    return NULL;
}

Test(quiesce, returns_at_once_when_nothing_runs) {
    double waited;
    cr_assert_eq(rg__quiesce(1.0, &waited), 0);
    cr_expect_lt(waited, 0.5, "waited %.3f s with no other thread", waited);
}

Test(quiesce, waits_for_a_spinning_thread_to_stop) {
    pthread_t t;
    double spin = 0.15, waited;
    atomic_store(&stop, 0);
    cr_assert_eq(pthread_create(&t, NULL, spinner, &spin), 0);
    int rc = rg__quiesce(10.0, &waited);
    pthread_join(t, NULL);
    cr_assert_eq(rc, 0);
    /* It cannot return before the spinner ends (minus the start-up of the thread). */
    cr_expect_geq(waited, 0.1, "returned after %.3f s while a thread spun for %.2f s", waited,
                  spin);
}

Test(quiesce, gives_up_after_the_timeout) {
    pthread_t t;
    double spin = 60.0, waited;
    atomic_store(&stop, 0);
    cr_assert_eq(pthread_create(&t, NULL, spinner, &spin), 0);
    int rc = rg__quiesce(0.1, &waited);
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    cr_expect_eq(rc, RG_ETHREAD);
    cr_expect_geq(waited, 0.1);
}
