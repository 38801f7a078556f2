/* Writes realistic NCS release outputs into a build-tree folder from the shared fixture images
 * (test/release/CMakeLists.txt runs it; nothing here is committed as a binary):
 *   OUT/sysbuild/      a sysbuild (NCS >= 2.7) build directory, net v2 + app v2
 *   OUT/sysbuild-v1/   the previous release: net v1 + app v1
 *   OUT/childimage/    a child-image (NCS <= 2.8) build directory
 *   OUT/dts/           a sysbuild directory without Partition Manager: mcuboot/zephyr/zephyr.dts
 *   OUT/bad/           the bad inputs of issue 14 (zips, HEX, DTS)
 * Usage: mkrelease SHARED_FIXTURES_DIR OUT_DIR */
#include <cbor.h>
#include <cJSON.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

static const char *fix, *out;

static void die(const char *what, const char *path)
{
    fprintf(stderr, "mkrelease: %s: %s (%s)\n", what, path, strerror(errno));
    exit(2);
}

static uint8_t *slurp(const char *rel, size_t *len)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/%s", fix, rel);
    FILE *f = fopen(p, "rb");
    if (f == NULL) {
        die("cannot read", p);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
        die("cannot read", p);
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void mkdirs(const char *rel)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/%s", out, rel);
    for (char *s = p + strlen(out) + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0777);
            *s = '/';
        }
    }
    mkdir(p, 0777);
}

static void put(const char *rel, const void *data, size_t len)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/%s", out, rel);
    FILE *f = fopen(p, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        die("cannot write", p);
    }
}

static void copy(const char *from_rel, const char *to_rel)
{
    size_t n;
    uint8_t *b = slurp(from_rel, &n);
    put(to_rel, b, n);
    free(b);
}

/* Intel HEX writer for the merged files (the single-image .hex files are written by objcopy, an
 * independent writer; see CMakeLists.txt). */
struct seg {
    uint32_t addr;
    const uint8_t *data;
    size_t len;
};

static void hex_record(FILE *f, unsigned type, unsigned addr16, const uint8_t *d, unsigned n, int bad_sum)
{
    unsigned sum = n + (addr16 >> 8) + (addr16 & 0xff) + type;
    fprintf(f, ":%02X%04X%02X", n, addr16, type);
    for (unsigned i = 0; i < n; i++) {
        fprintf(f, "%02X", d[i]);
        sum += d[i];
    }
    fprintf(f, "%02X\n", ((0x100u - (sum & 0xff)) + (unsigned)bad_sum) & 0xff);
}

/* bad: 0 good, 1 a wrong checksum on the 3rd data record, 2 the second segment overlaps the first. */
static void write_hex(const char *rel, const struct seg *s, size_t n, int bad)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/%s", out, rel);
    FILE *f = fopen(p, "w");
    if (f == NULL) {
        die("cannot write", p);
    }
    unsigned upper = 0x10000, records = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t o = 0; o < s[i].len; o += 16) {
            uint32_t a = s[i].addr + (uint32_t)o;
            if (a >> 16 != upper) {
                upper = a >> 16;
                uint8_t u[2] = {(uint8_t)(upper >> 8), (uint8_t)upper};
                hex_record(f, 4, 0, u, 2, 0);
            }
            unsigned len = s[i].len - o < 16 ? (unsigned)(s[i].len - o) : 16;
            hex_record(f, 0, a & 0xffff, s[i].data + o, len, bad == 1 && ++records == 3 ? 1 : 0);
        }
    }
    hex_record(f, 1, 0, NULL, 0, 0);
    if (fclose(f) != 0) {
        die("cannot write", p);
    }
}

