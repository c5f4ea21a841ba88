# Installation and the Debian package for an offline acceptance laptop:
#   cmake -S . -B build-deb -DMEDTLS_TESTS=OFF -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-deb && (cd build-deb && cpack -G DEB)   → build-deb/medtls_<version>_<arch>.deb
# The binary goes to bin, the profiles and the registry (compiled in as well) to
# share/medtls/profiles for reference, README.md to share/doc/medtls, and medtls(1), made at
# build time from the program's own --help (cmake/manpage.cmake), to share/man/man1.
# Dependencies are found by dpkg-shlibdeps (dpkg-dev): Debian 12's library packages.
include(GNUInstallDirs)

install(TARGETS medtls RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${MEDTLS_PROFILE_FILES} ${CMAKE_SOURCE_DIR}/profiles/iana-tls-cipher-suites.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/medtls/profiles)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(MEDTLS_MANPAGE ${CMAKE_BINARY_DIR}/man/medtls.1.gz)
add_custom_command(
  OUTPUT ${MEDTLS_MANPAGE}
  COMMAND ${CMAKE_COMMAND} -DMEDTLS=$<TARGET_FILE:medtls> -DOUT=${MEDTLS_MANPAGE}
          -DVERSION=${PROJECT_VERSION} -P ${CMAKE_SOURCE_DIR}/cmake/manpage.cmake
  DEPENDS medtls ${CMAKE_SOURCE_DIR}/cmake/manpage.cmake
  COMMENT "Writing the medtls(1) man page from medtls --help"
  VERBATIM)
add_custom_target(medtls_manpage ALL DEPENDS ${MEDTLS_MANPAGE})
install(FILES ${MEDTLS_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME medtls)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "medtls")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance test harness for DICOM / HL7 secure transport (PS3.15 TLS profiles)")
# (CPack writes the summary as the Description's first line and this below it.)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "medtls connects to a DICOM node (PACS, modality) or any TLS server, finds out which protocol\n\
versions, cipher suites, groups and extensions it accepts, checks its certificates and client\n\
authentication, opens DICOM associations over the negotiated channel, and judges it clause by\n\
clause against the DICOM PS3.15 Annex B profiles (B.12, B.13 and older) with the evidence\n\
behind every verdict. Works offline: the profiles are compiled into the binary.")
set(MEDTLS_DEB_MAINTAINER "medtls maintainers <maintainers@medtls.invalid>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MEDTLS_DEB_MAINTAINER}")
set(CPACK_PACKAGE_CONTACT "${MEDTLS_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # medtls_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
