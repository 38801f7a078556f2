#!/bin/sh
# make_bad_images.sh FIXTURES OUTDIR: one malformed MCUboot image per header/TLV check of
# docs/IMAGES.md §1.1, each a byte patch of a fixture image (no re-signing needed: every check
# patched here comes before the signature, or hits the TLV area outside the hashed region).
# The offsets are those of shared/fixtures/signed/net-v1-32k_ecdsa-p256.bin (hdr_size 0x200,
# img_size 0x8008, no protected area; SHA256 TLV at 0x820c, KEYHASH at 0x8230, ECDSA_SIG at
# 0x8254) and ..._dep-net.bin (protected DEPENDENCY TLV at 0x32217); checked before patching.
set -eu
fx=$1/signed; out=$2
rm -rf "$out"; mkdir -p "$out"
net=$fx/net-v1-32k_ecdsa-p256.bin
dep=$fx/app-v2-200k_ecdsa-p256_dep-net.bin

byte_at() { od -An -tx1 -j "$2" -N1 "$1" | tr -d ' \n'; }
expect() { # expect FILE OFFSET HEX: the fixture still has this byte there
  [ "$(byte_at "$1" "$2")" = "$3" ] || { echo "make_bad_images: $1 changed (byte $2 is not $3)" >&2; exit 1; }
}
# patch NAME SRC OFFSET OCTAL...: copy SRC to NAME.bin and write the bytes at OFFSET
patch() {
  name=$1; src=$2; off=$3; shift 3
  cp "$src" "$out/$name.bin"
  for b in "$@"; do
    printf "\\$b" | dd of="$out/$name.bin" bs=1 seek="$off" conv=notrunc 2>/dev/null
    off=$((off + 1))
  done
}

expect "$net" 0 3d; expect "$net" 8 00; expect "$net" 9 02; expect "$net" 33288 07; expect "$net" 33289 69
expect "$net" 33292 10; expect "$net" 33328 01; expect "$net" 33364 22; expect "$dep" 205335 40

: > "$out/empty.bin"
# the same image as Intel HEX, as NCS builds write it next to the .bin (refused by name, exit 2)
objcopy -I binary -O ihex --change-addresses 0x80000 "$net" "$out/net-v1-32k_ecdsa-p256.hex"
patch colon-magic "$net" 0 072                   # first byte ':' but binary: not Intel HEX -> PCD_E_IMG_MAGIC @0
head -c 20 "$net" > "$out/short-header.bin"
patch hdr-size-small "$net" 8 020 000            # ih_hdr_size 0x10 < 32                -> PCD_E_IMG_HEADER @8
patch flags-encrypted "$net" 16 004              # ih_flags ENCRYPTED_AES128             -> PCD_E_IMG_HEADER @16
patch size-overflow "$net" 12 377 377 377 377    # ih_img_size 0xffffffff                -> PCD_E_IMG_OVERFLOW @12
patch body-past-end "$net" 12 000 000 020 000    # ih_img_size 1 MiB: runs past the file -> PCD_E_IMG_TLV_OVERRUN
head -c 33300 "$net" > "$out/tlv-cut.bin"        # file cut inside the TLV area          -> PCD_E_IMG_TLV_OVERRUN
patch prot-size "$net" 10 010 000                # protect_tlv_size 8, no 0x6908 header  -> PCD_E_IMG_PROT_SIZE
patch prot-size-tiny "$net" 10 002 000           # protect_tlv_size 2                    -> PCD_E_IMG_PROT_SIZE
patch tlv-info-missing "$net" 33289 000          # 0x6907 -> 0x0007                      -> PCD_E_IMG_TLV_MISSING
patch tlv-total-tiny "$net" 33290 002 000        # it_tlv_tot 2 < 4                      -> PCD_E_IMG_TLV_TRUNC
patch tlv-entry-overrun "$net" 33294 100 000     # SHA256 TLV len 64: past its area      -> PCD_E_IMG_TLV_TRUNC
patch tlv-critical "$dep" 205335 101             # protected type 0x41                   -> PCD_E_IMG_TLV_CRITICAL
patch tlv-len "$net" 33328 044                   # KEYHASH -> ED25519 type, 32 bytes      -> PCD_E_IMG_TLV_LEN
patch tlv-dup-sha "$net" 33328 020               # KEYHASH -> a second SHA256            -> PCD_E_IMG_TLV_DUP
patch no-sha "$net" 33292 021                    # SHA256 -> SHA384 (skipped)            -> PCD_E_IMG_NO_HASH
patch no-sig "$net" 33364 041                    # ECDSA_SIG -> ECDSA224 (skipped)       -> PCD_E_IMG_NO_SIG
patch bad-sig "$net" 33400 000 000 000 000       # signature bytes zeroed                -> PCD_E_IMG_SIG
patch body-flipped "$net" 4096 125               # one body byte changed                 -> PCD_E_IMG_HASH