/* Provision area (facts §2.2) holding the hash of the B0 key in @p net_raw's validation info. */
static void provision(uint8_t *pv, const uint8_t *net_raw, size_t net_len, uint16_t counter, int other_key)
{
    memset(pv, 0xFF, 0x280);
    memset(pv, 0, 40);
    const uint32_t words[] = {0x01008800u, 0x01008800u, 1u, 0x50FAFFFFu};
    for (int i = 0; i < 4; i++) {
        for (int b = 0; b < 4; b++) {
            pv[40 + 4 * i + b] = (uint8_t)(words[i] >> (8 * b));
        }
    }
    uint32_t fw_size = net_raw[0x210] | net_raw[0x211] << 8 | net_raw[0x212] << 16 | (uint32_t)net_raw[0x213] << 24;
    size_t vi = (fw_size + 3) & ~3u;
    if (vi + 176 > net_len) {
        fprintf(stderr, "mkrelease: no validation info\n");
        exit(2);
    }
    uint8_t h[32];
    unsigned hl;
    EVP_Digest(net_raw + vi + 48, 64, h, &hl, EVP_sha256(), NULL);
    if (other_key) {
        h[0] ^= 0xFF;
    }
    memcpy(pv + 56, h, 16);
    /* counter collection: type 1, one counter (description 1, 2 slots), the first slot = ~counter */
    const uint16_t cc[] = {1, 1, 1, 2, (uint16_t)~counter, 0xFFFF};
    for (int i = 0; i < 6; i++) {
        pv[72 + 2 * i] = (uint8_t)cc[i];
        pv[73 + 2 * i] = (uint8_t)(cc[i] >> 8);
    }
}

static void merged_cpunet(const char *rel, const char *net_raw_rel, uint16_t counter, int other_key)
{
    uint8_t b0n[0x600], pv[0x280];
    for (size_t i = 0; i < sizeof(b0n); i++) {
        b0n[i] = (uint8_t)(i * 7 + 3);
    }
    size_t nl;
    uint8_t *net = slurp(net_raw_rel, &nl);
    provision(pv, net, nl, counter, other_key);
    const struct seg s[] = {{0x01000000u, b0n, sizeof(b0n)}, {0x01008580u, pv, sizeof(pv)}, {0x01008800u, net, nl}};
    write_hex(rel, s, 3, 0);
    free(net);
}

static void merged_app(const char *rel, const char *signed_rel)
{
    size_t n;
    uint8_t *b = slurp(signed_rel, &n);
    const struct seg s[] = {{0x0000C000u, b, n}};
    write_hex(rel, s, 1, 0);
    free(b);
}

struct zent {
    const char *src;  /* fixture file */
    const char *name; /* name in the zip */
    const char *index; /* image_index as written ("0"), or "int:N" for an integer */
    int missing;       /* listed in the manifest but not stored */
};

static cJSON *manifest(const struct zent *e, size_t n)
{
    cJSON *root = cJSON_CreateObject(), *files = cJSON_CreateArray();
    cJSON_AddNumberToObject(root, "format-version", 0);
    cJSON_AddNumberToObject(root, "time", 1786862021);
    cJSON_AddStringToObject(root, "name", "pcdsim_fixture");
    for (size_t i = 0; i < n; i++) {
        size_t len;
        uint8_t *b = slurp(e[i].src, &len);
        uint32_t rv = b[0x204] | b[0x205] << 8 | b[0x206] << 16 | (uint32_t)b[0x207] << 24;
        int net = rv >= 0x01000000u;
        free(b);
        int idx = atoi(strncmp(e[i].index, "int:", 4) == 0 ? e[i].index + 4 : e[i].index);
        char s1[16], s2[16];
        snprintf(s1, sizeof(s1), "%d", idx * 2 + 1);
        snprintf(s2, sizeof(s2), "%d", idx * 2 + 2);
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "type", "application");
        cJSON_AddStringToObject(f, "board", net ? "nrf5340dk/nrf5340/cpunet" : "nrf5340dk/nrf5340/cpuapp");
        cJSON_AddStringToObject(f, "soc", "nrf5340");
        cJSON_AddNumberToObject(f, "load_address", net ? 0x01008800 : 0xC200);
        if (strncmp(e[i].index, "int:", 4) == 0) {
            cJSON_AddNumberToObject(f, "image_index", idx);
        } else {
            cJSON_AddStringToObject(f, "image_index", e[i].index);
        }
        cJSON_AddStringToObject(f, "slot_index_primary", s1);
        cJSON_AddStringToObject(f, "slot_index_secondary", s2);
        cJSON_AddStringToObject(f, net ? "version" : "version_MCUBOOT", net ? "2" : "2.0.0+0");
        cJSON_AddNumberToObject(f, "size", (double)len);
        cJSON_AddStringToObject(f, "file", e[i].name);
        cJSON_AddNumberToObject(f, "modtime", 1786861789);
        cJSON_AddItemToArray(files, f);
    }
    cJSON_AddItemToObject(root, "files", files);
    return root;
}

