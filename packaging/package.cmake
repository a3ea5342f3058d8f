# A Debian package of the kiosk: `cmake --build build --target package`
# (CPack) writes build/incontro_VERSION_ARCH.deb with the binaries, the
# default pack signed by the release key, the fonts list, the systemd units, a
# configuration that trusts the release key, and maintainer scripts that make
# the system user and install the default pack into the store.
#
#   cmake -S . -B build -DIK_RELEASE_KEY=/secure/incontro.key -DIK_RELEASE_PUB=/secure/incontro.pub
#
# Without a release key a development key is made in build/package/: such a
# package is for testing (the kiosks it makes trust a key nobody else has).
include(GNUInstallDirs)

set(IK_RELEASE_KEY "" CACHE FILEPATH "Secret key (NAME.key) that signs the packaged default pack")
set(IK_RELEASE_PUB "" CACHE FILEPATH "Its public key (NAME.pub), which the packaged configuration trusts")
set(IK_PKG ${CMAKE_BINARY_DIR}/package)
file(MAKE_DIRECTORY ${IK_PKG})

if(IK_RELEASE_KEY)
  if(NOT IK_RELEASE_PUB)
    message(FATAL_ERROR "IK_RELEASE_KEY needs IK_RELEASE_PUB (the .pub keygen wrote beside it)")
  endif()
  set(ik_key ${IK_RELEASE_KEY})
  set(ik_pub ${IK_RELEASE_PUB})
else()
  set(ik_key ${IK_PKG}/development.key)
  set(ik_pub ${IK_PKG}/development.pub)
  # made once per build folder (keygen never replaces a key)
  add_custom_command(OUTPUT ${ik_key} ${ik_pub}
                     COMMAND incontro-pack keygen -o ${IK_PKG}/development
                     COMMENT "No IK_RELEASE_KEY: a development key for the package"
                     VERBATIM)
endif()

add_custom_command(
  OUTPUT ${IK_PKG}/incontro.pack
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/incontro.pack ${IK_PKG}/incontro.pack
  COMMAND incontro-pack sign --key ${ik_key} ${IK_PKG}/incontro.pack
  DEPENDS ${CMAKE_BINARY_DIR}/incontro.pack ${ik_key}
  COMMENT "Signing the packaged pack"
  VERBATIM)
add_custom_command(
  OUTPUT ${IK_PKG}/kiosk.conf ${IK_PKG}/release.pub
  COMMAND ${CMAKE_COMMAND} -DIN=${IK_SOURCE_DIR}/packaging/kiosk.conf -DPUB=${ik_pub}
          -DOUT=${IK_PKG} -P ${IK_SOURCE_DIR}/packaging/config.cmake
  DEPENDS ${IK_SOURCE_DIR}/packaging/kiosk.conf ${IK_SOURCE_DIR}/packaging/config.cmake ${ik_pub}
  VERBATIM)
add_custom_target(package-files ALL
                  DEPENDS ${IK_PKG}/incontro.pack ${IK_PKG}/kiosk.conf ${IK_PKG}/release.pub)
add_dependencies(package-files pack incontro-pack)

install(TARGETS incontro-kiosk incontro-pack incontro-text DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${IK_PKG}/incontro.pack ${IK_PKG}/release.pub ${IK_SOURCE_DIR}/assets/fonts.list
        DESTINATION ${CMAKE_INSTALL_DATADIR}/incontro)
install(FILES ${IK_SOURCE_DIR}/packaging/incontro-kiosk.service
              ${IK_SOURCE_DIR}/packaging/incontro-kiosk-cage.service
        DESTINATION lib/systemd/system)
install(FILES ${IK_PKG}/kiosk.conf DESTINATION /etc/incontro)
install(FILES ${IK_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${IK_SOURCE_DIR}/packaging/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME kiosk-machines.md)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME incontro)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Information kiosk for children and families in 15 languages (INCONTRO)")
set(CPACK_PACKAGE_CONTACT "INCONTRO kiosk maintainers <incontro@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
# The libraries come from dpkg-shlibdeps; what is read at run time, here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl4, libespeak-ng1, libsdl2-image-2.0-0: loaded at run time (dlopen), so
# dpkg-shlibdeps does not see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-noto-core, fonts-noto-cjk, ca-certificates, libcurl4, libespeak-ng1, libsdl2-image-2.0-0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cage")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${IK_SOURCE_DIR}/packaging/debian/postinst ${IK_SOURCE_DIR}/packaging/debian/prerm
    ${IK_SOURCE_DIR}/packaging/debian/postrm ${IK_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
