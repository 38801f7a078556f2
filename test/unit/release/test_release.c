/* pcdsim_release: Intel HEX, dfu_application.zip, dfu_multi_image.bin, merged_CPUNET.hex, build
 * directories, devicetree partitions and the PKG checks, on the fixtures test/release generates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "pcdsim/build_dir.h"
#include "pcdsim/dfu_multi.h"
#include "pcdsim/dfu_zip.h"
#include "pcdsim/dts_layout.h"
#include "pcdsim/host_err.h"
#include "pcdsim/ihex.h"
#include "pcdsim/netcore_hex.h"
#include "pcdsim/pkg_checks.h"
#include "pcdsim/release_gate.h"
#include "pcdsim/release_inputs.h"

#define FX PCDSIM_RELEASE_FIXTURES
#define SHARED PCDSIM_SHARED_DIR "/fixtures"

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int parse_text(const char *text, struct pcdsim_ihex *h, struct pcdsim_diag *d)
{
    return pcdsim_ihex_parse("t.hex", (const uint8_t *)text, strlen(text), h, d);
}

/* ---- Intel HEX ---- */

static void ihex_records(void **state)
{
    (void)state;
    struct pcdsim_ihex h;
    struct pcdsim_diag d;
    /* 04 sets the upper address, a start record, two adjacent data records merge */
    const char *good = ":020000040100F9\n:0400000001020304F2\n:0400040005060708DE\n"
                       ":020000021000EC\n:0400000500001234B1\n:00000001FF\n";
    assert_int_equal(parse_text(good, &h, &d), 0);
    assert_int_equal(h.count, 1);
    assert_int_equal(h.segments[0].address, 0x01000000u);
    assert_int_equal(h.segments[0].size, 8);
    assert_int_equal(h.segments[0].data[7], 8);
    assert_true(h.has_start);
    assert_int_equal(h.start, 0x1234);
    uint8_t buf[12];
    assert_int_equal(pcdsim_ihex_read(&h, 0x00FFFFFEu, 12, buf, 0xFF), 8);
    assert_int_equal(buf[0], 0xFF);
    assert_int_equal(buf[2], 1);
    assert_int_equal(buf[11], 0xFF);
    pcdsim_ihex_free(&h);
    /* 02: segment 0x1000 -> base 0x10000 */
    assert_int_equal(parse_text(":020000021000EC\n:0100100042AD\n:00000001FF\n", &h, &d), 0);
    assert_int_equal(h.segments[0].address, 0x10010u);
    pcdsim_ihex_free(&h);
}

