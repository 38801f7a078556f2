# The bad-input contract (docs/FUZZING.md): every kind of bad input makes pcdsim exit 2 (or 1, a
# failed verdict, where the input is a well-formed file describing a bad device or image), with
# one message naming the file and the place -- file:line:column for YAML, byte offset for images --
# and leaves no output file and no partial file (*.part~) behind. Each case runs in its own empty
# folder through expect_bad_input.sh, which checks the folder is unchanged afterwards; outputs are
# requested (--trace, --csv, --junit) wherever the command can write one.
set(XB ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh)
set(B ${CMAKE_CURRENT_BINARY_DIR}/bad)
set(W ${CMAKE_CURRENT_BINARY_DIR}/work)
set(S ${PROJECT_SOURCE_DIR}/scenarios)
set(PCDSIM $<TARGET_FILE:pcdsim>)

# bad_case(<name> <exit code> <mkdir|-> PATTERN... -- COMMAND...)
function(bad_case name code mk)
  add_test(NAME cli.bad.${name} COMMAND ${XB} ${code} ${W}/${name} ${mk} ${ARGN})
  set_tests_properties(cli.bad.${name} PROPERTIES LABELS "cli;bad-input" TIMEOUT 120)
endfunction()

# ---- input files ---------------------------------------------------------------------------
set(_h "version: 1\nname: bad input\nrequirements: [B0N-COPY]\n")
set(_b "board: {layout: builtin:nrf5340dk-internal}\n")
file(WRITE ${B}/empty.yaml "")
file(WRITE ${B}/syntax.yaml "version: 1\nname: [x\n")
file(WRITE ${B}/unknown-key.yaml "${_h}${_b}contents: {}\nbogus: 1\n")
file(WRITE ${B}/wrong-type.yaml "${_h}${_b}contents: {}\nseed: [1, 2]\n")
file(WRITE ${B}/duplicate-key.yaml "${_h}${_b}contents: {}\nrequirements: [B0N-DST-SHA]\n")
file(WRITE ${B}/missing-file.yaml "${_h}${_b}contents:\n  app: ${F}/signed/no-such.bin\n")
file(WRITE ${B}/impossible-address.yaml "${_h}${_b}contents:\n  extra:\n    - {address: 0x30000000, file: ${F}/raw/app-v1-64k.bin}\n")
file(WRITE ${B}/key-not-pem.yaml "${_h}${_b}keys: [${F}/raw/app-v1-64k.bin]\ncontents: {}\n")
file(WRITE ${B}/overlapping.yaml "${_h}board: {layout: ${F}/pm/handmade-BAD-overlapping-slots.yml}\ncontents: {}\n")
file(WRITE ${B}/inconsistent.yaml "${_h}board: {layout: ${B}/end-mismatch.yml}\ncontents: {}\n")
file(WRITE ${B}/outside-flash.yaml "${_h}board: {layout: ${B}/outside-flash.yml}\ncontents: {}\n")
file(WRITE ${B}/net-outside.yaml "${_h}board: {layout: builtin:nrf5340dk-internal, net_layout: ${B}/net-outside.yml}\ncontents: {}\n")
file(WRITE ${B}/end-mismatch.yml
  "mcuboot_primary:\n  address: 0x0\n  end_address: 0x80000\n  region: flash_primary\n  size: 0x70000\n"
  "mcuboot_secondary:\n  address: 0x80000\n  region: flash_primary\n  size: 0x70000\n")
file(WRITE ${B}/unknown-key.yml "mcuboot_primary:\n  adress: 0x0\n  region: flash_primary\n  size: 0x70000\n")
file(WRITE ${B}/outside-flash.yml
  "mcuboot_primary:\n  address: 0x0\n  region: flash_primary\n  size: 0x80000\n"
  "mcuboot_secondary:\n  address: 0xC0000\n  region: flash_primary\n  size: 0x80000\n")
file(WRITE ${B}/net-outside.yml
  "b0n_container:\n  address: 0x1000000\n  region: flash_primary\n  size: 0x8800\n"
  "app:\n  address: 0xF00000\n  region: flash_primary\n  size: 0x10000\n")
file(WRITE ${B}/net-unaligned.yaml "${_h}board: {layout: builtin:nrf5340dk-internal, net_layout: ${B}/net-unaligned.yml}\ncontents: {}\n")
file(WRITE ${B}/net-unaligned.yml
  "b0n_container:\n  address: 0x1000000\n  region: flash_primary\n  size: 0x8804\n"
  "app:\n  address: 0x1008804\n  region: flash_primary\n  size: 0x377fc\n")
