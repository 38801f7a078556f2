#!/usr/bin/env python3
"""Write the inputs of the netcpu.* ctests into DIR: files that are not B0N images for 0x01000000
(refused, exit 2) and tiny hand-assembled Thumb images that fault (HardFault verdict, exit 1).
usage: make_inputs.py DIR"""
import os
import struct
import sys


def vectors(reset_off):
    return struct.pack("<II", 0x21010000, 0x01000000 + reset_off + 1)


def elf32(machine):
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    return ident + struct.pack("<HHIIIIIHHHHHH", 2, machine, 1, 0, 52, 0, 0, 52, 32, 0, 40, 0, 0)


def ihex_at(addr, data):
    lines = [":02000004%04X" % (addr >> 16)]
    lines[0] += "%02X" % ((-(2 + 4 + (addr >> 24) + ((addr >> 16) & 0xFF))) & 0xFF)
    rec = bytes([len(data), (addr >> 8) & 0xFF, addr & 0xFF, 0]) + data
    lines.append(":" + rec.hex().upper() + "%02X" % ((-sum(rec)) & 0xFF))
    lines.append(":00000001FF")
    return ("\n".join(lines) + "\n").encode()


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    files = {
        "x86.elf": elf32(3),                                        # another ELF machine
        "outside.hex": ihex_at(0x00000000, vectors(8) + bytes(8)),  # app flash, not net flash
        "oversize.bin": vectors(8) + b"\x00\xbf" * 0x4800,          # 0x9008 bytes > 0x8580
        "novectors.bin": bytes(64),                                 # SP 0, reset 0
        "udf.bin": vectors(8) + b"\x00\xbf\x00\xde\xfe\xe7",        # nop; udf #0: HardFault at 0x0100000a
        # ACL[0] over page 0, then a word program into it: BusFault (ACL) at PC 0x01000028.
        #   08 ldr r0, =0x41080800   0a mov.w r1, #0x01000000   0e str r1, [r0]      (ADDR)
        #   10 mov.w r1, #0x800      14 str r1, [r0, #4] (SIZE)  16 movs r1, #2  18 str r1, [r0, #8] (PERM.WRITE)
        #   1a movs r1, #0           1c str r1, [r0]  (a second ADDR write: ignored, write-once)
        #   1e ldr r2, =0x41080504   20 movs r1, #1   22 str r1, [r2] (NVMC CONFIG = WEN)
        #   24 ldr r3, =0x01000400   26 movs r1, #0   28 str r1, [r3] (program)   2a wfe; b 2a; literals
        "acl.bin": bytes.fromhex("000001210900000109484ff0807101604ff4006141600221816000210160054a012111"
                                 "60044b0021196020bffde70000000808410405084100040001"),
        "loop.bin": vectors(8) + b"\x00\xbf\xfe\xe7",              # nop; b .: never parks
        "strict.bin": vectors(8) + bytes.fromhex("0148016820bffde7") + struct.pack("<I", 0x41000400),  # ldr; wfe loop
        "unmapped.bin": vectors(8) + b"\x01\x49\x0a\x68\xfe\xe7\x00\xbf" + struct.pack("<I", 0x30000000),
    }
    for name in ("udf.bin", "loop.bin", "strict.bin"):  # the committed copies the test scenarios name
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), "rb") as f:
            if f.read() != files[name]:
                print("test/netcpu/%s differs from what make_inputs.py writes" % name)
                return 1
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