static void ihex_bad_text(void **state)
{
    (void)state;
    struct pcdsim_ihex h;
    struct pcdsim_diag d;
    /* wrong checksum: line 2, column of the checksum, expected value named */
    assert_int_equal(parse_text(":020000040100F9\n:0400000001020304F3\n:00000001FF\n", &h, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 18);
    assert_non_null(strstr(d.message, "checksum is 0xF3, the record's bytes need 0xF2"));
    assert_null(h.segments);
    /* no end-of-file record */
    assert_int_equal(parse_text(":0400000001020304F2\n", &h, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "no end-of-file record"));
    /* data after the end */
    assert_int_equal(parse_text(":00000001FF\n:0400000001020304F2\n", &h, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 2);
    /* not a record, bad digit, unknown type, wrong length for 04 */
    assert_int_equal(parse_text("hello\n", &h, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(parse_text(":04000000010203G4F2\n:00000001FF\n", &h, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.column, 16);
    assert_int_equal(parse_text(":00000006FA\n:00000001FF\n", &h, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "unknown Intel HEX record type 06"));
    assert_int_equal(parse_text(":0100000401FA\n:00000001FF\n", &h, &d), PCDSIM_E_SCHEMA);
    /* the count disagrees with the digits */
    assert_int_equal(parse_text(":0500000001020304F1\n:00000001FF\n", &h, &d), PCDSIM_E_SCHEMA);
}

static void ihex_overlap(void **state)
{
    (void)state;
    struct pcdsim_ihex h;
    struct pcdsim_diag d;
    /* line 3 rewrites byte 2 of line 2's record */
    int rc = parse_text(":020000040100F9\n:0400000001020304F2\n:02000200AABB97\n:00000001FF\n", &h, &d);
    assert_int_equal(rc, PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.message, "0x01000002..0x01000004 overlaps the record of line 2 (0x01000000..0x01000004)"));
    assert_null(h.segments);
}

static void ihex_fixture_files(void **state)
{
    (void)state;
    struct pcdsim_ihex h;
    struct pcdsim_diag d;
    /* objcopy's .hex of a signed image flattens to the .bin byte for byte */
    assert_int_equal(pcdsim_ihex_load(FX "/sysbuild/signed_by_mcuboot_and_b0_ipc_radio.hex", &h, &d), 0);
    uint32_t base;
    uint8_t *data;
    size_t len, blen;
    assert_int_equal(pcdsim_ihex_flatten(&h, &base, &data, &len, "x", &d), 0);
    uint8_t *bin = slurp(SHARED "/signed/net-v2-150k_ecdsa-p256.bin", &blen);
    assert_int_equal(base, 0x01008600u);
    assert_int_equal(len, blen);
    assert_memory_equal(data, bin, len);
    free(bin);
    free(data);
    pcdsim_ihex_free(&h);
    /* the generated bad files: file and line in the diagnostic */
    assert_int_equal(pcdsim_ihex_load(FX "/bad/bad-checksum.hex", &h, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.file, "bad-checksum.hex"));
    assert_int_equal(d.line, 4);
    assert_int_equal(pcdsim_ihex_load(FX "/bad/overlap.hex", &h, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 6);
    assert_non_null(strstr(d.message, "0x01008620..0x01008630 overlaps the record of line 4 (0x01008620..0x01008630)"));
    assert_int_equal(pcdsim_ihex_load(FX "/does-not-exist.hex", &h, &d), PCDSIM_E_FILE);
}

/* ---- dfu_application.zip ---- */

static void zip_good(void **state)
{
    (void)state;
    struct pcdsim_dfu_zip z;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_dfu_zip_load(FX "/sysbuild/dfu_application.zip", &z, &d), 0);
    assert_int_equal(z.count, 2);
    assert_string_equal(z.entries[0].file, "app.signed.bin");
    assert_int_equal(z.entries[0].image_index, 0);
    assert_int_equal(z.entries[0].slot_primary, 1);
    assert_int_equal(z.entries[0].slot_secondary, 2);
    assert_string_equal(z.entries[0].version_key, "version_MCUBOOT");
    assert_string_equal(z.entries[1].file, "ipc_radio.bin");
    assert_int_equal(z.entries[1].image_index, 1);
    assert_int_equal(z.entries[1].slot_primary, 3);
    assert_int_equal(z.entries[1].load_address, 0x01008800u);
    assert_string_equal(z.entries[1].version_key, "version");
    assert_string_equal(z.entries[1].version, "2");
    assert_int_equal(z.entries[1].len, 154459);
    pcdsim_dfu_zip_free(&z);
}

static void zip_bad(void **state)
{
    (void)state;
    struct pcdsim_dfu_zip z;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_dfu_zip_load(FX "/bad/no-manifest.zip", &z, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "no manifest.json"));
    pcdsim_dfu_zip_free(&z);
    assert_int_equal(pcdsim_dfu_zip_load(FX "/bad/missing-file.zip", &z, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "names 'ipc_radio.bin', which is not in the zip"));
    assert_non_null(strstr(d.file, "missing-file.zip:manifest.json"));
    assert_true(d.line > 1);
    pcdsim_dfu_zip_free(&z);
    assert_int_equal(pcdsim_dfu_zip_load(FX "/bad/integer-index.zip", &z, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "'image_index' is the number 1; NCS writes it as a string"));
    assert_true(d.line > 1);
    pcdsim_dfu_zip_free(&z);
    assert_int_equal(pcdsim_dfu_zip_load(SHARED "/MANIFEST.md", &z, &d), PCDSIM_E_FILE);
    pcdsim_dfu_zip_free(&z);
}

static void manifest_as_ncs_writes_it(void **state)
{
    (void)state;
    /* release-packages.md §2, verbatim */
    const char *t =
        "{\"format-version\": 0, \"time\": 1786862021, \"name\": \"nrf5340_audio\", \"files\": [\n"
        " {\"type\": \"application\", \"board\": \"nrf5340dk/nrf5340/cpuapp\", \"soc\": \"nrf5340\", \"load_address\": 66048,\n"
        "  \"image_index\": \"0\", \"slot_index_primary\": \"1\", \"slot_index_secondary\": \"2\",\n"
        "  \"version_MCUBOOT\": \"0.0.4+0\", \"size\": 249148, \"file\": \"app.signed.bin\", \"modtime\": 1786861789},\n"
        " {\"type\": \"application\", \"board\": \"nrf5340dk/nrf5340/cpunet\", \"soc\": \"nrf5340\", \"load_address\": 16812032,\n"
        "  \"image_index\": \"1\", \"slot_index_primary\": \"3\", \"slot_index_secondary\": \"4\",\n"
        "  \"version\": \"1\", \"size\": 175092, \"file\": \"ipc_radio.bin\", \"modtime\": 1786861789}]}\n";
    struct pcdsim_dfu_zip z;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_dfu_manifest_parse("m.json", t, strlen(t), &z, &d), 0);
    assert_int_equal(z.count, 2);
    assert_int_equal(z.entries[0].load_address, 66048);
    assert_string_equal(z.entries[0].version, "0.0.4+0");
    assert_int_equal(z.entries[1].line, 7);
    /* an integer slot index and a non-digit string are refused at their line */
    const char *bad = "{\"files\": [\n{\"file\": \"a.bin\", \"size\": 1,\n \"slot_index_primary\": 3}]}";
    assert_int_equal(pcdsim_dfu_manifest_parse("m.json", bad, strlen(bad), &z, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 2);
    const char *bad2 = "{\"files\": [{\"file\": \"a.bin\", \"size\": 1, \"image_index\": \"one\"}]}";
    assert_int_equal(pcdsim_dfu_manifest_parse("m.json", bad2, strlen(bad2), &z, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(pcdsim_dfu_manifest_parse("m.json", "{\"files\": []}", 13, &z, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(pcdsim_dfu_manifest_parse("m.json", "{\"files\": [", 11, &z, &d), PCDSIM_E_SCHEMA);
}

/* ---- dfu_multi_image.bin ---- */

static void multi_image(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = slurp(FX "/sysbuild/dfu_multi_image.bin", &len);
    struct pcdsim_dfu_multi m;
    struct pcdsim_diag d;
    assert_true(pcdsim_dfu_multi_probe(b, len));
    assert_int_equal(pcdsim_dfu_multi_parse("m.bin", b, len, &m, &d), 0);
    assert_int_equal(m.count, 2);
    assert_int_equal(m.images[0].id, 0);
    assert_int_equal(m.images[0].size, 205483);
    assert_int_equal(m.images[1].id, 1);
    assert_int_equal(m.images[1].size, 154459);
    assert_int_equal(m.images[1].data[0], 0x3d); /* MCUboot magic, little-endian */
    /* one byte short: the net image runs past the end */
    assert_int_equal(pcdsim_dfu_multi_parse("m.bin", b, len - 1, &m, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "runs past the end"));
    /* not CBOR at all */
    assert_false(pcdsim_dfu_multi_probe(b + 100, 1000));
    assert_int_equal(pcdsim_dfu_multi_parse("m.bin", b + 100, 1000, &m, &d), PCDSIM_E_SCHEMA);
    free(b);
}

/* ---- merged_CPUNET.hex ---- */

static void netcore_split(void **state)
{
    (void)state;
    struct pcdsim_ihex h;
    struct pcdsim_netcore_hex n;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_ihex_load(FX "/sysbuild/merged_CPUNET.hex", &h, &d), 0);
    assert_int_equal(pcdsim_netcore_hex_split("m", &h, 0x01000000u, 0x8800u, 0x01008800u, 0x37800u, &n, &d), 0);
    assert_int_equal(n.b0n_size, 0x600);
    assert_int_equal(n.provision.address, 0x01008580u);
    assert_int_equal(n.provision.s0_address, 0x01008800u);
    assert_int_equal(n.provision.num_keys, 1);
    assert_true(n.provision.keys[0].valid);
    assert_true(n.provision.has_counter);
    assert_int_equal(n.provision.counter, 1);
    assert_int_equal(n.app_len, 32776); /* raw/net-v1-32k-ncs.bin */
    pcdsim_netcore_hex_free(&n);
    /* the net app partition elsewhere: data outside the net flash it describes */
    assert_int_equal(pcdsim_netcore_hex_split("m", &h, 0x01000000u, 0x8800u, 0x01008800u, 0x1000u, &n, &d),
                     PCDSIM_E_SCHEMA);
    pcdsim_netcore_hex_free(&n);
    pcdsim_ihex_free(&h);
    /* an erased provision area */
    uint8_t raw[PCDSIM_PROVISION_SIZE];
    struct pcdsim_provision p;
    memset(raw, 0xFF, sizeof(raw));
    assert_int_equal(pcdsim_provision_decode("m", raw, 0x01008580u, &p, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "erased"));
}

/* ---- devicetree ---- */

static void dts_partitions(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    uint32_t ram;
    assert_int_equal(pcdsim_dts_layout_load(FX "/dts/mcuboot/zephyr/zephyr.dts", &l, &ram, &d), 0);
    assert_int_equal(ram, 0x38000u); /* 224 KiB, flash_sim.overlay */
    struct pcdsim_update_layout ul;
    assert_int_equal(pcdsim_update_layout_get(&l, &ul, &d), 0);
    assert_int_equal(ul.primary.address, 0xC000u);
    assert_int_equal(ul.primary.size, 0x74000u);
    assert_int_equal(ul.secondary.medium, PCDSIM_SLOT_QSPI);
    assert_string_equal(ul.secondary.device, "mx25r6435f@0");
    assert_int_equal(ul.primary_1.medium, PCDSIM_SLOT_RAM_FLASH);
    assert_int_equal(ul.primary_1.size, 0x38000u);
    assert_int_equal(ul.secondary_1.address, 0x74000u);
    assert_true(ul.pcd_sram_from_file);
    assert_int_equal(ul.pcd_sram_address, 0x20000000u);
    assert_int_equal(pcdsim_layout_check_devices(&l, NULL, &d), 0);
    pcdsim_layout_free(&l);
    assert_int_equal(pcdsim_dts_layout_load(FX "/bad/no-partitions.dts", &l, &ram, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.file, "no-partitions.dts"));
    assert_non_null(strstr(d.message, "no partition labelled 'slot0_partition' (looked for slot0_partition, "
                                      "slot1_partition, slot2_partition, slot3_partition)"));
    assert_null(l.partitions);
    /* a file dtc refuses */
    assert_int_equal(pcdsim_dts_layout_load(SHARED "/MANIFEST.md", &l, &ram, &d), PCDSIM_E_SCHEMA);
    assert_true(pcdsim_is_dts_path("a/zephyr.dts"));
    assert_false(pcdsim_is_dts_path("partitions.yml"));
}

/* ---- build directories ---- */

static void build_dirs(void **state)
{
    (void)state;
    struct pcdsim_build_dir b;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_build_dir_find(FX "/sysbuild", &b, &d), 0);
    assert_int_equal(b.gen, PCDSIM_BUILD_SYSBUILD);
    assert_non_null(strstr(b.net_update, "/signed_by_mcuboot_and_b0_ipc_radio.bin"));
    assert_non_null(strstr(b.net_b0, "/signed_by_b0_ipc_radio.bin"));
    assert_non_null(strstr(b.app_update, "/app/zephyr/zephyr.signed.bin"));
    assert_non_null(strstr(b.merged_cpunet, "/sysbuild/merged_CPUNET.hex"));
    assert_non_null(strstr(b.pm_net, "/partitions_CPUNET.yml"));
    assert_int_equal(pcdsim_build_dir_find(FX "/childimage", &b, &d), 0);
    assert_int_equal(b.gen, PCDSIM_BUILD_CHILD_IMAGE);
    assert_non_null(strstr(b.net_update, "/zephyr/net_core_app_update.bin"));
    assert_non_null(strstr(b.merged_cpunet, "/hci_rpmsg/zephyr/merged_CPUNET.hex"));
    assert_non_null(strstr(b.pm_net, "/hci_rpmsg/partitions_CPUNET.yml"));
    assert_int_equal(pcdsim_build_dir_find(FX "/dts", &b, &d), 0);
    assert_int_equal(b.pm_app[0], 0);
    assert_non_null(strstr(b.dts_app, "/mcuboot/zephyr/zephyr.dts"));
    assert_non_null(strstr(b.dts_net, "/dts/ipc_radio/zephyr/zephyr.dts"));
    /* not a build directory, and a missing one */
    assert_int_equal(pcdsim_build_dir_find(FX "/bad", &b, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "signed_by_mcuboot_and_b0_*.bin"));
    assert_non_null(strstr(d.message, "zephyr/net_core_app_update.bin"));
    assert_int_equal(pcdsim_build_dir_find(FX "/nonexistent", &b, &d), PCDSIM_E_FILE);
    /* a sysbuild folder with the current net image missing lists what it looked for */
    assert_int_equal(pcdsim_build_dir_find(FX "/bad/other-key", &b, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "no network-core update in the build directory (looked for "
                                      "signed_by_mcuboot_and_b0_*.bin"));
}

static void build_dir_ambiguous(void **state)
{
    (void)state;
    char dir[] = "/tmp/pcdsim-bd-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[256];
    const char *files[] = {"signed_by_mcuboot_and_b0_ipc_radio.bin", "signed_by_mcuboot_and_b0_hci_rpmsg.bin",
                           "merged_CPUNET.hex", "partitions.yml"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
    }
    struct pcdsim_build_dir b;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_build_dir_find(dir, &b, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "ambiguous net update"));
    /* child-image files beside sysbuild ones */
    snprintf(p, sizeof(p), "%s/zephyr", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof(p), "%s/zephyr/app_update.bin", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(pcdsim_build_dir_find(dir, &b, &d), PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "ambiguous build directory"));
    remove(p);
    snprintf(p, sizeof(p), "%s/zephyr", dir);
    remove(p);
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
        remove(p);
    }
    remove(dir);
}

/* ---- PKG checks ---- */

static struct pcdsim_update_layout pm_layout(struct pcdsim_layout *l)
{
    struct pcdsim_update_layout ul;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load_board(SHARED "/pm/handmade-nrf5340dk-extflash-mx25r64.yml",
                                              SHARED "/pm/borus-cpunet-generated-partitions.yml", NULL, l, &ul, &d), 0);
    return ul;
}

static void pkg_route(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_update_layout ul = pm_layout(&l);
    struct pcdsim_dfu_zip z;
    struct pcdsim_diag d;
    struct pcdsim_pkg_verdict v;
    struct pcdsim_pkg_image im[2];
    const char *zips[] = {FX "/sysbuild/dfu_application.zip", FX "/bad/swapped-indices.zip"};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pcdsim_dfu_zip_load(zips[k], &z, &d), 0);
        for (size_t i = 0; i < 2; i++) {
            const struct pcdsim_dfu_entry *e = &z.entries[i];
            im[i] = (struct pcdsim_pkg_image){e->file, e->image_index, e->slot_primary, e->slot_secondary,
                                              e->has_load_address, e->load_address, e->data, e->len};
        }
        pcdsim_pkg_route(im, 2, &ul, &v);
        assert_string_equal(v.id, "PKG-ROUTE");
        if (k == 0) {
            assert_true(v.pass);
            /* a wrong load address */
            im[1].load_address = 0x01008000u;
            pcdsim_pkg_route(&im[1], 1, &ul, &v);
            assert_false(v.pass);
            assert_non_null(strstr(v.detail, "load_address 0x01008000"));
        } else {
            assert_false(v.pass);
            assert_non_null(strstr(v.detail, "ipc_radio.bin: a net-core image (reset vector 0x0100B211) offered as "
                                             "image 0, must be image 1"));
        }
        pcdsim_dfu_zip_free(&z);
    }
    pcdsim_layout_free(&l);
}

