/* Unit tests of pcdsim_scenario, bad inputs: one table row per mistake, each asserting the error
 * code, the 1-based line and column, a substring of the message (which quotes the offending
 * text), of the hint and of the context trail, and that nothing is left allocated in the output.
 * "@S@" in a text stands for PCDSIM_SHARED_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "pcdsim/diag.h"
#include "pcdsim/host_err.h"
#include "pcdsim/scenario.h"
#include "test_helpers.h"

/* Lines 1-5 of most cases: a valid scenario up to `contents`. */
#define HEAD5                           \
    "version: 1\n"                      \
    "name: t\n"                         \
    "requirements: [B0N-COPY]\n"        \
    "board:\n"                          \
    "  layout: builtin:nrf5340dk-internal\n"
/* Lines 4-5 of cases that change lines 1-3. */
#define TAIL "board: {layout: builtin:nrf5340dk-internal}\ncontents: {}\n"
/* Lines 1-6: a complete valid scenario; a case adds from line 7. */
#define HEAD6 HEAD5 "contents: {}\n"

struct bad {
    const char *name;
    const char *text;
    int code;
    unsigned line;
    unsigned column;
    const char *message; /* substring of the message */
    const char *hint;    /* substring of the hint, NULL = any non-empty hint */
    const char *context; /* substring of the context, NULL = any non-empty context */
    const char *file;    /* suffix of diag.file, NULL = the scenario itself */
};

