// OutputFile (util/output_file.h), the one way the tool writes a file: the target changes only
// on commit, and stays byte for byte as it was on discard, on destruction, on a write that
// fails (here: a file-size limit, as a full disk would) and when the target is a directory;
// standard output, pipes, FIFOs and character devices are written directly, their failures kept.

#include "util/output_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace reslab;

namespace {
const QByteArray kBefore = "what the user had\n";

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(missing)");
}

void write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Only the target and the files the test made: no temporary file left behind.
int filesIn(const QTemporaryDir& dir)
{
    return int(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System).size());
}
} // namespace

class TestOutputFile : public QObject
{
    Q_OBJECT
private slots:
    void commitReplacesTheTarget()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        write(path, kBefore);
        ::chmod(qPrintable(path), 0640);
        OutputFile f;
        std::string error;
        QVERIFY(f.open(path.toStdString(), &error));
        f.write("new ");
        QCOMPARE(contents(path), kBefore); // nothing reaches the target before commit
        f.write("contents\n");
        QVERIFY2(f.commit(&error), error.c_str());
        QCOMPARE(contents(path), QByteArray("new contents\n"));
        struct stat info
        {
        };
        QCOMPARE(::stat(qPrintable(path), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0640)); // a replaced file keeps its permissions
        QCOMPARE(filesIn(dir), 1);
    }

    void discardAndDestructionKeepTheTarget()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        write(path, kBefore);
        {
            OutputFile f;
            QVERIFY(f.open(path.toStdString(), nullptr));
            f.write("half a file");
            QCOMPARE(filesIn(dir), 2); // the target and the temporary file beside it
            f.discard();
        }
        {
            OutputFile f;
            QVERIFY(f.open(path.toStdString(), nullptr));
            f.write("half a file"); // and destroyed without commit (an exception, a return)
        }
        QCOMPARE(contents(path), kBefore);
        QCOMPARE(filesIn(dir), 1);
    }

    void aFailedWriteKeepsTheTarget()
    {
        // A file-size limit makes write() fail as a full disk would (EFBIG instead of ENOSPC).
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        write(path, kBefore);
        rlimit saved{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = saved;
        small.rlim_cur = 64 * 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        OutputFile f;
        std::string error;
        QVERIFY(f.open(path.toStdString(), &error));
        const std::string block(1 << 16, 'x');
        for (int i = 0; i < 40; ++i)
            f.write(block);
        const bool committed = f.commit(&error);
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(!committed);
        QVERIFY2(QString::fromStdString(error).contains("File too large"), error.c_str());
        QVERIFY(QString::fromStdString(error).startsWith(path));
        QCOMPARE(contents(path), kBefore);
        QCOMPARE(filesIn(dir), 1);
    }

    void aSymlinkIsFollowed()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath("real.txt");
        const QString link = dir.filePath("link.txt");
        write(target, kBefore);
        QVERIFY(QFile::link(target, link));
        QVERIFY(writeFileAtomically(link.toStdString(), "through the link\n", nullptr));
        QVERIFY(QFileInfo(link).isSymLink());                         // the link stays …
        QCOMPARE(contents(target), QByteArray("through the link\n")); // … its file is replaced
    }

    void whatIsNoRegularFileIsRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::addRow("a directory") << QDir::tempPath() << "not a regular file (a directory)";
        QTest::addRow("a missing folder") << "/nonexistent/x.txt"
                                          << "No such file or directory";
        QTest::addRow("no name") << ""
                                 << "an output file name is empty";
    }
    void whatIsNoRegularFileIsRefused()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        OutputFile f;
        std::string error;
        QVERIFY(!f.open(path.toStdString(), &error));
        QVERIFY2(QString::fromStdString(error).contains(reason), error.c_str());
    }

    // A stream is written as it comes: no temporary file beside it, nothing renamed over it.
    void streamsAreWrittenDirectly()
    {
        OutputFile null;
        std::string error;
        QVERIFY(null.open("/dev/null", &error));
        QVERIFY(null.isDirect());
        null.write("nothing\n");
        QVERIFY2(null.commit(&error), error.c_str());
        QVERIFY(QFileInfo("/dev/null").exists() && !QFileInfo("/dev/null").isFile());

        OutputFile full; // a failed write is still a failure
        QVERIFY(full.open("/dev/full", &error));
        full.write("x");
        QVERIFY(!full.commit(&error));
        QVERIFY2(QString::fromStdString(error) == "/dev/full: No space left on device",
                 error.c_str());

        // A FIFO: its reader gets the bytes; the FIFO is still one afterwards.
        QTemporaryDir dir;
        const QString fifo = dir.filePath("fifo");
        QCOMPARE(::mkfifo(qPrintable(fifo), 0600), 0);
        std::string received;
        std::thread reader([&] { // opening a FIFO waits for the other end, as a shell's `>` does
            const int fd = ::open(qPrintable(fifo), O_RDONLY);
            char buffer[256];
            for (ssize_t n; fd >= 0 && (n = ::read(fd, buffer, sizeof buffer)) > 0;)
                received.append(buffer, std::size_t(n));
            if (fd >= 0) ::close(fd);
        });
        OutputFile f;
        const bool opened = f.open(fifo.toStdString(), &error);
        f.write("through the pipe\n");
        const bool committed = f.commit(&error);
        reader.join();
        QVERIFY(opened && committed);
        QCOMPARE(received, std::string("through the pipe\n"));
        struct stat info
        {
        };
        QCOMPARE(::stat(qPrintable(fifo), &info), 0);
        QVERIFY(S_ISFIFO(info.st_mode));
        QCOMPARE(filesIn(dir), 1); // the FIFO, and no temporary file
    }

    void aNewFileGetsTheUsualPermissions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("new.txt");
        const mode_t mask = ::umask(0);
        ::umask(mask);
        QVERIFY(writeFileAtomically(path.toStdString(), "x", nullptr));
        struct stat info
        {
        };
        QCOMPARE(::stat(qPrintable(path), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0666 & ~mask));
    }
};

QTEST_APPLESS_MAIN(TestOutputFile)
#include "tst_output_file.moc"
