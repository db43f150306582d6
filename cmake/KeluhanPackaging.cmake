# The Debian packages (CPack's DEB generator), built by scripts/package.sh:
#   keluhan-common  SOPs, translations, holidays, logo, nginx site (all)
#   keluhan-hub     /usr/bin/keluhan, the hub's system service and the
#                   nightly backup timer, /etc/keluhan/hub.toml
#   keluhan-kiosk   /usr/bin/keluhan-kiosk and its cage session on tty1
#   keluhan-admin   /usr/bin/keluhan-admin, the panel, with a menu entry
# Depends come from the shared libraries each program links (dpkg-shlibdeps)
# and the packages named below; the maintainer scripts are in packaging/debian.
set(_pkg ${CMAKE_CURRENT_SOURCE_DIR}/packaging)

# The system's parts: absolute paths, installed only into the packages'
# staging (cmake --install into a prefix of one's own leaves them out).
install(FILES ${_pkg}/systemd/keluhan-hub.service ${_pkg}/systemd/keluhan-backup.service
              ${_pkg}/systemd/keluhan-backup.timer
        DESTINATION /lib/systemd/system COMPONENT hub EXCLUDE_FROM_ALL)
# The configs are the sample's, each with one line made the machine's: the
# hub's and the kiosk's data folder is the one their package makes, and an
# official's panel works on the hub (its address still to be set).
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/assets/keluhan.example.toml _sample)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                                       ${CMAKE_CURRENT_SOURCE_DIR}/assets/keluhan.example.toml)
function(keluhan_packaged_config name from to)
  string(REPLACE "${from}" "${to}" conf "${_sample}")
  if(conf STREQUAL _sample)
    message(FATAL_ERROR "assets/keluhan.example.toml: no '${from}' to change for ${name}.toml")
  endif()
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/packaging/${name}.toml "${conf}")
endfunction()
keluhan_packaged_config(hub "data_dir = \"var\"" "data_dir = \"/var/lib/keluhan\"")
keluhan_packaged_config(kiosk "data_dir = \"var\"" "data_dir = \"/var/lib/keluhan-kiosk\"")
keluhan_packaged_config(admin "# hub_url = \"https://keluhan.bspji.local:8443\""
                        "hub_url = \"https://keluhan.example.go.id\"   # the office's hub, as nginx publishes it")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/hub.toml DESTINATION /etc/keluhan
        COMPONENT hub EXCLUDE_FROM_ALL)
install(FILES ${_pkg}/systemd/keluhan-kiosk.service DESTINATION /lib/systemd/system
        COMPONENT kiosk EXCLUDE_FROM_ALL)
install(PROGRAMS ${_pkg}/kiosk/kiosk-session DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/keluhan
        COMPONENT kiosk EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/kiosk.toml DESTINATION /etc/keluhan
        COMPONENT kiosk EXCLUDE_FROM_ALL)
install(FILES ${_pkg}/kiosk/kiosk-session.conf DESTINATION /etc/keluhan
        COMPONENT kiosk EXCLUDE_FROM_ALL)
install(FILES ${_pkg}/kiosk/pam-keluhan-kiosk DESTINATION /etc/pam.d RENAME keluhan-kiosk
        COMPONENT kiosk EXCLUDE_FROM_ALL)
install(FILES ${_pkg}/keluhan-admin.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
        COMPONENT admin EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/admin.toml DESTINATION /etc/keluhan
        COMPONENT admin EXCLUDE_FROM_ALL)

# Each package's /usr/share/doc/<package>: copyright, changelog.gz (gzip -9n,
# as Debian wants it) and the README.
configure_file(${_pkg}/debian/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog @ONLY)
execute_process(COMMAND gzip -9nf ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog)
foreach(c common hub kiosk admin)
  install(FILES ${_pkg}/debian/copyright ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
                README.md
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/keluhan-${c} COMPONENT ${c} EXCLUDE_FROM_ALL)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keluhan)
set(CPACK_PACKAGE_VENDOR "Tim Keluhan")
set(CPACK_PACKAGE_CONTACT "Tim Keluhan <keluhan@kemenperin.go.id>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
if(KELUHAN_UI)
  set(CPACK_COMPONENTS_ALL common hub kiosk admin)
else()
  set(CPACK_COMPONENTS_ALL common hub)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://bspjipalembang.kemenperin.go.id")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(_v "${PROJECT_VERSION}")
# Every package's description opens with what Keluhan is.
set(_about
    "Keluhan puts the customer-complaint SOP (Penanganan Keluhan Pelanggan) of
the Ministry of Industry's BSPJI offices on a lobby kiosk, the officials'
panels and the customer's phone.")

set(CPACK_DEBIAN_COMMON_PACKAGE_NAME keluhan-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_PACKAGE_DEPENDS "fonts-noto-core, fonts-noto-mono")
set(CPACK_DEBIAN_COMMON_DESCRIPTION
    "complaint handling for BSPJI offices - shared data
${_about}

This package holds what the programs share: the SOP profiles, the
Indonesian and English texts, national holidays, the survey (SKM), the logo
and the nginx site for publishing the hub.")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME keluhan-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "keluhan-common (= ${_v}), adduser")
set(CPACK_DEBIAN_HUB_PACKAGE_RECOMMENDS "nginx-light | nginx")
set(CPACK_DEBIAN_HUB_PACKAGE_SUGGESTS "cups")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
    "${_pkg}/debian/hub/preinst;${_pkg}/debian/hub/postinst;${_pkg}/debian/hub/prerm;${_pkg}/debian/hub/postrm;${_pkg}/debian/hub/conffiles")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_HUB_DESCRIPTION
    "complaint handling for BSPJI offices - hub and command line
${_about}

This package is the office's server: the keluhan command line and the hub
(keluhan serve) as a sandboxed system service, which the kiosks sync to,
the panels on every desk work through, and which answers the QR status
page, the web complaint form and the officials' pages. Its database lives
in /var/lib/keluhan, backed up every night by keluhan-backup.timer.")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME keluhan-kiosk)
# cage shows the kiosk; libpam-systemd gives its session the seat.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "keluhan-common (= ${_v}), adduser, cage, libpam-systemd")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cups")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    "${_pkg}/debian/kiosk/postinst;${_pkg}/debian/kiosk/prerm;${_pkg}/debian/kiosk/postrm;${_pkg}/debian/kiosk/conffiles")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION
    "complaint handling for BSPJI offices - lobby kiosk
${_about}

This package is the lobby's touchscreen: visitors write or speak a
complaint and get a printed receipt with a QR tracking code. It runs full
screen in a cage session on tty1 (keluhan-kiosk.service) with nothing
behind it, and keeps complaints until the hub has them.")

set(CPACK_DEBIAN_ADMIN_PACKAGE_NAME keluhan-admin)
set(CPACK_DEBIAN_ADMIN_PACKAGE_DEPENDS "keluhan-common (= ${_v})")
set(CPACK_DEBIAN_ADMIN_PACKAGE_RECOMMENDS "cups")
set(CPACK_DEBIAN_ADMIN_PACKAGE_CONTROL_EXTRA "${_pkg}/debian/admin/conffiles")
set(CPACK_DEBIAN_ADMIN_DESCRIPTION
    "complaint handling for BSPJI offices - staff panel
${_about}

This package is the panel in which front-desk staff and officials work
each complaint through the SOP's steps, on the office's hub or on a
database of this machine.")

include(CPack)