static void pkg_key(void **state)
{
    (void)state;
    const char *hexes[] = {FX "/sysbuild/merged_CPUNET.hex", FX "/bad/other-key/merged_CPUNET.hex"};
    size_t len;
    uint8_t *net = slurp(SHARED "/signed/net-v2-150k_ecdsa-p256.bin", &len);
    for (int k = 0; k < 2; k++) {
        struct pcdsim_ihex h;
        struct pcdsim_netcore_hex n;
        struct pcdsim_diag d;
        struct pcdsim_pkg_verdict v;
        assert_int_equal(pcdsim_ihex_load(hexes[k], &h, &d), 0);
        assert_int_equal(pcdsim_netcore_hex_split("m", &h, 0x01000000u, 0x8800u, 0x01008800u, 0x37800u, &n, &d), 0);
        pcdsim_pkg_key(net, len, &n.provision, &v);
        assert_string_equal(v.id, "PKG-KEY");
        assert_true(v.pass == (k == 0));
        assert_non_null(strstr(v.detail, "B0 signature verifies"));
        if (k == 1) {
            assert_non_null(strstr(v.detail, "is not among the 1 key hash(es) provisioned at 0x01008580"));
        }
        /* the bare B0-signed image gives the same; a flipped signature byte fails */
        pcdsim_pkg_key(net + 0x200, 0x258C4, &n.provision, &v);
        assert_true(v.pass == (k == 0));
        net[0x200 + 0x25814 + 112] ^= 1;
        pcdsim_pkg_key(net, len, &n.provision, &v);
        assert_false(v.pass);
        assert_non_null(strstr(v.detail, "signature does not verify"));
        net[0x200 + 0x25814 + 112] ^= 1;
        pcdsim_netcore_hex_free(&n);
        pcdsim_ihex_free(&h);
    }
    free(net);
}