# a well-formed scenario of a bad device state whose expectation is wrong: a verdict, exit 1
file(READ ${S}/reject/truncated.yaml _trunc)
string(REPLACE "../../../shared" "${PCDSIM_SHARED_DIR}" _trunc "${_trunc}")
string(REPLACE "slot: rejected" "slot: done" _trunc "${_trunc}")
file(WRITE ${B}/truncated-expect-done.yaml "${_trunc}")

# malformed images, one per header/TLV check (docs/IMAGES.md §1.1), made from the fixtures
set(BI ${CMAKE_CURRENT_BINARY_DIR}/bad-images)
add_test(NAME cli.bad.make-images COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/make_bad_images.sh ${PCDSIM_SHARED_DIR}/fixtures ${BI})
set_tests_properties(cli.bad.make-images PROPERTIES LABELS "cli;bad-input" FIXTURES_SETUP cli_bad_images)

# ---- run: scenarios ------------------------------------------------------------------------
set(_run ${PCDSIM} run --trace trace.jsonl)
bad_case(run.missing 2 - "no-such.yaml: error: cannot read" -- ${_run} ${B}/no-such.yaml)
bad_case(run.directory 2 - "bad: error: cannot read scenario .*it is a directory" -- ${_run} ${B})
bad_case(run.empty 2 - "empty.yaml:1:1: error: empty scenario" -- ${_run} ${B}/empty.yaml)
bad_case(run.yaml-syntax 2 - "syntax.yaml:3:1: error: invalid YAML" -- ${_run} ${B}/syntax.yaml)
bad_case(run.unknown-key 2 - "unknown-key.yaml:6:1: error: unknown key 'bogus'" -- ${_run} ${B}/unknown-key.yaml)
bad_case(run.wrong-type 2 - "wrong-type.yaml:6:7: error: expected a number, got a sequence" -- ${_run} ${B}/wrong-type.yaml)
bad_case(run.duplicate-key 2 - "duplicate-key.yaml:6:1: error: duplicate key 'requirements'" -- ${_run} ${B}/duplicate-key.yaml)
bad_case(run.missing-referenced-file 2 - "missing-file.yaml:6:8: error: cannot read '.*no-such.bin'" -- ${_run} ${B}/missing-file.yaml)
bad_case(run.key-not-pem 2 - "key-not-pem.yaml:5:8: error: key '.*app-v1-64k.bin': not a PEM public key" -- ${_run} ${B}/key-not-pem.yaml)
bad_case(run.impossible-address 2 - "impossible-address.yaml:7:17: error: impossible address '0x30000000'" -- ${_run} ${B}/impossible-address.yaml)
bad_case(run.overlapping-partitions 2 - "handmade-BAD-overlapping-slots.yml:15:12: error: partition 'mcuboot_secondary' .*overlaps 'mcuboot_primary'"
         -- ${_run} ${B}/overlapping.yaml)
bad_case(run.inconsistent-partition 2 - "end-mismatch.yml:3:16: error: partition 'mcuboot_primary': end_address 0x80000 does not match"
         -- ${_run} ${B}/inconsistent.yaml)
bad_case(run.partition-outside-flash 2 - "outside-flash.yml:5:1: error: partition 'mcuboot_secondary' .*outside app flash"
         -- ${_run} ${B}/outside-flash.yaml)
bad_case(run.net-partition-outside-flash 2 - "net-outside.yml:5:1: error: partition 'app' .*not inside network-core flash"
         -- ${_run} ${B}/net-outside.yaml)
bad_case(run.net-container-not-page-aligned 2 - "net-unaligned.yml:1:1: error: net-core 'b0n_container' .*not aligned to the 2 KiB flash page"
         -- ${_run} ${B}/net-unaligned.yaml)
bad_case(run.bad-among-good 2 - "unknown-key.yaml:6:1: error" "nothing simulated"
         -- ${_run} ${S}/boot/no-update.yaml ${B}/unknown-key.yaml)
bad_case(run.trace-unwritable 2 trace.jsonl "cannot write 'trace.jsonl'" -- ${_run} --quiet ${S}/boot/no-update.yaml)
# a second --cut (a depth-2 branch) must come after the first, and cut before its operation
bad_case(run.second-cut-not-after 2 - "a second --cut \\(during the recovery\\) takes op:M\\[:before\\] with M after the first"
         -- ${_run} ${S}/update/small-ed25519.yaml --cut op:500 --cut op:400)
