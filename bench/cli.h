/* cli.h: the whole `ridge` command line as one function (main, tests and fuzzers call it). */
#ifndef RG_CLI_H
#define RG_CLI_H

/* Runs `ridge argv[1] ...`; returns the exit code: 0 ok, 1 a case failed or errored,
 * 2 usage or input error (one line on stderr), 130 interrupted. */
int rg__cli_main(int argc, char **argv);
/* The same command line's options parsed and checked only: the exit code rg__cli_main would
 * give for them (0 or 2), with nothing measured, read or written (the CLI fuzzer's entry). */
int rg__cli_check(int argc, char **argv);

#endif /* RG_CLI_H */