static void pkg_version(void **state)
{
    (void)state;
    size_t al1, nl1, al2, nl2;
    uint8_t *a1 = slurp(SHARED "/signed/app-v1-64k_ecdsa-p256.bin", &al1);
    uint8_t *n1 = slurp(SHARED "/signed/net-v1-32k_ecdsa-p256.bin", &nl1);
    uint8_t *a2 = slurp(SHARED "/signed/app-v2-200k_ecdsa-p256.bin", &al2);
    uint8_t *n2 = slurp(SHARED "/signed/net-v2-150k_ecdsa-p256.bin", &nl2);
    struct pcdsim_release_versions v1, v2;
    pcdsim_pkg_versions(a1, al1, n1, nl1, &v1);
    pcdsim_pkg_versions(a2, al2, n2, nl2, &v2);
    assert_true(v1.has_app && v1.has_net && v2.has_app && v2.has_net);
    assert_int_equal(v2.app_major, 2);
    assert_int_equal(v1.net_fw_version, 1);
    assert_int_equal(v2.net_fw_version, 2);
    struct pcdsim_pkg_verdict v;
    struct pcdsim_provision prov = {.has_counter = true, .counter = 1};
    pcdsim_pkg_version(&v2, &v1, &prov, &v);
    assert_true(v.pass);
    pcdsim_pkg_version(&v1, &v2, NULL, &v);
    assert_false(v.pass);
    assert_non_null(strstr(v.detail, "app 1.0.0+0 is a DOWNGRADE from previous 2.0.0+0"));
    assert_non_null(strstr(v.detail, "net fw_info.version 1 is a DOWNGRADE from previous 2"));
    prov.counter = 3;
    pcdsim_pkg_version(&v2, &v2, &prov, &v);
    assert_false(v.pass);
    assert_non_null(strstr(v.detail, "net fw_info.version 2 is below the provisioned monotonic counter 3"));
    free(a1);
    free(n1);
    free(a2);
    free(n2);
}

