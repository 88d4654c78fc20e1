/* main.c: the `ridge` executable; everything happens in rg__cli_main. */
#include "cli.h"

int main(int argc, char **argv) {
    return rg__cli_main(argc, argv);
}
