/* child.c: ridge running itself as a child process (child.h). */
#include "child.h"

#include "ridge.h"

#include <errno.h>
#include <jansson.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int rg__child_scratch_open(rg__child_scratch *s, char *err, size_t errlen) {
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !tmp[0]) tmp = "/tmp";
    snprintf(s->dir, sizeof s->dir, "%s/ridge-XXXXXX", tmp);
    if (!mkdtemp(s->dir))
        return snprintf(err, errlen, "cannot create a folder in %s: %s", tmp, strerror(errno)),
               RG_EIO;
    snprintf(s->suite, sizeof s->suite, "%s/case.json", s->dir);
    snprintf(s->res, sizeof s->res, "%s/results.json", s->dir);
    snprintf(s->out, sizeof s->out, "%s/stdout", s->dir);
    snprintf(s->err, sizeof s->err, "%s/stderr", s->dir);
    return 0;
}

void rg__child_scratch_close(rg__child_scratch *s) {
    unlink(s->suite);
    unlink(s->res);
    unlink(s->out);
    unlink(s->err);
    rmdir(s->dir);
}

int rg__child_write_suite(const char *path, const char *name, const rg_case *cases, size_t n) {
    json_t *list = json_array();
    for (size_t k = 0; list && k < n; k++) {
        const rg_case *c = &cases[k];
        json_t *params = json_object(), *impls = json_array();
        for (int i = 0; i < c->nparams; i++) {
            const rg_param *p = &c->params[i];
            json_object_set_new(params, p->key,
                                p->is_str ? json_string(p->sval) : json_integer(p->ival));
        }
        for (int i = 0; i < c->nimpls; i++)
            json_array_append_new(impls, json_string(c->impls[i]));
        json_t *one =
            json_pack("{s:s, s:s, s:o}", "op", c->op, "dtype", c->dtype, "params", params);
        if (one && c->nimpls) json_object_set(one, "impls", impls);
        if (one && c->device[0]) json_object_set_new(one, "device", json_string(c->device));
        json_decref(impls);
        if (!one || json_array_append_new(list, one)) {
            json_decref(list);
            list = NULL;
        }
    }
    json_t *root =
        list ? json_pack("{s:s, s:s, s:o}", "schema", "ridge-suite/1", "name", name, "cases", list)
             : NULL;
    int rc = root && json_dump_file(root, path, 0) == 0 ? 0 : RG_EIO;
    json_decref(root);
    return rc;
}

int rg__child_spawn_wait(char *const argv[], const char *out_path, const char *err_path) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) return -rc;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -errno;
    return status;
}

void rg__child_last_line(const char *path, char *out, size_t len) {
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0]) snprintf(out, len, "%s", line);
    }
    fclose(f);
}

int rg__child_run(char *const argv[], const rg__child_scratch *s, const volatile sig_atomic_t *stop,
                  rg_results *res, char *line, size_t linelen) {
    unlink(s->res);
    int st = rg__child_spawn_wait(argv, "/dev/null", s->err);
    rg__child_last_line(s->err, line, linelen);
    if (st < 0) return snprintf(line, linelen, "cannot run '%s': %s", argv[0], strerror(-st)), 2;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (code == 130 || (WIFSIGNALED(st) && WTERMSIG(st) == SIGINT) || *stop) return 130;
    if (code != 0 && code != 1) {
        if (!line[0]) snprintf(line, linelen, "the child run exited with %d", code);
        return 2;
    }
    char rerr[256] = "";
    if (rg_results_read_json(s->res, res, rerr, sizeof rerr) != 0 || res->count == 0) {
        rg_results_free(res);
        char why[256];
        snprintf(why, sizeof why, "%s", rerr[0] ? rerr : line);
        snprintf(line, linelen, "no results: %s", why[0] ? why : "empty results file");
        return 2;
    }
    for (size_t i = 0; i < res->count; i++)
        if (res->results[i].status == RG_CASE_FAILED || res->results[i].status == RG_CASE_ERROR)
            return 1;
    return res->interrupted ? 130 : 0;
}
