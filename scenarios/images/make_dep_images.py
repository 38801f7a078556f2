#!/usr/bin/env python3
"""Make the network-core images with DEPENDENCY TLVs that scenarios/*/dependency-*.yaml use.

The images are committed (ECDSA signatures are randomized, so a rerun gives other bytes with the
same verdicts). Each is laid out as `imgtool sign --header-size 0x200 --align 4 --pad-header
--slot-size 0x40000 --version 1.0.0 --dependencies ...` lays it out (shared/fixtures/MANIFEST.md
section 1): a 32-byte header, 0xFF up to 0x200, the body, a protected TLV area (0x6908) with the
DEPENDENCY TLVs (0x40, 12 bytes: image id u8, pad u8, pad u16, version major u8, minor u8,
revision u16, build u32), then the unprotected area (0x6907): SHA256 over header + body +
protected area, KEYHASH (SHA-256 of the key's DER SubjectPublicKeyInfo), ECDSA_SIG (DER).

    scenarios/images/make_dep_images.py            # needs python3-cryptography
"""
import hashlib
import os
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "..", "shared", "fixtures")
BODY = os.path.join(FIX, "raw", "net-v1-32k-ncs.bin")
KEY = os.path.join(FIX, "keys", "ecdsa-p256.pem")

IMAGES = {
    # needs the network core at 3.0.0 or later: fw_info version 2 (as 2.0.0) is not
    "net-v1-32k_ecdsa-p256_dep-net-3.0.0.bin": [(1, (3, 0, 0, 0))],
    # needs the application at 1.0.0 or later and the network core at 1.0.0 or later (itself too)
    "net-v1-32k_ecdsa-p256_dep-app-1.0.0-net-1.0.0.bin": [(0, (1, 0, 0, 0)), (1, (1, 0, 0, 0))],
    # needs the application at 2.0.0 or later
    "net-v1-32k_ecdsa-p256_dep-app-2.0.0.bin": [(0, (2, 0, 0, 0))],
    # needs the network core at 2.0.0 or later, but is itself 1.0.0: installed, it would not meet it
    "net-v1-32k_ecdsa-p256_dep-net-2.0.0.bin": [(1, (2, 0, 0, 0))],
}


def tlv(t, v):
    return struct.pack("<HH", t, len(v)) + v


def build(body, deps, key):
    prot = b"".join(tlv(0x40, struct.pack("<BBHBBHI", i, 0, 0, v[0], v[1], v[2], v[3])) for i, v in deps)
    prot = struct.pack("<HH", 0x6908, 4 + len(prot)) + prot
    hdr = struct.pack("<IIHHII", 0x96F3B83D, 0, 0x200, len(prot), len(body), 0)
    hdr += struct.pack("<BBHI", 1, 0, 0, 0) + b"\0" * 4
    img = hdr + b"\xff" * (0x200 - len(hdr)) + body + prot
    digest = hashlib.sha256(img).digest()
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    sig = key.sign(img, ec.ECDSA(hashes.SHA256()))  # over the hashed region: its SHA-256 is `digest`
    tlvs = tlv(0x10, digest) + tlv(0x01, hashlib.sha256(spki).digest()) + tlv(0x22, sig)
    return img + struct.pack("<HH", 0x6907, 4 + len(tlvs)) + tlvs


def main():
    with open(BODY, "rb") as f:
        body = f.read()
    with open(KEY, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    for name, deps in IMAGES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(build(body, deps, key))


if __name__ == "__main__":
    main()
