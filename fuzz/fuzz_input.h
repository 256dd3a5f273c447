#pragma once
// What the fuzz targets share: the input as a file the readers open by path (an anonymous
// in-memory file, /proc/self/fd/N: no disk, nothing left behind), a scratch folder for outputs,
// and the check that turns a broken property into a crash the fuzzer reports.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>

namespace reslab::fuzz {

// Not assert(): it stays on in every build, and names what broke.
inline void require(bool property, const char* what)
{
    if (property) return;
    std::fprintf(stderr, "fuzz property broken: %s\n", what);
    std::abort();
}

class InputFile
{
public:
    InputFile(const std::uint8_t* data, std::size_t size)
    {
        m_fd = ::memfd_create("fuzz-input", MFD_CLOEXEC);
        require(m_fd >= 0, "memfd_create");
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::write(m_fd, data + done, size - done);
            require(n > 0, "writing the input");
            done += std::size_t(n);
        }
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    ~InputFile() { ::close(m_fd); }
    const std::string& path() const { return m_path; }

private:
    int m_fd = -1;
    std::string m_path;
};

// A folder of this process's for the outputs a target writes (each run replaces them).
inline const std::string& scratchDir()
{
    static const std::string dir = [] {
        std::string t = "/tmp/reslab-fuzz-XXXXXX";
        require(::mkdtemp(t.data()) != nullptr, "mkdtemp");
        return t;
    }();
    return dir;
}

} // namespace reslab::fuzz