static void write_zip(const char *rel, const struct zent *e, size_t n, int with_manifest, const char *copy_manifest)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/%s", out, rel);
    remove(p);
    int err = 0;
    zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (z == NULL) {
        die("cannot create zip", p);
    }
    cJSON *m = manifest(e, n);
    char *text = cJSON_Print(m);
    cJSON_Delete(m);
    if (with_manifest) {
        zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);
        zip_file_add(z, "manifest.json", s, ZIP_FL_OVERWRITE);
    }
    uint8_t *bufs[8] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t len;
        bufs[i] = slurp(e[i].src, &len);
        if (!e[i].missing) {
            zip_file_add(z, e[i].name, zip_source_buffer(z, bufs[i], len, 0), ZIP_FL_OVERWRITE);
        }
    }
    if (zip_close(z) != 0) {
        die("cannot write zip", p);
    }
    if (copy_manifest != NULL) {
        put(copy_manifest, text, strlen(text));
    }
    for (size_t i = 0; i < n; i++) {
        free(bufs[i]);
    }
    free(text);
}

/* A dfu_multi_image.bin of @p app_rel (id 0) and @p net_rel (id @p net_id), @p cut bytes shorter
 * (or -@p cut bytes longer, 0xFF) than its header says. */
static void multi_image_ex(const char *rel, const char *app_rel, const char *net_rel, int net_id, long cut)
{
    size_t al, nl;
    uint8_t *a = slurp(app_rel, &al), *nb = slurp(net_rel, &nl);
    cbor_item_t *root = cbor_new_definite_map(1), *arr = cbor_new_definite_array(2);
    const struct {
        int id;
        size_t size;
    } im[2] = {{0, al}, {net_id, nl}};
    for (int i = 0; i < 2; i++) {
        cbor_item_t *e = cbor_new_definite_map(2);
        cbor_map_add(e, (struct cbor_pair){cbor_move(cbor_build_string("id")), cbor_move(cbor_build_uint8((uint8_t)im[i].id))});
        cbor_map_add(e, (struct cbor_pair){cbor_move(cbor_build_string("size")), cbor_move(cbor_build_uint32((uint32_t)im[i].size))});
        cbor_array_push(arr, cbor_move(e));
    }
    cbor_map_add(root, (struct cbor_pair){cbor_move(cbor_build_string("img")), cbor_move(arr)});
    unsigned char *hdr = NULL;
    size_t cap = 0, hl = cbor_serialize_alloc(root, &hdr, &cap);
    cbor_decref(&root);
    size_t total = 2 + hl + al + nl;
    uint8_t *f = malloc(total + (cut < 0 ? (size_t)-cut : 0u));
    if (cut < 0) {
        memset(f + total, 0xFF, (size_t)-cut);
    }
    f[0] = (uint8_t)hl;
    f[1] = (uint8_t)(hl >> 8);
    memcpy(f + 2, hdr, hl);
    memcpy(f + 2 + hl, a, al);
    memcpy(f + 2 + hl + al, nb, nl);
    put(rel, f, (size_t)((long)total - cut));
    free(f);
    free(hdr);
    free(a);
    free(nb);
}

