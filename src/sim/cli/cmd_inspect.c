/* pcdsim inspect IMAGE [options]: the options in the table below (`pcdsim inspect --help`).
 *
 * What MCUboot's validation (src/pcd/image.c, the code under test) makes of an image file: the
 * header, the TLVs, the stored and computed hash, the signature verdict, which core it targets
 * and, with a layout, whether it fits; for a network-core image also what B0N's boot check makes
 * of its body. Exit 0 valid, 1 invalid (with the named reason and byte offset) or not fitting the
 * layout (too large for its slot; an application image linked outside mcuboot_primary), 2
 * unreadable input (image, key or layout; an empty image file; Intel HEX), 3 unverified (no --key:
 * everything but the signature checked). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "cli_util.h"
#include "cmd.h"
#include "inspect_n52.h"
#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcdsim/bufport.h"
#include "pcdsim/host_err.h"
#include "pcdsim/keys.h"
#include "pcdsim/image_file.h"
#include "pcdsim/layout.h"
#include "pcdsim/release_inputs.h"

#define MAX_KEYS 8

enum { O_KEY, O_LAYOUT, O_NET_LAYOUT, O_N52, O_COUNT };

static const struct cli_opt opts[O_COUNT] = {
    [O_KEY] = {"key", 0, "PUB.pem", "a trusted public key (ECDSA P-256, Ed25519 or RSA-2048), repeatable", CLI_REPEAT,
               NULL},
    [O_LAYOUT] = {"layout", 0, "FILE", "application-domain pm_static.yml (or zephyr.dts): check the image fits its slot",
                  0, NULL},
    [O_NET_LAYOUT] = {"net-layout", 0, "FILE", "network-domain partitions (partitions_CPUNET.yml, or the network-core\n"
                      "image's zephyr.dts; default: NCS, app 0x01008800 + 0x37800)", 0,
                      NULL},
    [O_N52] = {"nrf52-settings", 0, NULL, "IMAGE is an nRF5 SDK bootloader settings page dump (.bin: one page, or\n"
               "the backup page then the settings page; .hex: the pages at 0xFE000/0xFF000 or\n"
               "0x7E000/0x7F000): print its fields and CRC verdicts (docs/NRF52.md); exit 0 the\n"
               "CRCs hold, 1 one does not, 2 unreadable input", 0, NULL},
};

static const struct cli_spec spec = {
    "inspect", "IMAGE", 1,
    "Show what MCUboot's validation makes of a signed image, and whether it fits the layout.\n"
    "IMAGE is a .bin, an Intel .hex (read strictly, flattened), a dfu_application.zip or a\n"
    "dfu_multi_image.bin (each image judged; with --layout also the package's routing, PKG-ROUTE).\n",
    opts, O_COUNT,
    "exit: 0 valid (and, with --layout, fits it), 1 invalid (reason and byte offset printed) or does not\n"
    "fit the layout (larger than its slot, or an application image whose reset vector lies outside\n"
    "mcuboot_primary), 2 unreadable input (also an empty file, a bad Intel HEX or a bad package),\n"
    "      3 unverified: no --key given, the signature was NOT checked (the image is not known to be valid)\n",
};

static const char *tlv_name(uint16_t type)
{
    switch (type) {
    case PCD_TLV_KEYHASH: return "KEYHASH";
    case PCD_TLV_PUBKEY: return "PUBKEY";
    case PCD_TLV_SHA256: return "SHA256";
    case PCD_TLV_RSA2048_PSS: return "RSA2048_PSS";
    case PCD_TLV_ECDSA_SIG: return "ECDSA_SIG";
    case PCD_TLV_ED25519: return "ED25519";
    case PCD_TLV_DEPENDENCY: return "DEPENDENCY";
    case PCD_TLV_SEC_CNT: return "SEC_CNT";
    case PCD_TLV_BOOT_RECORD: return "BOOT_RECORD";
    default: return "?";
    }
}

static void hex(const uint8_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        printf("%02x", b[i]);
    }
}

/* Largest file inspect reads (64 MiB: any slot of the nRF5340 and its QSPI flash). */
#define INSPECT_IMAGE_FILE_MAX 0x4000000u

