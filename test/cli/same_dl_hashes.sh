#!/bin/sh
# usage: same_dl_hashes.sh PCDSIM REFERENCE.yaml OTHER.yaml...
# DL-RESUME prints the SHA-256 prefixes of both secondary slots when the download's request was
# written; every OTHER scenario (interrupted, lossy, resumed) must leave the slots byte-identical
# to the REFERENCE's uninterrupted download.
pcdsim=$1
ref=$2
shift 2
hashes() {
    "$pcdsim" run "$1" | sed -n 's/.*DL-RESUME .*slot hashes at the request \([0-9a-f]* [0-9a-f]*\).*/\1/p'
}
want=$(hashes "$ref")
if [ -z "$want" ]; then
    echo "no DL-RESUME slot hashes in $ref" >&2
    exit 1
fi
for f in "$@"; do
    got=$(hashes "$f")
    if [ "$got" != "$want" ]; then
        echo "FAIL $f: slot hashes '$got', uninterrupted '$want'" >&2
        exit 1
    fi
    echo "same slots as $ref: $f ($got)"
done
