/* Unit tests of pcdsim_layout: the real fixtures in shared/fixtures/pm/, the BAD one, crafted bad
 * and good inputs (temporary files from mkstemp), the update view and diagnostic printing. */
#define _POSIX_C_SOURCE 200809L

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
#include "pcdsim/layout.h"

#define PM_DIR PCDSIM_SHARED_DIR "/fixtures/pm/"

/* ---------------------------------------------------------------------------------------------- */
/* helpers */

/* Write @p text (len bytes) to a fresh temporary file; its name goes to @p path (>= 32 bytes). */
static void write_temp(const char *text, size_t len, char *path)
{
    strcpy(path, "/tmp/pcdsim-layout-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        assert_true(w > 0);
        done += (size_t)w;
    }
    assert_int_equal(close(fd), 0);
}

static bool contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

static void assert_zeroed(const struct pcdsim_layout *l)
{
    assert_null(l->partitions);
    assert_null(l->path);
    assert_int_equal(l->count, 0);
}

static const struct pcdsim_partition *must_find(const struct pcdsim_layout *l, const char *name)
{
    const struct pcdsim_partition *p = pcdsim_layout_find(l, name);
    if (p == NULL) {
        fail_msg("partition '%s' not found in %s", name, l->path);
    }
    return p;
}

static void check_part(const struct pcdsim_layout *l, const char *name, uint32_t addr, uint32_t size,
                       enum pcdsim_region region, const char *device, unsigned line)
{
    const struct pcdsim_partition *p = must_find(l, name);
    if (p->address != addr || p->size != size || p->end_address != addr + size || p->region != region ||
        p->pos.line != line || p->pos.column != 1) {
        fail_msg("%s: got 0x%x size 0x%x end 0x%x region %s line %u:%u; want 0x%x size 0x%x region %s line %u:1",
                 name, p->address, p->size, p->end_address, pcdsim_region_str(p->region), p->pos.line,
                 p->pos.column, addr, size, pcdsim_region_str(region), line);
    }
    if (device == NULL) {
        assert_false(p->has_device);
        assert_string_equal(p->device, "");
    } else {
        assert_true(p->has_device);
        assert_string_equal(p->device, device);
    }
}

static void check_span(const struct pcdsim_layout *l, const char *name, size_t n, const char *s0, const char *s1)
{
    const struct pcdsim_partition *p = must_find(l, name);
    assert_int_equal(p->span_count, n);
    if (n > 0) {
        assert_string_equal(p->span[0], s0);
    }
    if (n > 1) {
        assert_string_equal(p->span[1], s1);
    }
}

static int load_text(const char *text, struct pcdsim_layout *l, struct pcdsim_diag *d, char *path)
{
    write_temp(text, strlen(text), path);
    int err = pcdsim_layout_load(path, l, d);
    unlink(path);
    return err;
}

/* ---------------------------------------------------------------------------------------------- */
/* real fixtures */

static void test_layout_fixture__internal(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load(PM_DIR "handmade-nrf5340dk-internal.yml", &l, &d), 0);
    assert_int_equal(d.err, 0);
    assert_int_equal(l.count, 12);
    assert_string_equal(l.path, PM_DIR "handmade-nrf5340dk-internal.yml");
    assert_string_equal(l.partitions[0].name, "mcuboot"); // file order kept
    check_part(&l, "mcuboot", 0x0, 0xc000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 6);
    check_part(&l, "mcuboot_pad", 0xc000, 0x200, PCDSIM_REGION_FLASH_PRIMARY, NULL, 11);
    check_part(&l, "app", 0xc200, 0x73e00, PCDSIM_REGION_FLASH_PRIMARY, NULL, 16);
    check_part(&l, "mcuboot_primary", 0xc000, 0x74000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 27);
    check_part(&l, "mcuboot_secondary", 0x80000, 0x74000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 33);
    check_part(&l, "EMPTY_0", 0xf4000, 0x4000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 39);
    check_part(&l, "pcd_sram", 0x20000000, 0x2000, PCDSIM_REGION_SRAM_PRIMARY, NULL, 49);
    check_part(&l, "rpmsg_nrf53_sram", 0x20070000, 0x10000, PCDSIM_REGION_SRAM_PRIMARY, NULL, 59);
    check_part(&l, "otp", 0xff8100, 0x2fc, PCDSIM_REGION_OTP, NULL, 64);
    check_span(&l, "mcuboot_primary", 2, "mcuboot_pad", "app"); // flow sequence
    check_span(&l, "mcuboot_primary_app", 1, "app", NULL);
    check_span(&l, "app", 0, NULL, NULL);
    const struct pcdsim_partition *s = must_find(&l, "mcuboot_secondary");
    assert_true(s->has_end_address);
    assert_string_equal(s->region_name, "flash_primary");
    assert_int_equal(s->address_pos.line, 34); // "  address: 0x80000"
    assert_int_equal(s->address_pos.column, 12);
    assert_int_equal(s->size_pos.line, 37);
    assert_int_equal(s->size_pos.column, 9);
    assert_null(pcdsim_layout_find(&l, "mcuboot_secondary_1"));
    assert_null(pcdsim_layout_find(&l, "MCUBOOT")); // exact names

    struct pcdsim_update_layout u;
    assert_int_equal(pcdsim_update_layout_get(&l, &u, &d), 0);
    assert_true(u.primary.present);
    assert_int_equal(u.primary.medium, PCDSIM_SLOT_INTERNAL);
    assert_int_equal(u.primary.address, 0xc000);
    assert_int_equal(u.primary.size, 0x74000);
    assert_true(u.secondary.present);
    assert_int_equal(u.secondary.medium, PCDSIM_SLOT_INTERNAL);
    assert_int_equal(u.secondary.address, 0x80000);
    assert_int_equal(u.secondary.size, 0x74000);
    assert_false(u.primary_1.present);
    assert_false(u.secondary_1.present);
    assert_int_equal(u.app_address, 0xc200);
    assert_int_equal(u.pcd_sram_address, 0x20000000);
    assert_int_equal(u.pcd_sram_size, 0x2000);
    assert_true(u.pcd_sram_from_file);
    assert_false(u.net_from_file);
    assert_int_equal(u.net_b0n_container_address, 0x01000000);
    assert_int_equal(u.net_b0n_container_size, 0x8800);
    assert_int_equal(u.net_app_address, 0x01008800);
    assert_int_equal(u.net_app_size, 0x37800);
    pcdsim_layout_free(&l);
    assert_zeroed(&l);
    pcdsim_layout_free(&l); // twice is harmless
    pcdsim_layout_free(NULL);
}