static void pkg_layout(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_update_layout prev = pm_layout(&l), cur = prev;
    struct pcdsim_pkg_verdict v;
    pcdsim_pkg_layout(&cur, &prev, 154459, &v);
    assert_true(v.pass);
    cur.secondary_1.address += 0x1000;
    cur.primary.size -= 0x1000;
    cur.pcd_sram_address = 0x2007E000u;
    cur.net_b0n_container_size = 0x2800;
    pcdsim_pkg_layout(&cur, &prev, 154459, &v);
    assert_false(v.pass);
    assert_non_null(strstr(v.detail, "mcuboot_secondary_1 moved: qspi 0x00074000 -> qspi 0x00075000"));
    assert_non_null(strstr(v.detail, "mcuboot_primary shrunk: 0x74000 -> 0x73000 bytes"));
    assert_non_null(strstr(v.detail, "pcd_sram moved"));
    assert_non_null(strstr(v.detail, "B0N area changed"));
    /* a net image larger than the previous RAM window */
    cur = prev;
    prev.primary_1.size = 0x20000;
    pcdsim_pkg_layout(&cur, &prev, 154459, &v);
    assert_false(v.pass);
    assert_non_null(strstr(v.detail, "larger than the previous release's RAM flash window"));
    pcdsim_layout_free(&l);
}

