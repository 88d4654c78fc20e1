/* bf16.c: bfloat16 <-> fp32 conversions (round to nearest even; exact widening). */
#include <string.h>

#include "ridge.h"

uint16_t rg_bf16_from_f32(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    /* A NaN keeps its sign and top payload bits, quieted so that it cannot round to Inf. */
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

float rg_f32_from_bf16(uint16_t x) {
    uint32_t u = (uint32_t)x << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