static void test_layout_fixture__extflash_mx25r64(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load(PM_DIR "handmade-nrf5340dk-extflash-mx25r64.yml", &l, &d), 0);
    assert_int_equal(l.count, 16);
    check_part(&l, "app", 0xc200, 0x73e00, PCDSIM_REGION_FLASH_PRIMARY, NULL, 8);
    check_part(&l, "external_flash", 0xb4000, 0x74c000, PCDSIM_REGION_EXTERNAL_FLASH, "mx25r64", 13);
    check_part(&l, "littlefs_storage", 0x80000, 0x78000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 19);
    check_part(&l, "mcuboot_primary", 0xc000, 0x74000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 47);
    check_part(&l, "mcuboot_primary_1", 0x0, 0x40000, PCDSIM_REGION_RAM_FLASH, "flash_ctrl", 57);
    check_part(&l, "mcuboot_secondary", 0x0, 0x74000, PCDSIM_REGION_EXTERNAL_FLASH, "mx25r64", 71);
    check_part(&l, "mcuboot_secondary_1", 0x74000, 0x40000, PCDSIM_REGION_EXTERNAL_FLASH, "mx25r64", 82);
    check_part(&l, "ram_flash", 0x40000, 0x0, PCDSIM_REGION_RAM_FLASH, NULL, 101); // size-0 placeholder
    check_part(&l, "settings_storage", 0xf8000, 0x8000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 114);
    check_part(&l, "sram_primary", 0x20002000, 0x6e000, PCDSIM_REGION_SRAM_PRIMARY, NULL, 122);
    assert_int_equal(must_find(&l, "external_flash")->end_address, 0x800000);
    assert_int_equal(must_find(&l, "mcuboot_secondary_1")->end_address, 0xb4000);
    check_span(&l, "mcuboot_primary", 2, "mcuboot_pad", "app"); // span: *id001
    check_span(&l, "mcuboot_primary_app", 1, "app", NULL);   // span: *id002

    struct pcdsim_update_layout u;
    assert_int_equal(pcdsim_update_layout_get(&l, &u, &d), 0);
    assert_int_equal(u.primary.medium, PCDSIM_SLOT_INTERNAL);
    assert_int_equal(u.primary.address, 0xc000);
    assert_int_equal(u.secondary.medium, PCDSIM_SLOT_QSPI);
    assert_int_equal(u.secondary.address, 0x0);
    assert_int_equal(u.secondary.size, 0x74000);
    assert_string_equal(u.secondary.device, "mx25r64");
    assert_true(u.primary_1.present);
    assert_int_equal(u.primary_1.medium, PCDSIM_SLOT_RAM_FLASH);
    assert_int_equal(u.primary_1.size, 0x40000);
    assert_string_equal(u.primary_1.device, "flash_ctrl");
    assert_true(u.secondary_1.present);
    assert_int_equal(u.secondary_1.medium, PCDSIM_SLOT_QSPI);
    assert_int_equal(u.secondary_1.address, 0x74000);
    assert_int_equal(u.secondary_1.size, 0x40000);
    assert_int_equal(u.app_address, 0xc200);
    pcdsim_layout_free(&l);
}

static void test_layout_fixture__thingy53(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load(PM_DIR "borus-thingy53-extflash-littlefs.yml", &l, &d), 0);
    assert_int_equal(l.count, 12);
    check_part(&l, "littlefs_storage", 0x120000, 0x6e0000, PCDSIM_REGION_EXTERNAL_FLASH, NULL, 1); // no device
    check_part(&l, "app", 0x10200, 0xdfe00, PCDSIM_REGION_FLASH_PRIMARY, NULL, 12);
    check_part(&l, "mcuboot", 0x0, 0x10000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 16);
    check_part(&l, "mcuboot_primary", 0x10000, 0xe0000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 24);
    check_part(&l, "settings_storage", 0xf0000, 0x10000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 39);
    check_part(&l, "mcuboot_primary_1", 0x0, 0x40000, PCDSIM_REGION_RAM_FLASH, "flash_ctrl", 43);
    check_part(&l, "mcuboot_secondary", 0x0, 0xe0000, PCDSIM_REGION_EXTERNAL_FLASH, "MX25R64", 48); // 0x00000
    check_part(&l, "mcuboot_secondary_1", 0xe0000, 0x40000, PCDSIM_REGION_EXTERNAL_FLASH, "MX25R64", 53);
    check_part(&l, "external_flash", 0x120000, 0x6e0000, PCDSIM_REGION_EXTERNAL_FLASH, "MX25R64", 58);
    check_part(&l, "pcd_sram", 0x20000000, 0x2000, PCDSIM_REGION_SRAM_PRIMARY, NULL, 66);
    for (size_t i = 0; i < l.count; i++) {
        assert_false(l.partitions[i].has_end_address); // none in this file: computed
    }
    assert_int_equal(must_find(&l, "settings_storage")->end_address, 0x100000);
    check_span(&l, "external_flash", 1, "littlefs_storage", NULL); // span: *id003
    check_span(&l, "mcuboot_primary", 2, "mcuboot_pad", "app");
    check_span(&l, "littlefs_storage", 0, NULL, NULL);

    struct pcdsim_update_layout u;
    assert_int_equal(pcdsim_update_layout_get(&l, &u, &d), 0);
    assert_int_equal(u.primary.address, 0x10000);
    assert_int_equal(u.primary.size, 0xe0000);
    assert_int_equal(u.secondary.medium, PCDSIM_SLOT_QSPI);
    assert_string_equal(u.secondary.device, "MX25R64");
    assert_int_equal(u.secondary_1.address, 0xe0000);
    assert_int_equal(u.app_address, 0x10200);
    pcdsim_layout_free(&l);
}

static void test_layout_fixture__cpunet(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load(PM_DIR "borus-cpunet-generated-partitions.yml", &l, &d), 0);
    assert_int_equal(l.count, 6);
    check_part(&l, "app", 0x1008800, 0x37800, PCDSIM_REGION_FLASH_PRIMARY, NULL, 1);
    check_part(&l, "b0n", 0x1000000, 0x8580, PCDSIM_REGION_FLASH_PRIMARY, NULL, 9);
    check_part(&l, "b0n_container", 0x1000000, 0x8800, PCDSIM_REGION_FLASH_PRIMARY, NULL, 17);
    check_part(&l, "ipc_radio", 0x1008800, 0x37800, PCDSIM_REGION_FLASH_PRIMARY, NULL, 26);
    check_part(&l, "provision", 0x1008580, 0x280, PCDSIM_REGION_FLASH_PRIMARY, NULL, 31);
    check_part(&l, "sram_primary", 0x21000000, 0x10000, PCDSIM_REGION_SRAM_PRIMARY, NULL, 39);
    assert_int_equal(must_find(&l, "app")->end_address, 0x1040000);
    check_span(&l, "app", 1, "ipc_radio", NULL);
    check_span(&l, "b0n_container", 2, "b0n", "provision");

    // Not an app-core layout: the update view refuses it, naming what is missing.
    struct pcdsim_update_layout u;
    assert_int_equal(pcdsim_update_layout_get(&l, &u, &d), PCDSIM_E_LAYOUT);
    assert_true(contains(d.message, "mcuboot_primary"));
    assert_true(d.hint[0] != '\0');

    // ... but it overrides the net side of an app-core view.
    struct pcdsim_layout app;
    assert_int_equal(pcdsim_layout_load(PM_DIR "handmade-nrf5340dk-internal.yml", &app, &d), 0);
    assert_int_equal(pcdsim_update_layout_get(&app, &u, &d), 0);
    assert_int_equal(pcdsim_update_layout_set_net(&u, &l, &d), 0);
    assert_true(u.net_from_file);
    assert_int_equal(u.net_b0n_container_address, 0x1000000);
    assert_int_equal(u.net_b0n_container_size, 0x8800);
    assert_int_equal(u.net_app_address, 0x1008800);
    assert_int_equal(u.net_app_size, 0x37800);
    assert_int_equal(u.net_provision_address, 0x1008580); // the file's provision partition
    assert_int_equal(u.net_provision_size, 0x280);
    assert_int_equal(u.primary.address, 0xc000); // app side untouched

    // An app-core file is not a net-core file.
    struct pcdsim_update_layout before = u;
    assert_int_equal(pcdsim_update_layout_set_net(&u, &app, &d), PCDSIM_E_LAYOUT);
    assert_true(contains(d.message, "b0n_container"));
    assert_memory_equal(&u, &before, sizeof(u));

    // The file-based variant.
    assert_int_equal(pcdsim_update_layout_get(&app, &u, &d), 0);
    assert_false(u.net_from_file);
    assert_int_equal(pcdsim_update_layout_load_net(&u, PM_DIR "borus-cpunet-generated-partitions.yml", &d), 0);
    assert_true(u.net_from_file);
    assert_int_equal(u.net_app_address, 0x1008800);
    before = u;
    assert_int_equal(pcdsim_update_layout_load_net(&u, "/nonexistent/partitions_CPUNET.yml", &d), PCDSIM_E_FILE);
    assert_memory_equal(&u, &before, sizeof(u));
    pcdsim_layout_free(&app);
    pcdsim_layout_free(&l);
}

