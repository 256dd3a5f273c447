# Installing like a desktop program: `cmake --install` puts the executable in bin/, the desktop
# entry in share/applications/, the icon in the hicolor theme, the manual page in
# share/man/man1/, the shell completions where bash-completion, Debian's zsh and fish look for a
# package's, and the bundled scenarios (the manual's examples) in share/resilience-lab/; `cpack` (from the build folder) makes a .deb of the same files with its
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
# The page is made from resources/desktop/resilience-lab.1.in and the command table (app/).
set(RESLAB_MAN_PAGE ${CMAKE_CURRENT_BINARY_DIR}/resilience-lab.1.gz)
add_custom_command(OUTPUT ${RESLAB_MAN_PAGE}
                   COMMAND gzip -9 -n -c ${RESLAB_CLI_DOCS_DIR}/resilience-lab.1 > ${RESLAB_MAN_PAGE}
                   DEPENDS reslab_cli_doc_files ${RESLAB_CLI_DOCS_DIR}/resilience-lab.1 VERBATIM)
add_custom_target(reslab_man_page ALL DEPENDS ${RESLAB_MAN_PAGE})
install(FILES ${RESLAB_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Completions (made by reslab-cli-docs). zsh: Debian's fpath has vendor-completions for packages.
install(FILES ${RESLAB_CLI_DOCS_DIR}/resilience-lab.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME resilience-lab)
install(FILES ${RESLAB_CLI_DOCS_DIR}/_resilience-lab
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${RESLAB_CLI_DOCS_DIR}/resilience-lab.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
# The bundled scenarios and the trace two of them replay (../traces/bad-day.jsonl), so the
# manual's examples run on an installed program.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/presets ${PROJECT_SOURCE_DIR}/resources/traces
        DESTINATION ${CMAKE_INSTALL_DATADIR}/resilience-lab)

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
