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
set(CMAKE_SYSTEM_PROCESSOR cortex-m33)
set(PCD_ARM_CPU_FLAGS "-mcpu=cortex-m33+nofp+nodsp -mthumb -mfloat-abi=soft")
set(PCD_ARM_EXTRA_C_FLAGS "-fcallgraph-info=su")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
