/* harness_descriptive.c: descriptive case parameters (phase, proj, per_layer, layers) pass
 * through the GEMM case into results without changing the problem; bad ones are refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const rg_param *find(const rg_result *res, const char *key) {
    const rg_param *p = rg_result_param(res, key);
    cr_assert(p, "%s not recorded", key);
    return p;
}

/* Prepares c, or returns the error line. */
static int prepare(const rg_case *c, void **problem, char *err, size_t len) {
    const rg_op *op = rg__op_find(c->op);
    cr_assert(op);
    return op->prepare(c, problem, err, len);
}

Test(descriptive, llm_suite_cases_are_self_describing) {
    rg_suite s;
    char err[512] = "";
    cr_assert_eq(rg__suite_load("llm", NULL, &s, err, sizeof err), 0, "%s", err);
    const rg_op *op = rg__op_find("gemm");
    int gate_up = 0, gemms = 0;
    for (size_t i = 0; i < s.count; i++) {
        /* The suite also holds attention and activation cases; this test is about the GEMMs. */
        if (strcmp(s.cases[i].op, "gemm") != 0) continue;
        gemms++;
        void *p = NULL;
        cr_assert_eq(prepare(&s.cases[i], &p, err, sizeof err), 0, "case %zu: %s", i, err);
        rg_result res;
        memset(&res, 0, sizeof res);
        op->describe(p, &res);
        const char *phase = find(&res, "phase")->sval;
        cr_expect(!strcmp(phase, "prefill") || !strcmp(phase, "decode"), "phase %s", phase);
        const char *proj = find(&res, "proj")->sval;
        int64_t per_layer = find(&res, "per_layer")->ival;
        cr_expect_eq(find(&res, "layers")->ival, 32);
        cr_expect_eq(per_layer, strcmp(proj, "gate_up") ? 1 : 2, "%s", proj);
        gate_up += !strcmp(proj, "gate_up");
        /* The same problem without the labels: the same work. */
        rg_case bare = s.cases[i];
        bare.nparams = 0;
        for (int k = 0; k < s.cases[i].nparams; k++) {
            const char *key = s.cases[i].params[k].key;
            if (strcmp(key, "phase") && strcmp(key, "proj") && strcmp(key, "per_layer") &&
                strcmp(key, "layers"))
                bare.params[bare.nparams++] = s.cases[i].params[k];
        }
        void *q = NULL;
        cr_assert_eq(prepare(&bare, &q, err, sizeof err), 0, "%s", err);
        double f1, b1, f2, b2;
        op->work(p, &f1, &b1);
        op->work(q, &f2, &b2);
        cr_expect(f1 == f2 && b1 == b2);
        cr_expect_eq(op->set_bytes(p), op->set_bytes(q));
        op->destroy(p);
        op->destroy(q);
    }
    /* Every dtype and device runs the 4 projections: qkv, o, gate_up and down. */
    cr_expect_geq(gemms, 12);
    cr_expect_eq(gate_up * 4, gemms);
    rg__suite_free(&s);
}

Test(descriptive, wrong_types_are_refused) {
    static const struct {
        const char *key;
        int is_str;
        int64_t ival;
        const char *sval, *want;
    } bad[] = {
        {"per_layer", 1, 0, "two", "per_layer: expected an integer >= 1"},
        {"per_layer", 0, 0, "", "per_layer: expected an integer >= 1"},
        {"layers", 0, -3, "", "layers: expected an integer >= 1"},
        {"phase", 0, 3, "", "phase: expected a non-empty string"},
        {"proj", 1, 0, "", "proj: expected a non-empty string"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rg_case c;
        memset(&c, 0, sizeof c);
        strcpy(c.op, "gemm");
        strcpy(c.dtype, "f32");
        const char *keys[] = {"M", "N", "K"};
        for (int k = 0; k < 3; k++) {
            strcpy(c.params[k].key, keys[k]);
            c.params[k].ival = 8;
        }
        rg_param *p = &c.params[3];
        strcpy(p->key, bad[i].key);
        p->is_str = bad[i].is_str;
        p->ival = bad[i].ival;
        strcpy(p->sval, bad[i].sval);
        c.nparams = 4;
        void *problem = NULL;
        char err[256] = "";
        cr_expect_neq(prepare(&c, &problem, err, sizeof err), 0, "%s accepted", bad[i].key);
        cr_expect(strstr(err, bad[i].want), "'%s' not in '%s'", bad[i].want, err);
        cr_expect_null(problem);
    }
}
