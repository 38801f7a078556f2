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
file(WRITE ${B}/inconsistent.yaml "${_h}board: {layout: ${B}/end-below.yml}\ncontents: {}\n")
file(WRITE ${B}/outside-flash.yaml "${_h}board: {layout: ${B}/outside-flash.yml}\ncontents: {}\n")
file(WRITE ${B}/net-outside.yaml "${_h}board: {layout: builtin:nrf5340dk-internal, net_layout: ${B}/net-outside.yml}\ncontents: {}\n")
file(WRITE ${B}/end-mismatch.yml
  "mcuboot_primary:\n  address: 0x0\n  end_address: 0x80000\n  region: flash_primary\n  size: 0x70000\n"
  "mcuboot_secondary:\n  address: 0x80000\n  region: flash_primary\n  size: 0x70000\n")
file(WRITE ${B}/end-below.yml
  "mcuboot_primary:\n  address: 0x80000\n  end_address: 0x0\n  region: flash_primary\n"
  "mcuboot_secondary:\n  address: 0x80000\n  region: flash_primary\n  size: 0x70000\n")
file(WRITE ${B}/unknown-key.yml "mcuboot_primary:\n  adress: 0x0\n  region: flash_primary\n  size: 0x70000\n")
# a QSPI partition running past the 8 MiB device: every command refuses it the same way
file(WRITE ${B}/qspi-past-end.yml
  "mcuboot_primary:\n  address: 0xc000\n  region: flash_primary\n  size: 0x74000\n"
  "mcuboot_secondary:\n  address: 0x0\n  region: external_flash\n  size: 0x74000\n"
  "littlefs_storage:\n  address: 0x700000\n  region: external_flash\n  size: 0x200000\n")
file(WRITE ${B}/qspi-past-end.yaml "${_h}board: {layout: ${B}/qspi-past-end.yml}\ncontents: {}\n")
# images the scenario cannot program: an empty candidate, Intel HEX (candidate, app)
set(_hex ${CMAKE_CURRENT_BINARY_DIR}/bad-images/net-v1-32k_ecdsa-p256.hex)
file(WRITE ${B}/empty-candidate.yaml "${_h}${_b}contents:\n  candidate: {file: ${B}/empty.yaml, slot: mcuboot_secondary}\n")
file(WRITE ${B}/hex-candidate.yaml "${_h}${_b}contents:\n  candidate: {file: ${_hex}, slot: mcuboot_secondary}\n")
file(WRITE ${B}/hex-app.yaml "${_h}${_b}contents:\n  app: ${_hex}\n")
file(WRITE ${B}/outside-flash.yml
  "mcuboot_primary:\n  address: 0x0\n  region: flash_primary\n  size: 0x80000\n"
  "mcuboot_secondary:\n  address: 0xC0000\n  region: flash_primary\n  size: 0x80000\n")
file(WRITE ${B}/net-outside.yml
  "b0n_container:\n  address: 0x1000000\n  region: flash_primary\n  size: 0x8800\n"
  "app:\n  address: 0xF00000\n  region: flash_primary\n  size: 0x10000\n")
# batches (contents.candidates, MI-*): two candidates in one slot, an unknown image index
set(_hb "version: 1\nname: bad batch\nrequirements: [MI-ORDER]\nboard: {layout: builtin:nrf5340dk-extflash}\n")
file(WRITE ${B}/batch-two-in-slot.yaml "${_hb}contents:\n  candidates:\n"
  "    - {file: ${F}/signed/net-v1-32k_ecdsa-p256.bin, slot: mcuboot_secondary_1}\n"
  "    - {file: ${F}/signed/net-v2-150k_ecdsa-p256.bin, slot: mcuboot_secondary_1}\n")