static const char dk_dts[] =
    "/dts-v1/;\n"
    "/ {\n"
    "\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
    "\tsoc {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
    "\t\tflash_controller: flash-controller@39000 {\n\t\t\tcompatible = \"nordic,nrf53-flash-controller\";\n"
    "\t\t\treg = <0x39000 0x1000>;\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <1>;\n"
    "\t\t\tflash0: flash@0 {\n\t\t\t\tcompatible = \"soc-nv-flash\";\n\t\t\t\treg = <0x0 0x100000>;\n"
    "%s"
    "\t\t\t};\n\t\t};\n"
    "\t\tsram0_dfu_shared: memory@20000000 {\n\t\t\treg = <0x20000000 0x2000>;\n\t\t};\n"
    "\t\tqspi: qspi@2b000 {\n\t\t\treg = <0x2b000 0x1000>;\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <0>;\n"
    "\t\t\tmx25r64: mx25r6435f@0 {\n\t\t\t\tcompatible = \"nordic,qspi-nor\";\n\t\t\t\treg = <0>;\n"
    "\t\t\t\tpartitions {\n\t\t\t\t\tcompatible = \"fixed-partitions\";\n\t\t\t\t\t#address-cells = <1>;\n"
    "\t\t\t\t\t#size-cells = <1>;\n"
    "\t\t\t\t\tslot1_partition: partition@0 {\n\t\t\t\t\t\tlabel = \"image-1\";\n\t\t\t\t\t\treg = <0x0 0x74000>;\n\t\t\t\t\t};\n"
    "\t\t\t\t\tslot3_partition: partition@74000 {\n\t\t\t\t\t\tlabel = \"image-3\";\n\t\t\t\t\t\treg = <0x74000 0x40000>;\n\t\t\t\t\t};\n"
    "\t\t\t\t};\n\t\t\t};\n\t\t};\n\t};\n"
    "\tnordic_ram_flash_controller: nordic_ram-flash-controller@0 {\n"
    "\t\tcompatible = \"zephyr,sim-flash\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
    "\t\terase-value = <0xff>;\n\t\tstatus = \"disabled\";\n"
    "\t\tflash_sim0: flash_sim@0 {\n\t\t\tcompatible = \"soc-nv-flash\";\n\t\t\treg = <0x0 0x38000>;\n"
    "\t\t\terase-block-size = <4096>;\n\t\t\twrite-block-size = <4>;\n"
    "\t\t\tpartitions {\n\t\t\t\tcompatible = \"fixed-partitions\";\n\t\t\t\t#address-cells = <1>;\n\t\t\t\t#size-cells = <1>;\n"
    "\t\t\t\tslot2_partition: partition@0 {\n\t\t\t\t\tlabel = \"image-2\";\n\t\t\t\t\treg = <0x0 0x38000>;\n\t\t\t\t};\n"
    "\t\t\t};\n\t\t};\n\t};\n"
    "};\n";

static const char dk_flash0_parts[] =
    "\t\t\t\tpartitions {\n\t\t\t\t\tcompatible = \"fixed-partitions\";\n\t\t\t\t\t#address-cells = <1>;\n"
    "\t\t\t\t\t#size-cells = <1>;\n"
    "\t\t\t\t\tboot_partition: partition@0 {\n\t\t\t\t\t\tlabel = \"mcuboot\";\n\t\t\t\t\t\treg = <0x0 0xc000>;\n\t\t\t\t\t};\n"
    "\t\t\t\t\tslot0_partition: partition@c000 {\n\t\t\t\t\t\tlabel = \"image-0\";\n\t\t\t\t\t\treg = <0xc000 0x74000>;\n\t\t\t\t\t};\n"
    "\t\t\t\t};\n";

