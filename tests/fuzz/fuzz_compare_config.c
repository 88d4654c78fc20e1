/* fuzz_compare_config.c: the per-op thresholds file of `ridge compare --config`. */
#include "fuzz_input.h"

#include "compare.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64], err[512];
    int fd = fuzz_input_file(data, size, path, sizeof path);
    rg_compare_config cfg;
    rg_compare_config_init(&cfg);
    if (rg_compare_config_read(path, &cfg, err, sizeof err) == 0) {
        /* What the reader accepts, the gate can use: a threshold in (0, 100) for any op. */
        const char *ops[] = {"gemm", "attention", "gelu", "softmax", ""};
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            double t = rg_compare_threshold_pct(&cfg, ops[i]);
            if (!(t > 0 && t < 100)) abort();
        }
    }
    close(fd);
    return 0;
}