file(WRITE ${B}/batch-unknown-image.yaml "${_hb}contents:\n  candidates:\n"
  "    - {file: ${F}/signed/app-v1-64k_ecdsa-p256.bin, slot: mcuboot_secondary, image: 3}\n")
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
bad_case(run.batch-two-in-slot 2 - "batch-two-in-slot.yaml:8:7: error: two candidates in slot 'mcuboot_secondary_1'" -- ${_run} ${B}/batch-two-in-slot.yaml)
bad_case(run.batch-unknown-image 2 - "batch-unknown-image.yaml:7:[0-9]+: error: image 3 does not go into slot 'mcuboot_secondary'" -- ${_run} ${B}/batch-unknown-image.yaml)
bad_case(run.unknown-key 2 - "unknown-key.yaml:6:1: error: unknown key 'bogus'" -- ${_run} ${B}/unknown-key.yaml)
bad_case(run.wrong-type 2 - "wrong-type.yaml:6:7: error: expected a number, got a sequence" -- ${_run} ${B}/wrong-type.yaml)
bad_case(run.duplicate-key 2 - "duplicate-key.yaml:6:1: error: duplicate key 'requirements'" -- ${_run} ${B}/duplicate-key.yaml)
bad_case(run.missing-referenced-file 2 - "missing-file.yaml:6:8: error: cannot read '.*no-such.bin'" -- ${_run} ${B}/missing-file.yaml)
bad_case(run.key-not-pem 2 - "key-not-pem.yaml:5:8: error: key '.*app-v1-64k.bin': not a PEM public key" -- ${_run} ${B}/key-not-pem.yaml)
bad_case(run.impossible-address 2 - "impossible-address.yaml:7:17: error: impossible address '0x30000000'" -- ${_run} ${B}/impossible-address.yaml)
bad_case(run.overlapping-partitions 2 - "handmade-BAD-overlapping-slots.yml:15:12: error: partition 'mcuboot_secondary' .*overlaps 'mcuboot_primary'"
         -- ${_run} ${B}/overlapping.yaml)
bad_case(run.inconsistent-partition 2 - "end-below.yml:3:16: error: partition 'mcuboot_primary': end_address 0x0 is below address 0x80000"
         -- ${_run} ${B}/inconsistent.yaml)
bad_case(run.qspi-past-device 2 - "qspi-past-end.yml:9:1: error: partition 'littlefs_storage' \\(0x00700000..0x00900000\\) lies outside the QSPI flash"
         -- ${_run} ${B}/qspi-past-end.yaml)
bad_case(run.empty-candidate 2 - "empty-candidate.yaml:6:21: error: '.*empty.yaml' is empty" -- ${_run} ${B}/empty-candidate.yaml)
bad_case(run.hex-candidate 2 - "hex-candidate.yaml:6:21: error: '.*' is an Intel HEX file"
         "objcopy -I ihex -O binary" -- ${_run} ${B}/hex-candidate.yaml)
bad_case(run.hex-app 2 - "hex-app.yaml:6:8: error: '.*' is an Intel HEX file" -- ${_run} ${B}/hex-app.yaml)
set_tests_properties(cli.bad.run.hex-candidate cli.bad.run.hex-app PROPERTIES FIXTURES_REQUIRED cli_bad_images)
bad_case(run.partition-outside-flash 2 - "outside-flash.yml:5:1: error: partition 'mcuboot_secondary' .*outside app flash"
         -- ${_run} ${B}/outside-flash.yaml)
bad_case(run.net-partition-outside-flash 2 - "net-outside.yml:5:1: error: partition 'app' .*not inside network-core flash"
         -- ${_run} ${B}/net-outside.yaml)
bad_case(run.net-container-not-page-aligned 2 - "net-unaligned.yml:1:1: error: net-core 'b0n_container' .*not aligned to the 2 KiB flash page"
         -- ${_run} ${B}/net-unaligned.yaml)
bad_case(run.bad-among-good 2 - "unknown-key.yaml:6:1: error" "nothing simulated"
         -- ${_run} ${S}/boot/no-update.yaml ${B}/unknown-key.yaml)
