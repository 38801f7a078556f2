#!/usr/bin/env python3
"""make_merged_cpunet.py B0N_HEX RELEASE_MERGED_CPUNET_HEX OUT: a merged_CPUNET.hex whose B0N part
(0x01000000..0x01008580) is the given B0N image and whose provision area and network-core
application are those of a release fixture (test/release/mkrelease.c), as an NCS build merges them."""
import sys

B0N, PART_END = 0x01000000, 0x01008580


def read_hex(path):
    mem, base = {}, 0
    for line in open(path):
        line = line.strip()
        if not line.startswith(':'):
            continue
        raw = bytes.fromhex(line[1:])
        n, addr, kind, data = raw[0], raw[1] << 8 | raw[2], raw[3], raw[4:4 + raw[0]]
        if kind == 0:
            for i, b in enumerate(data):
                mem[base + addr + i] = b
        elif kind == 4:
            base = (data[0] << 8 | data[1]) << 16
        elif kind == 1:
            break
    return mem


def write_hex(mem, path):
    out, upper = [], None
    addrs = sorted(mem)
    i = 0
    while i < len(addrs):
        a = addrs[i]
        chunk = [mem[a]]
        while i + len(chunk) < len(addrs) and addrs[i + len(chunk)] == a + len(chunk) and len(chunk) < 16 \
                and (a + len(chunk)) & 0xFFFF != 0:
            chunk.append(mem[a + len(chunk)])
        if a >> 16 != upper:
            upper = a >> 16
            rec = bytes([2, 0, 0, 4, upper >> 8, upper & 0xFF])
            out.append(':' + (rec + bytes([-sum(rec) & 0xFF])).hex().upper())
        rec = bytes([len(chunk), (a >> 8) & 0xFF, a & 0xFF, 0]) + bytes(chunk)
        out.append(':' + (rec + bytes([-sum(rec) & 0xFF])).hex().upper())
        i += len(chunk)
    out.append(':00000001FF')
    open(path, 'w').write('\n'.join(out) + '\n')


b0n, rel = read_hex(sys.argv[1]), read_hex(sys.argv[2])
merged = {a: v for a, v in rel.items() if not B0N <= a < PART_END}
merged.update({a: v for a, v in b0n.items() if B0N <= a < PART_END})
write_hex(merged, sys.argv[3])