static const struct bad bad_cases[] = {
    /* ---- keys ---- */
    {"unknown top-level key", HEAD6 "colour: red\n", PCDSIM_E_SCHEMA, 7, 1, "unknown key 'colour'",
     "known keys here: version, name, description, requirements", "at the top level", NULL},
    {"section key at the top level", HEAD6 "retries: 3\n", PCDSIM_E_SCHEMA, 7, 1, "unknown key 'retries'",
     "'retries' belongs under 'updater:'", "at the top level", NULL},
    {"unknown nested key, did you mean", HEAD6 "updater:\n  tmeout_ms: 5\n", PCDSIM_E_SCHEMA, 8, 3,
     "unknown key 'tmeout_ms'", "did you mean 'timeout_ms'? known keys here: retries, timeout_ms, poll_ms",
     "in 'updater'", NULL},
    {"unknown key in a fault", HEAD6 "faults:\n  - power_loss: {at_op: 3, teer: prefix}\n", PCDSIM_E_SCHEMA, 8, 28,
     "unknown key 'teer'", "did you mean 'tear'?", "in 'faults[0].power_loss' (line 8, column 17)", NULL},
    {"key without a space after ':'", HEAD6 "faults:\n  - power_loss: {at_op:5}\n", PCDSIM_E_SCHEMA, 8, 18,
     "unknown key 'at_op:5'", "only when a space follows it ('at_op: ...')", NULL, NULL},
    {"duplicate key", HEAD6 "seed: 1\nseed: 2\n", PCDSIM_E_SCHEMA, 8, 1, "duplicate key 'seed'",
     "already given at line 7, column 1", "at the top level", NULL},
    {"duplicate nested key", HEAD5 "  layout: builtin:nrf5340dk-extflash\ncontents: {}\n", PCDSIM_E_SCHEMA, 6, 3,
     "duplicate key 'layout'", "line 5, column 3", "in 'board'", NULL},
    {"duplicate verdict", HEAD6 "expect:\n  verdicts: {B0N-COPY: pass, B0N-COPY: fail}\n", PCDSIM_E_SCHEMA, 8, 30,
     "duplicate key 'B0N-COPY'", "line 8, column 14", "in 'expect.verdicts'", NULL},
    {"missing name", "version: 1\nrequirements: [B0N-COPY]\nboard:\n  layout: builtin:nrf5340dk-internal\ncontents: {}\n",
     PCDSIM_E_SCHEMA, 1, 1, "missing required key 'name'", "required keys here: version, name, requirements, board, "
     "contents", "at the top level", NULL},
    {"missing board", "version: 1\nname: t\nrequirements: [B0N-COPY]\ncontents: {}\n", PCDSIM_E_SCHEMA, 1, 1,
     "missing required key 'board'", "add 'board:'", NULL, NULL},
    {"missing candidate file", HEAD5 "contents:\n  candidate: {slot: mcuboot_secondary}\n", PCDSIM_E_SCHEMA, 7, 14,
     "missing required key 'file'", "add 'file:'", "in 'contents.candidate'", NULL},
    {"key of board at the top level", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard:\nlayout: x\n",
     PCDSIM_E_SCHEMA, 5, 1, "unknown key 'layout'", "'layout' belongs under 'board:'", NULL, NULL},

    /* ---- types ---- */
    {"mapping expected, scalar given", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard: builtin:nrf5340dk-internal\n"
     "contents: {}\n", PCDSIM_E_SCHEMA, 4, 8, "expected a mapping, got 'builtin:nrf5340dk-internal'",
     "check the indentation", "in 'board'", NULL},
    {"mapping expected, null given", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard:\ncontents: {}\n",
     PCDSIM_E_SCHEMA, 4, 7, "expected a mapping, got nothing (null)", "indentation", "in 'board'", NULL},
    {"sequence expected, scalar given", "version: 1\nname: t\nrequirements: B0N-COPY\n" TAIL, PCDSIM_E_SCHEMA, 3, 15,
     "expected a sequence, got 'B0N-COPY'", "[a, b]", "in 'requirements'", NULL},
    {"scalar expected, sequence given", "version: 1\nname: [a, b]\nrequirements: [B0N-COPY]\n" TAIL, PCDSIM_E_SCHEMA, 2, 7,
     "expected a string, got a sequence", NULL, "in 'name'", NULL},
    {"scalar expected, mapping given", HEAD6 "updater:\n  retries:\n    max: 3\n", PCDSIM_E_SCHEMA, 9, 5,
     "expected a number, got a mapping", NULL, "in 'updater.retries'", NULL},
    {"fault is a scalar", HEAD6 "faults:\n  - warm_reset\n", PCDSIM_E_SCHEMA, 8, 5,
     "expected a fault (a mapping with one key, the fault kind), got 'warm_reset'", "- warm_reset: {at_event",
     "in 'faults[0]'", NULL},
    {"top level is a sequence", "- version: 1\n", PCDSIM_E_SCHEMA, 1, 1, "expected a mapping at the top level, got "
     "a sequence", NULL, NULL, NULL},
    {"bool spelled yes", HEAD5 "  qspi: yes\ncontents: {}\n", PCDSIM_E_SCHEMA, 6, 9, "expected true or false, got 'yes'",
     "write true or false", "in 'board.qspi'", NULL},
    {"quoted number", HEAD6 "seed: \"7\"\n", PCDSIM_E_SCHEMA, 7, 7, "expected a number, got the quoted string '7'",
     "remove the quotes", "in 'seed'", NULL},
    {"name on two lines", "version: 1\nname: |\n  first\n  second\nrequirements: [B0N-COPY]\n" TAIL, PCDSIM_E_SCHEMA, 2, 7,
     "'first\\nsecond\\n' is not one line", "description", "in 'name'", NULL},

    /* ---- version ---- */
    {"version 2", "version: 2\nname: t\nfuture_key: {}\n", PCDSIM_E_SCHEMA, 1, 10,
     "unsupported scenario format version '2'", "reads format version 1 only", "in 'version'", NULL},
    {"version as a tool version", "version: 1.0.0\n", PCDSIM_E_SCHEMA, 1, 10,
     "unsupported scenario format version '1.0.0'", "write 'version: 1'", NULL, NULL},
    {"version quoted", "version: \"1\"\n", PCDSIM_E_SCHEMA, 1, 10, "expected a number, got the quoted string '1'",
     NULL, NULL, NULL},
    {"version missing", "name: t\nrequirements: [B0N-COPY]\nboard: {layout: builtin:nrf5340dk-internal}\ncontents: {}\n",
     PCDSIM_E_SCHEMA, 1, 1, "missing required key 'version'", NULL, NULL, NULL},

    /* ---- ids and names ---- */
    {"unknown requirement id", "version: 1\nname: t\nrequirements: [B0N-COPPY]\n" TAIL, PCDSIM_E_SCHEMA, 3, 16,
     "unknown requirement id 'B0N-COPPY'", "did you mean 'B0N-COPY'?", "in 'requirements[0]'", NULL},
    {"requirement listed twice", "version: 1\nname: t\nrequirements: [B0N-COPY, APP-LOCK, B0N-COPY]\n" TAIL,
     PCDSIM_E_SCHEMA, 3, 36, "requirement 'B0N-COPY' is listed twice", "line 3, column 16", NULL, NULL},
    {"no requirement", "version: 1\nname: t\nrequirements: []\n" TAIL, PCDSIM_E_SCHEMA, 3, 15, "'requirements' is empty",
     NULL, NULL, NULL},
    {"unknown verdict id", HEAD6 "expect: {verdicts: {SYS-POWERSAFE: pass}}\n", PCDSIM_E_SCHEMA, 7, 21,
     "unknown requirement id 'SYS-POWERSAFE'", "did you mean 'SYS-POWER-SAFE'?", NULL, NULL},
    {"bad verdict", HEAD6 "expect: {verdicts: {SYS-REPORT: passed}}\n", PCDSIM_E_SCHEMA, 7, 33,
     "unknown verdict 'passed'", "did you mean 'pass'?", "in 'expect.verdicts.SYS-REPORT'", NULL},
    {"unknown event", HEAD6 "faults:\n  - power_loss: {at_event: b0n.erase_pages}\n", PCDSIM_E_SCHEMA, 8, 28,
     "unknown event 'b0n.erase_pages'", "did you mean 'b0n.erase_page'?", "in 'faults[0].power_loss.at_event'", NULL},
    {"unknown event in run", HEAD6 "steps: [power_on, {run: app.jmp}]\n", PCDSIM_E_SCHEMA, 7, 25,
     "unknown event 'app.jmp'", "did you mean 'app.jump'?", "in 'steps[1].run'", NULL},
    {"unknown step", HEAD6 "steps: [power_on, power_of]\n", PCDSIM_E_SCHEMA, 7, 19, "unknown step 'power_of'",
     "did you mean 'power_on'?", "in 'steps[1]'", NULL},
    {"step needs a value", HEAD6 "steps:\n  - run\n", PCDSIM_E_SCHEMA, 8, 5, "step 'run' needs a value",
     "- run: idle", NULL, NULL},
    {"step takes no value", HEAD6 "steps:\n  - power_on: now\n", PCDSIM_E_SCHEMA, 8, 5,
     "step 'power_on' takes no value", "write '- power_on'", NULL, NULL},
    {"empty steps", HEAD6 "steps: []\n", PCDSIM_E_SCHEMA, 7, 8, "'steps' is empty", "omit 'steps'", NULL, NULL},
    {"unknown fault", HEAD6 "faults:\n  - powerloss: {at_op: 1}\n", PCDSIM_E_SCHEMA, 8, 5, "unknown fault 'powerloss'",
     "did you mean 'power_loss'?", NULL, NULL},
    {"ncs_version not MAJOR.MINOR.PATCH", HEAD6 "profile: ncs\nncs_version: \"2.9\"\n", PCDSIM_E_SCHEMA, 8, 14,
     "'2.9' is not an NCS release the NCS profile models", "\"1.4.0\" to \"3.99.99\"", NULL, NULL},
    {"ncs_version with a leading zero", HEAD6 "profile: ncs\nncs_version: 2.09.0\n", PCDSIM_E_SCHEMA, 8, 14,
     "leading zero", NULL, NULL, NULL},
    {"ncs_version with a fourth part", HEAD6 "profile: ncs\nncs_version: 2.9.0.1\n", PCDSIM_E_SCHEMA, 8, 14,
     "MAJOR.MINOR.PATCH", NULL, NULL, NULL},
    {"ncs_version minor too large", HEAD6 "profile: ncs\nncs_version: 2.100.0\n", PCDSIM_E_SCHEMA, 8, 14,
     "too large", NULL, NULL, NULL},
    {"ncs_version before PCD", HEAD6 "profile: ncs\nncs_version: 1.3.99\n", PCDSIM_E_SCHEMA, 8, 14,
     "older than NCS 1.4.0", NULL, NULL, NULL},
    {"ncs_version after 3.x", HEAD6 "profile: ncs\nncs_version: 4.0.0\n", PCDSIM_E_SCHEMA, 8, 14,
     "newer than NCS 3.x", NULL, NULL, NULL},
    {"ncs_version not a string", HEAD6 "profile: ncs\nncs_version: [2, 9, 0]\n", PCDSIM_E_SCHEMA, 8, 14,
     "expected", NULL, NULL, NULL},
    {"ncs_version without profile ncs", HEAD6 "ncs_version: 2.9.0\n", PCDSIM_E_SCHEMA, 7, 14,
     "'ncs_version' applies to the NCS profile only", "add 'profile: ncs'", NULL, NULL},
    {"unknown enum value", HEAD6 "profile: nsc\n", PCDSIM_E_SCHEMA, 7, 10, "unknown profile 'nsc'",
     "did you mean 'ncs'? valid: reference, ncs", NULL, NULL},
    {"unknown built-in", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard: {layout: builtin:nrf5340dk-intern}\ncontents: {}\n",
     PCDSIM_E_SCHEMA, 4, 17, "unknown built-in layout 'builtin:nrf5340dk-intern'",
     "did you mean 'builtin:nrf5340dk-internal'?", "in 'board.layout'", NULL},
    {"built-in of the other domain", HEAD5 "  net_layout: builtin:nrf5340dk-internal\ncontents: {}\n", PCDSIM_E_SCHEMA,
     6, 15, "'builtin:nrf5340dk-internal' is a application-domain layout, not one for 'net_layout'", "builtin:ncs",
     NULL, NULL},
    {"unknown slot", HEAD5 "contents:\n  candidate: {file: @S@/fixtures/raw/app-v1-64k.bin, slot: mcuboot_secundary}\n",
     PCDSIM_E_SCHEMA, 7, 0, "unknown partition 'mcuboot_secundary'", "did you mean 'mcuboot_secondary'?",
     "in 'contents.candidate.slot'", NULL},
    {"slot not in flash", HEAD5 "contents:\n  candidate: {file: @S@/fixtures/raw/app-v1-64k.bin, slot: pcd_sram}\n",
     PCDSIM_E_SCHEMA, 7, 0, "slot 'pcd_sram' is in sram_primary, not in flash", NULL, NULL, NULL},
    {"unknown partition in extra", HEAD5 "contents:\n  extra:\n    - {partition: setings_storage, file: @S@/README.md}\n",
     PCDSIM_E_SCHEMA, 8, 19, "unknown partition 'setings_storage'", "did you mean 'settings_storage'?",
     "in 'contents.extra[0]'", NULL},

    /* ---- batches (contents.candidates, MI-*) ---- */
    {"two candidates in one slot", "version: 1\nname: t\nrequirements: [MI-ORDER]\nboard:\n  layout: builtin:nrf5340dk-extflash\n"
     "contents:\n  candidates:\n    - {file: @S@/fixtures/signed/net-v1-32k_ecdsa-p256.bin, slot: mcuboot_secondary_1}\n"
     "    - {file: @S@/fixtures/signed/net-v2-150k_ecdsa-p256.bin, slot: mcuboot_secondary_1}\n",
     PCDSIM_E_SCHEMA, 9, 7, "two candidates in slot 'mcuboot_secondary_1' (image 1; the first at line 8)",
     "one candidate per image", "in 'contents.candidates[1]'", NULL},
    {"unknown image index", "version: 1\nname: t\nrequirements: [MI-ORDER]\nboard:\n  layout: builtin:nrf5340dk-extflash\n"
     "contents:\n  candidates:\n    - {file: @S@/fixtures/signed/net-v1-32k_ecdsa-p256.bin, slot: mcuboot_secondary_1, image: 2}\n",
     PCDSIM_E_SCHEMA, 8, 0, "image 2 does not go into slot 'mcuboot_secondary_1' (image 1)",
     "image 1 (network core) into mcuboot_secondary_1", "image", NULL},
    {"candidate and candidates", "version: 1\nname: t\nrequirements: [MI-ORDER]\nboard:\n  layout: builtin:nrf5340dk-extflash\n"
     "contents:\n  candidate: {file: @S@/fixtures/signed/net-v1-32k_ecdsa-p256.bin, slot: mcuboot_secondary_1}\n"
     "  candidates:\n    - {file: @S@/fixtures/signed/app-v1-64k_ecdsa-p256.bin, slot: mcuboot_secondary}\n",
     PCDSIM_E_SCHEMA, 8, 3, "'candidate' and 'candidates' both given", "a batch (app + net)", NULL, NULL},
    /* ---- download (issue 18, DL-*) ---- */
    {"download: package and images", "version: 1\nname: t\nrequirements: [DL-STREAM]\nboard:\n  layout: builtin:nrf5340dk-extflash\n"
     "contents: {}\ndownload:\n  package: @S@/fixtures/signed/app-v1-64k_ecdsa-p256.bin\n"
     "  app: @S@/fixtures/signed/app-v1-64k_ecdsa-p256.bin\n",
     PCDSIM_E_SCHEMA, 8, 3, "needs 'package' or 'app' / 'net'", "name a dfu_multi_image.bin", NULL, NULL},
    {"download on a single-pair layout", "version: 1\nname: t\nrequirements: [DL-STREAM]\nboard:\n  layout: builtin:nrf5340dk-internal\n"
     "contents: {}\ndownload: {app: @S@/fixtures/signed/app-v1-64k_ecdsa-p256.bin}\n",
     PCDSIM_E_SCHEMA, 7, 11, "a download needs mcuboot_secondary_1", "simultaneous-update layout", NULL, NULL},
    {"download progress in ram_flash", "version: 1\nname: t\nrequirements: [DL-RESUME]\nboard:\n  layout: builtin:nrf5340dk-extflash\n"
     "contents: {}\ndownload:\n  app: @S@/fixtures/signed/app-v1-64k_ecdsa-p256.bin\n  progress: mcuboot_primary_1\n",
     PCDSIM_E_SCHEMA, 9, 13, "progress partition must be in app flash or QSPI", "settings_storage", NULL, NULL},
    {"empty batch", "version: 1\nname: t\nrequirements: [MI-ORDER]\nboard:\n  layout: builtin:nrf5340dk-extflash\n"
     "contents:\n  candidates: []\n",
     PCDSIM_E_SCHEMA, 7, 15, "'candidates' is empty", "list the batch's images", NULL, NULL},

    /* ---- files ---- */
    {"missing file", HEAD5 "contents: {app: nothere.bin}\n", PCDSIM_E_FILE, 6, 17, "cannot read 'nothere.bin': No such "
     "file or directory", "paths are relative to the scenario's folder", "in 'contents.app'", NULL},
    {"missing key file", HEAD6 "keys: [@S@/fixtures/keys/nope.pub.pem]\n", PCDSIM_E_FILE, 7, 8,
     "nope.pub.pem': No such file or directory", NULL, "in 'keys[0]'", NULL},
    {"missing layout file", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard: {layout: pm_static.yml}\ncontents: {}\n",
     PCDSIM_E_FILE, 4, 17, "cannot read 'pm_static.yml'", "resolves to", NULL, NULL},
    {"unreadable path: a directory", HEAD5 "contents: {app: .}\n", PCDSIM_E_FILE, 6, 17,
     "cannot read '.': it is a directory", "name a file", NULL, NULL},
    {"empty path", HEAD5 "contents: {app: ''}\n", PCDSIM_E_SCHEMA, 6, 17, "expected a file path, got", NULL, NULL, NULL},
    {"file too large for its partition", HEAD5 "contents:\n  extra:\n    - {partition: settings_storage, file: "
     "@S@/fixtures/raw/app-v1-64k.bin}\n", PCDSIM_E_SCHEMA, 8, 0, "app-v1-64k.bin (65130 bytes) does not fit: settings_storage has 0x8000 bytes",
     "would run past its end", "in 'contents.extra[0]'", NULL},

    {"extra load over the app image", HEAD5 "contents:\n  app: @S@/fixtures/signed/app-v1-64k_ecdsa-p256.bin\n"
     "  extra:\n    - {address: 0x0000C100, file: @S@/README.md}\n", PCDSIM_E_SCHEMA, 9, 35,
     "README.md' (0xc100..", "must not share bytes", "in 'contents.extra[0]'", NULL},
    {"extra load in the candidate's slot, past the candidate file", HEAD5 "contents:\n"
     "  candidate: {file: @S@/fixtures/signed/net-v1-32k_ecdsa-p256.bin}\n"
     "  extra:\n    - {partition: mcuboot_secondary, offset: 0x70000, file: @S@/README.md}\n", PCDSIM_E_SCHEMA, 9, 61,
     "net-v1-32k_ecdsa-p256.bin' (line 7), loaded at 0x80000..0xf3fff", "must not share bytes", "in 'contents.extra[0]'", NULL},
    {"RAM flash load over an SRAM load", HEAD5 "contents:\n  extra:\n    - {device: ram_flash, file: @S@/README.md}\n"
     "    - {address: 0x20010000, file: @S@/README.md}\n", PCDSIM_E_SCHEMA, 9, 35, "of app_sram) overlaps",
     NULL, "in 'contents.extra[1]'", NULL},

    /* ---- addresses and numbers ---- */
    {"impossible address", HEAD5 "contents:\n  extra:\n    - {address: 0x01040000, file: @S@/README.md}\n",
     PCDSIM_E_SCHEMA, 8, 17, "impossible address '0x01040000': the first byte past the end of net flash",
     "net flash 0x01000000..0x0103ffff", "in 'contents.extra[0]'", NULL},
    {"impossible net address", HEAD6 "faults:\n  - stuck_bits: {device: net_flash, address: 0x01040000, length: 4}\n",
     PCDSIM_E_SCHEMA, 8, 46, "impossible address '0x01040000': not in net_flash (0x01000000..0x0103ffff)",
     "net flash is 0x01000000..0x0103ffff", "in 'faults[0].stuck_bits'", NULL},
    {"address nowhere", HEAD6 "faults:\n  - corrupt: {at_op: 1, address: 0x30000000}\n", PCDSIM_E_SCHEMA, 8, 34,
     "impossible address '0x30000000': no memory of the nRF5340 is there", "valid addresses: app flash", NULL, NULL},
    {"range past the end", HEAD6 "faults:\n  - stuck_bits: {address: 0x0103fffe, length: 4}\n", PCDSIM_E_SCHEMA, 8,
     47, "the stuck range (4 bytes) does not fit: net_flash has 0x2 bytes from there", "0x3fffe..0x40001", NULL, NULL},
    {"offset past a device", HEAD6 "faults:\n  - stuck_bits: {device: qspi, offset: 0x800000, length: 1}\n",
     PCDSIM_E_SCHEMA, 8, 40, "offset '0x800000' is past the end of qspi", NULL, NULL, NULL},
    {"bad number with separators", HEAD6 "updater:\n  timeout_ms: 0x1_0000_0000\n", PCDSIM_E_SCHEMA, 8, 15,
     "'0x1_0000_0000' is not a number: '_' digit separators are not accepted", "0x100000000", "in 'updater.timeout_ms'",
     NULL},
    {"bad number with letters", HEAD6 "updater: {retries: 12abc}\n", PCDSIM_E_SCHEMA, 7, 20, "'12abc' is not a number",
     "decimal (4096) or hex (0x1000)", "in 'updater.retries'", NULL},
    {"number above 32 bits", HEAD6 "updater: {timeout_ms: 0x100000000}\n", PCDSIM_E_SCHEMA, 7, 23,
     "'0x100000000' is out of range", "allowed here: 1..86400000", NULL, NULL},
    {"number above 64 bits", HEAD6 "seed: 18446744073709551616\n", PCDSIM_E_SCHEMA, 7, 7,
     "'18446744073709551616' is out of range", "0..18446744073709551615", NULL, NULL},
    {"retries 0", HEAD6 "updater: {retries: 0}\n", PCDSIM_E_SCHEMA, 7, 20, "'0' is out of range", "allowed here: 1..16",
     NULL, NULL},
    /* more attempts than the updater takes (PCD_UPDATER_MAX_ATTEMPTS) would be refused, never waited */
    {"retries 17", HEAD6 "updater: {retries: 17}\n", PCDSIM_E_SCHEMA, 7, 20, "'17' is out of range", "allowed here: 1..16",
     NULL, NULL},
    {"timeout above 24 h", HEAD6 "updater: {timeout_ms: 86400001}\n", PCDSIM_E_SCHEMA, 7, 23, "'86400001' is out of range",
     "allowed here: 1..86400000", NULL, NULL},
    {"run-step bound below 1 s", HEAD6 "max_device_time_ms: 999\n", PCDSIM_E_SCHEMA, 7, 21, "'999' is out of range",
     "allowed here: 1000..2592000000", NULL, NULL},
    {"run-step bound above 30 days", HEAD6 "max_device_time_ms: 2592000001\n", PCDSIM_E_SCHEMA, 7, 21,
     "'2592000001' is out of range", "allowed here: 1000..2592000000", NULL, NULL},
    {"negative number", HEAD6 "seed: -1\n", PCDSIM_E_SCHEMA, 7, 7, "'-1' is out of range: negative", NULL, NULL, NULL},
    {"leading zero", HEAD6 "seed: 010\n", PCDSIM_E_SCHEMA, 7, 7, "'010' has a leading zero", "octal", NULL, NULL},
    {"poll longer than timeout", HEAD6 "updater: {timeout_ms: 100, poll_ms: 200}\n", PCDSIM_E_SCHEMA, 7, 37,
     "poll_ms '200' is longer than timeout_ms (100)", NULL, NULL, NULL},
    {"page out of range", HEAD6 "faults:\n  - power_loss: {at_event: b0n.erase_page, page: 128}\n", PCDSIM_E_SCHEMA, 8,
     50, "'128' is out of range", "0..127", NULL, NULL},
    {"bad version string", HEAD6 "expect: {app_version: 1.0}\n", PCDSIM_E_SCHEMA, 7, 23, "'1.0' is not a version",
     "major.minor.revision", NULL, NULL},
    {"version part too big", HEAD6 "expect: {app_version: 1.256.0}\n", PCDSIM_E_SCHEMA, 7, 23,
     "'1.256.0' is not a version", "minor above 255", NULL, NULL},
    {"ram flash outside SRAM", HEAD5 "  ram_flash: {address: 0x10000000, size: 0x1000}\ncontents: {}\n", PCDSIM_E_SCHEMA,
     6, 24, "impossible address '0x10000000'", "app SRAM is 0x20000000..0x2007ffff", "in 'board.ram_flash.address'",
     NULL},

    /* ---- faults ---- */
    {"fault with two triggers", HEAD6 "faults:\n  - power_loss: {at_op: 5, at_event: app.boot}\n", PCDSIM_E_SCHEMA, 8,
     28, "fault 'power_loss' has two triggers, 'at_op' (line 8) and 'at_event'", "exactly one trigger",
     "in 'faults[0].power_loss'", NULL},
    {"fault with no trigger", HEAD6 "faults:\n  - power_loss: {tear: prefix}\n", PCDSIM_E_SCHEMA, 8, 5,
     "fault 'power_loss' has no trigger", "at_op: N", "in 'faults[0].power_loss' (line 8, column 17)", NULL},
    {"net_core without from_event", HEAD6 "faults:\n  - net_core: {mode: silent}\n", PCDSIM_E_SCHEMA, 8, 5,
     "fault 'net_core' has no trigger", "from_event", NULL, NULL},
    {"net_core with at_event", HEAD6 "faults:\n  - net_core: {mode: silent, at_event: net.start}\n", PCDSIM_E_SCHEMA, 8,
     30, "unknown key 'at_event'", "from_event", NULL, NULL},
    {"fault parameters not indented", HEAD6 "faults:\n  - power_loss:\n    at_op: 5\n", PCDSIM_E_SCHEMA, 9, 5,
     "a fault has one key (its kind, here 'power_loss'), but 'at_op' is a second one", "indentation", NULL, NULL},
    {"page on a non-page event", HEAD6 "faults:\n  - warm_reset: {at_event: app.boot, page: 3}\n", PCDSIM_E_SCHEMA, 8, 38,
     "'page' does not apply to event 'app.boot'", "b0n.erase_page", NULL, NULL},
    {"nth without at_event", HEAD6 "faults:\n  - warm_reset: {at_op: 4, nth: 2}\n", PCDSIM_E_SCHEMA, 8, 28,
     "'nth' counts events", NULL, NULL, NULL},
    {"device filter without at_op", HEAD6 "faults:\n  - power_loss: {at_time_ms: 4, device: qspi}\n", PCDSIM_E_SCHEMA, 8,
     33, "'device' filters the operations counted by 'at_op'", NULL, NULL, NULL},
    {"tear and after", HEAD6 "faults:\n  - power_loss: {at_op: 4, tear: prefix, after: true}\n", PCDSIM_E_SCHEMA, 8,
     42, "'after' and 'tear' (line 8) exclude each other", NULL, NULL, NULL},
    {"tear on a timed cut", HEAD6 "faults:\n  - power_loss: {at_time_ms: 4, tear: prefix}\n", PCDSIM_E_SCHEMA, 8, 33,
     "'tear' needs an operation", NULL, NULL, NULL},
    {"xor and bytes", HEAD6 "faults:\n  - corrupt: {at_op: 1, address: 0x1000, xor: 2, bytes: [1]}\n", PCDSIM_E_SCHEMA,
     8, 50, "'bytes' and 'xor' (line 8) exclude each other", NULL, NULL, NULL},
    {"partition and address", HEAD6 "faults:\n  - corrupt: {at_op: 1, partition: app, address: 0x1000}\n",
     PCDSIM_E_SCHEMA, 8, 41, "'address' and 'partition' (line 8) exclude each other", NULL, NULL, NULL},
    {"no location", HEAD6 "faults:\n  - corrupt: {at_op: 1}\n", PCDSIM_E_SCHEMA, 8, 14, "no location", "partition", NULL,
     NULL},
    {"stuck bits in RAM", HEAD6 "faults:\n  - stuck_bits: {address: 0x20000000, length: 4}\n", PCDSIM_E_SCHEMA, 8, 27,
     "this location is in app_sram, not in flash", NULL, NULL, NULL},
    {"QSPI not fitted", HEAD5 "  qspi: false\ncontents: {}\nfaults:\n  - stuck_bits: {device: qspi, length: 4}\n",
     PCDSIM_E_SCHEMA, 9, 26, "device 'qspi' is not fitted on this board", NULL, NULL, NULL},

    /* ---- layouts ---- */
    {"overlapping layout file", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard:\n"
     "  layout: @S@/fixtures/pm/handmade-BAD-overlapping-slots.yml\ncontents: {}\n",
     PCDSIM_E_LAYOUT, 15, 12, "overlaps", NULL, "layout named by 'board.layout' at ",
     "fixtures/pm/handmade-BAD-overlapping-slots.yml"},
    {"layout with QSPI partitions on a board without QSPI", "version: 1\nname: t\nrequirements: [B0N-COPY]\nboard:\n"
     "  layout: builtin:nrf5340dk-extflash\n  qspi: false\ncontents: {}\n", PCDSIM_E_LAYOUT, 6, 9,
     "partition 'external_flash' of the layout is in external flash", "builtin:nrf5340dk-internal", "in 'board'", NULL},
    {"net layout that is not a net layout", HEAD5 "  net_layout: @S@/fixtures/pm/handmade-nrf5340dk-internal.yml\n"
     "contents: {}\n", PCDSIM_E_LAYOUT, 0, 0, "b0n_container", "partitions_CPUNET.yml",
     "layout named by 'board.net_layout' at ", "fixtures/pm/handmade-nrf5340dk-internal.yml"},
    {"RAM flash over pcd_sram", HEAD5 "  ram_flash: {address: 0x20000000, size: 0x40000}\ncontents: {}\n",
     PCDSIM_E_LAYOUT, 6, 14, "overlaps pcd_sram 0x20000000..0x20002000", NULL, "in 'board.ram_flash'", NULL},

    /* ---- YAML ---- */
    {"YAML syntax error", "version: 1\nname: t\n  bad: indent\n", PCDSIM_E_YAML, 3, 6,
     "invalid YAML: mapping values are not allowed in this context", "quote the value, or check the indentation", "",
     NULL},
    {"unclosed flow sequence", "version: 1\nrequirements: [B0N-COPY\nname: t\n", PCDSIM_E_YAML, 3, 5, "invalid YAML",
     NULL, "", NULL},
    {"tab indentation", "version: 1\nboard:\n\tlayout: x\n", PCDSIM_E_YAML, 3, 1, "invalid YAML", "tabs", "", NULL},
    {"empty file", "", PCDSIM_E_SCHEMA, 1, 1, "empty scenario", "version: 1", "", NULL},
    {"comments only", "# nothing yet\n\n", PCDSIM_E_SCHEMA, 1, 1, "empty scenario", NULL, "", NULL},
    {"two documents", HEAD6 "---\nversion: 1\n", PCDSIM_E_YAML, 7, 1, "a second YAML document", "one document", "",
     NULL},
    {"anchor", HEAD6 "seed: &s 1\n", PCDSIM_E_SCHEMA, 7, 7, "anchors are not supported ('&s')", NULL, "", NULL},
    {"alias", HEAD6 "labels: [a]\ndescription: *x\n", PCDSIM_E_SCHEMA, 8, 14, "aliases are not supported ('*x')", NULL,
     "", NULL},
    {"tag", HEAD6 "seed: !!int 3\n", PCDSIM_E_SCHEMA, 7, 7, "tags are not supported ('tag:yaml.org,2002:int')", NULL, "",
     NULL},
    {"NUL in a string", HEAD6 "description: \"a\\0b\"\n", PCDSIM_E_SCHEMA, 7, 14, "NUL character", NULL, "", NULL},
    {"nested too deep", HEAD6 "expect: {log: [[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]}\n", PCDSIM_E_SCHEMA, 7, 29,
     "YAML nested deeper than 16 levels", NULL, "", NULL},
    {"complex key", HEAD6 "? [a, b]\n: c\n", PCDSIM_E_SCHEMA, 7, 3, "a mapping key must be a plain name", NULL, "", NULL},
    {"bad label", HEAD6 "labels: [\"power loss\"]\n", PCDSIM_E_SCHEMA, 7, 10,
     "label 'power loss' has characters a ctest label cannot hold", NULL, "in 'labels[0]'", NULL},
    {"empty log substring", HEAD6 "expect: {log: [\"\"]}\n", PCDSIM_E_SCHEMA, 7, 16, "an empty string", NULL,
     "in 'expect.log[0]'", NULL},
};

