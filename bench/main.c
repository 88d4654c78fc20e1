/* main.c: the `ridge` executable; everything happens in rg__cli_main, once OpenBLAS runs its
 * best kernels (openblas_core.c). */
#include "cli.h"
#include "harness.h"

int main(int argc, char **argv) {
    rg__openblas_core_fix(argv); /* may execute ridge again, with OPENBLAS_CORETYPE set */
    return rg__cli_main(argc, argv);
}