static void test_layout_fixture__bad_overlap(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load(PM_DIR "handmade-BAD-overlapping-slots.yml", &l, &d), PCDSIM_E_LAYOUT);
    assert_zeroed(&l);
    assert_int_equal(d.err, PCDSIM_E_LAYOUT);
    assert_string_equal(d.file, PM_DIR "handmade-BAD-overlapping-slots.yml");
    // Points at mcuboot_secondary's address (it starts inside mcuboot_primary): "  address: 0x7c000".
    assert_int_equal(d.line, 15);
    assert_int_equal(d.column, 12);
    // Both partitions, both ranges, both lines.
    assert_true(contains(d.message, "'mcuboot_secondary' [0x7c000..0xf0000) (line 14)"));
    assert_true(contains(d.message, "'mcuboot_primary' [0xc000..0x80000) (line 9)"));
    assert_true(contains(d.message, "0x4000 bytes"));
    assert_true(contains(d.context, "line 9, column 1"));
    assert_true(contains(d.context, "line 14, column 1"));
    assert_true(contains(d.hint, "0x80000"));
}

/* ---------------------------------------------------------------------------------------------- */
/* crafted bad inputs */

struct bad_case {
    const char *name;
    const char *text;
    int err;
    unsigned line, column;
    const char *msg;  /* substring of the message */
    const char *hint; /* substring of the hint ("" = just non-empty) */
};

