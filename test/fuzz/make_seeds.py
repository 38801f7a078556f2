#!/usr/bin/env python3
"""Write the small seed inputs of test/fuzz/corpora/ (docs/FUZZING.md).

    test/fuzz/make_seeds.py [SHARED_DIR]      (default: ../shared beside the checkout)

Deterministic except for the ECDSA signatures (openssl picks a random nonce): run it again only
to add seeds. Signed images are signed with the fixture keys through the openssl command line;
the fixtures themselves are far too big to be good seeds (30-230 KiB), they are replayed directly.
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared"))
FX = os.path.join(SHARED, "fixtures")
CORP = os.path.join(HERE, "corpora")

NET_APP = 0x01008800
IMAGE_MAGIC = 0x96F3B83D


def put(name, rel, data):
    d = os.path.join(CORP, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, rel), "wb") as f:
        f.write(data)


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, check=True, capture_output=True).stdout


def spki_der(pub_pem):
    return openssl("pkey", "-pubin", "-in", os.path.join(FX, "keys", pub_pem), "-outform", "DER")


def sign(priv_pem, digest, raw):
    with tempfile.NamedTemporaryFile() as t:
        t.write(digest)
        t.flush()
        args = ["pkeyutl", "-sign", "-inkey", os.path.join(FX, "keys", priv_pem), "-in", t.name]
        if raw:
            args.insert(2, "-rawin")
        return openssl(*args)


# ---- fw_info / fw_validation_info (NCS) -------------------------------------------------------

def ncs_body(size=0x400, version=3, fwinfo_off=0x200, address=NET_APP, good_hash=True):
    body = bytearray(b"\xa5" * size)
    struct.pack_into("<II", body, 0, 0x21010000, address + 0x101)  # initial SP, reset vector
    fi = struct.pack("<3I6I4I2I", 0x281EE6DE, 0x8FCEBB4C, 0x00003502, 60, size, version, address, address,
                     0x9102FFFF, 0, 0, 0, 0, 0, 0)
    body[fwinfo_off:fwinfo_off + 60] = fi
    h = hashlib.sha256(bytes(body)).digest() if good_hash else b"\x00" * 32
    vi = struct.pack("<4I", 0x281EE6DE, 0x86518483, 0x00013502, address) + h + b"\x11" * 64 + b"\x22" * 64
    return bytes(body) + vi


# ---- MCUboot images ---------------------------------------------------------------------------

def tlv(t, v):
    return struct.pack("<HH", t, len(v)) + v


def mcuboot_image(body, ver=(1, 2, 3, 4), hdr_size=0x20, prot=b"", signer=None, extra=b""):
    prot_area = struct.pack("<HH", 0x6908, 4 + len(prot)) + prot if prot else b""
    hdr = struct.pack("<IIHHII", IMAGE_MAGIC, 0, hdr_size, len(prot_area), len(body), 0)
    hdr += struct.pack("<BBHI", *ver) + b"\0" * 4
    hdr += b"\xff" * (hdr_size - len(hdr))
    hashed = hdr + body + prot_area
    digest = hashlib.sha256(hashed).digest()
    tlvs = tlv(0x10, digest)
    if signer is not None:
        pub, priv, kind = signer
        tlvs += tlv(0x01, hashlib.sha256(spki_der(pub)).digest())
        if kind == "ecdsa":
            tlvs += tlv(0x22, sign(priv, digest, raw=False))
        else:
            tlvs += tlv(0x24, sign(priv, digest, raw=True))
    tlvs += extra
    return hashed + struct.pack("<HH", 0x6907, 4 + len(tlvs)) + tlvs


ECDSA = ("ecdsa-p256.pub.pem", "ecdsa-p256.pem", "ecdsa")
ED25519 = ("ed25519.pub.pem", "ed25519.pem", "ed25519")


def app_body(n=0x100):
    b = bytearray(b"\x5a" * n)
    struct.pack_into("<II", b, 0, 0x20040000, 0x00010201)
    return bytes(b)


def main():
    # image
    net = ncs_body()
    put("image", "net-ncs-ecdsa.bin", mcuboot_image(net, signer=ECDSA))
    put("image", "net-ncs-ed25519.bin", mcuboot_image(net, signer=ED25519))
    put("image", "app-ecdsa.bin", mcuboot_image(app_body(), signer=ECDSA))
    put("image", "app-ed25519-hdr200.bin", mcuboot_image(app_body(), hdr_size=0x200, signer=ED25519))
    dep = struct.pack("<BBHBBHI", 1, 0, 0, 2, 0, 0, 0)
    put("image", "app-prot-dep-seccnt.bin",
        mcuboot_image(app_body(), prot=tlv(0x40, dep) + tlv(0x50, struct.pack("<I", 7)) + tlv(0x60, b"rec"),
                      signer=ECDSA))
    put("image", "app-unsigned.bin", mcuboot_image(app_body(0x40)))
    put("image", "app-skipped-tlvs.bin", mcuboot_image(app_body(0x40), signer=ECDSA,
                                                        extra=tlv(0x02, b"\x00" * 8) + tlv(0x11, b"\x00" * 48)))
    put("image", "header-only.bin", mcuboot_image(b"")[:32])

    # fwinfo: byte 0 = mode
    put("fwinfo", "small-boot.bin", b"\x00" + ncs_body())
    put("fwinfo", "small-src.bin", b"\x01" + ncs_body(fwinfo_off=0))
    put("fwinfo", "small-src-unbounded.bin", b"\x03" + ncs_body(size=0x1100, fwinfo_off=0x1000))
    put("fwinfo", "small-badhash.bin", b"\x00" + ncs_body(good_hash=False, fwinfo_off=0xE00, size=0xF00))
    with open(os.path.join(FX, "raw", "net-v1-32k-ncs.bin"), "rb") as f:
        put("fwinfo", "net-v1-32k-ncs.bin", b"\x00" + f.read())

    # cmd: the 0x3C-byte block (+ optional 4-byte block address)
    def block(magic, src, ln, dst, marker=0, sha=b"\0" * 32, reason=0, flags=0):
        return struct.pack("<5I", magic, src, ln, dst, marker) + sha + struct.pack("<II", reason, flags)

    COPY, RV, LOCK, DONE, FAIL = 0xB5B4B3B6, 0xDCA345EA, 0xB6F249EC, 0xF103CE5D, 0x25BAFC15
    put("cmd", "copy-ext.bin", block(COPY, 0x20010000, 0x25800, 0x8800, 0x01584350, bytes(range(32))))
    put("cmd", "copy-ncs.bin", block(COPY, 0x00080000, 0x8000, 0x8800)[:16])
    put("cmd", "read-version.bin", block(RV, 0x20001000, 4, 0x8800))
    put("cmd", "done.bin", block(DONE, 0, 0, 0, 0x01584350, reason=0, flags=3))
    put("cmd", "fail.bin", block(FAIL, 0, 0, 0, 0x02584350, reason=55, flags=1))
    put("cmd", "lock-misaligned-addr.bin", block(LOCK, 0, 0, 0) + struct.pack("<I", 0xFFFFFFFE))

    # b0n: block | ctl | defect page, count | cut op (u16) | tear | source bytes
    def b0n(blk, ctl=0, fpage=0, fcount=0, cut=0, tear=0, src=b""):
        return blk + struct.pack("<BBBHB", ctl, fpage, fcount, cut, tear) + src

    small = bytes((i * 37 + 11) & 0xFF for i in range(0x600))
    put("b0n", "copy-ext-flash.bin", b0n(block(COPY, 0x00080000, len(small), 0x8800), ctl=0x03, src=small))
    put("b0n", "copy-ext-ram-unaligned.bin", b0n(block(COPY, 0x20010003, 0x203, 0xA000), ctl=0x03, src=small[:0x203]))
    put("b0n", "copy-ext-wrong-sha.bin", b0n(block(COPY, 0x00080000, 0x100, 0x8800, 0x01584350), src=small[:0x100]))
    put("b0n", "copy-ext-drop.bin", b0n(block(COPY, 0x00080000, 0x600, 0x9000), ctl=0x0B, fpage=0x12, fcount=0,
                                       src=small))
    put("b0n", "copy-ext-error.bin", b0n(block(COPY, 0x00080000, 0x600, 0x9000), ctl=0x07, fpage=0x12, fcount=1,
                                        src=small))
    put("b0n", "copy-ext-torn.bin", b0n(block(COPY, 0x00080000, 0x600, 0x8800), ctl=0x23, cut=3, tear=1, src=small))
    put("b0n", "copy-ext-container.bin", b0n(block(COPY, 0x00080000, 0x600, 0x8000), ctl=0x03, src=small))
    put("b0n", "copy-ext-past-end.bin", b0n(block(COPY, 0x00080000, 0x1000, 0x3F800), ctl=0x03, src=small))
    ncs = ncs_body(size=0x800)
    put("b0n", "copy-ncs-fwinfo.bin", b0n(block(COPY, 0x20020000, len(ncs), 0x8800), src=ncs))
    odd = ncs_body(size=0x6b3)
    put("b0n", "copy-ncs-odd-size.bin", b0n(block(COPY, 0x00090000, len(odd), 0x8800), src=odd))
    put("b0n", "copy-ext-fwinfo.bin", b0n(block(COPY, 0x00090000, len(odd), 0x8800), ctl=0x03, src=odd))
    put("b0n", "read-version.bin", b0n(block(RV, 0x20001000, 4, 0x8800)))
    put("b0n", "read-version-empty.bin", b0n(block(RV, 0x20001000, 8, 0x8800), ctl=0x40))
    put("b0n", "lock-debug.bin", b0n(block(LOCK, 0, 0, 0)))
    put("b0n", "boot.bin", b0n(block(DONE, 0, 0, 0)))
    put("b0n", "boot-empty.bin", b0n(block(0, 0, 0, 0), ctl=0x40))
    put("b0n", "boot-small-image.bin", b0n(block(0, 0, 0, 0), ctl=0xC0, src=ncs))
    put("b0n", "read-version-small-image.bin", b0n(block(RV, 0x20001000, 4, 0x8800), ctl=0xC0, src=ncs))


if __name__ == "__main__":
    main()