bad_case(run.second-cut-torn 2 - "a second --cut" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:500 --cut op:900:prefix)
bad_case(run.third-cut 2 - "a second --cut" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:5 --cut op:9 --cut op:12)
bad_case(run.trace-no-folder 2 - "cannot write 'no-folder/t.jsonl'" -- ${PCDSIM} run --trace no-folder/t.jsonl ${S}/boot/no-update.yaml)
bad_case(run.bad-device-state 1 - "FAIL .*truncated-expect-done.yaml" -- ${PCDSIM} run --quiet ${B}/truncated-expect-done.yaml)

# ---- inspect: images (a malformed image is a verdict about the image: exit 1 + byte offset) --
set(_k --key ${F}/keys/ecdsa-p256.pub.pem)
function(bad_image name off code)
  bad_case(inspect.${name} 1 - "${BI}/${name}.bin: byte offset ${off} \\(" "${code}" -- ${PCDSIM} inspect ${BI}/${name}.bin ${_k})
  set_tests_properties(cli.bad.inspect.${name} PROPERTIES FIXTURES_REQUIRED cli_bad_images)
endfunction()
bad_image(empty 0 "shorter than the 32-byte image header")
bad_image(short-header 20 "shorter than the 32-byte image header")
bad_image(hdr-size-small 8 PCD_E_IMG_HEADER)
bad_image(flags-encrypted 16 PCD_E_IMG_HEADER)
bad_image(size-overflow 12 PCD_E_IMG_OVERFLOW)
bad_image(body-past-end 1049088 PCD_E_IMG_TLV_OVERRUN)
bad_image(tlv-cut 33288 PCD_E_IMG_TLV_OVERRUN)
bad_image(prot-size 33288 PCD_E_IMG_PROT_SIZE)
bad_image(prot-size-tiny 33288 PCD_E_IMG_PROT_SIZE)
bad_image(tlv-info-missing 33288 PCD_E_IMG_TLV_MISSING)
bad_image(tlv-total-tiny 33288 PCD_E_IMG_TLV_TRUNC)
bad_image(tlv-entry-overrun 33288 PCD_E_IMG_TLV_TRUNC)
bad_image(tlv-critical 205331 PCD_E_IMG_TLV_CRITICAL)
bad_image(tlv-len 33288 PCD_E_IMG_TLV_LEN)
bad_image(tlv-dup-sha 33292 PCD_E_IMG_TLV_DUP)
bad_image(no-sha 33288 PCD_E_IMG_NO_HASH)
bad_image(body-flipped 33292 PCD_E_IMG_HASH)
bad_image(no-sig 33288 PCD_E_IMG_NO_SIG)
bad_image(bad-sig 33364 PCD_E_IMG_SIG)
bad_case(inspect.bad-magic 1 - "BADMAGIC.bin: byte offset 0 \\(0x0\\): ih_magic" -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256_BADMAGIC.bin)
bad_case(inspect.rogue-key 1 - "rogue.bin: byte offset [0-9]+ .*" PCD_E_IMG_KEY_UNKNOWN
         -- ${PCDSIM} inspect ${F}/signed/net-v2-150k_ecdsa-p256-rogue.bin ${_k})
bad_case(inspect.oversize 1 - "oversize_ecdsa-p256.bin: byte offset 12 \\(0xc\\)" PCD_E_IMG_TOO_LARGE
         -- ${PCDSIM} inspect ${F}/signed/net-v2-oversize_ecdsa-p256.bin ${_k})
bad_case(inspect.unreadable 2 - "bad: error: cannot read the image file" -- ${PCDSIM} inspect ${B})
bad_case(inspect.key-unreadable 2 - "bad: error: cannot read key file"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --key ${B})
bad_case(inspect.layout-missing 2 - "no-such.yml: error: cannot open the layout file"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --layout ${B}/no-such.yml)
bad_case(inspect.layout-unknown-key 2 - "unknown-key.yml:2:3: error: unknown key 'adress'"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --layout ${B}/unknown-key.yml)
bad_case(inspect.layout-inconsistent 2 - "end-mismatch.yml:3:16: error"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --layout ${B}/end-mismatch.yml)
bad_case(inspect.layout-overlapping 2 - "handmade-BAD-overlapping-slots.yml:15:12: error: .*overlaps"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --layout ${F}/pm/handmade-BAD-overlapping-slots.yml)
bad_case(inspect.net-layout-outside 2 - "net-outside.yml:5:1: error"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --net-layout ${B}/net-outside.yml)