/* The network core's devicetree (nrf5340_cpunet: flash1 at 0x01000000; facts §2.1 partitions). */
static const char net_dts[] =
    "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
    "\tsoc {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
    "\t\tflash_controller: flash-controller@41080000 {\n\t\t\tcompatible = \"nordic,nrf53-flash-controller\";\n"
    "\t\t\treg = <0x41080000 0x1000>;\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <1>;\n"
    "\t\t\tflash1: flash@1000000 {\n\t\t\t\tcompatible = \"soc-nv-flash\";\n\t\t\t\treg = <0x1000000 0x40000>;\n"
    "\t\t\t\tpartitions {\n\t\t\t\t\tcompatible = \"fixed-partitions\";\n\t\t\t\t\t#address-cells = <1>;\n"
    "\t\t\t\t\t#size-cells = <1>;\n"
    "\t\t\t\t\tb0n_partition: partition@0 {\n\t\t\t\t\t\tlabel = \"b0n\";\n\t\t\t\t\t\treg = <0x0 0x8580>;\n\t\t\t\t\t};\n"
    "\t\t\t\t\tprovision_partition: partition@8580 {\n\t\t\t\t\t\tlabel = \"b0-provision-data\";\n"
    "\t\t\t\t\t\treg = <0x8580 0x280>;\n\t\t\t\t\t};\n"
    "\t\t\t\t\ts0_partition: partition@8800 {\n\t\t\t\t\t\tlabel = \"image-0\";\n\t\t\t\t\t\treg = <0x8800 0x37800>;\n"
    "\t\t\t\t\t};\n\t\t\t\t};\n\t\t\t};\n\t\t};\n\t};\n};\n";

static void dts(const char *rel, int with_partitions)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/%s", out, rel);
    FILE *f = fopen(p, "w");
    if (f == NULL) {
        die("cannot write", p);
    }
    if (with_partitions) {
        fprintf(f, dk_dts, dk_flash0_parts);
    } else {
        fputs("/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tchosen {\n\t};\n};\n", f);
    }
    fclose(f);
}

#define NET2 "signed/net-v2-150k_ecdsa-p256.bin"
#define APP2 "signed/app-v2-200k_ecdsa-p256.bin"
#define NET1 "signed/net-v1-32k_ecdsa-p256.bin"
#define APP1 "signed/app-v1-64k_ecdsa-p256.bin"
#define PM_APP "pm/handmade-nrf5340dk-extflash-mx25r64.yml"
#define PM_NET "pm/borus-cpunet-generated-partitions.yml"

static void multi_image(const char *rel, const char *app_rel, const char *net_rel)
{
    multi_image_ex(rel, app_rel, net_rel, 1, 0);
}

static void sysbuild(const char *d, const char *app, const char *net, const char *net_raw, const char *cur_raw)
{
    char p[256], q[256];
    snprintf(p, sizeof(p), "%s/app/zephyr", d);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/app/zephyr/zephyr.signed.bin", d);
    copy(app, p);
    snprintf(p, sizeof(p), "%s/signed_by_mcuboot_and_b0_ipc_radio.bin", d);
    copy(net, p);
    snprintf(p, sizeof(p), "%s/signed_by_b0_ipc_radio.bin", d);
    copy(net_raw, p);
    snprintf(p, sizeof(p), "%s/merged_CPUNET.hex", d);
    merged_cpunet(p, cur_raw, 1, 0);
    snprintf(p, sizeof(p), "%s/merged.hex", d);
    merged_app(p, APP1);
    const struct zent z[] = {{app, "app.signed.bin", "0", 0}, {net, "ipc_radio.bin", "1", 0}};
    snprintf(p, sizeof(p), "%s/dfu_application.zip", d);
    snprintf(q, sizeof(q), "%s/dfu_application.zip_manifest.json", d);
    write_zip(p, z, 2, 1, q);
    snprintf(p, sizeof(p), "%s/dfu_multi_image.bin", d);
    multi_image(p, app, net);
    snprintf(p, sizeof(p), "%s/partitions.yml", d);
    copy(PM_APP, p);
    snprintf(p, sizeof(p), "%s/partitions_CPUNET.yml", d);
    copy(PM_NET, p);
}