# absurd device times and retries: file:line:col for the scenario keys, exit 2 for the option
file(WRITE ${B}/max-time-too-small.yaml "${_h}${_b}contents: {}\nmax_device_time_ms: 999\n")
file(WRITE ${B}/retries-too-many.yaml "${_h}${_b}contents: {}\nupdater: {retries: 17}\n")
file(WRITE ${B}/timeout-too-long.yaml "${_h}${_b}contents: {}\nupdater: {timeout_ms: 86400001}\n")
bad_case(run.max-time-too-small 2 - "max-time-too-small.yaml:6:21: error: '999' is out of range" -- ${_run} ${B}/max-time-too-small.yaml)
bad_case(run.retries-too-many 2 - "retries-too-many.yaml:6:20: error: '17' is out of range" "1..16" -- ${_run} ${B}/retries-too-many.yaml)
bad_case(run.timeout-too-long 2 - "timeout-too-long.yaml:6:23: error: '86400001' is out of range" -- ${_run} ${B}/timeout-too-long.yaml)
bad_case(run.max-device-time-zero 2 - "--max-device-time takes milliseconds of device time" -- ${_run} ${S}/boot/no-update.yaml --max-device-time 0)
bad_case(run.max-device-time-huge 2 - "--max-device-time takes milliseconds" -- ${_run} ${S}/boot/no-update.yaml --max-device-time 2592000001)
bad_case(run.trace-unwritable 2 trace.jsonl "cannot write 'trace.jsonl'" -- ${_run} --quiet ${S}/boot/no-update.yaml)
# ncs_version: "MAJOR.MINOR.PATCH" of a modelled NCS release, with profile ncs only (docs/NCS-PROFILE.md)
file(WRITE ${B}/ncs-version-malformed.yaml "${_h}profile: ncs\nncs_version: \"2.9\"\n${_b}contents: {}\n")
file(WRITE ${B}/ncs-version-too-old.yaml "${_h}profile: ncs\nncs_version: 1.3.0\n${_b}contents: {}\n")
file(WRITE ${B}/ncs-version-reference.yaml "${_h}ncs_version: 2.9.0\n${_b}contents: {}\n")
bad_case(run.ncs-version-malformed 2 - "ncs-version-malformed.yaml:5:14: error: '2.9' is not an NCS release .*MAJOR.MINOR.PATCH"
         -- ${_run} ${B}/ncs-version-malformed.yaml)
bad_case(run.ncs-version-too-old 2 - "ncs-version-too-old.yaml:5:14: error: .*older than NCS 1.4.0"
         -- ${_run} ${B}/ncs-version-too-old.yaml)
bad_case(run.ncs-version-not-ncs-profile 2 - "ncs-version-reference.yaml:4:14: error: 'ncs_version' applies to the NCS profile only"
         -- ${_run} ${B}/ncs-version-reference.yaml)
bad_case(run.ncs-version-option-malformed 2 - "--ncs-version takes an NCS release .*not '3.x'"
         -- ${_run} --ncs-version 3.x ${S}/ncs/h12-pcd-ram-unlocked.yaml)
bad_case(run.ncs-version-option-reference 2 - "--ncs-version applies to the NCS profile only" "nothing simulated"
         -- ${_run} --ncs-version 2.9.0 ${S}/boot/no-update.yaml)
# a second --cut (a depth-2 branch) must come after the first, and cut before its operation
bad_case(run.second-cut-not-after 2 - "a second --cut \\(during the recovery\\) takes op:M\\[:before\\] with M after the first"
         -- ${_run} ${S}/update/small-ed25519.yaml --cut op:500 --cut op:400)
bad_case(run.second-cut-torn 2 - "a second --cut" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:500 --cut op:900:prefix)
bad_case(run.third-cut 2 - "a second --cut" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:5 --cut op:9 --cut op:12)
# a cut that never fires must not pass: a negative number, or past the run's last operation
bad_case(run.cut-negative 2 - "--cut takes op:N.*not 'op:-1'" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:-1)
bad_case(run.cut-past-end 2 - "small-ed25519.yaml: error: --cut op:99999999: the run has only 8212 flash operation\\(s\\)"
         "nothing simulated" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:99999999)
bad_case(run.cut-just-past-end 2 - "--cut op:8212: the run has only 8212" -- ${_run} ${S}/update/small-ed25519.yaml --cut op:8212)
bad_case(run.second-cut-past-end 2 - "second --cut op:99999: the run cut at op:500 ends after [0-9]+ flash operation"
         -- ${_run} ${S}/update/small-ed25519.yaml --cut op:500 --cut op:99999)