/* ---------------------------------------------------------------------------------------------- */

static void assert_zeroed(const struct pcdsim_scenario *s)
{
    static const struct pcdsim_scenario zero;
    if (memcmp(s, &zero, sizeof(zero)) != 0) {
        fail_msg("the scenario is not zeroed after an error");
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int check_case(const struct bad *c)
{
    struct stage st;
    stage_init(&st, 0);
    char path[512];
    char *text = replace_all(c->text, PCDSIM_SHARED_DIR);
    stage_write(&st, "bad.yml", text, strlen(text), path);
    free(text);

    struct pcdsim_scenario s;
    memset(&s, 0xa5, sizeof(s)); // the loader must zero it
    struct pcdsim_diag d;
    int rc = pcdsim_scenario_load(path, &s, &d);
    int failures = 0;
#define EXPECT(cond, ...)                                        \
    do {                                                         \
        if (!(cond)) {                                           \
            print_error("[%s] ", c->name);                       \
            print_error(__VA_ARGS__);                            \
            print_error("\n");                                   \
            failures++;                                          \
        }                                                        \
    } while (0)
    EXPECT(rc == c->code, "code %s, want %s", pcdsim_strerror(rc), pcdsim_strerror(c->code));
    EXPECT(d.err == rc, "diag.err %d != rc %d", d.err, rc);
    if (c->file == NULL) {
        EXPECT(strcmp(d.file, path) == 0, "file '%s', want '%s'", d.file, path);
    } else {
        EXPECT(ends_with(d.file, c->file), "file '%s', want ...%s", d.file, c->file);
    }
    if (c->line != 0 || c->column != 0) {
        EXPECT(d.line == c->line && (c->column == 0 || d.column == c->column), "position %u:%u, want %u:%u", d.line,
               d.column, c->line, c->column);
    }
    EXPECT(strstr(d.message, c->message) != NULL, "message '%s' lacks '%s'", d.message, c->message);
    EXPECT(d.hint[0] != '\0' || rc == PCDSIM_E_LAYOUT, "no hint");
    if (c->hint != NULL) {
        EXPECT(strstr(d.hint, c->hint) != NULL, "hint '%s' lacks '%s'", d.hint, c->hint);
    }
    if (c->context == NULL) {
        EXPECT(d.context[0] != '\0', "no context");
    } else if (c->context[0] == '\0') {
        EXPECT(d.context[0] == '\0', "context '%s' on a syntax-level error", d.context);
    } else {
        EXPECT(strstr(d.context, c->context) != NULL, "context '%s' lacks '%s'", d.context, c->context);
    }
    assert_zeroed(&s);
    if (failures != 0) {
        pcdsim_diag_print(&d, stderr);
    }
    stage_cleanup(&st);
    return failures;
#undef EXPECT
}

static void test_scenario_errors__table(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        failures += check_case(&bad_cases[i]);
    }
    if (failures != 0) {
        fail_msg("%d expectation(s) failed", failures);
    }
}

/* Every case prints as "file:line:col: error: ..." with the source line and a caret. */
static void test_scenario_errors__printed(void **state)
{
    (void)state;
    struct stage st;
    stage_init(&st, 0);
    char path[512];
    static const char text[] = HEAD6 "updater:\n  tmeout_ms: 5\n";
    stage_write(&st, "p.yml", text, sizeof(text) - 1, path);
    struct pcdsim_scenario s;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_scenario_load(path, &s, &d), PCDSIM_E_SCHEMA);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    pcdsim_diag_print(&d, out);
    assert_int_equal(fclose(out), 0);
    char want[700];
    snprintf(want, sizeof(want), "%s:8:3: error: unknown key 'tmeout_ms'\n", path);
    assert_true(strncmp(buf, want, strlen(want)) == 0);
    assert_non_null(strstr(buf, "      8 |   tmeout_ms: 5\n"));
    assert_non_null(strstr(buf, "        |   ^\n"));
    assert_non_null(strstr(buf, "  in 'updater'\n"));
    assert_non_null(strstr(buf, "  hint: did you mean 'timeout_ms'?"));
    free(buf);
    stage_cleanup(&st);
}

