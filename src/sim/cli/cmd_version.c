/* pcdsim version / pcdsim --version */
#include <stdio.h>

#include "cmd.h"
#include "pcdsim_version.h"

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("pcdsim %s\n", PCDSIM_VERSION);
    printf("scenario format: %d\n", PCDSIM_SCENARIO_FORMAT);
    printf("PCD command block: NCS 16-byte layout + pcdsim extension v%d\n", PCDSIM_PCD_EXT_VERSION);
    return PCDSIM_EXIT_OK;
}