static const struct bad_case BAD[] = {
    {"unknown-key", "mcuboot:\n  address: 0x0\n  sise: 0xc000\n", PCDSIM_E_SCHEMA, 3, 3,
     "unknown key 'sise' in partition 'mcuboot'", "did you mean 'size'"},
    {"unknown-key-list", "mcuboot:\n  address: 0x0\n  size: 0xc000\n  colour: red\n", PCDSIM_E_SCHEMA, 4, 3,
     "unknown key 'colour'", "known keys: address, end_address, size"},
    {"sequence-for-mapping", "mcuboot:\n  - address: 0x0\n  - size: 0xc000\n", PCDSIM_E_SCHEMA, 2, 3,
     "partition 'mcuboot': expected a mapping (check indentation), got a sequence", ""},
    {"scalar-for-mapping", "mcuboot: 0xc000\n", PCDSIM_E_SCHEMA, 1, 10, "expected a mapping (check indentation), got '0xc000'",
     ""},
    {"duplicate-key", "mcuboot:\n  address: 0x0\n  size: 0xc000\n  size: 0xd000\n", PCDSIM_E_SCHEMA, 4, 3,
     "duplicate key 'size' in partition 'mcuboot' (first defined at line 3, column 3)", "only once"},
    {"duplicate-partition", "a:\n  address: 0x0\n  size: 0x10\na:\n  address: 0x10\n  size: 0x10\n",
     PCDSIM_E_SCHEMA, 4, 1, "duplicate partition 'a' (first defined at line 1, column 1)", ""},
    {"duplicate-in-placement", "a:\n  address: 0x0\n  size: 0x10\n  placement:\n    after: [start]\n    after: [b]\n",
     PCDSIM_E_SCHEMA, 6, 5, "duplicate key 'after' (first defined at line 5, column 5)", ""},
    {"end-below-address", "m:\n  address: 0x100\n  end_address: 0x80\n", PCDSIM_E_SCHEMA, 3, 16,
     "end_address 0x80 is below address 0x100", ""},
    {"hex-overflow", "mcuboot:\n  address: 0x1_0000_0000\n  size: 0x1000\n", PCDSIM_E_SCHEMA, 2, 12,
     "address: '0x1_0000_0000' does not fit in 32 bits", "32-bit"},
    {"decimal-overflow", "m:\n  address: 0\n  size: 4294967296\n", PCDSIM_E_SCHEMA, 3, 9,
     "size: '4294967296' does not fit in 32 bits", ""},
    {"end-past-4gib", "m:\n  address: 0xffffff00\n  size: 0x200\n", PCDSIM_E_SCHEMA, 3, 9,
     "ends past 4 GiB: address 0xffffff00 + size 0x200 = 0x100000100", ""},
    {"missing-size", "mcuboot:\n  address: 0x0\n  region: flash_primary\n", PCDSIM_E_SCHEMA, 1, 1,
     "partition 'mcuboot' has no 'size'", "size: 0x"},
    {"missing-address", "m:\n  size: 0x10\n", PCDSIM_E_SCHEMA, 1, 1, "partition 'm' has no 'address'", ""},
    {"unclosed-bracket", "app:\n  address: 0x0\n  size: 0x100\n  span: [mcuboot_pad, app\n", PCDSIM_E_YAML, 5, 1,
     "invalid YAML: did not find expected ',' or ']'", "'[' at line 4, column 9 is not closed"},
    {"empty-file", "", PCDSIM_E_SCHEMA, 1, 1, "empty file", ""},
    {"comments-only", "# nothing here\n\n", PCDSIM_E_SCHEMA, 1, 1, "empty file", ""},
    {"top-level-sequence", "- mcuboot\n- app\n", PCDSIM_E_SCHEMA, 1, 1,
     "top level: expected a mapping of partition names to partitions (check indentation), got a sequence", ""},
    {"top-level-scalar", "just text\n", PCDSIM_E_SCHEMA, 1, 1, "top level: expected a mapping", ""},
    {"top-level-empty-mapping", "{}\n", PCDSIM_E_SCHEMA, 1, 1, "no partitions", ""},
    {"not-an-integer", "m:\n  address: 0x0\n  size: big\n", PCDSIM_E_SCHEMA, 3, 9,
     "size: expected an integer, got 'big'", "0x1000"},
    {"quoted-integer", "m:\n  address: \"0x0\"\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12,
     "address: expected an integer, got the quoted string \"0x0\"", "quotes"},
    {"empty-integer", "m:\n  address: 0x0\n  size:\n", PCDSIM_E_SCHEMA, 3, 8,
     "size: expected an integer, got an empty value", ""},
    {"mapping-for-integer", "m:\n  address: {a: 1}\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12,
     "address: expected an integer, got a mapping", ""},
    {"negative", "m:\n  address: -16\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12, "'-16' is negative", ""},
    {"leading-zero", "m:\n  address: 010\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12, "got '010'", "octal"},
    {"uppercase-0X", "m:\n  address: 0X10\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12, "got '0X10'", "lower case"},
    {"trailing-underscore", "m:\n  address: 0x10_\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12,
     "expected an integer, got '0x10_'", ""},
    {"hex-no-digits", "m:\n  address: 0x\n  size: 0x10\n", PCDSIM_E_SCHEMA, 2, 12, "expected an integer", ""},
    {"tab-indent", "app:\n\taddress: 0x0\n", PCDSIM_E_YAML, 2, 1, "cannot start any token", "tabs"},
    {"bad-indent", "app:\n  address: 0x0\n size: 0x100\n", PCDSIM_E_YAML, 3, 2, "did not find expected key",
     "indentation"},
    {"undefined-alias", "app:\n  address: 0x0\n  size: *nope\n", PCDSIM_E_YAML, 3, 9, "found undefined alias",
     "anchor"},
    {"two-documents", "a: {address: 0x0, size: 0x10}\n---\nb: {address: 0x10, size: 0x10}\n", PCDSIM_E_YAML, 2, 1,
     "more than one YAML document", ""},
    {"invalid-utf8", "m:\n  address: 0x0\n  size: 0x10\n  label: \xff\n", PCDSIM_E_YAML, 4, 10,
     "invalid leading UTF-8 octet", "UTF-8"},
    {"unclosed-quote", "m:\n  address: 0x0\n  size: 0x10\n  label: \"abc\n", PCDSIM_E_YAML, 5, 1,
     "found unexpected end of stream", ""},
    {"span-unknown", "a:\n  address: 0x0\n  size: 0x10\nc:\n  address: 0x0\n  size: 0x10\n  span: [aa]\n",
     PCDSIM_E_LAYOUT, 4, 1, "partition 'c' spans 'aa', which is not defined in this file", "did you mean 'a'"},
    {"span-not-inside", "a:\n  address: 0x20\n  size: 0x10\nc:\n  address: 0x0\n  size: 0x10\n  span: [a]\n",
     PCDSIM_E_LAYOUT, 4, 1, "'c' [0x0..0x10) spans 'a' [0x20..0x30) (line 1), which is not inside it", ""},
    {"span-other-space",
     "a:\n  address: 0x0\n  size: 0x10\n  region: external_flash\nc:\n  address: 0x0\n  size: 0x10\n  span: [a]\n",
     PCDSIM_E_LAYOUT, 5, 1, "partition 'c' in flash_primary spans 'a' (line 1) in external_flash", ""},
    {"span-self", "a:\n  address: 0x0\n  size: 0x10\n  span: a\n", PCDSIM_E_LAYOUT, 1, 1, "spans itself", ""},
    {"span-mapping", "a:\n  address: 0x0\n  size: 0x10\n  span: {x: y}\n", PCDSIM_E_SCHEMA, 4, 9,
     "span: expected a sequence of partition names, got a mapping", ""},
    {"span-nested-sequence", "a:\n  address: 0x0\n  size: 0x10\n  span: [[b]]\n", PCDSIM_E_SCHEMA, 4, 10,
     "span[0]: expected a partition name, got a sequence", ""},
    {"placement-sequence", "a:\n  address: 0x0\n  size: 0x10\n  placement: [after]\n", PCDSIM_E_SCHEMA, 4, 14,
     "placement: expected a mapping (check indentation), got a sequence", ""},
    {"extra-params-scalar", "a:\n  address: 0x0\n  size: 0x10\n  extra_params: disk\n", PCDSIM_E_SCHEMA, 4, 17,
     "extra_params: expected a mapping", ""},
    {"align-unknown-key", "a:\n  address: 0x0\n  size: 0x10\n  align: {middle: 4}\n", PCDSIM_E_SCHEMA, 4, 11,
     "align: unknown key 'middle'", "start, end"},
    {"align-not-integer", "a:\n  address: 0x0\n  size: 0x10\n  align: {start: big}\n", PCDSIM_E_SCHEMA, 4, 18,
     "align.start: expected an integer", ""},
    {"sharers-not-integer", "a:\n  address: 0x0\n  size: 0x10\n  sharers: [x]\n", PCDSIM_E_SCHEMA, 4, 12,
     "sharers: expected an integer, got a sequence", ""},
    {"device-empty", "a:\n  address: 0x0\n  size: 0x10\n  device:\n", PCDSIM_E_SCHEMA, 4, 10,
     "device: expected a string, got an empty value", "MX25R64"},
    {"region-sequence", "a:\n  address: 0x0\n  size: 0x10\n  region: [flash_primary]\n", PCDSIM_E_SCHEMA, 4, 11,
     "region: expected a string, got a sequence", "known regions"},
    {"bad-name", "1st:\n  address: 0x0\n  size: 0x10\n", PCDSIM_E_SCHEMA, 1, 1, "invalid partition name '1st'",
     "C macros"},
    {"long-name", "a234567890123456789012345678901234567890123456789012345678901234:\n  address: 0x0\n  size: 0x10\n",
     PCDSIM_E_SCHEMA, 1, 1, "is longer than 63 characters", ""},
    {"complex-partition-key", "? [a]\n: {address: 0, size: 1}\n", PCDSIM_E_SCHEMA, 1, 3,
     "partition name: expected a name, got a sequence", ""},
    {"complex-field-key", "a:\n  ? [x]\n  : 1\n", PCDSIM_E_SCHEMA, 2, 5, "key: expected a key name, got a sequence",
     ""},
    {"overlap-same-device",
     "s:\n  address: 0x0\n  size: 0x1000\n  region: external_flash\n  device: mx25r64\n"
     "t:\n  address: 0x800\n  size: 0x1000\n  region: external_flash\n  device: mx25r64\n",
     PCDSIM_E_LAYOUT, 7, 12,
     "partition 't' [0x800..0x1800) (line 6) overlaps 's' [0x0..0x1000) (line 1) by 0x800 bytes [0x800..0x1000) in "
     "external_flash (device 'mx25r64')",
     "move 't' to 0x1000"},
    {"overlap-default-device",
     "s:\n  address: 0x0\n  size: 0x1000\n  region: external_flash\n"
     "t:\n  address: 0x800\n  size: 0x1000\n  region: external_flash\n  device: MX25R64\n",
     PCDSIM_E_LAYOUT, 6, 12, "'t' [0x800..0x1800) (line 5) overlaps 's'", ""},
    // a partition that is not PM's region partition covers the slots: still an overlap
    {"overlap-not-region-partition",
     "qspi_free:\n  address: 0x0\n  size: 0x800000\n  region: external_flash\n"
     "mcuboot_secondary:\n  address: 0x0\n  size: 0x74000\n  region: external_flash\n",
     PCDSIM_E_LAYOUT, 6, 12, "'mcuboot_secondary' [0x0..0x74000) (line 5) overlaps 'qspi_free'", ""},
    // a region partition of another region (sram_primary in flash) is an ordinary partition there
    {"overlap-region-name-other-region",
     "sram_primary:\n  address: 0x0\n  size: 0x10000\nmcuboot:\n  address: 0x0\n  size: 0xc000\n",
     PCDSIM_E_LAYOUT, 5, 12, "'mcuboot' [0x0..0xc000) (line 4) overlaps 'sram_primary'", ""},
    // only PM's own parts may sit in mcuboot_primary without a span
    {"overlap-not-pm-part",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nsettings_storage:\n  address: 0x70000\n  size: 0x8000\n",
     PCDSIM_E_LAYOUT, 5, 12, "'settings_storage' [0x70000..0x78000) (line 4) overlaps 'mcuboot_primary'", ""},
    // a part named for its container but sticking out of it
    {"overlap-pm-part-outside",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\napp:\n  address: 0xc200\n  size: 0x74000\n",
     PCDSIM_E_LAYOUT, 5, 12, "'app' [0xc200..0x80200) (line 4) overlaps 'mcuboot_primary'", ""},
    {"overlap-containers-not-explained",
     "a:\n  address: 0x0\n  size: 0x10\nb:\n  address: 0x10\n  size: 0x10\nc:\n  address: 0x20\n  size: 0x10\n"
     "x:\n  address: 0x0\n  size: 0x20\n  span: [a, b]\ny:\n  address: 0x8\n  size: 0x28\n  span: [b, c]\n",
     PCDSIM_E_LAYOUT, 15, 12, "'y' [0x8..0x30) (line 14) overlaps 'a' [0x0..0x10) (line 1)", ""},
};

static void test_layout_bad__table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        const struct bad_case *c = &BAD[i];
        char path[64];
        struct pcdsim_layout l;
        struct pcdsim_diag d;
        int err = load_text(c->text, &l, &d, path);
        if (err != c->err || d.err != c->err || d.line != c->line || d.column != c->column ||
            !contains(d.message, c->msg) || d.hint[0] == '\0' || !contains(d.hint, c->hint) ||
            strcmp(d.file, path) != 0) {
            fail_msg("case '%s': got %s at %u:%u in '%s'\n  message: %s\n  hint: %s\n"
                     "want %s at %u:%u, message with '%s', hint with '%s'",
                     c->name, pcdsim_strerror(err), d.line, d.column, d.file, d.message, d.hint,
                     pcdsim_strerror(c->err), c->line, c->column, c->msg, c->hint);
        }
        assert_zeroed(&l);
        // Same result without a diagnostic, and from memory.
        assert_int_equal(load_text(c->text, &l, NULL, path), c->err);
        assert_zeroed(&l);
        assert_int_equal(pcdsim_layout_load_string("mem.yml", c->text, strlen(c->text), &l, &d), c->err);
        assert_int_equal(d.line, c->line);
        assert_string_equal(d.file, "mem.yml");
        assert_zeroed(&l);
    }
}

static void test_layout_bad__unreadable(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load("/nonexistent/pm_static.yml", &l, &d), PCDSIM_E_FILE);
    assert_zeroed(&l);
    assert_string_equal(d.file, "/nonexistent/pm_static.yml");
    assert_int_equal(d.line, 0);
    assert_int_equal(d.column, 0);
    assert_true(contains(d.message, "cannot open the layout file: No such file or directory"));
    assert_true(d.hint[0] != '\0');

    // A directory opens but does not read.
    assert_int_equal(pcdsim_layout_load("/tmp", &l, &d), PCDSIM_E_FILE);
    assert_zeroed(&l);
    assert_int_equal(d.line, 0);
    assert_true(contains(d.message, "cannot read"));

    // A file without read permission (root reads anything: only check when it is refused).
    char path[64];
    write_temp("a: {address: 0, size: 1}\n", 25, path);
    assert_int_equal(chmod(path, 0), 0);
    int err = pcdsim_layout_load(path, &l, &d);
    if (err != 0) {
        assert_int_equal(err, PCDSIM_E_FILE);
        assert_true(contains(d.message, "Permission denied"));
        assert_zeroed(&l);
    } else {
        pcdsim_layout_free(&l);
    }
    unlink(path);

    // Too large (from memory: no need to write 4 MiB).
    assert_int_equal(pcdsim_layout_load_string("big.yml", "", PCDSIM_LAYOUT_FILE_MAX + 1u, &l, &d), PCDSIM_E_FILE);
    assert_zeroed(&l);
}