static void test_scenario_errors__scenario_file(void **state)
{
    (void)state;
    struct pcdsim_scenario s;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_scenario_load("/nonexistent/x.yml", &s, &d), PCDSIM_E_FILE);
    assert_non_null(strstr(d.message, "cannot read scenario '/nonexistent/x.yml': No such file or directory"));
    assert_string_equal(d.file, "/nonexistent/x.yml");
    assert_int_equal(d.line, 0);
    assert_zeroed(&s);
    assert_int_equal(pcdsim_scenario_load("/tmp", &s, &d), PCDSIM_E_FILE);
    assert_non_null(strstr(d.message, "it is a directory"));
    assert_zeroed(&s);
    // A NULL diagnostic is allowed.
    assert_int_equal(pcdsim_scenario_load("/nonexistent/x.yml", &s, NULL), PCDSIM_E_FILE);
    assert_int_equal(pcdsim_scenario_load(NULL, &s, &d), PCDSIM_E_INTERNAL);

    // Too large.
    struct stage st;
    stage_init(&st, 0);
    char path[512];
    size_t big = PCDSIM_SCENARIO_FILE_MAX + 1;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, '#', big);
    stage_write(&st, "big.yml", text, big, path);
    free(text);
    assert_int_equal(pcdsim_scenario_load(path, &s, &d), PCDSIM_E_FILE);
    assert_non_null(strstr(d.message, "too large"));
    assert_zeroed(&s);
    stage_cleanup(&st);
}