static void print_tlvs(const struct pcd_port *port, uint32_t len, const struct pcd_image_header *hdr)
{
    struct pcd_image_layout lay;
    if (pcd_image_layout_read(port, PCD_MEM_APP_FLASH, 0, len, hdr, &lay) != 0) {
        return;
    }
    struct pcd_image_tlv_iter it;
    if (pcd_image_tlv_begin(&it, port, PCD_MEM_APP_FLASH, 0, &lay) != 0) {
        return;
    }
    printf("TLVs:       protected area %u bytes, unprotected area at 0x%x (%u bytes)\n", lay.prot_size, lay.tlv_off,
           lay.tlv_size);
    for (;;) {
        struct pcd_image_tlv t;
        bool found = false;
        if (pcd_image_tlv_next(&it, &t, &found) != 0 || !found) {
            break;
        }
        printf("  0x%06x  %-12s (0x%02x) %3u bytes%s\n", t.off, tlv_name(t.type), t.type, t.len,
               t.prot ? "  [protected]" : "");
    }
}

/* An image and what it is judged with. */
struct inspect {
    const char *image, *layout_path, *net_layout_path;
    const char *const *key_paths;
    unsigned n_key_paths;
    uint8_t *data;
    uint32_t len;
    bool hex;          /* the file was Intel HEX (flattened from hex_base) */
    uint32_t hex_base;
    struct pcdsim_key keys[MAX_KEYS];
    struct pcd_key pkeys[MAX_KEYS];
    unsigned n_keys;
    struct pcdsim_layout app_layout;
    struct pcdsim_update_layout ul;
};

