# Cross toolchain for the nRF5340 cores (Cortex-M33, Thumb-2), Debian gcc-arm-none-eabi + newlib.
#   cmake --preset arm        (CMakePresets.json sets this file and MinSizeRel)
#
# One instruction set for both cores: the network core has no FPU and no DSP extension
# (nRF5340 PS, "Network core" chapter, CPU section), so everything is built +nofp+nodsp with the
# soft-float ABI; the same objects then link into the application core (MCUboot) as well.
# Size first: -Os, one section per function and per object so --gc-sections drops what B0N does
# not call, and link-time optimisation (B0N is ~6 % smaller with it). Objects are "fat" (machine
# code besides the LTO bytecode), so the application-side archive links into an MCUboot build
# that does not use LTO. -fstack-usage / -fcallgraph-info feed the stack report
# (cmake/pcd_target.cmake).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR cortex-m33)

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

set(PCD_ARM_CPU_FLAGS "-mcpu=cortex-m33+nofp+nodsp -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT "${PCD_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-common -flto -ffat-lto-objects -fstack-usage -fcallgraph-info=su")
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