/* ---- inputs in any form ---- */

static void inputs_layout_package_current(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_update_layout ul;
    struct pcdsim_diag d;
    /* a zephyr.dts with a CPUNET file */
    assert_int_equal(pcdsim_release_load_layout(FX "/dts/mcuboot/zephyr/zephyr.dts", SHARED "/pm/borus-cpunet-generated-partitions.yml",
                                                &l, &ul, &d), 0);
    assert_true(ul.net_from_file);
    assert_int_equal(ul.primary_1.size, 0x38000u);
    pcdsim_layout_free(&l);
    assert_int_equal(pcdsim_release_load_layout(FX "/bad/no-partitions.dts", NULL, &l, &ul, &d), PCDSIM_E_SCHEMA);
    /* both sides from devicetree: the net core's b0n/provision/s0 partitions */
    assert_int_equal(pcdsim_release_load_layout(FX "/dts/mcuboot/zephyr/zephyr.dts", FX "/dts/ipc_radio/zephyr/zephyr.dts",
                                                &l, &ul, &d), 0);
    assert_true(ul.net_from_file);
    assert_int_equal(ul.net_b0n_container_address, 0x01000000u);
    assert_int_equal(ul.net_b0n_container_size, 0x8800u);
    assert_int_equal(ul.net_app_address, 0x01008800u);
    assert_int_equal(ul.net_app_size, 0x37800u);
    pcdsim_layout_free(&l);
    /* a PM app file with a net DTS; a net DTS without the labels */
    assert_int_equal(pcdsim_release_load_layout(FX "/sysbuild/partitions.yml", FX "/dts/ipc_radio/zephyr/zephyr.dts", &l,
                                                &ul, &d), 0);
    assert_true(ul.net_from_file);
    pcdsim_layout_free(&l);
    assert_int_equal(pcdsim_release_load_layout(FX "/sysbuild/partitions.yml", FX "/bad/no-partitions.dts", &l, &ul, &d),
                     PCDSIM_E_SCHEMA);
    assert_non_null(strstr(d.message, "looked for b0n_partition, provision_partition, s0_partition, slot0_partition"));
    assert_int_equal(pcdsim_release_load_layout(FX "/sysbuild/partitions.yml", NULL, &l, &ul, &d), 0);
    /* the zip and the multi-image package give the same images, found by content */
    struct pcdsim_package p;
    const char *pk[] = {FX "/sysbuild/dfu_application.zip", FX "/sysbuild/dfu_multi_image.bin"};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pcdsim_package_load(pk[k], &p, &d), 0);
        assert_true(p.is_zip == (k == 0));
        assert_int_equal(p.count, 2);
        const struct pcdsim_pkg_image *net = pcdsim_package_find(&p, PCDSIM_CORE_NET, &ul);
        const struct pcdsim_pkg_image *app = pcdsim_package_find(&p, PCDSIM_CORE_APP, &ul);
        assert_non_null(net);
        assert_non_null(app);
        assert_int_equal(net->len, 154459);
        assert_int_equal(net->image_index, 1);
        assert_int_equal(app->len, 205483);
        struct pcdsim_pkg_verdict v;
        pcdsim_pkg_route(p.images, p.count, &ul, &v);
        assert_true(v.pass);
        pcdsim_package_free(&p);
    }
    assert_int_equal(pcdsim_package_load(FX "/bad/missing-file.zip", &p, &d), PCDSIM_E_SCHEMA);
    pcdsim_package_free(&p);
    /* the running net image: merged_CPUNET.hex split, a .hex flattened, a .bin as is */
    struct pcdsim_net_current c;
    assert_int_equal(pcdsim_net_current_load(FX "/sysbuild/merged_CPUNET.hex", &ul, &c, &d), 0);
    assert_true(c.has_provision);
    assert_int_equal(c.img.len, 32776);
    assert_int_equal(c.img.base, 0x01008800u);
    pcdsim_net_current_free(&c);
    assert_int_equal(pcdsim_net_current_load(FX "/sysbuild/signed_by_b0_ipc_radio.hex", &ul, &c, &d), 0);
    assert_false(c.has_provision);
    assert_true(c.img.hex);
    assert_int_equal(c.img.len, 153796);
    pcdsim_net_current_free(&c);
    assert_int_equal(pcdsim_net_current_load(FX "/sysbuild/signed_by_b0_ipc_radio.bin", &ul, &c, &d), 0);
    assert_false(c.img.hex);
    pcdsim_net_current_free(&c);
    assert_int_equal(pcdsim_net_current_load(FX "/bad/overlap.hex", &ul, &c, &d), PCDSIM_E_SCHEMA);
    pcdsim_net_current_free(&c);
    pcdsim_layout_free(&l);
}

