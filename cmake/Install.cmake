# Installing like a desktop program: `cmake --install` puts the executable in bin/, the desktop
# entry in share/applications/, the icon in the hicolor theme and the manual page in
# share/man/man1/; `cpack` (from the build folder) makes a .deb of the same files with its
# dependencies worked out from the executable (dpkg-shlibdeps), so `apt install ./resilience-lab_*.deb`
# brings what it needs and the testbench appears in the desktop's menu.
include(GNUInstallDirs)

set(RESLAB_DESKTOP_DIR ${PROJECT_SOURCE_DIR}/resources/desktop)
set(RESLAB_APP_ID io.github.resilience_lab.ResilienceLab)

# Qt links from the system's library path; no RPATH in an installed program (Debian policy 10.2).
set_target_properties(resilience-lab PROPERTIES INSTALL_RPATH "")
install(TARGETS resilience-lab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${RESLAB_DESKTOP_DIR}/${RESLAB_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${RESLAB_DESKTOP_DIR}/resilience-lab.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# Manual pages are installed compressed (Debian policy 12.1); -n keeps the file reproducible.
set(RESLAB_MAN_PAGE ${CMAKE_CURRENT_BINARY_DIR}/resilience-lab.1.gz)
add_custom_command(OUTPUT ${RESLAB_MAN_PAGE}
                   COMMAND gzip -9 -n -c ${RESLAB_DESKTOP_DIR}/resilience-lab.1 > ${RESLAB_MAN_PAGE}
                   DEPENDS ${RESLAB_DESKTOP_DIR}/resilience-lab.1 VERBATIM)
add_custom_target(reslab_man_page ALL DEPENDS ${RESLAB_MAN_PAGE})
install(FILES ${RESLAB_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME resilience-lab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Resilience Lab <resilience-lab@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "testbench and simulator for retries, backoff, circuit breakers and timeouts")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Resilience Lab simulates clients with retry, backoff and jitter, timeouts, circuit\n breakers, bulkheads, rate limiters, retry budgets, hedging and fallbacks against\n endpoints with latency distributions, failure rates, capacity, rate limits and\n outages in phases, on virtual time, and charts what happens live. The same engine\n runs headless for CI, and exports the tuned policy to tenacity, resilience4j,\n Polly, gRPC and Envoy.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Qt 6 libraries, libstdc++, libc from the executable
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # resilience-lab_0.1.0_amd64.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
include(CPack)
