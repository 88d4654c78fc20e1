/* rng.c: the seeded generator behind case data and sampled checks (splitmix64). */
#include "harness.h"

uint64_t rg__rng_next(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

float rg__rng_uniform_f32(uint64_t *state) {
    /* 24 random bits give every float in [-1, 1) on a 2^-23 grid exactly. */
    int32_t r = (int32_t)(rg__rng_next(state) >> 40);
    return (float)(r - (1 << 23)) * 0x1p-23f;
}
