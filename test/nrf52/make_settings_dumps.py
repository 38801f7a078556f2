#!/usr/bin/python3
"""Make the settings-page dumps of the `pcdsim inspect --nrf52-settings` ctests (outputs committed).

Written from the offsets of nRF5 SDK 17.0.x / nrfutil's bl_dfu_sett.py (docs/NRF52.md), not from
src/nrf5dfu: a second, independent encoding of the page. zlib's CRC32 is the SDK's crc32_compute.
"""
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def page(app_size=6000, app_crc=0x12345678, version=2):
    p = bytearray(0x380)
    struct.pack_into("<IIIII", p, 0x04, version, 1, 1, 0, 0)        # version, app, bl, layout, current
    struct.pack_into("<III", p, 0x18, app_size, app_crc, 0x01)     # bank_0: valid application
    struct.pack_into("<I", p, 0x34, 0x26000)                      # sd_size
    p[0x2A1] = 1                                                  # app boot validation: CRC
    struct.pack_into("<I", p, 0x2A2, app_crc)
    struct.pack_into("<I", p, 0x25C, zlib.crc32(bytes(p[0x260:0x323])))
    struct.pack_into("<I", p, 0x00, zlib.crc32(bytes(p[0x04:0x5C])))
    return bytes(p)


def ihex(chunks):
    lines = []
    for base, data in chunks:
        upper = base >> 16
        rec = bytes([2, 0, 0, 4, upper >> 8, upper & 0xFF])
        lines.append(":" + rec.hex().upper() + "%02X" % ((-sum(rec)) & 0xFF))
        for off in range(0, len(data), 16):
            b = data[off:off + 16]
            a = (base + off) & 0xFFFF
            rec = bytes([len(b), a >> 8, a & 0xFF, 0]) + b
            lines.append(":" + rec.hex().upper() + "%02X" % ((-sum(rec)) & 0xFF))
    lines.append(":00000001FF")
    return "\n".join(lines) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    good = page()
    bad = bytearray(good)
    bad[0x1C] ^= 0x01  # bank_0.image_crc changed, crc not updated
    files = {
        "settings-valid.bin": good + b"\xff" * (0x1000 - len(good)),
        "settings-badcrc.bin": bytes(bad),
        "settings-short.bin": good[:100],
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    with open(os.path.join(OUT, "settings-pages.hex"), "w") as f:
        f.write(ihex([(0xFE000, good), (0xFF000, good)]))
    with open(os.path.join(OUT, "settings-bad.hex"), "w") as f:
        f.write(":10F00000NOTHEX\n")


if __name__ == "__main__":
    main()
