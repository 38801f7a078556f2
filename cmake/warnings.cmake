# Warning set for every pcdsim target; -Werror only when PCDSIM_WERROR is on (CI turns it on).
add_library(pcdsim_warnings INTERFACE)
target_compile_options(pcdsim_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wcast-align -Wpointer-arith -Wvla -Wformat=2 -Wundef)
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
  target_compile_options(pcdsim_warnings INTERFACE -Wdocumentation)
endif()
if(PCDSIM_WERROR)
  target_compile_options(pcdsim_warnings INTERFACE -Werror)
endif()