static void previous_release(void **state)
{
    (void)state;
    struct pcdsim_previous p;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_previous_load(FX "/sysbuild-v1", &p, &d), 0);
    assert_true(p.is_dir && p.has_layout);
    assert_true(p.ver.has_app && p.ver.has_net);
    assert_int_equal(p.ver.app_major, 1);
    assert_int_equal(p.ver.net_fw_version, 1);
    assert_true(p.ul.secondary_1.present);
    pcdsim_previous_free(&p);
    assert_int_equal(pcdsim_previous_load(FX "/sysbuild-v1/dfu_application.zip", &p, &d), 0);
    assert_false(p.has_layout);
    assert_int_equal(p.ver.app_major, 1);
    assert_int_equal(p.ver.net_fw_version, 1);
    pcdsim_previous_free(&p);
    assert_int_equal(pcdsim_previous_load(FX "/sysbuild/dfu_multi_image.bin", &p, &d), 0);
    assert_int_equal(p.ver.app_major, 2);
    assert_int_equal(p.ver.net_fw_version, 2);
    pcdsim_previous_free(&p);
    assert_int_equal(pcdsim_previous_load(FX "/dts", &p, &d), 0); /* layout from its zephyr.dts */
    assert_int_equal(p.ul.primary_1.size, 0x38000u);
    pcdsim_previous_free(&p);
    assert_int_equal(pcdsim_previous_load(FX "/bad", &p, &d), PCDSIM_E_SCHEMA);
    pcdsim_previous_free(&p);
}

