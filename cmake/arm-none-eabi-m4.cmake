# Cross toolchain for the nRF52840 (Cortex-M4F, Thumb-2), Debian gcc-arm-none-eabi + newlib:
# src/nrf5dfu (the nRF52 dual-bank update; docs/NRF52.md), preset arm-m4. Derived from
# cmake/arm-none-eabi.cmake (the nRF5340 one; both include arm-none-eabi-common.cmake); the differences: the CPU, the hard-float ABI of the
# nRF5 SDK (-mfloat-abi=hard -mfpu=fpv4-sp-d16), no call-graph files.
#   cmake --preset arm-m4 && cmake --build --preset arm-m4   (size report: build/arm-m4/firmware/nrf52/nrf5dfu.size.txt)
set(CMAKE_SYSTEM_PROCESSOR cortex-m4)
set(PCD_ARM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(PCD_ARM_EXTRA_C_FLAGS "")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