/* Named files that are not regular files: a FIFO (must not block the loader) and /dev/null. */
static void test_scenario_errors__not_regular(void **state)
{
    (void)state;
    struct stage st;
    stage_init(&st, 0);
    char path[512], fifo[512];
    snprintf(fifo, sizeof(fifo), "%s/pipe.bin", st.dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    static const char text[] = HEAD5 "contents: {app: pipe.bin, net: /dev/null}\n";
    stage_write(&st, "fifo.yml", text, sizeof(text) - 1, path);
    struct pcdsim_scenario s;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_scenario_load(path, &s, &d), PCDSIM_E_FILE);
    assert_int_equal(d.line, 6);
    assert_int_equal(d.column, 17);
    assert_non_null(strstr(d.message, "cannot read 'pipe.bin': not a regular file"));
    assert_zeroed(&s);
    static const char text2[] = HEAD5 "contents: {net: /dev/null}\n";
    stage_write(&st, "null.yml", text2, sizeof(text2) - 1, path);
    assert_int_equal(pcdsim_scenario_load(path, &s, &d), PCDSIM_E_FILE);
    assert_int_equal(d.column, 17);
    assert_non_null(strstr(d.message, "cannot read '/dev/null': not a regular file"));
    // The scenario itself as a FIFO.
    assert_int_equal(pcdsim_scenario_load(fifo, &s, &d), PCDSIM_E_FILE);
    assert_non_null(strstr(d.message, "not a regular file"));
    assert_zeroed(&s);
    stage_cleanup(&st);
}