/* Inputs first: any unreadable one is exit 2 before anything is judged. 0, or -1 with the message. */
static int load_inputs(struct inspect *x)
{
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    x->ul.net_app_address = PCDSIM_NET_APP_ADDRESS;
    x->ul.net_app_size = PCDSIM_NET_APP_SIZE;
    struct pcdsim_image_file f; /* a binary as it is, Intel HEX read strictly and flattened */
    int rc = pcdsim_image_file_read(x->image, INSPECT_IMAGE_FILE_MAX, &f, &d);
    if (rc == PCDSIM_E_FILE) {
        fprintf(stderr, "%s: error: cannot read the image file (%s)\n", x->image, d.message);
        return -1;
    }
    if (rc != 0) {
        pcdsim_diag_print(&d, stderr); /* a bad Intel HEX: its line and column */
        return -1;
    }
    x->data = f.data;
    x->len = (uint32_t)f.len;
    x->hex = f.hex;
    x->hex_base = f.base;
    if (cli_refuse_input(x->image, x->data, x->len, "image file") != 0) {
        return -1;
    }
    for (unsigned i = 0; i < x->n_key_paths; i++) {
        if (pcdsim_key_load_pem(x->key_paths[i], &x->keys[x->n_keys], &d) != 0) {
            pcdsim_diag_print(&d, stderr);
            return -1;
        }
        x->pkeys[x->n_keys] = x->keys[x->n_keys].key;
        x->n_keys++;
    }
    /* the layout check every command makes (pcdsim_layout_load_board()) */
    if (x->layout_path != NULL
            ? pcdsim_release_load_layout(x->layout_path, x->net_layout_path, &x->app_layout, &x->ul, &d) != 0
            : x->net_layout_path != NULL && pcdsim_release_load_net_layout(&x->ul, x->net_layout_path, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        return -1;
    }
    pcdsim_layout_print_notes(&x->app_layout, stderr);
    return 0;
}

/* Header, TLVs, dependencies, hash, signature, target core. */
static void print_image(const struct inspect *x, const struct pcd_port *port, int verdict,
                        const struct pcd_image_result *r)
{
    if (x->hex) {
        printf("image:      %s (Intel HEX: %u bytes from 0x%08x)\n", x->image, x->len, x->hex_base);
    } else {
        printf("image:      %s (%u bytes)\n", x->image, x->len);
    }
    if (r->hdr_valid) {
        const struct pcd_image_header *h = &r->hdr;
        printf("header:     magic 0x%08x%s, load_addr 0x%08x, hdr_size 0x%x, protect_tlv_size 0x%x, img_size 0x%x (%u), flags 0x%x\n",
               h->magic, h->magic == 0x96f3b83du ? "" : " (NOT IMAGE_MAGIC)", h->load_addr, h->hdr_size,
               h->protect_tlv_size, h->img_size, h->img_size, h->flags);
        printf("version:    %u.%u.%u+%u\n", h->ver.major, h->ver.minor, h->ver.revision, (unsigned)h->ver.build);
        if (verdict != PCD_E_IMG_MAGIC) {
            print_tlvs(port, x->len, h);
        }
    }
    for (unsigned i = 0; i < r->dep_count; i++) {
        printf("depends on: image %u >= %u.%u.%u+%u\n", r->deps[i].image_id, r->deps[i].version.major,
               r->deps[i].version.minor, r->deps[i].version.revision, (unsigned)r->deps[i].version.build);
    }
    if (r->sec_cnt_valid) {
        printf("security counter: %u\n", r->sec_cnt);
    }
    if (r->stored_hash_valid) {
        printf("hash:       stored   ");
        hex(r->stored_hash, PCD_SHA256_LEN);
        printf("\n");
    }
    if (r->computed_hash_valid) {
        printf("            computed ");
        hex(r->computed_hash, PCD_SHA256_LEN);
        printf("  over [0, 0x%x) %s\n", r->layout.hashed_len, r->hash_ok ? "match" : "MISMATCH");
    }
    if (r->sig_checked) {
        if (r->sig_rc == 0) {
            printf("signature:  %s verified with key %d (%s)\n", tlv_name(r->sig_tlv_type), r->key_index,
                   x->key_paths[r->key_index]);
        } else {
            printf("signature:  %s\n", x->n_keys == 0 ? "NOT CHECKED (no --key given): anyone's key may have signed it"
                                                      : pcd_describe(r->sig_rc));
        }
    }
    if (r->reset_vector_valid) {
        printf("targets:    %s core (reset vector 0x%08x; network-core app partition 0x%08x..0x%08x)\n",
               r->targets_net ? "network" : "application", r->reset_vector, x->ul.net_app_address,
               x->ul.net_app_address + x->ul.net_app_size);
    }
}

/* B0N's view of a network-core body. */
static void print_body(const struct inspect *x, const struct pcd_image_result *r)
{
    if (!r->hdr_valid || !r->targets_net || (uint64_t)r->hdr.hdr_size + r->hdr.img_size > x->len) {
        return;
    }
    struct pcdsim_bufport body;
    struct pcd_fwinfo_result fr;
    if (pcdsim_bufport_init(&body, x->data + r->hdr.hdr_size, r->hdr.img_size, PCD_MEM_APP_FLASH, 0) == 0) {
        int b = pcd_fwinfo_validate(&body.port, 0, r->hdr.img_size, x->ul.net_app_address, x->ul.net_app_address,
                                    x->ul.net_app_size, &fr);
        if (fr.fwinfo_valid) {
            printf("fw_info:    version %u, size 0x%x, address 0x%08x, boot 0x%08x\n", fr.fwinfo.version,
                   fr.fwinfo.size, fr.fwinfo.address, fr.fwinfo.boot_address);
        }
        printf("B0N check:  %s\n", b == 0 ? "the body would boot at its destination" : pcd_describe(b));
    }
}

/* Fit against the layout (none given: fits). */
static bool fits_layout(const struct inspect *x, const struct pcd_image_result *r)
{
    const struct pcdsim_update_layout *ul = &x->ul;
    bool fits = true;
    if (x->layout_path != NULL && r->layout_valid) {
        const struct pcdsim_slot *slot = r->targets_net && ul->secondary_1.present ? &ul->secondary_1 : &ul->secondary;
        const char *name = r->targets_net && ul->secondary_1.present ? "mcuboot_secondary_1" : "mcuboot_secondary";
        fits = slot->present && r->layout.end <= slot->size;
        printf("layout:     %s is 0x%x bytes; the image needs 0x%x: %s\n", name, slot->size, r->layout.end,
               fits ? "fits" : "DOES NOT FIT");
    }
    /* An application image runs from mcuboot_primary: its reset vector must lie there, or it was
     * linked for another layout (MCUboot installs it; it crashes). A mismatch counts as not fitting. */
    if (x->layout_path != NULL && r->reset_vector_valid && !r->targets_net &&
        ((r->reset_vector & ~1u) < ul->primary.address ||
         (uint64_t)(r->reset_vector & ~1u) >= (uint64_t)ul->primary.address + ul->primary.size)) {
        printf("layout:     WARNING: the reset vector 0x%08x lies outside the primary slot mcuboot_primary "
               "(0x%08x..0x%08x): the image is linked for another layout and would not run from this one\n",
               r->reset_vector, ul->primary.address, ul->primary.address + ul->primary.size);
        fits = false;
    }
    return fits;
}

/* The verdict line; the exit code. */
static int print_verdict(const struct inspect *x, int verdict, const struct pcd_image_result *r, bool fits)
{
    if (x->n_keys == 0 && (verdict == PCD_E_IMG_KEY_UNKNOWN || verdict == PCD_E_IMG_SIG)) {
        /* never "valid": a rogue-signed image looks the same without the key */
        printf("verdict:    UNVERIFIED: header, TLVs and hash are consistent, but the signature was NOT checked (no "
               "--key given); give --key PUB.pem to validate\n");
        return fits ? PCDSIM_EXIT_UNVERIFIED : PCDSIM_EXIT_VERDICT;
    }
    if (verdict == 0) {
        printf("verdict:    valid\n");
        return fits ? PCDSIM_EXIT_OK : PCDSIM_EXIT_VERDICT;
    }
    if (x->len < PCD_IMAGE_HEADER_SIZE) {
        printf("verdict:    INVALID: the file is %u bytes, shorter than the %u-byte image header\n", x->len,
               PCD_IMAGE_HEADER_SIZE);
    } else {
        printf("verdict:    INVALID: %s (%s)\n", pcd_describe(verdict), pcd_strerror(verdict));
    }
    cli_image_error(stderr, x->image, x->len, verdict, r);
    return PCDSIM_EXIT_VERDICT;
}

/* Validate and report the image in x->data: the exit code. */
static int inspect_one(struct inspect *x)
{
    struct pcdsim_bufport bp;
    if (pcdsim_bufport_init(&bp, x->data, x->len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR) != 0) {
        return PCDSIM_EXIT_INPUT;
    }
    struct pcd_image_config ic = {x->pkeys, x->n_keys, x->ul.net_app_address, x->ul.net_app_size};
    struct pcd_image_result r;
    int verdict = pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, x->len, &ic, &r);
    print_image(x, &bp.port, verdict, &r);
    print_body(x, &r);
    bool fits = fits_layout(x, &r);
    return print_verdict(x, verdict, &r, fits);
}

