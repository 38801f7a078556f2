/* Small helpers shared by the pcdsim commands. */
#include "cli_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pcd/err.h"
#include "pcd/image.h"
#include "pcdsim/file_kind.h"
#include "pcdsim/layout.h"
#include "pcdsim/runner.h"

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-') {
        return -1;
    }
    *out = v;
    return 0;
}

void cli_xml_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

int cli_out_open(struct cli_out *o, const char *path, const char *who)
{
    size_t n = strlen(path) + sizeof(".part~");
    o->path = path;
    o->f = NULL;
    o->tmp = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* found now, not at the rename after the work (and after other outputs were committed) */
        fprintf(stderr, "%s: cannot write '%s': not a regular file\n", who, path);
        return -1;
    }
    o->tmp = malloc(n);
    if (o->tmp != NULL) {
        snprintf(o->tmp, n, "%s.part~", path);
        o->f = fopen(o->tmp, "w");
    }
    if (o->f == NULL) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", who, path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

int cli_out_commit(struct cli_out *o, const char *who)
{
    int ok = ferror(o->f) == 0;
    ok &= fclose(o->f) == 0;
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) == 0) {
        free(o->tmp);
        o->tmp = NULL;
        return 0;
    }
    fprintf(stderr, "%s: cannot write '%s'\n", who, o->path);
    remove(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return -1;
}

void cli_out_abandon(struct cli_out *o)
{
    if (o->f != NULL) {
        fclose(o->f);
        o->f = NULL;
    }
    if (o->tmp != NULL) {
        remove(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
}

/* Byte offset a verdict points at: the header field, the TLV entry, or where the TLV area starts
 * (or should start). */
static long long verdict_offset(int verdict, const struct pcd_image_result *r)
{
    const long long tlv_area = r->hdr_valid ? (long long)r->hdr.hdr_size + r->hdr.img_size : 0;
    switch (verdict) {
    case PCD_E_IMG_MAGIC: return 0;
    case PCD_E_IMG_HEADER: return r->hdr_valid && r->hdr.hdr_size < PCD_IMAGE_HEADER_SIZE ? 8 : 16; /* ih_hdr_size / ih_flags */
    case PCD_E_IMG_OVERFLOW: return 12; /* ih_img_size */
    case PCD_E_IMG_HASH:
    case PCD_E_IMG_TLV_DUP: return r->sha_tlv_off;
    case PCD_E_IMG_KEY_UNKNOWN:
        return r->keyhash_tlv_off ? r->keyhash_tlv_off : r->sig_tlv_off ? r->sig_tlv_off : tlv_area;
    case PCD_E_IMG_SIG:
    case PCD_E_IMG_NO_SIG: return r->sig_tlv_off ? r->sig_tlv_off : tlv_area;
    case PCD_E_IMG_TOO_LARGE: return 12; /* ih_img_size */
    default: return tlv_area;
    }
}

void cli_image_error(FILE *f, const char *image, uint32_t len, int verdict, const struct pcd_image_result *r)
{
    if (len < PCD_IMAGE_HEADER_SIZE) {
        fprintf(f, "%s: byte offset %u (0x%x): the file ends inside the %u-byte image header\n", image, len, len,
                PCD_IMAGE_HEADER_SIZE);
        return;
    }
    const long long off = verdict_offset(verdict, r);
    fprintf(f, "%s: byte offset %lld (0x%llx): %s\n", image, off, off, pcd_describe(verdict));
}

int cli_refuse_input(const char *path, const uint8_t *data, uint32_t len, const char *what)
{
    if (len == 0) {
        fprintf(stderr, "%s: error: the %s is empty (0 bytes)\n"
                        "  hint: name the signed image the build wrote; an empty file is never an image\n",
                path, what);
        return -1;
    }
    if (pcdsim_is_intel_hex(data, len)) {
        fprintf(stderr, "%s: error: the %s is an Intel HEX file (text records ':LLAAAATT...'), not a binary "
                        "image\n  hint: %s\n", path, what, pcdsim_intel_hex_hint());
        return -1;
    }
    return 0;
}

void cli_run_config_layout(struct run_config *c, const struct pcdsim_update_layout *u, const struct pcdsim_layout *app)
{
    c->soc.pcd_sram_addr = u->pcd_sram_address;
    c->soc.pcd_sram_size = u->pcd_sram_size;
    c->b0n.container_addr = u->net_b0n_container_address;
    c->b0n.container_size = u->net_b0n_container_size;
    c->b0n.app_addr = u->net_app_address;
    c->b0n.app_size = u->net_app_size;
    c->b0n.provision_addr = u->net_provision_address;
    c->b0n.provision_size = u->net_provision_size;
    c->b0n.pcd_sram_addr = u->pcd_sram_address;
    c->upd.net_app_addr = u->net_app_address;
    c->upd.net_app_size = u->net_app_size;
    c->upd.b0n_container_addr = u->net_b0n_container_address;
    c->upd.b0n_container_size = u->net_b0n_container_size;
    c->upd.pcd_sram_addr = u->pcd_sram_address;
    c->upd.pcd_sram_size = u->pcd_sram_size;
    c->primary_mem = PCD_MEM_APP_FLASH;
    c->primary_off = u->primary.address;
    c->primary_size = u->primary.size;
    const struct pcdsim_partition *mb = pcdsim_layout_find(app, "mcuboot");
    c->mcuboot_off = mb ? mb->address : 0;
    c->mcuboot_size = mb ? mb->size : u->primary.address;
}
