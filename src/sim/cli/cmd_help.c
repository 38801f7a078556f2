/* pcdsim help [COMMAND] / pcdsim --help */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

void pcdsim_usage(void *stream)
{
    FILE *out = stream;
    fputs("usage: pcdsim <command> [options]\n"
          "       pcdsim --help | --version\n\n"
          "pcdsim simulates the nRF5340 network-core firmware update (MCUboot -> PCD -> B0N)\n"
          "on emulated memories and checks it against the reference behaviour.\n\n"
          "commands:\n",
          out);
    for (const struct pcdsim_cmd *c = pcdsim_cmds; c->name != NULL; c++) {
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    }
    fputs("\nexit codes: 0 ok, 1 a verdict failed, 2 bad input or usage, 3 inspect without --key (unverified)\n"
          "'pcdsim <command> --help' shows the options of a command.\n",
          out);
}

int cmd_help(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0) {
        for (const struct pcdsim_cmd *c = pcdsim_cmds; c->name != NULL; c++) {
            if (strcmp(c->name, argv[1]) == 0) {
                char help[] = "--help";
                char *args[] = {argv[1], help, NULL};
                return c->fn(2, args);
            }
        }
        fprintf(stderr, "pcdsim help: no command '%s'\n", argv[1]);
        return PCDSIM_EXIT_INPUT;
    }
    pcdsim_usage(stdout);
    return PCDSIM_EXIT_OK;
}
