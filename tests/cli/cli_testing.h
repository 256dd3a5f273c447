#pragma once
// Helpers the command-line suites share: run the built executable and capture what it did.

#include <QFile>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

namespace reslab::testing {

struct CliResult
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray out, err;
};

// Runs resilience-lab with `args` (two minutes at most) and returns its exit and its output.
inline CliResult runCli(const QStringList& args)
{
    QProcess p;
    p.start(RESLAB_EXECUTABLE, args);
    p.waitForFinished(120'000);
    return CliResult{p.exitCode(), p.exitStatus(), p.readAllStandardOutput(),
                     p.readAllStandardError()};
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

// Writes `data` to NAME in `dir` and returns its path.
inline QString writeTempFile(const QTemporaryDir& dir, const QString& name, const QByteArray& data)
{
    const QString path = dir.filePath(name);
    writeFile(path, data);
    return path;
}

} // namespace reslab::testing
