#pragma once
// Helpers shared by the trace suites.

#include "trace/trace_io.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <string>
#include <sys/resource.h>

namespace reslab::trace_testing {

inline const QString kData = QStringLiteral(RESLAB_TEST_DATA_DIR "/traces/");

inline std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path.toStdString();
}

inline Trace readBack(const std::string& path)
{
    TraceLoad load = readTraceFile(path);
    if (!load.trace) qFatal("%s", formatTraceProblems(path, load.problems).c_str());
    return *load.trace;
}

inline long peakRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}
} // namespace reslab::trace_testing