/* Limits that keep the checks bounded on any input. */
static void test_layout_bad__limits(void **state)
{
    (void)state;
    size_t cap = 64 * 1024;
    char *text = malloc(cap);
    assert_non_null(text);
    struct pcdsim_layout l;
    struct pcdsim_diag d;

    // 65 names in one span list.
    size_t o = (size_t)snprintf(text, cap, "a:\n  address: 0x0\n  size: 0x10\n  span: [");
    for (int i = 0; i < 65; i++) {
        o += (size_t)snprintf(text + o, cap - o, "%sx%d", i ? ", " : "", i);
    }
    snprintf(text + o, cap - o, "]\n");
    assert_int_equal(pcdsim_layout_load_string("span.yml", text, strlen(text), &l, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 4);
    assert_int_equal(d.column, 9);
    assert_true(contains(d.message, "span: 65 names, more than the 64 supported"));
    assert_zeroed(&l);

    // 513 partitions.
    o = 0;
    for (int i = 0; i < 513; i++) {
        o += (size_t)snprintf(text + o, cap - o, "p%d: {address: %d, size: 1}\n", i, i);
    }
    assert_int_equal(pcdsim_layout_load_string("many.yml", text, o, &l, &d), PCDSIM_E_SCHEMA);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 1);
    assert_true(contains(d.message, "513 partitions: more than the 512 supported"));

    // 512 partitions, each spanning the next one inside it: accepted, quickly.
    o = 0;
    for (int i = 0; i < 512; i++) {
        char span[32] = "";
        if (i < 511) {
            snprintf(span, sizeof(span), ", span: [p%d]", i + 1);
        }
        o += (size_t)snprintf(text + o, cap - o, "p%d: {address: %d, size: %d%s}\n", i, i, 1024 - 2 * i, span);
    }
    int err = pcdsim_layout_load_string("chain.yml", text, o, &l, &d);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s", pcdsim_strerror(err), d.line, d.column, d.message);
    }
    assert_int_equal(l.count, 512);
    check_span(&l, "p0", 1, "p1", NULL);
    pcdsim_layout_free(&l);
    free(text);
}

/* ---------------------------------------------------------------------------------------------- */
/* crafted good inputs */

static void test_layout_good__accepted_forms(void **state)
{
    (void)state;
    static const char text[] =
        "# aliases by design, derived values, free-form content\n"
        "whole:\n"
        "  address: 1_024\n"                      // 3: decimal with separator
        "  size: 0x1_0000\n"                      // 4
        "alias:\n"                                // 5: same range, no span: accepted
        "  address: 0x400\n"
        "  end_address: 0x10400\n"                // size derived
        "tail:\n"                                 // 8
        "  size: 0x400\n"
        "  end_address: 0x10800\n"                // address derived
        "placeholder:\n"                          // 11: empty, inside 'whole': occupies nothing
        "  address: 0x800\n"
        "  size: 0\n"
        "qspi_a:\n"                               // 14: two devices, same offsets: separate spaces
        "  address: 0x0\n  size: 0x1000\n  region: external_flash\n  device: MX25R64\n"
        "qspi_b:\n"                               // 19
        "  address: 0x0\n  size: 0x1000\n  region: external_flash\n  device: mx25r64\n"
        "custom:\n"                               // 24
        "  address: 0x0\n  size: 0x10\n  region: my_region\n  label: \"any text: here\"\n"
        "  affiliation: [disk, other]\n  inside: [whole]\n  share_size: whole\n  sharers: 2\n"
        "  align: {start: 0x4, end: 0x1000}\n  orig_span: [not_a_partition]\n"
        "  placement: &p {after: [start], whatever: {deep: [1, 2, {x: y}]}, self: *p}\n"
        "  extra_params: {disk_name: NOR, disk_cache_size: 0x1000}\n"
        "container:\n"                            // 37: single-name span
        "  address: 0x10400\n  size: 0x400\n  span: tail\n";
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    int err = load_text(text, &l, &d, path);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s (hint: %s)", pcdsim_strerror(err), d.line, d.column, d.message, d.hint);
    }
    assert_int_equal(l.count, 8);
    check_part(&l, "whole", 0x400, 0x10000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 2);
    assert_string_equal(must_find(&l, "whole")->region_name, ""); // default region
    check_part(&l, "alias", 0x400, 0x10000, PCDSIM_REGION_FLASH_PRIMARY, NULL, 5);
    assert_int_equal(must_find(&l, "alias")->size_pos.line, 0); // derived
    check_part(&l, "tail", 0x10400, 0x400, PCDSIM_REGION_FLASH_PRIMARY, NULL, 8);
    assert_int_equal(must_find(&l, "tail")->address_pos.line, 0);
    check_part(&l, "placeholder", 0x800, 0, PCDSIM_REGION_FLASH_PRIMARY, NULL, 11);
    check_part(&l, "qspi_a", 0, 0x1000, PCDSIM_REGION_EXTERNAL_FLASH, "MX25R64", 14);
    check_part(&l, "qspi_b", 0, 0x1000, PCDSIM_REGION_EXTERNAL_FLASH, "mx25r64", 19);
    check_part(&l, "custom", 0, 0x10, PCDSIM_REGION_OTHER, NULL, 24);
    assert_string_equal(must_find(&l, "custom")->region_name, "my_region");
    check_span(&l, "custom", 0, NULL, NULL); // orig_span is not span
    check_span(&l, "container", 1, "tail", NULL);
    pcdsim_layout_free(&l);
}

static void test_layout_good__shared_children(void **state)
{
    (void)state;
    // x and y overlap exactly on b, which both span: explained.
    static const char text[] = "a:\n  address: 0x0\n  size: 0x10\nb:\n  address: 0x10\n  size: 0x10\n"
                               "c:\n  address: 0x20\n  size: 0x10\nx:\n  address: 0x0\n  size: 0x20\n"
                               "  span: [a, b]\ny:\n  address: 0x10\n  size: 0x20\n  span: [b, c]\n"
                               "z:\n  address: 0x0\n  size: 0x30\n  span: [x, y]\n"; // nested containers
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    int err = load_text(text, &l, &d, path);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s", pcdsim_strerror(err), d.line, d.column, d.message);
    }
    assert_int_equal(pcdsim_layout_check(&l, &d), 0);
    pcdsim_layout_free(&l);
}