bad_case(run.trace-no-folder 2 - "cannot write 'no-folder/t.jsonl'" -- ${PCDSIM} run --trace no-folder/t.jsonl ${S}/boot/no-update.yaml)
bad_case(run.bad-device-state 1 - "FAIL .*truncated-expect-done.yaml" -- ${PCDSIM} run --quiet ${B}/truncated-expect-done.yaml)

# ---- inspect: images (a malformed image is a verdict about the image: exit 1 + byte offset) --
set(_k --key ${F}/keys/ecdsa-p256.pub.pem)
function(bad_image name off code)
  bad_case(inspect.${name} 1 - "${BI}/${name}.bin: byte offset ${off} \\(" "${code}" -- ${PCDSIM} inspect ${BI}/${name}.bin ${_k})
  set_tests_properties(cli.bad.inspect.${name} PROPERTIES FIXTURES_REQUIRED cli_bad_images)
endfunction()
# not an image at all: bad input (exit 2), named, nothing judged
bad_case(inspect.empty 2 - "empty.bin: error: the image file is empty \\(0 bytes\\)" -- ${PCDSIM} inspect ${BI}/empty.bin ${_k})
bad_case(inspect.intel-hex 2 - "net-v1-32k_ecdsa-p256.hex: error: the image file is an Intel HEX file"
         "hint: .*objcopy -I ihex -O binary" -- ${PCDSIM} inspect ${BI}/net-v1-32k_ecdsa-p256.hex ${_k})
set_tests_properties(cli.bad.inspect.empty cli.bad.inspect.intel-hex PROPERTIES FIXTURES_REQUIRED cli_bad_images)
# a binary whose first byte is ':' is still judged as a binary (bad magic), not taken for HEX
bad_image(colon-magic 0 PCD_E_IMG_MAGIC)
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
bad_case(inspect.layout-inconsistent 2 - "end-below.yml:3:16: error"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --layout ${B}/end-below.yml)
bad_case(inspect.layout-qspi-past-device 2 - "qspi-past-end.yml:9:1: error: partition 'littlefs_storage' .*lies outside the QSPI flash"
         -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin --layout ${B}/qspi-past-end.yml)
# an application image linked for another layout (0xC200; Thingy:53's slot starts at 0x10000): exit 1
bad_case(inspect.app-linked-elsewhere 1 - "WARNING: the reset vector 0x0000c4f1 lies outside the primary slot mcuboot_primary \\(0x00010000..0x000f0000\\)"
         -- ${PCDSIM} inspect ${F}/signed/app-v1-64k_ecdsa-p256.bin ${_k} --layout ${F}/pm/borus-thingy53-extflash-littlefs.yml)
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
bad_case(sweep.qspi-past-device 2 - "qspi-past-end.yml:9:1: error: partition 'littlefs_storage' .*lies outside the QSPI flash"
         -- ${PCDSIM} sweep ${B}/qspi-past-end.yaml --cuts every-op ${_sw})
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
bad_case(gate.update-empty 2 - "empty.bin: error: the --net-update file is empty" -- ${_g} --net-update ${BI}/empty.bin)
bad_case(gate.update-intel-hex 2 - "net-v1-32k_ecdsa-p256.hex: error: the --net-update file is an Intel HEX file"
         "objcopy -I ihex -O binary" -- ${_g} --net-update ${BI}/net-v1-32k_ecdsa-p256.hex)
set_tests_properties(cli.bad.gate.update-empty cli.bad.gate.update-intel-hex PROPERTIES FIXTURES_REQUIRED cli_bad_images)
# the layout check every command makes: refused before the battery, no JUnit file left
bad_case(gate.layout-qspi-past-device 2 - "qspi-past-end.yml:9:1: error: partition 'littlefs_storage' .*lies outside the QSPI flash"
         -- ${PCDSIM} gate --layout ${B}/qspi-past-end.yml --net-current ${F}/raw/net-v1-32k-ncs.bin
            ${_k} --net-update ${F}/signed/net-v1-32k_ecdsa-p256.bin --cuts list:1 --junit g.xml)