# ---- sweep: nothing written on bad input, nor on a failing write --------------------------
set(_sw --csv s.csv --junit s.xml)
bad_case(sweep.unknown-key 2 - "unknown-key.yaml:6:1: error" -- ${PCDSIM} sweep ${B}/unknown-key.yaml --cuts every-op ${_sw})
bad_case(sweep.missing-referenced-file 2 - "missing-file.yaml:6:8: error" -- ${PCDSIM} sweep ${B}/missing-file.yaml --cuts every-op ${_sw})
bad_case(sweep.overlapping-partitions 2 - "handmade-BAD-overlapping-slots.yml:15:12: error"
         -- ${PCDSIM} sweep ${B}/overlapping.yaml --cuts every-op ${_sw})
bad_case(sweep.csv-unwritable 2 s.csv "cannot write 's.csv'" -- ${PCDSIM} sweep ${S}/update/internal-flash.yaml --cuts list:5 --csv s.csv)
bad_case(sweep.junit-unwritable 2 s.xml "cannot write 's.xml'" -- ${PCDSIM} sweep ${S}/update/internal-flash.yaml --cuts list:5 ${_sw})
# a sweep that would try nothing (the update never reaches the flash) is refused, not a pass
bad_case(sweep.no-cut-points 2 - "selects no cut point: the reference run makes 0 flash operation" -- ${PCDSIM} sweep ${S}/ncs/h4-endless-retry.yaml --cuts every-op ${_sw})
# one of two reports unwritable: refused before the sweep, and the other is not left behind
bad_case(sweep.second-report-unwritable 2 s.csv "cannot write 's.csv'" -- ${PCDSIM} sweep ${S}/update/internal-flash.yaml --cuts list:5 --junit s.xml --csv s.csv)

# ---- gate: the user's artefacts ------------------------------------------------------------
set(_g ${PCDSIM} gate --layout ${F}/pm/handmade-nrf5340dk-internal.yml --net-current ${F}/raw/net-v1-32k-ncs.bin
       ${_k} --cuts list:1 --jobs 1 --junit g.xml)
bad_case(gate.update-missing 2 - "no-such.bin: error: cannot read the --net-update file" -- ${_g} --net-update ${B}/no-such.bin)
bad_case(gate.update-too-short 2 - "short-header.bin: byte offset 20 \\(0x14\\): the file ends inside the 32-byte image header"
         -- ${_g} --net-update ${BI}/short-header.bin)
set_tests_properties(cli.bad.gate.update-too-short PROPERTIES FIXTURES_REQUIRED cli_bad_images)
bad_case(gate.update-bad-magic 2 - "BADMAGIC.bin: byte offset 0 \\(0x0\\): ih_magic"
         -- ${_g} --net-update ${F}/signed/net-v1-32k_ecdsa-p256_BADMAGIC.bin)
bad_case(gate.update-is-app-image 2 - "app-v1-64k_ecdsa-p256.bin: byte offset 516 \\(0x204\\): error: this image does not target the network core"
         -- ${_g} --net-update ${F}/signed/app-v1-64k_ecdsa-p256.bin)
bad_case(gate.layout-overlapping 2 - "handmade-BAD-overlapping-slots.yml:15:12: error"
         -- ${PCDSIM} gate --layout ${F}/pm/handmade-BAD-overlapping-slots.yml --net-current ${F}/raw/net-v1-32k-ncs.bin
            ${_k} --net-update ${F}/signed/net-v1-32k_ecdsa-p256.bin --junit g.xml)
bad_case(gate.net-layout-outside 2 - "net-outside.yml:5:1: error"
         -- ${_g} --net-update ${F}/signed/net-v1-32k_ecdsa-p256.bin --net-layout ${B}/net-outside.yml)
bad_case(gate.net-layout-not-page-aligned 2 - "net-unaligned.yml:1:1: error: .*2 KiB flash page"
         -- ${_g} --net-update ${F}/signed/net-v1-32k_ecdsa-p256.bin --net-layout ${B}/net-unaligned.yml)
bad_case(gate.key-unreadable 2 - "bad: error: cannot read key file"
         -- ${PCDSIM} gate --layout ${F}/pm/handmade-nrf5340dk-internal.yml --net-current ${F}/raw/net-v1-32k-ncs.bin
            --key ${B} --net-update ${F}/signed/net-v1-32k_ecdsa-p256.bin --junit g.xml)