/* The gate's inputs: a build directory alone, options winning over it, the checks it allows. */
static void gate_release(void **state)
{
    (void)state;
    struct pcdsim_gate_release r;
    struct pcdsim_diag d;
    struct pcdsim_layout l;
    struct pcdsim_update_layout ul;
    struct pcdsim_pkg_verdict v[PCDSIM_PKG_COUNT];
    FILE *devnull = fopen("/dev/null", "w");
    assert_non_null(devnull);
    struct pcdsim_gate_sources s = {.build_dir = FX "/sysbuild", .previous = FX "/sysbuild-v1"};
    assert_int_equal(pcdsim_gate_release_resolve(&r, &s, devnull, &d), 0);
    assert_non_null(strstr(r.layout, "sysbuild/partitions.yml"));
    assert_non_null(strstr(r.net_layout, "sysbuild/partitions_CPUNET.yml"));
    assert_non_null(strstr(r.package, "sysbuild/dfu_application.zip"));
    assert_int_equal(pcdsim_release_load_layout(r.layout, r.net_layout, &l, &ul, &d), 0);
    assert_int_equal(pcdsim_gate_release_read(&r, &ul, &d), 0);
    assert_int_equal(r.net_img.len, 154459);
    assert_int_equal(r.app_img.len, 205483);
    assert_true(r.cur.has_provision);
    assert_int_equal(r.app_cur.len, 65792); /* merged.hex: the signed app v1 at mcuboot_primary */
    assert_int_equal(r.app_cur.base, 0xC000u);
    size_t n = pcdsim_gate_release_checks(&r, &ul, v);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i].pass);
    }
    assert_string_equal(v[0].id, "PKG-INPUT");
    assert_non_null(strstr(v[0].detail, "carries the network-core image"));
    assert_string_equal(v[4].id, "PKG-LAYOUT");
    pcdsim_gate_release_free(&r);
    /* v1 against v2 as the previous: both downgrades; the swapped zip as the update */
    s = (struct pcdsim_gate_sources){.build_dir = FX "/sysbuild-v1", .previous = FX "/sysbuild",
                                     .dfu_zip = FX "/bad/swapped-indices.zip"};
    assert_int_equal(pcdsim_gate_release_resolve(&r, &s, devnull, &d), 0);
    assert_int_equal(pcdsim_gate_release_read(&r, &ul, &d), 0);
    n = pcdsim_gate_release_checks(&r, &ul, v);
    assert_string_equal(v[1].id, "PKG-ROUTE");
    assert_false(v[1].pass);
    assert_false(v[0].pass); /* the zip does not carry sysbuild-v1's update */
    assert_string_equal(v[3].id, "PKG-VERSION");
    assert_false(v[3].pass);
    pcdsim_gate_release_free(&r);
    /* no build directory: what is missing is named */
    s = (struct pcdsim_gate_sources){.layout = "x.yml", .net_current = "c.bin"};
    assert_int_equal(pcdsim_gate_release_resolve(&r, &s, devnull, &d), PCDSIM_E_USAGE);
    assert_string_equal(d.message, "--net-update or --dfu-zip (or --build-dir) is required");
    pcdsim_gate_release_free(&r);
    /* --net-update naming a dfu_multi_image.bin: the update is in it */
    s = (struct pcdsim_gate_sources){.layout = FX "/sysbuild/partitions.yml", .net_current = FX "/sysbuild/merged_CPUNET.hex",
                                     .net_update = FX "/sysbuild/dfu_multi_image.bin"};
    assert_int_equal(pcdsim_gate_release_resolve(&r, &s, devnull, &d), 0);
    assert_null(r.net_update);
    assert_int_equal(pcdsim_gate_release_read(&r, &ul, &d), 0);
    assert_int_equal(r.net_img.len, 154459);
    n = pcdsim_gate_release_checks(&r, &ul, v);
    assert_int_equal(n, 4); /* INPUT, ROUTE, KEY, VERSION (the counter) */
    pcdsim_gate_release_free(&r);
    /* an unreadable file names its option */
    s = (struct pcdsim_gate_sources){.layout = FX "/sysbuild/partitions.yml", .net_current = FX "/sysbuild/merged_CPUNET.hex",
                                     .net_update = FX "/no-such.bin"};
    assert_int_equal(pcdsim_gate_release_resolve(&r, &s, devnull, &d), 0);
    assert_int_equal(pcdsim_gate_release_read(&r, &ul, &d), PCDSIM_E_FILE);
    assert_string_equal(d.message, "cannot read the --net-update file (No such file or directory)");
    pcdsim_gate_release_free(&r);
    pcdsim_layout_free(&l);
    fclose(devnull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ihex_records),       cmocka_unit_test(ihex_bad_text),
        cmocka_unit_test(ihex_overlap),       cmocka_unit_test(ihex_fixture_files),
        cmocka_unit_test(zip_good),           cmocka_unit_test(zip_bad),
        cmocka_unit_test(manifest_as_ncs_writes_it), cmocka_unit_test(multi_image),
        cmocka_unit_test(netcore_split),      cmocka_unit_test(dts_partitions),
        cmocka_unit_test(build_dirs),         cmocka_unit_test(build_dir_ambiguous),
        cmocka_unit_test(pkg_route),          cmocka_unit_test(pkg_key),
        cmocka_unit_test(pkg_version),        cmocka_unit_test(pkg_layout),
        cmocka_unit_test(inputs_layout_package_current), cmocka_unit_test(previous_release),
        cmocka_unit_test(gate_release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