static void childimage(void)
{
    mkdirs("childimage/zephyr");
    mkdirs("childimage/hci_rpmsg/zephyr");
    copy(APP2, "childimage/zephyr/app_update.bin");
    copy(NET2, "childimage/zephyr/net_core_app_update.bin");
    merged_cpunet("childimage/hci_rpmsg/zephyr/merged_CPUNET.hex", "raw/net-v1-32k-ncs.bin", 1, 0);
    merged_app("childimage/zephyr/merged.hex", APP1);
    const struct zent z[] = {{APP2, "app_update.bin", "0", 0}, {NET2, "net_core_app_update.bin", "1", 0}};
    write_zip("childimage/zephyr/dfu_application.zip", z, 2, 1, NULL);
    copy(PM_APP, "childimage/partitions.yml");
    copy(PM_NET, "childimage/hci_rpmsg/partitions_CPUNET.yml");
}

static void bad(void)
{
    mkdirs("bad");
    const struct zent good[] = {{APP2, "app.signed.bin", "0", 0}, {NET2, "ipc_radio.bin", "1", 0}};
    const struct zent swapped[] = {{APP2, "app.signed.bin", "1", 0}, {NET2, "ipc_radio.bin", "0", 0}};
    const struct zent missing[] = {{APP2, "app.signed.bin", "0", 0}, {NET2, "ipc_radio.bin", "1", 1}};
    const struct zent integer[] = {{APP2, "app.signed.bin", "0", 0}, {NET2, "ipc_radio.bin", "int:1", 0}};
    write_zip("bad/no-manifest.zip", good, 2, 0, NULL);
    /* dfu_multi_image.bin: truncated, an unknown image id, bytes after the last image (issue 18) */
    multi_image_ex("bad/multi-truncated.bin", APP2, NET2, 1, 1);
    multi_image_ex("bad/multi-unknown-id.bin", APP2, NET2, 2, 0);
    multi_image_ex("bad/multi-trailing.bin", APP2, NET2, 1, -16);
    write_zip("bad/swapped-indices.zip", swapped, 2, 1, NULL);
    write_zip("bad/missing-file.zip", missing, 2, 1, NULL);
    write_zip("bad/integer-index.zip", integer, 2, 1, NULL);
    size_t n;
    uint8_t *b = slurp(NET2, &n);
    const struct seg one[] = {{0x01008600u, b, 256}};
    write_hex("bad/bad-checksum.hex", one, 1, 1);
    const struct seg two[] = {{0x01008600u, b, 64}, {0x01008620u, b + 100, 64}};
    write_hex("bad/overlap.hex", two, 2, 0);
    free(b);
    dts("bad/no-partitions.dts", 0);
    mkdirs("bad/other-key");
    merged_cpunet("bad/other-key/merged_CPUNET.hex", "raw/net-v1-32k-ncs.bin", 1, 1);
    mkdirs("bad/high-counter");
    merged_cpunet("bad/high-counter/merged_CPUNET.hex", "raw/net-v1-32k-ncs.bin", 3, 0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkrelease SHARED_FIXTURES_DIR OUT_DIR\n");
        return 2;
    }
    fix = argv[1];
    out = argv[2];
    mkdirs("");
    mkdirs("sysbuild");
    sysbuild("sysbuild", APP2, NET2, "raw/net-v2-150k-ncs.bin", "raw/net-v1-32k-ncs.bin");
    mkdirs("sysbuild-v1");
    sysbuild("sysbuild-v1", APP1, NET1, "raw/net-v1-32k-ncs.bin", "raw/net-v1-32k-ncs.bin");
    childimage();
    mkdirs("dts/mcuboot/zephyr");
    sysbuild("dts", APP2, NET2, "raw/net-v2-150k-ncs.bin", "raw/net-v1-32k-ncs.bin");
    char p[1024];
    snprintf(p, sizeof(p), "%s/dts/partitions.yml", out);
    remove(p);
    snprintf(p, sizeof(p), "%s/dts/partitions_CPUNET.yml", out);
    remove(p);
    dts("dts/mcuboot/zephyr/zephyr.dts", 1);
    mkdirs("dts/ipc_radio/zephyr");
    put("dts/ipc_radio/zephyr/zephyr.dts", net_dts, sizeof(net_dts) - 1);
    bad();
    return 0;
}