/* A disagreeing end_address is ignored, as Partition Manager does (it places by address and size
 * and rewrites end_address), and reported as a warning with its position. */
static void test_layout_good__end_address_ignored(void **state)
{
    (void)state;
    static const char text[] = "mcuboot:\n  address: 0x0\n  end_address: 0xd000\n  size: 0xc000\n"
                               "app:\n  address: 0xc200\n  end_address: 0x10000\n  size: 0x3e00\n";
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    int err = load_text(text, &l, &d, path);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s", pcdsim_strerror(err), d.line, d.column, d.message);
    }
    const struct pcdsim_partition *m = must_find(&l, "mcuboot");
    assert_int_equal(m->size, 0xc000);
    assert_int_equal(m->end_address, 0xc000);
    assert_true(m->end_address_ignored);
    assert_int_equal(m->end_address_written, 0xd000);
    assert_int_equal(m->end_address_pos.line, 3);
    assert_int_equal(m->end_address_pos.column, 16);
    assert_false(must_find(&l, "app")->end_address_ignored); // 0xc200 + 0x3e00 = 0x10000
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(pcdsim_layout_print_notes(&l, f), 1);
    fclose(f);
    assert_true(contains(buf, ":3:16: warning: partition 'mcuboot': end_address 0xd000 does not match address + size "
                              "(0x0 + 0xc000 = 0xc000); using 0xc000"));
    free(buf);
    pcdsim_layout_free(&l);
}

/* Region partitions and PM's parts of a container without their span are no overlap. */
static void test_layout_good__pm_regions_and_parts(void **state)
{
    (void)state;
    static const char text[] =
        "external_flash:\n  address: 0x0\n  size: 0x800000\n  region: external_flash\n  device: MX25R64\n"
        "mcuboot_secondary:\n  address: 0x0\n  size: 0x74000\n  region: external_flash\n  device: MX25R64\n"
        "sram_primary:\n  address: 0x20000000\n  size: 0x80000\n  region: sram_primary\n"
        "pcd_sram:\n  address: 0x2007e000\n  size: 0x2000\n  region: sram_primary\n"
        "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\n"
        "mcuboot_pad:\n  address: 0xc000\n  size: 0x200\n"
        "app:\n  address: 0xc200\n  size: 0x73e00\n"
        "mcuboot_primary_app:\n  address: 0xc200\n  size: 0x73e00\n"
        "b0n_container:\n  address: 0x1000000\n  size: 0x8800\n  region: netflash\n"
        "b0n:\n  address: 0x1000000\n  size: 0x8580\n  region: netflash\n"
        "provision:\n  address: 0x1008580\n  size: 0x280\n  region: netflash\n";
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    int err = load_text(text, &l, &d, path);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s", pcdsim_strerror(err), d.line, d.column, d.message);
    }
    assert_true(pcdsim_partition_is_region(must_find(&l, "external_flash")));
    assert_true(pcdsim_partition_is_region(must_find(&l, "sram_primary")));
    assert_false(pcdsim_partition_is_region(must_find(&l, "app")));
    assert_false(pcdsim_partition_is_region(must_find(&l, "b0n_container")));
    pcdsim_layout_free(&l);
}

/* One device check for every command: inside app flash, SRAM, the 8 MiB QSPI flash, RAM flash. */
/* external_flash partitions whose device names a NAND are NAND slots; the QSPI check skips them */
static void test_layout_nand(void **state)
{
    (void)state;
    assert_true(pcdsim_layout_device_is_nand("w25n01gv"));
    assert_true(pcdsim_layout_device_is_nand("W25N01GV"));
    assert_true(pcdsim_layout_device_is_nand("spi_NAND0"));
    assert_false(pcdsim_layout_device_is_nand("mx25r64"));
    assert_false(pcdsim_layout_device_is_nand(""));
    static const char text[] = "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\n  region: flash_primary\n"
                               "mcuboot_secondary:\n  address: 0x7e00000\n  size: 0xc0000\n  region: external_flash\n"
                               "  device: W25N01GV\n";
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    struct pcdsim_update_layout u;
    assert_int_equal(load_text(text, &l, &d, path), 0);
    assert_int_equal(pcdsim_layout_check_devices(&l, NULL, &d), 0); /* past the 8 MiB QSPI: not QSPI */
    assert_int_equal(pcdsim_update_layout_get(&l, &u, &d), 0);
    assert_int_equal(u.secondary.medium, PCDSIM_SLOT_NAND);
    assert_string_equal(pcdsim_slot_medium_str(u.secondary.medium), "nand");
    pcdsim_layout_free(&l);
}

static void test_layout_devices(void **state)
{
    (void)state;
    static const char past[] = "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\n"
                               "mcuboot_secondary:\n  address: 0x0\n  size: 0x74000\n  region: external_flash\n"
                               "storage:\n  address: 0x7f0000\n  size: 0x20000\n  region: external_flash\n";
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(load_text(past, &l, &d, path), 0); // the file itself is consistent
    assert_int_equal(pcdsim_layout_check_devices(&l, NULL, &d), PCDSIM_E_LAYOUT);
    assert_int_equal(d.line, 8);
    assert_true(contains(d.message, "partition 'storage' (0x007f0000..0x00810000) lies outside the QSPI flash"));
    assert_true(contains(d.hint, "0x00000000..0x00800000"));
    const struct pcdsim_layout_devices big = {true, 0x1000000u, false, 0};
    assert_int_equal(pcdsim_layout_check_devices(&l, &big, &d), 0);
    const struct pcdsim_layout_devices none = {false, 0x1000000u, false, 0};
    assert_int_equal(pcdsim_layout_check_devices(&l, &none, &d), PCDSIM_E_LAYOUT);
    assert_true(contains(d.message, "no QSPI flash, but partition 'mcuboot_secondary'"));
    pcdsim_layout_free(&l);

    // pcdsim_layout_load_board(): the same check, before the update view; nothing kept on error
    write_temp(past, strlen(past), path);
    struct pcdsim_update_layout u;
    assert_int_equal(pcdsim_layout_load_board(path, NULL, NULL, &l, &u, &d), PCDSIM_E_LAYOUT);
    unlink(path);
    assert_zeroed(&l);
    assert_true(contains(d.message, "lies outside the QSPI flash"));

    static const char ram[] = "mcuboot_primary_1:\n  address: 0x0\n  size: 0x40000\n  region: ram_flash\n"
                              "pcd_sram:\n  address: 0x2007f000\n  size: 0x2000\n  region: sram_primary\n";
    assert_int_equal(load_text(ram, &l, &d, path), 0);
    const struct pcdsim_layout_devices small = {true, 0x800000u, true, 0x20000};
    assert_int_equal(pcdsim_layout_check_devices(&l, &small, &d), PCDSIM_E_LAYOUT);
    assert_true(contains(d.message, "'mcuboot_primary_1' (0x00000000..0x00040000) lies outside the RAM flash"));
    const struct pcdsim_layout_devices fits = {true, 0x800000u, true, 0x40000};
    assert_int_equal(pcdsim_layout_check_devices(&l, &fits, &d), PCDSIM_E_LAYOUT); // pcd_sram past SRAM
    assert_true(contains(d.message, "'pcd_sram' (0x2007f000..0x20081000) lies outside app SRAM"));
    pcdsim_layout_free(&l);

    // the nRF5340 DK (NULL): the RAM flash simulator at 0x20010000 must stay in SRAM, off pcd_sram
    static const char huge[] = "mcuboot_primary_1:\n  address: 0x0\n  size: 0x80000\n  region: ram_flash\n";
    assert_int_equal(load_text(huge, &l, &d, path), 0);
    assert_int_equal(pcdsim_layout_check_devices(&l, NULL, &d), PCDSIM_E_LAYOUT);
    assert_int_equal(d.line, 1);
    assert_true(contains(d.message, "'mcuboot_primary_1' needs a RAM flash window 0x20010000..0x20090000, past the end "
                                    "of app SRAM"));
    pcdsim_layout_free(&l);
    static const char on_pcd[] = "mcuboot_primary_1:\n  address: 0x0\n  size: 0x40000\n  region: ram_flash\n"
                                 "pcd_sram:\n  address: 0x20020000\n  size: 0x2000\n  region: sram_primary\n";
    assert_int_equal(load_text(on_pcd, &l, &d, path), 0);
    assert_int_equal(pcdsim_layout_check_devices(&l, NULL, &d), PCDSIM_E_LAYOUT);
    assert_int_equal(d.line, 5);
    assert_true(contains(d.message, "'pcd_sram' [0x20020000..0x20022000) lies in the RAM flash window "
                                    "0x20010000..0x20050000 that 'mcuboot_primary_1' needs"));
    assert_int_equal(pcdsim_layout_check_devices(&l, &fits, &d), 0); // a scenario checks its own window
    pcdsim_layout_free(&l);
    static const char no_sim[] = "pcd_sram:\n  address: 0x20020000\n  size: 0x2000\n  region: sram_primary\n";
    assert_int_equal(load_text(no_sim, &l, &d, path), 0);
    assert_int_equal(pcdsim_layout_check_devices(&l, NULL, &d), 0); // no ram_flash partition: no simulator
    pcdsim_layout_free(&l);
}

