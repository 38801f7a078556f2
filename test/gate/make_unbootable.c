/* make_unbootable OUT.bin: an update MCUboot accepts but the network core could never boot.
 * The body of net-v2-150k with one firmware byte flipped (its fw_validation_info hash no longer
 * matches), signed correctly for MCUboot with the fixtures' ECDSA key, as a build would produce
 * if the B0 signing step ran on a different binary. `pcdsim gate` must fail it. */
#include <stdio.h>
#include <stdlib.h>

#include "image_test_util.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_unbootable OUT.bin\n");
        return 2;
    }
    size_t len;
    uint8_t *body = tu_read_fixture("raw/net-v2-150k-ncs.bin", &len);
    EVP_PKEY *key = tu_load_private("keys/ecdsa-p256.pem");
    if (body == NULL || key == NULL) {
        return 2;
    }
    body[0x1000] ^= 0x01; /* inside fw_info.size: covered by the validation hash */
    struct tu_signer signer = {key, PCD_TLV_ECDSA_SIG};
    struct tu_image_spec spec = {0};
    spec.body = body;
    spec.body_len = (uint32_t)len;
    spec.ver = (struct pcd_image_version){2, 0, 0, 0};
    spec.signers = &signer;
    spec.nsigners = 1;
    size_t out_len;
    uint8_t *img = tu_build_image(&spec, &out_len);
    FILE *f = img ? fopen(argv[1], "wb") : NULL;
    int rc = f != NULL && fwrite(img, 1, out_len, f) == out_len ? 0 : 2;
    if (f != NULL && fclose(f) != 0) {
        rc = 2;
    }
    free(img);
    free(body);
    EVP_PKEY_free(key);
    return rc;
}
