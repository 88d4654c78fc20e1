/* cuda_mma_name.c: the names of the GPU GEMMs' tensor-core methods, with or without CUDA (the
 * harness writes them into results either way). */
#include "ridge.h"

const char *rg_cuda_mma_name(rg_cuda_mma method) {
    switch (method) {
    case RG_CUDA_MMA_AUTO:
        return "auto";
    case RG_CUDA_MMA_SYNC:
        return "mma.sync";
    case RG_CUDA_MMA_WGMMA:
        return "wgmma";
    }
    return "unknown";
}
