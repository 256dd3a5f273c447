// The fuzz targets as ordinary programs (no libFuzzer): each argument, a file or a folder of
// files, goes through LLVMFuzzerTestOneInput once. ctest replays the regression corpus and the
// seeds this way in every build, the sanitizer build included.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        QStringList paths{QString::fromLocal8Bit(argv[i])};
        if (QFileInfo(paths.front()).isDir()) {
            const QDir dir(paths.front());
            paths.clear();
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name))
                paths << dir.filePath(name);
        }
        for (const QString& path : paths) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "%s: cannot read\n", qPrintable(path));
                return 1;
            }
            const QByteArray bytes = f.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                   std::size_t(bytes.size()));
            ++files;
        }
    }
    std::printf("replayed %d inputs\n", files);
    return 0;
}
