/* fuzz_results.c: the results loader (ridge report, compare and export read these files from
 * other machines). A file that loads is also written back, compared with itself in every
 * format, rendered as a report and exported, so that whatever the loader accepts, the code after it
 * survives. */
#include "fuzz_input.h"

#include "compare.h"
#include "export.h"
#include "report_model.h"
#include "results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64], err[512];
    int fd = fuzz_input_file(data, size, path, sizeof path);
    rg_results r;
    rg_results_init(&r);
    if (rg_results_read_json(path, &r, err, sizeof err) == 0) {
        FILE *null = fopen("/dev/null", "w");
        if (!null) abort();
        rg_results_write_json(&r, "/dev/null", err, sizeof err);
        rg_export_csv(null, &r);
        rg_export_gbench(null, &r, err, sizeof err);
        rg_compare_config cfg;
        rg_compare_config_init(&cfg);
        for (int paired = 0; paired < 2; paired++) {
            rg_compare cmp;
            if (rg_compare_load(&cmp, path, path, &cfg, paired, err, sizeof err)) continue;
            rg_compare_write_text(null, &cmp, 0);
            rg_compare_write_md(null, &cmp);
            rg_compare_write_json(null, &cmp);
            rg_compare_write_junit(null, &cmp);
            rg_compare_free(&cmp);
        }
        rg_report rep;
        const char *paths[2] = {path, path};
        if (rg_report_load(&rep, paths, 2, NULL, 0, err, sizeof err) == 0) {
            rg_report_write_md(null, &rep);
            rg_report_write_csv(null, &rep);
            rg_report_write_html(null, &rep);
        }
        rg_report_free(&rep);
        fclose(null);
    }
    rg_results_free(&r);
    close(fd);
    return 0;
}
