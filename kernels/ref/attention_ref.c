/* attention_ref.c: reference attention rows in double precision (plain C, no vector flags). */
#include <math.h>
#include <stdlib.h>

#include "common/internal.h"

/* Keys [0, allowed) are visible to query i: all of them, or under the bottom-right causal mask
 * those with j <= i + kv_len - q_len. */
static int64_t allowed_keys(const rg_attention_desc *d, int64_t i) {
    if (!d->causal) return d->kv_len;
    int64_t last = i + d->kv_len - d->q_len; /* the last allowed key */
    if (last < 0) return 0;
    return last + 1 < d->kv_len ? last + 1 : d->kv_len;
}

int rg_ref_attention_rows(const rg_attention_desc *desc, const float *q, const float *k,
                          const float *v, int64_t count, const int64_t *rows, double *out,
                          double *mag, double *smax) {
    const rg_attention_desc *d = desc;
    if (!d || count < 0 || (count > 0 && (!q || !rows || !out))) return RG_EINVAL;
    if (d->batch < 1 || d->heads < 1 || d->kv_heads < 1 || d->q_len < 1 || d->kv_len < 0 ||
        d->head_dim < 1 || d->heads % d->kv_heads != 0)
        return RG_EINVAL;
    if (d->kv_len > 0 && count > 0 && (!k || !v)) return RG_EINVAL;
    const int64_t hd = d->head_dim, group = d->heads / d->kv_heads;
    const double scale = rg_attention_scale(d);
    double *s = malloc((size_t)(d->kv_len > 0 ? d->kv_len : 1) * sizeof *s);
    if (!s) return RG_ENOMEM;
    for (int64_t t = 0; t < count; t++) {
        const int64_t r = rows[t], i = r % d->q_len, bh = r / d->q_len;
        if (r < 0 || bh >= d->batch * d->heads) {
            free(s);
            return RG_EINVAL;
        }
        const int64_t b = bh / d->heads, h = bh % d->heads;
        const float *qr = q + r * hd;
        const int64_t kvh = b * d->kv_heads + h / group;
        const float *kb = k ? k + kvh * d->kv_len * hd : NULL;
        const float *vb = v ? v + kvh * d->kv_len * hd : NULL;
        const int64_t n = allowed_keys(d, i);
        double mx = -INFINITY, amax = 0;
        for (int64_t j = 0; j < n; j++) {
            double acc = 0, aabs = 0;
            for (int64_t p = 0; p < hd; p++) {
                double prod = (double)qr[p] * (double)kb[j * hd + p];
                acc += prod;
                aabs += fabs(prod);
            }
            s[j] = scale * acc;
            if (s[j] > mx) mx = s[j];
            if (fabs(scale) * aabs > amax) amax = fabs(scale) * aabs;
        }
        double sum = 0;
        for (int64_t j = 0; j < n; j++) {
            s[j] = exp(s[j] - mx);
            sum += s[j];
        }
        for (int64_t c = 0; c < hd; c++) {
            double acc = 0, aabs = 0;
            for (int64_t j = 0; j < n; j++) {
                acc += s[j] * (double)vb[j * hd + c];
                aabs += s[j] * fabs((double)vb[j * hd + c]);
            }
            out[t * hd + c] = n > 0 ? acc / sum : 0.0;
            if (mag) mag[t * hd + c] = n > 0 ? aabs / sum : 0.0;
        }
        if (smax) smax[t] = amax;
    }
    free(s);
    return RG_OK;
}
