# Precompiled headers: most of a translation unit's compile time here is Qt's and the standard
# library's headers, parsed again for every file. Each kind of target precompiles them once, in a
# small host library, and the targets of that kind reuse it (REUSE_FROM), so CI's three builds
# fit its time. GCC only: clang (the fuzz build) refuses a precompiled header compiled with any
# other macro than its own, and GCC, should a header not match, parses the header itself (slower,
# never wrong). -Winvalid-pch says when that happens.
option(RESLAB_PCH "Precompile the Qt and standard headers (GCC)" ON)

set(RESLAB_PCH_STD <algorithm> <array> <atomic> <chrono> <cmath> <cstdint> <functional> <limits>
    <map> <memory> <optional> <set> <string> <string_view> <unordered_map> <utility> <variant>
    <vector>)
set(RESLAB_PCH_CORE ${RESLAB_PCH_STD} <QByteArray> <QFile> <QFileInfo> <QJsonArray>
    <QJsonDocument> <QJsonObject> <QJsonValue> <QObject> <QString> <QStringList>)
set(RESLAB_PCH_GUI ${RESLAB_PCH_CORE} <QtWidgets/QtWidgets> <QtCharts/QtCharts> <QPainter>)
set(RESLAB_PCH_SERVE <boost/asio/io_context.hpp> <boost/asio/ip/tcp.hpp> <boost/asio/post.hpp>
    <boost/asio/steady_timer.hpp> <boost/beast/core/flat_buffer.hpp> <boost/beast/http.hpp>)
set(RESLAB_PCH_TEST <QTest> <QSignalSpy> <QTemporaryDir> <QProcess> <QDir>)

function(reslab_pch_enabled out)
  set(on OFF)
  if(RESLAB_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set(on ON)
  endif()
  set(${out} ${on} PARENT_SCOPE)
endfunction()

# A host library that precompiles `headers` with the compile settings of targets linking `links`.
function(reslab_pch_host name)
  cmake_parse_arguments(PARSE_ARGV 1 HOST "" "" "LINKS;HEADERS")
  reslab_pch_enabled(on)
  if(NOT on)
    return()
  endif()
  set(source ${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp)
  file(CONFIGURE OUTPUT ${source} CONTENT "// Generated: hosts the precompiled headers of ${name}.\n")
  add_library(${name} STATIC EXCLUDE_FROM_ALL ${source})
  set_target_properties(${name} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
  # The same flags as the targets (-Wpedantic changes the predefined macros a PCH must match).
  target_link_libraries(${name} PRIVATE ${HOST_LINKS} reslab_warnings)
  target_compile_options(${name} PRIVATE -Winvalid-pch)
  target_precompile_headers(${name} PRIVATE ${HOST_HEADERS})
endfunction()

# `target` reuses the host's precompiled headers.
function(reslab_use_pch target host)
  reslab_pch_enabled(on)
  if(on)
    target_precompile_headers(${target} REUSE_FROM ${host})
    target_compile_options(${target} PRIVATE -Winvalid-pch)
  endif()
endfunction()
