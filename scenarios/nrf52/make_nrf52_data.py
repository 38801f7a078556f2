#!/usr/bin/python3
"""Make the images and init packets of scenarios/nrf52 (run by hand; the outputs are committed).

data/app-v1.bin, data/app-v2.bin: two application images (deterministic bytes).
data/app-v2.dat: init packet of app-v2 as nrfutil writes one (nRF5 SDK 17.0.x): a dfu-cc Packet
  with a SignedCommand: Command{op_code INIT, init{fw_version 2, type APPLICATION, app_size,
  hash{SHA256, digest reversed}, boot_validation CRC}}, signed with ECDSA P-256 over SHA-256 of
  the serialized Command, r and s each little-endian.
data/app-v2-rogue.dat: the same command signed with the rogue key.
data/app-v2-badhash.dat: a correctly signed command whose hash is not app-v2's.

Needs protoc (protobuf-compiler), python3-protobuf and python3-cryptography.
"""
import hashlib
import os
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
KEYS = os.path.normpath(os.path.join(ROOT, "..", "shared", "fixtures", "keys"))
OUT = os.path.join(HERE, "data")


def image(size, seed):
    x = seed
    out = bytearray()
    for _ in range(size):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


def load_pb2():
    tmp = tempfile.mkdtemp(prefix="n52pb")
    proto_dir = os.path.join(ROOT, "src", "sim", "nrf52")
    subprocess.run(["protoc", "-I", proto_dir, "--python_out", tmp, os.path.join(proto_dir, "dfu-cc.proto")],
                   check=True)
    sys.path.insert(0, tmp)
    import importlib
    return importlib.import_module("dfu_cc_pb2")


def sign(key_path, data):
    with open(key_path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big")[::-1] + s.to_bytes(32, "big")[::-1]


def packet(pb, img, key_path, digest=None):
    cmd = pb.Command()
    cmd.op_code = pb.INIT
    cmd.init.fw_version = 2
    cmd.init.hw_version = 52
    cmd.init.sd_req.append(0xFFFE)
    cmd.init.type = pb.APPLICATION
    cmd.init.app_size = len(img)
    cmd.init.hash.hash_type = pb.SHA256
    cmd.init.hash.hash = (digest or hashlib.sha256(img).digest())[::-1]
    bv = cmd.init.boot_validation.add()
    bv.type = pb.VALIDATE_GENERATED_CRC
    import zlib
    bv.bytes = (zlib.crc32(img) & 0xFFFFFFFF).to_bytes(4, "little")
    cmd_bytes = cmd.SerializeToString()
    p = pb.Packet()
    p.signed_command.command.CopyFrom(cmd)
    p.signed_command.signature_type = pb.ECDSA_P256_SHA256
    p.signed_command.signature = sign(key_path, cmd_bytes)
    return p.SerializeToString()


def main():
    pb = load_pb2()
    os.makedirs(OUT, exist_ok=True)
    v1, v2 = image(3000, 1), image(5001, 2)  # small (v2: two pages): every-op sweeps stay short
    files = {
        "app-v1.bin": v1,
        "app-v2.bin": v2,
        "app-v2.dat": packet(pb, v2, os.path.join(KEYS, "ecdsa-p256.pem")),
        "app-v2-rogue.dat": packet(pb, v2, os.path.join(KEYS, "ecdsa-p256-rogue.pem")),
        "app-v2-badhash.dat": packet(pb, v2, os.path.join(KEYS, "ecdsa-p256.pem"), hashlib.sha256(v1).digest()),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
