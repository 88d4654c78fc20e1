/* ab.c: `ridge ab`'s rounds: each case goes to both sides as a one-case suite, run as child
 * processes in alternating order, and each round's medians are collected per side. */
#include "ab.h"
#include "case_params.h"
#include "child.h"
#include "stats.h"
#include "table.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child's round defaults: short sampling, since the rounds, not one child, give the spread.
 * They come before the user's options, which override them. */
static const char *const child_defaults[] = {"--no-ceilings", "--quiet",    "--min-time",
                                             "0.05",          "--max-time", "0.25"};
#define NDEFAULTS (int)(sizeof child_defaults / sizeof child_defaults[0])

static const char side_name[2] = {'a', 'b'};

int rg__ab_first(int round) {
    return round % 2;
}

int rg__ab_check_exe(const char *exe, char *version, size_t versionlen, char *err, size_t errlen) {
    if (access(exe, X_OK) != 0)
        return snprintf(err, errlen, "cannot run '%s': %s", exe, strerror(errno)), RG_EINVAL;
    rg__child_scratch s;
    if (rg__child_scratch_open(&s, err, errlen)) return RG_EINVAL;
    char *argv[] = {(char *)exe, "--version", NULL};
    int st = rg__child_spawn_wait(argv, s.out, s.err);
    version[0] = '\0';
    rg__child_last_line(s.out, version, versionlen);
    rg__child_scratch_close(&s);
    if (st < 0) return snprintf(err, errlen, "cannot run '%s': %s", exe, strerror(-st)), RG_EINVAL;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || strncmp(version, "ridge ", 6) != 0)
        return snprintf(err, errlen, "'%s' is not a ridge executable ('--version' says '%s')", exe,
                        version),
               RG_EINVAL;
    return 0;
}

static void print_argv(int side, int round, int rounds, char *const argv[]) {
    fprintf(stderr, "ridge ab: round %d/%d %c:", round + 1, rounds, side_name[side]);
    for (int i = 0; argv[i]; i++)
        fprintf(stderr, " %s", argv[i]);
    fputc('\n', stderr);
}

/* One child: `exe run` on the case's suite; its results go to *res. Returns an exit code of
 * rg__ab_run with err set. */
static int run_child(const rg__ab_opts *o, const rg__child_scratch *s, int side, int round,
                     rg_results *res, char *err, size_t errlen) {
    const rg__ab_side *sd = &o->side[side];
    char *argv[6 + NDEFAULTS + 2 * RG_AB_MAX_ARGS + 3];
    int n = 0;
    argv[n++] = (char *)sd->exe;
    argv[n++] = "run";
    argv[n++] = "--suite";
    argv[n++] = (char *)s->suite;
    for (int i = 0; i < NDEFAULTS; i++)
        argv[n++] = (char *)child_defaults[i];
    for (int i = 0; i < o->nargs; i++)
        argv[n++] = (char *)o->args[i];
    for (int i = 0; i < sd->nargs; i++)
        argv[n++] = (char *)sd->args[i];
    argv[n++] = "--out"; /* last, so that no option overrides it */
    argv[n++] = (char *)s->res;
    argv[n] = NULL;
    if (o->verbose) print_argv(side, round, o->rounds, argv);
    char line[512];
    int code = rg__child_run(argv, s, o->stop, res, line, sizeof line);
    if (code == 2) return snprintf(err, errlen, "side %c: %s", side_name[side], line), 2;
    if (code != 1) return code;
    for (size_t i = 0; i < res->count; i++) {
        const rg_result *x = &res->results[i];
        if (x->status != RG_CASE_FAILED && x->status != RG_CASE_ERROR) continue;
        char label[160];
        rg_table_case_label(x, label, sizeof label);
        snprintf(err, errlen, "side %c: %s %s %s: %s", side_name[side], label, x->impl,
                 rg_case_status_name(x->status), x->reason);
        break;
    }
    return 1;
}

/* A case's results on one side: the first round's records and every round's medians. */
typedef struct {
    rg_result *first; /* samples not owned */
    double *medians;  /* [result][round] */
    double *energy;   /* [result][round] */
    size_t count;
} side_case;

/* Each round's records must line up with the first round's (and the other side's): the same
 * case, which ran or was skipped alike. */
static int same_case(const rg_result *x, const rg_result *y) {
    return rg_results_same_case(x, y, RG_SAME_IMPL | RG_SAME_DEVICE) && x->status == y->status;
}

static int collect(side_case *sc, const rg_results *r, int round, int rounds, const rg_result *ref,
                   size_t nref) {
    if (!sc->first) {
        sc->count = r->count;
        sc->first = calloc(r->count, sizeof *sc->first);
        sc->medians = calloc(r->count * (size_t)rounds, sizeof *sc->medians);
        sc->energy = calloc(r->count * (size_t)rounds, sizeof *sc->energy);
        if (!sc->first || !sc->medians || !sc->energy) return RG_ENOMEM;
        for (size_t i = 0; i < r->count; i++) {
            sc->first[i] = r->results[i];
            sc->first[i].samples = sc->first[i].round_medians = NULL;
            sc->first[i].nsamples = sc->first[i].nround_medians = 0;
        }
    }
    if (r->count != sc->count || (ref && r->count != nref)) return RG_EINVAL;
    for (size_t i = 0; i < r->count; i++) {
        const rg_result *x = &r->results[i];
        if (!same_case(x, &sc->first[i]) || (ref && !same_case(x, &ref[i]))) return RG_EINVAL;
        sc->medians[i * (size_t)rounds + (size_t)round] = x->time.median;
        sc->energy[i * (size_t)rounds + (size_t)round] = x->energy_j;
    }
    return 0;
}