/* More nodes than a scenario can need. */
static void test_scenario_errors__too_many_nodes(void **state)
{
    (void)state;
    struct stage st;
    stage_init(&st, 0);
    char path[512];
    size_t n = 150000, len = 0;
    char *text = malloc(32 + 2 * n);
    assert_non_null(text);
    len += (size_t)sprintf(text, "version: 1\nlabels: [");
    for (size_t i = 0; i < n; i++) {
        text[len++] = 'a';
        text[len++] = ',';
    }
    text[len++] = ']';
    text[len++] = '\n';
    stage_write(&st, "many.yml", text, len, path);
    free(text);
    struct pcdsim_scenario s;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_scenario_load(path, &s, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.message, "more than 100000 YAML nodes"));
    assert_zeroed(&s);
    stage_cleanup(&st);
}

/* A file without read permission (skipped as root, who reads everything). */
static void test_scenario_errors__permission(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        skip();
    }
    struct stage st;
    stage_init(&st, 0);
    char path[512], secret[512];
    stage_write(&st, "secret.bin", "x", 1, secret);
    assert_int_equal(chmod(secret, 0), 0);
    static const char text[] = HEAD5 "contents: {app: secret.bin}\n";
    stage_write(&st, "perm.yml", text, sizeof(text) - 1, path);
    struct pcdsim_scenario s;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_scenario_load(path, &s, &d), PCDSIM_E_FILE);
    assert_int_equal(d.line, 6);
    assert_int_equal(d.column, 17);
    assert_non_null(strstr(d.message, "cannot read 'secret.bin': Permission denied"));
    assert_zeroed(&s);
    stage_cleanup(&st);
}

