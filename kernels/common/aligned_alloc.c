/* aligned_alloc.c: cache-line aligned buffers for packing and the harness. */
#include <stdlib.h>

#include "internal.h"

void *rg__aligned_alloc(size_t align, size_t bytes) {
    void *p = NULL;
    if (align < sizeof(void *)) align = sizeof(void *);
    /* posix_memalign(0) may return NULL legitimately; ask for one line instead. */
    if (posix_memalign(&p, align, bytes ? bytes : align) != 0) return NULL;
    return p;
}

void rg__aligned_free(void *p) {
    free(p);
}
