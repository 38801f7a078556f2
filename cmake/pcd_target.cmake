# Helpers of the cross build (docs/TARGET.md).
#
# pcd_firmware_image(<target> PARTITION_SIZE <bytes> [GOAL_SIZE <bytes>] ENTRY <symbol>
#                    [INDIRECT <regex>])
#   After linking <target> (an .elf): writes <name>.hex and <name>.bin next to it, prints
#   text/data/bss and the image size against the partition, fails the build if the image (text +
#   data initialisers) outgrows PARTITION_SIZE, and prints the worst stack depth from ENTRY:
#   the deepest call chain of the link-time call graph (gcc -fcallgraph-info=su with LTO,
#   frames from -fstack-usage). Indirect calls (the port's ops table) are charged with the
#   deepest chain of any function whose "<source file name>:<function>" matches INDIRECT. Everything goes to
#   <name>.report.txt as well (CI prints it; docs/PERFORMANCE.md records it).
set(_PCD_TARGET_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})

function(pcd_firmware_image tgt)
  cmake_parse_arguments(F "" "PARTITION_SIZE;GOAL_SIZE;ENTRY;INDIRECT" "" ${ARGN})
  if(NOT F_PARTITION_SIZE OR NOT F_ENTRY)
    message(FATAL_ERROR "pcd_firmware_image(${tgt}): PARTITION_SIZE and ENTRY are required")
  endif()
  if(NOT F_GOAL_SIZE)
    set(F_GOAL_SIZE ${F_PARTITION_SIZE})
  endif()
  if(NOT F_INDIRECT)
    set(F_INDIRECT "^$")
  endif()
  set(dump ${CMAKE_CURRENT_BINARY_DIR}/${tgt}.ltrans)
  # The link-time (LTO) units write their .su/.ci files into ${dump}/.
  target_link_options(${tgt} PRIVATE -fstack-usage -fcallgraph-info=su -dumpdir ${dump}/)
  add_custom_command(TARGET ${tgt} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dump}
    COMMAND ${CMAKE_OBJCOPY} -O ihex $<TARGET_FILE:${tgt}> ${CMAKE_CURRENT_BINARY_DIR}/${tgt}.hex
    COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${tgt}> ${CMAKE_CURRENT_BINARY_DIR}/${tgt}.bin
    COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE:${tgt}> -DSIZE_TOOL=${CMAKE_SIZE}
            -DPARTITION=${F_PARTITION_SIZE} -DGOAL=${F_GOAL_SIZE} -DCI_DIR=${dump}
            -DENTRY=${F_ENTRY} -DINDIRECT=${F_INDIRECT}
            -DREPORT=${CMAKE_CURRENT_BINARY_DIR}/${tgt}.report.txt
            -P ${_PCD_TARGET_CMAKE_DIR}/pcd_firmware_report.cmake
    BYPRODUCTS ${CMAKE_CURRENT_BINARY_DIR}/${tgt}.hex ${CMAKE_CURRENT_BINARY_DIR}/${tgt}.bin
               ${CMAKE_CURRENT_BINARY_DIR}/${tgt}.report.txt
    VERBATIM)
  # The dump directory must exist before the link writes into it.
  add_custom_target(${tgt}_dumpdir COMMAND ${CMAKE_COMMAND} -E make_directory ${dump})
  add_dependencies(${tgt} ${tgt}_dumpdir)
endfunction()