/* Severity of an exit code: ok < unverified < verdict failed < bad input. */
static int severity(int rc)
{
    return rc == PCDSIM_EXIT_OK ? 0 : rc == PCDSIM_EXIT_UNVERIFIED ? 1 : rc == PCDSIM_EXIT_VERDICT ? 2 : 3;
}

/* A dfu_application.zip or dfu_multi_image.bin: every image judged, and with a layout the
 * package's routing (PKG-ROUTE); the exit code is the worst. */
static int inspect_package(struct inspect *x)
{
    struct pcdsim_package p;
    struct pcdsim_diag d;
    if (pcdsim_package_load(x->image, &p, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        pcdsim_package_free(&p);
        return PCDSIM_EXIT_INPUT;
    }
    printf("package:    %s (%s, %zu image(s))\n", x->image, p.is_zip ? "dfu_application.zip" : "dfu_multi_image.bin",
           p.count);
    const char *path = x->image;
    uint8_t *data = x->data;
    uint32_t len = x->len;
    int worst = PCDSIM_EXIT_OK;
    for (size_t i = 0; i < p.count; i++) {
        const struct pcdsim_pkg_image *im = &p.images[i];
        char name[PCDSIM_DFU_STR_MAX + 600];
        snprintf(name, sizeof(name), "%s:%s", path, im->name);
        printf("\n%s: image_index %d, slots %d/%d%s\n", im->name, im->image_index, im->slot_primary, im->slot_secondary,
               p.is_zip ? "" : " (not given by a multi-image package)");
        x->image = name;
        x->data = (uint8_t *)(uintptr_t)im->data;
        x->len = (uint32_t)im->len;
        int rc = inspect_one(x);
        worst = severity(rc) > severity(worst) ? rc : worst;
    }
    x->image = path;
    x->data = data;
    x->len = len;
    if (x->layout_path != NULL) {
        struct pcdsim_pkg_verdict v;
        pcdsim_pkg_route(p.images, p.count, &x->ul, &v);
        printf("\nrouting:    %s %s: %s\n", v.pass ? "PASS" : "FAIL", v.id, v.detail);
        worst = !v.pass && severity(worst) < severity(PCDSIM_EXIT_VERDICT) ? PCDSIM_EXIT_VERDICT : worst;
    }
    pcdsim_package_free(&p);
    return worst;
}

/* Load, validate, report: the exit code. */
static int inspect_run(struct inspect *x)
{
    if (load_inputs(x) != 0) {
        return PCDSIM_EXIT_INPUT;
    }
    return !x->hex && pcdsim_package_probe(x->data, x->len) ? inspect_package(x) : inspect_one(x);
}

int cmd_inspect(int argc, char **argv)
{
    struct cli_args a;
    int rc = cli_parse(&spec, argc, argv, &a);
    if (rc != CLI_GO) {
        return rc;
    }
    struct inspect *x = calloc(1, sizeof(*x));
    if (x == NULL) {
        cli_args_free(&a);
        return PCDSIM_EXIT_INPUT;
    }
    x->image = a.n_args > 0 ? a.args[0] : NULL;
    x->layout_path = cli_val(&a, O_LAYOUT, NULL);
    x->net_layout_path = cli_val(&a, O_NET_LAYOUT, NULL);
    x->key_paths = a.val[O_KEY];
    x->n_key_paths = a.count[O_KEY];
    if (x->n_key_paths > MAX_KEYS) {
        fprintf(stderr, "pcdsim inspect: at most %d keys\n", MAX_KEYS);
        rc = PCDSIM_EXIT_INPUT;
    } else if (x->image == NULL) {
        cli_usage(&spec, stderr);
        rc = PCDSIM_EXIT_INPUT;
    } else if (a.count[O_N52] > 0) {
        rc = x->n_key_paths || x->layout_path || x->net_layout_path
                 ? cli_usage_error(&spec, "--nrf52-settings takes no --key, --layout or --net-layout")
                 : inspect_n52_settings(x->image);
    } else {
        rc = inspect_run(x);
    }
    for (unsigned i = 0; i < x->n_keys; i++) {
        pcdsim_key_free(&x->keys[i]);
    }
    pcdsim_layout_free(&x->app_layout);
    free(x->data);
    free(x);
    cli_args_free(&a);
    return rc;
}
