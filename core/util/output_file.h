#pragma once
// Every file the tool writes (imports, --attempts, --timeline, --record, --summary, exports, the
// testbench's saves) is an OutputFile: the bytes go to a temporary file beside the target
// (".<name>.tmp-XXXXXX" in the same folder, so that the rename is atomic), and only commit()
// renames it over the target. Until then — a write error, a full disk, a refused record, an
// exception, SIGINT or SIGTERM — the target stays byte for byte what it was and the temporary
// file is removed (by the destructor, or by the interrupt handler for every open one).
//
// Standard output ("-"), and a target that exists and is a pipe, a FIFO, a socket or a character
// device (/dev/stdout, /dev/null, /dev/tty, /dev/full), is written directly: renaming over it
// would replace the node, and whoever reads it wants the bytes as they come. A failed write is
// still reported by commit() (ENOSPC on /dev/full, EPIPE on a closed pipe), but what was written
// cannot be taken back. A directory or a block device is refused. A symbolic link is followed:
// the file it points to is replaced, the link stays. A new file gets the usual 0666 & ~umask, a
// replaced one keeps its permissions.

#include <string>
#include <string_view>

namespace reslab {

// The name every output option takes for standard output.
inline constexpr const char* kStandardOutput = "-";

class OutputFile
{
public:
    OutputFile() = default;
    ~OutputFile(); // discards what was not committed
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Creates the temporary file; false with "<path>: <reason>" if the target cannot be written.
    bool open(const std::string& path, std::string* error);
    bool isOpen() const { return m_fd >= 0; }
    // Buffered; the first failure is kept and reported by commit().
    void write(std::string_view bytes);
    // Flushes, syncs and renames the temporary file over the target; false (and the target as
    // it was) with "<path>: <the OS's reason>" if any write failed.
    bool commit(std::string* error);
    // Removes the temporary file; the target stays as it was.
    void discard();
    const std::string& path() const { return m_path; }
    // Written as it goes (standard output, a pipe, a device), with no temporary file.
    bool isDirect() const { return m_direct; }

private:
    bool flush();
    std::string m_path;     // the target, as given
    std::string m_realPath; // the target with symbolic links resolved: what is replaced
    std::string m_tempPath; // beside m_realPath
    int m_fd = -1;
    int m_slot = -1; // in the interrupt handler's table of temporary files
    std::string m_buffer;
    int m_errno = 0; // of the first failure
    bool m_direct = false;
};

// Writes `bytes` to `path` through an OutputFile.
bool writeFileAtomically(const std::string& path, std::string_view bytes, std::string* error);

// SIGINT, SIGTERM and SIGHUP remove every open OutputFile's temporary file. With a graceful
// handler set, the first such signal only sets interruptRequested() (a run stops at its next
// slice and reports a partial summary); a second one, or any signal without it, exits at once
// with 128 + the signal's number.
void installInterruptHandler();
void setGracefulInterrupt(bool graceful);
bool interruptRequested();

} // namespace reslab