file(WRITE ${B}/ram-flash-past-sram.yml
  "mcuboot_primary:\n  address: 0xc000\n  size: 0x74000\nmcuboot_secondary:\n  address: 0x80000\n  size: 0x74000\n"
  "mcuboot_primary_1:\n  address: 0x0\n  size: 0x80000\n  region: ram_flash\n"
  "mcuboot_secondary_1:\n  address: 0x0\n  size: 0x80000\n  region: external_flash\n")
bad_case(gate.layout-ram-flash-past-sram 2 - "ram-flash-past-sram.yml:7:1: error: partition 'mcuboot_primary_1' needs a RAM flash window 0x20010000..0x20090000"
         -- ${PCDSIM} gate --layout ${B}/ram-flash-past-sram.yml --net-current ${F}/raw/net-v1-32k-ncs.bin
            ${_k} --net-update ${F}/signed/net-v1-32k_ecdsa-p256.bin --cuts list:1 --junit g.xml)
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
# --cuts that cut nothing: refused before anything runs (form), or once the reference run says
# which operations exist (range, none selected); no verdict and no JUnit file either way
bad_case(gate.cuts-bogus 2 - "--cuts bogus: expected every-op" -- ${_g} --net-update ${F}/signed/net-v2-150k_ecdsa-p256.bin --cuts bogus)
bad_case(gate.cuts-negative 2 - "--cuts list:-1: '-1' is not a list" -- ${_g} --net-update ${F}/signed/net-v2-150k_ecdsa-p256.bin --cuts list:-1)
bad_case(gate.cuts-past-end 2 - "--cuts list:99999999: operation 99999999: the reference run has [0-9]+ operations"
         -- ${_g} --net-update ${F}/signed/net-v2-150k_ecdsa-p256.bin --cuts list:99999999)
bad_case(gate.cuts-none 2 - "--cuts random:0: it selects no flash operation" -- ${_g} --net-update ${F}/signed/net-v2-150k_ecdsa-p256.bin --cuts random:0)

# ---- layouts of the shape NCS ships and Partition Manager writes: accepted by every command ----
set(TD ${PROJECT_SOURCE_DIR}/test/data/pm)
set(_ncs_net --net-layout ${TD}/ncs-partitions_CPUNET.yml)
# a disagreeing end_address is ignored as Partition Manager ignores it, with a warning (exit 0)
bad_case(inspect.layout-end-address-ignored 0 - "end-mismatch.yml:3:16: warning: partition 'mcuboot_primary': end_address 0x80000 does not match address \\+ size \\(0x0 \\+ 0x70000 = 0x70000\\); using 0x70000"
         "verdict: +valid" -- ${PCDSIM} inspect ${F}/signed/net-v1-32k_ecdsa-p256.bin ${_k} --layout ${B}/end-mismatch.yml)
bad_case(inspect.ncs-extxip-layout 0 - "ncs-extxip-3image-pm_static.yml:89:16: warning: partition 'mcuboot_primary_2_app'"
         "layout: +mcuboot_secondary_1 is 0x40000 bytes; the image needs 0x25b5b: fits" "verdict: +valid"
         -- ${PCDSIM} inspect ${F}/signed/net-v2-150k_ecdsa-p256.bin ${_k} --layout ${TD}/ncs-extxip-3image-pm_static.yml ${_ncs_net})
bad_case(gate.ncs-extxip-layout 0 - "update slot mcuboot_secondary_1 at 0xc8000 \\(QSPI\\)" "verdict: PASS"
         -- ${PCDSIM} gate --layout ${TD}/ncs-extxip-3image-pm_static.yml ${_ncs_net} --net-current ${F}/raw/net-v1-32k-ncs.bin
            ${_k} --net-update ${F}/signed/net-v2-150k_ecdsa-p256.bin --cuts list:1 --jobs 1)
bad_case(gate.ncs-pcd-sram-at-end 0 - "update slot mcuboot_secondary at 0x80000 \\(internal flash\\)" "verdict: PASS"
         -- ${PCDSIM} gate --layout ${TD}/ncs-partitions-pcd-sram-end.yml ${_ncs_net} --net-current ${F}/raw/net-v1-32k-ncs.bin
            ${_k} --net-update ${F}/signed/net-v2-150k_ecdsa-p256.bin --cuts list:1 --jobs 1)
