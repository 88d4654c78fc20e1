/* fuzz_suite.c: the suite file parser (users write suites by hand), and each case it accepts
 * decoded by its op as `ridge run` plans it: sizes, overflow and buffer bytes. */
#include "fuzz_input.h"

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64], err[512];
    int fd = fuzz_input_file(data, size, path, sizeof path);
    rg_suite s;
    if (rg__suite_parse_file(path, &s, err, sizeof err) == 0) {
        for (size_t i = 0; i < s.count; i++) {
            const rg_op *op = rg__op_find(s.cases[i].op);
            void *problem = NULL;
            if (!op || op->prepare(&s.cases[i], &problem, err, sizeof err)) continue;
            if (op->set_bytes(problem) < 0) abort(); /* a decoded case has a size */
            op->destroy(problem);
        }
        rg__suite_free(&s);
    }
    close(fd);
    return 0;
}
