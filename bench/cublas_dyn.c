/* cublas_dyn.c: cuBLAS through dlopen (cublas_dyn.h). */
#ifdef RIDGE_HAVE_CUDA
#include "cublas_dyn.h"

#include "gpu.h"
#include "ridge.h"

#include <dlfcn.h>
#include <stdio.h>

#define STR_(x) #x
#define STR(x) STR_(x)
#define SONAME "libcublas.so." STR(CUBLAS_VER_MAJOR)

int rg__cublas_load(rg__cublas_api *api, char *why, size_t whylen) {
    const int flags = RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE;
    void *lib = dlopen(SONAME, flags);
#ifdef RIDGE_CUBLAS_DIR
    if (!lib) lib = dlopen(RIDGE_CUBLAS_DIR "/" SONAME, flags);
#endif
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, whylen, "cuBLAS not loadable: %s", e ? e : SONAME);
        return -1;
    }
    /* Each symbol by its exported name (cublas_v2.h maps cublasCreate to cublasCreate_v2). */
    struct {
        void **slot;
        const char *name;
    } syms[] = {
        {(void **)&api->create, "cublasCreate_v2"},
        {(void **)&api->destroy, "cublasDestroy_v2"},
        {(void **)&api->set_stream, "cublasSetStream_v2"},
        {(void **)&api->set_math_mode, "cublasSetMathMode"},
        {(void **)&api->sgemm, "cublasSgemm_v2"},
        {(void **)&api->gemm_ex, "cublasGemmEx"},
        {(void **)&api->gemm_strided_batched_ex, "cublasGemmStridedBatchedEx"},
        {(void **)&api->get_property, "cublasGetProperty"},
    };
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        *syms[i].slot = dlsym(lib, syms[i].name);
        if (!*syms[i].slot) {
            snprintf(why, whylen, "%s has no %s", SONAME, syms[i].name);
            return -1;
        }
    }
    return 0;
}

int rg__cublas_open(rg__cublas *c, void *stream) {
    char why[256];
    c->h = NULL;
    if (rg__cublas_load(&c->api, why, sizeof why)) return RG_EUNSUPPORTED;
    if (c->api.create(&c->h) != CUBLAS_STATUS_SUCCESS) {
        c->h = NULL;
        return RG_EDEVICE;
    }
    if (c->api.set_stream(c->h, (cudaStream_t)stream) != CUBLAS_STATUS_SUCCESS ||
        c->api.set_math_mode(c->h, CUBLAS_DEFAULT_MATH) != CUBLAS_STATUS_SUCCESS) {
        rg__cublas_close(c);
        return RG_EDEVICE;
    }
    return RG_OK;
}

void rg__cublas_close(rg__cublas *c) {
    if (c->h) c->api.destroy(c->h);
    c->h = NULL;
}

int rg__cublas_available(char *why, size_t whylen) {
    rg__cublas_api api;
    return rg__gpu_available(why, whylen) && rg__cublas_load(&api, why, whylen) == 0;
}
#endif