/* ---------------------------------------------------------------------------------------------- */

/* splitmix64, for reproducible mutations. */
static uint64_t next_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Apply one random edit to text (len bytes, buffer of cap bytes); returns the new length. */
static size_t mutate(char *text, size_t len, size_t cap, uint64_t *rs)
{
    static const char *const tokens[] = {":", "- ", "{", "}", "[", "]", "&a ", "*a", "\t", "0x", "!!str ", "~",
                                         "\n  ", "\n", "\"", "'", "#", ",", "? ", "---\n", "0x1_0", "-1", "\0"};
    uint64_t r = next_rand(rs);
    size_t at = len ? (size_t)(next_rand(rs) % len) : 0;
    switch (r % 5) {
    case 0: // replace a byte with a printable character
        if (len > 0) {
            text[at] = (char)(' ' + next_rand(rs) % 95);
        }
        return len;
    case 1: { // insert a token
        const char *t = tokens[next_rand(rs) % (sizeof(tokens) / sizeof(tokens[0]))];
        size_t tl = t[0] == '\0' ? 1 : strlen(t); // "\0": one NUL byte
        if (len + tl >= cap) {
            return len;
        }
        memmove(text + at + tl, text + at, len - at);
        memcpy(text + at, t, tl);
        return len + tl;
    }
    case 2: { // delete a run of bytes
        size_t n = 1 + next_rand(rs) % 12;
        if (at + n > len) {
            n = len - at;
        }
        memmove(text + at, text + at + n, len - at - n);
        return len - n;
    }
    case 3: { // duplicate the line holding `at`
        size_t b = at, e = at;
        while (b > 0 && text[b - 1] != '\n') {
            b--;
        }
        while (e < len && text[e] != '\n') {
            e++;
        }
        size_t n = e - b + (e < len ? 1 : 0);
        if (len + n >= cap) {
            return len;
        }
        memmove(text + b + n, text + b, len - b);
        return len + n;
    }
    default: // truncate
        return at;
    }
}

