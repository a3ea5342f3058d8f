# The C dialect and default build type of every project here: the kiosk
# (CMakeLists.txt) and the standalone fuzz build (fuzz/CMakeLists.txt).
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo)
endif()
