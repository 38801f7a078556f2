# What both Arm cross toolchains share (Debian gcc-arm-none-eabi + newlib): compilers, the LTO-aware
# archivers, objcopy/size, size-first flags, search modes. Included by cmake/arm-none-eabi.cmake
# (nRF5340, Cortex-M33) and cmake/arm-none-eabi-m4.cmake (nRF52840, Cortex-M4F), which set
# CMAKE_SYSTEM_PROCESSOR, PCD_ARM_CPU_FLAGS and PCD_ARM_EXTRA_C_FLAGS first.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# The gcc- wrappers load the LTO plugin, so archives index the LTO objects too.
set(CMAKE_AR arm-none-eabi-gcc-ar)
set(CMAKE_RANLIB arm-none-eabi-gcc-ranlib)
set(CMAKE_C_COMPILER_AR arm-none-eabi-gcc-ar)
set(CMAKE_C_COMPILER_RANLIB arm-none-eabi-gcc-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy of the cross toolchain")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size of the cross toolchain")

# No host linking in try_compile: a bare-metal executable needs a linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "${PCD_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-common -flto -ffat-lto-objects -fstack-usage ${PCD_ARM_EXTRA_C_FLAGS}")
set(CMAKE_ASM_FLAGS_INIT "${PCD_ARM_CPU_FLAGS}")
# CMake appends its own "-Os -DNDEBUG" (MinSizeRel) / "-O3 -DNDEBUG" (Release) to these.
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-g")
set(CMAKE_C_FLAGS_RELEASE_INIT "-g")
set(CMAKE_C_FLAGS_DEBUG_INIT "-Og -g")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

# Find headers and libraries of the target only; programs (objcopy, qemu) on the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