/* One result per implementation: the first round's record with the rounds' medians as
 * samples. */
static int emit(side_case *sc, int rounds, rg_results *out) {
    for (size_t i = 0; i < sc->count; i++) {
        rg_result res = sc->first[i];
        if (res.status == RG_CASE_OK) {
            res.samples = malloc((size_t)rounds * sizeof *res.samples);
            if (!res.samples) return RG_ENOMEM;
            double e = 0;
            for (int r = 0; r < rounds; r++) {
                res.samples[r] = sc->medians[i * (size_t)rounds + (size_t)r];
                e += sc->energy[i * (size_t)rounds + (size_t)r] / rounds;
            }
            res.nsamples = rounds;
            int rc = rg__stats_compute(res.samples, rounds, &res.time);
            if (rc) return free(res.samples), rc;
            res.gflops = res.flops / res.time.median / 1e9;
            res.gbps = res.bytes / res.time.median / 1e9;
            res.energy_j = e;
            snprintf(res.stop_reason, sizeof res.stop_reason, "ab_rounds");
        }
        if (rg_results_push(out, &res)) return free(res.samples), RG_ENOMEM;
    }
    return 0;
}

static void side_case_free(side_case *sc) {
    free(sc->first);
    free(sc->medians);
    free(sc->energy);
    memset(sc, 0, sizeof *sc);
}

/* The file header of one side, from its first child's results. */
static void header(const rg__ab_opts *o, int side, const rg_suite *suite, const char *command,
                   const rg_results *child, rg_results *out) {
    snprintf(out->suite, sizeof out->suite, "%s", suite->name);
    char args[256] = "";
    for (int i = 0; i < o->side[side].nargs; i++) {
        size_t u = strlen(args);
        snprintf(args + u, sizeof args - u, " %s", o->side[side].args[i]);
    }
    snprintf(out->command, sizeof out->command, "%.300s # side %c: %.120s%.80s", command,
             side_name[side], o->side[side].exe, args);
    out->min_time_s = child->min_time_s;
    out->target_ci = child->target_ci;
    out->system = child->system;
    snprintf(out->ceilings_note, sizeof out->ceilings_note, "not measured: ridge ab");
}

/* All rounds of one case; out gets its results when every round ran. */
static int run_case(const rg__ab_opts *o, const rg__child_scratch *s, const rg_suite *suite,
                    size_t ci, const char *command, rg_results out[2], char *err, size_t errlen) {
    side_case sc[2] = {{0}};
    int code = 0;
    for (int round = 0; round < o->rounds && !code; round++) {
        for (int k = 0; k < 2 && !code; k++) {
            int side = k == 0 ? rg__ab_first(round) : 1 - rg__ab_first(round);
            if (o->progress)
                fprintf(stderr, "\r\033[K[case %zu/%zu round %d/%d %c]", ci + 1, suite->count,
                        round + 1, o->rounds, side_name[side]);
            rg_results r;
            rg_results_init(&r);
            code = run_child(o, s, side, round, &r, err, errlen);
            if (!code && !out[side].command[0]) header(o, side, suite, command, &r, &out[side]);
            const side_case *other = &sc[1 - side];
            if (!code && collect(&sc[side], &r, round, o->rounds, other->first, other->count)) {
                char label[160];
                rg_table_case_label(&r.results[0], label, sizeof label);
                snprintf(err, errlen,
                         "case %s: the sides ran different implementations or ended "
                         "differently (compare them with ridge run)",
                         label);
                code = 2;
            }
            rg_results_free(&r);
            if (!code && *o->stop) code = 130;
        }
    }
    for (int side = 0; side < 2 && !code; side++)
        if (emit(&sc[side], o->rounds, &out[side]))
            code = 2, snprintf(err, errlen, "out of memory");
    side_case_free(&sc[0]);
    side_case_free(&sc[1]);
    return code;
}

int rg__ab_run(const rg__ab_opts *o, const rg_suite *suite, const char *command, rg_results out[2],
               char *err, size_t errlen) {
    rg__child_scratch s;
    if (rg__child_scratch_open(&s, err, errlen)) return 2;
    int code = 0;
    for (size_t ci = 0; ci < suite->count && !code; ci++) {
        if (rg__child_write_suite(s.suite, suite->name, &suite->cases[ci], 1)) {
            snprintf(err, errlen, "cannot write %s", s.suite);
            code = 2;
            break;
        }
        code = run_case(o, &s, suite, ci, command, out, err, errlen);
    }
    if (o->progress) fprintf(stderr, "\r\033[K");
    if (code == 130) out[0].interrupted = out[1].interrupted = 1;
    rg__child_scratch_close(&s);
    return code;
}