/* Test data written in the shape of what Partition Manager writes and NCS ships (test/data/pm/). */
#define TD_PM PCDSIM_SOURCE_DIR "/test/data/pm/"

static void check_slot(const struct pcdsim_slot *s, enum pcdsim_slot_medium medium, uint32_t addr, uint32_t size)
{
    assert_true(s->present);
    assert_int_equal(s->medium, medium);
    assert_int_equal(s->address, addr);
    assert_int_equal(s->size, size);
}

static void test_layout_ncs__extxip_3image(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_update_layout u;
    struct pcdsim_diag d;
    int err = pcdsim_layout_load_board(TD_PM "ncs-extxip-3image-pm_static.yml", TD_PM "ncs-partitions_CPUNET.yml",
                                       NULL, &l, &u, &d);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s", pcdsim_strerror(err), d.line, d.column, d.message);
    }
    // the stale external_flash region partition is kept as written
    check_part(&l, "external_flash", 0x110000, 0x6f0000, PCDSIM_REGION_EXTERNAL_FLASH, "MX25R64", 14);
    // end_address 0x80000 (relative to its slot) ignored: address + size
    const struct pcdsim_partition *xa = must_find(&l, "mcuboot_primary_2_app");
    assert_int_equal(xa->end_address, 0x190000);
    assert_true(xa->end_address_ignored);
    assert_int_equal(xa->end_address_written, 0x80000);
    check_span(&l, "mcuboot_primary_2", 2, "mcuboot_primary_2_pad", "mcuboot_primary_2_app");
    check_slot(&u.primary, PCDSIM_SLOT_INTERNAL, 0xc000, 0xc8000);
    check_slot(&u.secondary, PCDSIM_SLOT_QSPI, 0x0, 0xc8000);
    check_slot(&u.primary_1, PCDSIM_SLOT_RAM_FLASH, 0x0, 0x40000);
    check_slot(&u.secondary_1, PCDSIM_SLOT_QSPI, 0xc8000, 0x40000);
    check_slot(&u.primary_2, PCDSIM_SLOT_QSPI, 0x110000, 0x80000);
    check_slot(&u.secondary_2, PCDSIM_SLOT_QSPI, 0x190000, 0x80000);
    assert_string_equal(u.secondary_2.device, "MX25R64");
    assert_int_equal(u.app_address, 0xc200);
    assert_int_equal(u.pcd_sram_address, 0x20000000);
    assert_true(u.net_from_file);
    assert_int_equal(u.net_app_address, 0x1008800);
    assert_int_equal(u.net_app_size, 0x37800);
    pcdsim_layout_free(&l);
}

static void test_layout_ncs__pm_output(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_update_layout u;
    struct pcdsim_diag d;
    int err = pcdsim_layout_load_board(TD_PM "ncs-partitions-pcd-sram-end.yml", TD_PM "ncs-partitions_CPUNET.yml",
                                       NULL, &l, &u, &d);
    if (err != 0) {
        fail_msg("%s at %u:%u: %s", pcdsim_strerror(err), d.line, d.column, d.message);
    }
    for (size_t i = 0; i < l.count; i++) {
        assert_false(l.partitions[i].end_address_ignored); // PM output is consistent
    }
    assert_true(pcdsim_partition_is_region(must_find(&l, "external_flash")));
    assert_true(pcdsim_partition_is_region(must_find(&l, "otp")));
    check_slot(&u.primary, PCDSIM_SLOT_INTERNAL, 0xc000, 0x74000);
    check_slot(&u.secondary, PCDSIM_SLOT_INTERNAL, 0x80000, 0x74000);
    assert_false(u.secondary_1.present); // one secondary slot for both cores
    assert_false(u.primary_2.present);
    assert_true(u.pcd_sram_from_file);
    assert_int_equal(u.pcd_sram_address, 0x2007e000); // NCS >= 2025: before: end of app SRAM
    assert_int_equal(u.pcd_sram_size, 0x2000);
    pcdsim_layout_free(&l);
    // the CPUNET file alone loads too
    assert_int_equal(pcdsim_layout_load(TD_PM "ncs-partitions_CPUNET.yml", &l, &d), 0);
    assert_true(pcdsim_partition_is_region(must_find(&l, "sram_primary")));
    pcdsim_layout_free(&l);
}

/* ---------------------------------------------------------------------------------------------- */
/* update view errors */

struct view_case {
    const char *name;
    const char *text;
    unsigned line;
    const char *msg;
};

static const struct view_case VIEW[] = {
    {"no-secondary", "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\n", 0,
     "the layout has no 'mcuboot_secondary' partition"},
    {"no-primary", "mcuboot_secondary:\n  address: 0xc000\n  size: 0x74000\n", 0,
     "the layout has no 'mcuboot_primary' partition"},
    {"primary-1-alone",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0x80000\n  size: 0x74000\n"
     "mcuboot_primary_1:\n  address: 0x0\n  size: 0x40000\n  region: ram_flash\n  device: flash_ctrl\n",
     7, "the layout has 'mcuboot_primary_1' but no 'mcuboot_secondary_1'"},
    {"slots-identical", // the loader accepts identical ranges as aliases; slots must not be
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0xc000\n  size: 0x74000\n",
     4, "slot 'mcuboot_secondary' [0xc000..0x80000) (line 4) overlaps slot 'mcuboot_primary' [0xc000..0x80000) (line 1)"},
    {"secondary-in-ram-flash",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0x0\n  size: 0x74000\n"
     "  region: ram_flash\n",
     4, "partition 'mcuboot_secondary' is in region 'ram_flash'"},
    {"primary-2-alone",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0x80000\n  size: 0x74000\n"
     "mcuboot_primary_2:\n  address: 0x100000\n  size: 0x40000\n  region: external_flash\n",
     7, "the layout has 'mcuboot_primary_2' but no 'mcuboot_secondary_2'"},
    {"secondary-2-on-secondary-1",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0x0\n  size: 0x74000\n"
     "  region: external_flash\nmcuboot_primary_1:\n  address: 0x0\n  size: 0x40000\n  region: ram_flash\n"
     "mcuboot_secondary_1:\n  address: 0x74000\n  size: 0x40000\n  region: external_flash\n"
     "mcuboot_primary_2:\n  address: 0x100000\n  size: 0x40000\n  region: external_flash\n"
     "mcuboot_secondary_2:\n  address: 0x74000\n  size: 0x40000\n  region: external_flash\n",
     20, "slot 'mcuboot_secondary_2' [0x74000..0xb4000) (line 20) overlaps slot 'mcuboot_secondary_1'"},
    {"pcd-sram-in-flash",
     "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0x80000\n  size: 0x74000\n"
     "pcd_sram:\n  address: 0xf4000\n  size: 0x2000\n",
     7, "partition 'pcd_sram' is in region 'flash_primary'"},
};

