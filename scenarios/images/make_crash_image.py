#!/usr/bin/env python3
"""Make the network-core image that does not come up, for scenarios/rollback/net-does-not-come-up.yaml.

net-v2-150k-ncs.bin (shared/fixtures/raw) with its initial stack pointer (vector table word 0) set
to 0x00000000, outside the network core's SRAM: the core HardFaults at its first push. Everything
B0N checks still holds: fw_info is untouched, and the fw_validation_info hash (at fw_info.size + 1,
MANIFEST.md: validation info at body + 0x25814, hash at +16) is recomputed over the changed
firmware, so B0N copies it (B0N-SRC-BOOTABLE) and boots it (B0N-BOOT-VALID). Signed for MCUboot as
`imgtool sign --header-size 0x200 --align 4 --pad-header --slot-size 0x40000 --version 2.0.0`
lays it out: header, 0xFF to 0x200, body, then SHA256, KEYHASH and ECDSA_SIG TLVs (no protected area).
The image is committed (ECDSA signatures are randomized: a rerun gives other bytes, same verdicts).

    scenarios/images/make_crash_image.py            # needs python3-cryptography
"""
import hashlib
import os
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "..", "shared", "fixtures")
BODY = os.path.join(FIX, "raw", "net-v2-150k-ncs.bin")
KEY = os.path.join(FIX, "keys", "ecdsa-p256.pem")
OUT = "net-v2-150k_ecdsa-p256_crash-sp.bin"
FWINFO_SIZE = 0x25813   # fw_info.size of net-v2-150k (MANIFEST.md)
VALINFO = 0x25814       # fw_validation_info offset in the body
VALINFO_HASH = VALINFO + 16


def tlv(t, v):
    return struct.pack("<HH", t, len(v)) + v


def main():
    with open(BODY, "rb") as f:
        body = bytearray(f.read())
    with open(KEY, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    assert struct.unpack_from("<I", body, 0x200 + 16)[0] == FWINFO_SIZE  # fw_info.size at fw_info + 16
    struct.pack_into("<I", body, 0, 0)  # initial SP outside net SRAM
    body[VALINFO_HASH:VALINFO_HASH + 32] = hashlib.sha256(bytes(body[:FWINFO_SIZE])).digest()
    hdr = struct.pack("<IIHHII", 0x96F3B83D, 0, 0x200, 0, len(body), 0)
    hdr += struct.pack("<BBHI", 2, 0, 0, 0) + b"\0" * 4
    img = hdr + b"\xff" * (0x200 - len(hdr)) + bytes(body)
    digest = hashlib.sha256(img).digest()
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    sig = key.sign(img, ec.ECDSA(hashes.SHA256()))
    tlvs = tlv(0x10, digest) + tlv(0x01, hashlib.sha256(spki).digest()) + tlv(0x22, sig)
    with open(os.path.join(HERE, OUT), "wb") as f:
        f.write(img + struct.pack("<HH", 0x6907, 4 + len(tlvs)) + tlvs)


if __name__ == "__main__":
    main()