static void test_scenario_errors__mutations(void **state)
{
    (void)state;
    struct stage st;
    stage_init(&st, 5);
    stage_copy_data(&st, "complete.yml");
    stage_copy_data(&st, "settings.bin");
    stage_copy_data(&st, "blob.bin");
    char src[512], path[512];
    snprintf(src, sizeof(src), "%s/complete.yml", st.dir);
    size_t base_len;
    char *base = read_text(src, &base_len);
    assert_non_null(base);
    size_t cap = base_len + 4096;
    char *text = malloc(cap);
    assert_non_null(text);
    uint64_t rs = 20261121;
    unsigned loaded = 0, by_code[16] = {0};
    for (int i = 0; i < 1500; i++) {
        memcpy(text, base, base_len);
        size_t len = base_len;
        int edits = 1 + (int)(next_rand(&rs) % 3);
        for (int k = 0; k < edits; k++) {
            len = mutate(text, len, cap, &rs);
        }
        stage_write(&st, "m.yml", text, len, path);
        struct pcdsim_scenario s;
        struct pcdsim_diag d;
        int rc = pcdsim_scenario_load(path, &s, &d);
        if (rc == 0) {
            loaded++;
            assert_int_equal(d.err, 0);
            assert_true(s.step_count >= 1);
            pcdsim_scenario_free(&s);
            continue;
        }
        if (d.err != rc || d.message[0] == '\0' || rc > PCDSIM_E_USAGE || rc < PCDSIM_E_INTERNAL ||
            rc == PCDSIM_E_INTERNAL) {
            pcdsim_diag_print(&d, stderr);
            fail_msg("mutation %d: code %s, diag.err %d", i, pcdsim_strerror(rc), d.err);
        }
        by_code[-rc - 300]++;
        // Errors about the scenario itself point into it and say how to fix them.
        if (strcmp(d.file, path) == 0 && (d.line == 0 || d.column == 0 || d.hint[0] == '\0')) {
            pcdsim_diag_print(&d, stderr);
            fail_msg("mutation %d: diagnostic without a position or a hint", i);
        }
        assert_zeroed(&s);
    }
    print_message("mutations: %u loaded; errors FILE %u, YAML %u, SCHEMA %u, LAYOUT %u\n", loaded, by_code[2],
                  by_code[3], by_code[4], by_code[5]);
    assert_true(by_code[3] > 0 && by_code[4] > 0);
    free(text);
    free(base);
    stage_cleanup(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_errors__table),
        cmocka_unit_test(test_scenario_errors__printed),
        cmocka_unit_test(test_scenario_errors__scenario_file),
        cmocka_unit_test(test_scenario_errors__not_regular),
        cmocka_unit_test(test_scenario_errors__too_many_nodes),
        cmocka_unit_test(test_scenario_errors__permission),
        cmocka_unit_test(test_scenario_errors__mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