static void test_layout_view__errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(VIEW) / sizeof(VIEW[0]); i++) {
        const struct view_case *c = &VIEW[i];
        char path[64];
        struct pcdsim_layout l;
        struct pcdsim_diag d;
        int err = load_text(c->text, &l, &d, path);
        if (err != 0) {
            fail_msg("case '%s' does not load: %s: %s", c->name, pcdsim_strerror(err), d.message);
        }
        struct pcdsim_update_layout u;
        err = pcdsim_update_layout_get(&l, &u, &d);
        if (err != PCDSIM_E_LAYOUT || d.line != c->line || !contains(d.message, c->msg) || d.hint[0] == '\0') {
            fail_msg("case '%s': got %s at line %u: %s (hint %s)", c->name, pcdsim_strerror(err), d.line, d.message,
                     d.hint);
        }
        assert_false(u.primary.present); // zeroed on error
        assert_int_equal(pcdsim_update_layout_get(&l, &u, NULL), PCDSIM_E_LAYOUT);
        pcdsim_layout_free(&l);
    }
}

static void test_layout_view__net_errors(void **state)
{
    (void)state;
    char path[64];
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    struct pcdsim_update_layout u;
    memset(&u, 0, sizeof(u));

    // Application-core addresses in a "net" file.
    static const char outside[] = "b0n_container:\n  address: 0x0\n  size: 0x8800\n"
                                  "app:\n  address: 0x8800\n  size: 0x37800\n";
    assert_int_equal(load_text(outside, &l, &d, path), 0);
    assert_int_equal(pcdsim_update_layout_set_net(&u, &l, &d), PCDSIM_E_LAYOUT);
    assert_int_equal(d.line, 1);
    assert_true(contains(d.message, "'b0n_container' [0x0..0x8800) is empty or not inside network-core flash"));
    assert_false(u.net_from_file);
    pcdsim_layout_free(&l);

    // app on the same range as b0n_container (the loader accepts identical ranges; the view does not).
    static const char same[] = "b0n_container:\n  address: 0x1000000\n  size: 0x8800\n"
                               "app:\n  address: 0x1000000\n  size: 0x8800\n";
    assert_int_equal(load_text(same, &l, &d, path), 0);
    assert_int_equal(pcdsim_update_layout_set_net(&u, &l, &d), PCDSIM_E_LAYOUT);
    assert_int_equal(d.line, 4);
    assert_true(contains(d.message, "net-core 'app' starts at 0x1000000, inside 'b0n_container'"));
    assert_false(u.net_from_file);
    pcdsim_layout_free(&l);

    // provision where the file puts it, and refused outside the container.
    static const char moved[] = "b0n_container:\n  address: 0x1000000\n  size: 0xa000\n"
                                "provision:\n  address: 0x1009d80\n  size: 0x280\n"
                                "app:\n  address: 0x100a000\n  size: 0x36000\n";
    assert_int_equal(load_text(moved, &l, &d, path), 0);
    assert_int_equal(pcdsim_update_layout_set_net(&u, &l, &d), 0);
    assert_int_equal(u.net_provision_address, 0x1009d80);
    assert_int_equal(u.net_provision_size, 0x280);
    pcdsim_layout_free(&l);
    memset(&u, 0, sizeof(u));
    static const char prov_out[] = "b0n_container:\n  address: 0x1000000\n  size: 0x8800\n"
                                   "provision:\n  address: 0x1008800\n  size: 0x280\n"
                                   "app:\n  address: 0x1009000\n  size: 0x37000\n";
    assert_int_equal(load_text(prov_out, &l, &d, path), 0);
    assert_int_equal(pcdsim_update_layout_set_net(&u, &l, &d), PCDSIM_E_LAYOUT);
    assert_int_equal(d.line, 4);
    assert_true(contains(d.message, "net-core 'provision' [0x1008800..0x1008a80) is empty or not inside 'b0n_container'"));
    assert_false(u.net_from_file);
    pcdsim_layout_free(&l);

    // No app.
    static const char noapp[] = "b0n_container:\n  address: 0x1000000\n  size: 0x8800\n";
    assert_int_equal(load_text(noapp, &l, &d, path), 0);
    assert_int_equal(pcdsim_update_layout_set_net(&u, &l, &d), PCDSIM_E_LAYOUT);
    assert_true(contains(d.message, "no 'app' partition"));
    pcdsim_layout_free(&l);
}

/* ---------------------------------------------------------------------------------------------- */
/* printing */

static void test_layout_diag__print(void **state)
{
    (void)state;
    struct pcdsim_layout l;
    struct pcdsim_diag d;
    assert_int_equal(pcdsim_layout_load(PM_DIR "handmade-BAD-overlapping-slots.yml", &l, &d), PCDSIM_E_LAYOUT);
    FILE *f = tmpfile();
    assert_non_null(f);
    pcdsim_diag_print(&d, f);
    char out[4096];
    rewind(f);
    size_t n = fread(out, 1, sizeof(out) - 1, f);
    out[n] = '\0';
    fclose(f);
    assert_true(contains(out, PM_DIR "handmade-BAD-overlapping-slots.yml:15:12: error: partition 'mcuboot_secondary'"));
    assert_true(contains(out, "   15 |   address: 0x7c000\n"));
    assert_true(contains(out, "      |            ^\n"));
    assert_true(contains(out, "'mcuboot_primary' is defined at line 9, column 1"));
    assert_true(contains(out, "hint: move 'mcuboot_secondary' to 0x80000"));

    // A syntax error prints file:line:col too.
    char path[64];
    assert_int_equal(load_text("app:\n\taddress: 0x0\n", &l, &d, path), PCDSIM_E_YAML);
    f = tmpfile();
    assert_non_null(f);
    pcdsim_diag_print(&d, f);
    rewind(f);
    n = fread(out, 1, sizeof(out) - 1, f);
    out[n] = '\0';
    fclose(f);
    char want[128];
    snprintf(want, sizeof(want), "%s:2:1: error: invalid YAML", path);
    assert_true(contains(out, want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_fixture__internal),
        cmocka_unit_test(test_layout_fixture__extflash_mx25r64),
        cmocka_unit_test(test_layout_fixture__thingy53),
        cmocka_unit_test(test_layout_fixture__cpunet),
        cmocka_unit_test(test_layout_fixture__bad_overlap),
        cmocka_unit_test(test_layout_bad__table),
        cmocka_unit_test(test_layout_bad__unreadable),
        cmocka_unit_test(test_layout_bad__limits),
        cmocka_unit_test(test_layout_good__accepted_forms),
        cmocka_unit_test(test_layout_good__shared_children),
        cmocka_unit_test(test_layout_good__end_address_ignored),
        cmocka_unit_test(test_layout_good__pm_regions_and_parts),
        cmocka_unit_test(test_layout_devices),
        cmocka_unit_test(test_layout_nand),
        cmocka_unit_test(test_layout_ncs__extxip_3image),
        cmocka_unit_test(test_layout_ncs__pm_output),
        cmocka_unit_test(test_layout_view__errors),
        cmocka_unit_test(test_layout_view__net_errors),
        cmocka_unit_test(test_layout_diag__print),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
