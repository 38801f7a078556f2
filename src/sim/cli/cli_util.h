/* Small helpers shared by the pcdsim commands. */
#ifndef PCDSIM_CLI_UTIL_H
#define PCDSIM_CLI_UTIL_H

#include <stdint.h>
#include <stdio.h>

/** Parse a whole unsigned number (decimal or 0x hex); 0 ok, -1 not a number. */
int cli_parse_u64(const char *s, uint64_t *out);

/** Write @p s to @p f with XML's five special characters escaped. */
void cli_xml_escape(FILE *f, const char *s);

/** An output file written under a temporary name and renamed when complete: a command that
 *  fails never leaves a partial output file behind. */
struct cli_out {
    FILE *f;          /**< write here */
    char *tmp;        /**< PATH.part~ */
    const char *path; /**< final name */
};

/** Open @p path for writing (as PATH.part~); 0 ok, -1 with a message on stderr. */
int cli_out_open(struct cli_out *o, const char *path, const char *who);

/** Close and rename into place; 0 ok, -1 (message on stderr, nothing left behind). */
int cli_out_commit(struct cli_out *o, const char *who);

/** Close and remove without committing (error paths). */
void cli_out_abandon(struct cli_out *o);

struct pcd_image_result;

/** The diagnostic line for an image MCUboot's validation refused (pcd_image_validate() returned
 *  @p verdict != 0 with result @p r over @p len bytes): "IMAGE: byte offset N (0xN): reason" on
 *  @p f, N being the header field, the TLV entry, or where the TLV area starts (or should); a file
 *  shorter than the image header is reported at its end. */
void cli_image_error(FILE *f, const char *image, uint32_t len, int verdict, const struct pcd_image_result *r);

/** Refuse an input file the commands cannot judge as an image: an empty file, or Intel HEX (text
 *  records, pcdsim reads binary images; see pcdsim/file_kind.h). On refusal prints
 *  "PATH: error: the WHAT is ..." with a hint on stderr and returns -1 (the command exits 2);
 *  returns 0 for anything else. */
int cli_refuse_input(const char *path, const uint8_t *data, uint32_t len, const char *what);

struct run_config;
struct pcdsim_update_layout;
struct pcdsim_layout;

/** Put the partition map of a board into a run configuration, the same for every command: the
 *  PCD block (pcd_sram), the net-core side (b0n_container, app) for B0N and the updater, the
 *  primary slot and MCUboot's partition (@p app's `mcuboot`, else everything before the primary
 *  slot). The candidate slot, keys and the rest are the caller's. */
void cli_run_config_layout(struct run_config *c, const struct pcdsim_update_layout *u, const struct pcdsim_layout *app);

#endif
