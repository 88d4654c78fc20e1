/* openblas_core.c: OpenBLAS at its best without the user's help. A DYNAMIC_ARCH OpenBLAS that
 * does not know the CPU falls back to old kernels: 0.3.21 runs its Prescott (SSE3) ones on an
 * Emerald Rapids Xeon (family 6, model 207), about 5x below its real speed, which would
 * make every ridge-versus-OpenBLAS ratio a flattering lie. OpenBLAS reads OPENBLAS_CORETYPE once,
 * when it loads, so the `ridge` executable names the best core type this CPU runs and executes
 * itself again; a type the user set is kept (and warned about by run and sysinfo). */
#include "harness.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *openblas_get_corename(void);

/* Lower-cased copy of an OpenBLAS core name. */
static void lower(const char *s, char *out, size_t len) {
    size_t i = 0;
    for (; s[i] && i + 1 < len; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

static int in_list(const char *core, const char *const *list) {
    char l[32];
    lower(core, l, sizeof l);
    for (; *list; list++)
        if (strcmp(l, *list) == 0) return 1;
    return 0;
}

/* OpenBLAS's core types with AVX-512 kernels, and with at least AVX2 + FMA ones. */
static const char *const cores_avx512[] = {"skylakex", "cooperlake", "sapphirerapids", NULL};
static const char *const cores_avx2[] = {"haswell",        "zen",       "skylakex", "cooperlake",
                                         "sapphirerapids", "excavator", NULL};

int rg__openblas_core_below(const rg_cpu_features *f, const char *core) {
    if (f->avx512f && f->avx512bw && f->avx512dq && f->avx512vl)
        return !in_list(core, cores_avx512);
    if (f->avx2 && f->fma) return !in_list(core, cores_avx2);
    return 0;
}

const char *rg__openblas_core_best(const rg_cpu_features *f) {
    if (f->avx512f && f->avx512bw && f->avx512dq && f->avx512vl)
        return f->avx512_bf16 ? "Cooperlake" : "SkylakeX"; /* what OpenBLAS picks where it knows */
    if (f->avx2 && f->fma) return "Haswell";
    return NULL;
}

void rg__openblas_core_fix(char **argv) {
    if (getenv("OPENBLAS_CORETYPE")) return; /* the user's choice, right or wrong */
    const rg_cpu_features *f = rg_cpu_features_get();
    const char *picked = openblas_get_corename();
    const char *best = rg__openblas_core_best(f);
    if (!best || !picked || !rg__openblas_core_below(f, picked)) return;
    if (setenv("OPENBLAS_CORETYPE", best, 1) != 0) return;
    if (setenv(RG_OPENBLAS_DETECTED_ENV, picked, 1) == 0) execv("/proc/self/exe", argv);
    /* No re-execution (no /proc): run on with the weaker kernels; sysinfo says so. */
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(RG_OPENBLAS_DETECTED_ENV);
}
