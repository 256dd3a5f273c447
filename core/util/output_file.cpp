#include "util/output_file.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <limits.h>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace reslab {

namespace {

// Written in one go when the buffer holds this much.
constexpr std::size_t kBufferBytes = 1 << 20;

// The temporary files open now, for the interrupt handler, which may only use async-signal-safe
// calls: fixed slots of fixed size, claimed and released with atomics.
constexpr std::size_t kMaxOpenOutputs = 32;
struct Slot
{
    std::atomic<bool> used{false};
    char path[PATH_MAX + 32] = {};
};
std::array<Slot, kMaxOpenOutputs> g_slots;
std::atomic<bool> g_graceful{false};
std::atomic<bool> g_interrupted{false};

int claimSlot(const std::string& path)
{
    if (path.size() >= sizeof(Slot::path)) return -1;
    for (std::size_t i = 0; i < g_slots.size(); ++i) {
        bool expected = false;
        if (g_slots[i].used.load() || !g_slots[i].used.compare_exchange_strong(expected, true))
            continue;
        std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
        return int(i);
    }
    return -1; // more than kMaxOpenOutputs at once: still atomic, not cleaned on a signal
}

void releaseSlot(int slot)
{
    if (slot >= 0) g_slots[std::size_t(slot)].used.store(false);
}

void removeOpenTemporaries()
{
    for (Slot& s : g_slots)
        if (s.used.load()) ::unlink(s.path);
}

extern "C" void onInterrupt(int signal)
{
    if (g_graceful.load() && !g_interrupted.exchange(true)) return;
    removeOpenTemporaries();
    ::_exit(128 + signal);
}

mode_t currentUmask()
{
    static const mode_t mask = [] {
        const mode_t m = ::umask(022);
        ::umask(m);
        return m;
    }();
    return mask;
}

// Where a chain of symbolic links ends when the last target does not exist (a dangling link,
// which an output follows as any link: the file is created where it points); nothing when
// `path` is no link. Relative targets are taken from the link's own folder.
std::optional<std::string> danglingLinkTarget(std::string path)
{
    constexpr int kMaxLinks = 40; // Linux's own limit on links followed in one lookup (ELOOP)
    bool followed = false;
    for (int hops = 0; hops < kMaxLinks; ++hops) {
        struct stat st
        {
        };
        if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode))
            return followed ? std::optional(path) : std::nullopt;
        std::string target(PATH_MAX, '\0');
        const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
        if (n <= 0 || std::size_t(n) >= target.size()) return std::nullopt;
        target.resize(std::size_t(n));
        if (!target.starts_with('/')) {
            const std::size_t slash = path.rfind('/');
            if (slash != std::string::npos) target = path.substr(0, slash + 1) + target;
        }
        path = target;
        followed = true;
    }
    return std::nullopt; // a loop: written as before (the rename replaces the link)
}

std::string describe(const std::string& path, int error)
{
    return path + ": " + std::strerror(error);
}

} // namespace

OutputFile::~OutputFile()
{
    discard();
}

bool OutputFile::open(const std::string& path, std::string* error)
{
    discard();
    m_path = path;
    m_errno = 0;
    auto fail = [&](const std::string& message) {
        if (error) *error = message;
        return false;
    };
    if (path.empty()) return fail("an output file name is empty");
    m_direct = false;
    m_realPath = path;
    if (path == kStandardOutput) {
        m_fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
        if (m_fd < 0)
            return fail(std::string("standard output: cannot be written: ") + std::strerror(errno));
        m_direct = true;
        m_buffer.reserve(kBufferBytes);
        return true;
    }
    struct stat target
    {
    };
    mode_t mode = 0666 & ~currentUmask();
    if (::stat(path.c_str(), &target) == 0) {
        if (S_ISFIFO(target.st_mode) || S_ISCHR(target.st_mode) || S_ISSOCK(target.st_mode)) {
            // A stream: written as it comes (opening a FIFO waits for its reader, as `>` does).
            m_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (m_fd < 0) return fail(path + ": cannot be written: " + std::strerror(errno));
            m_direct = true;
            m_buffer.reserve(kBufferBytes);
            return true;
        }
        if (!S_ISREG(target.st_mode))
            return fail(path + ": cannot be written: not a regular file (" +
                        (S_ISDIR(target.st_mode)   ? "a directory"
                         : S_ISBLK(target.st_mode) ? "a block device"
                                                   : "a special file") +
                        "); the tool writes regular files, pipes and character devices");
        mode = target.st_mode & 07777;
        if (char* resolved = ::realpath(path.c_str(), nullptr)) {
            m_realPath = resolved; // a symbolic link: replace what it points to
            std::free(resolved);
        }
    } else if (errno != ENOENT) {
        return fail(path + ": cannot be written: " + std::strerror(errno));
    } else if (const auto pointsTo = danglingLinkTarget(path)) {
        m_realPath = *pointsTo; // a link to a file not there yet: write it, the link stays
    }
    const std::size_t slash = m_realPath.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : m_realPath.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? m_realPath : m_realPath.substr(slash + 1);
    std::string temp =
        (slash == std::string::npos ? std::string() : dir) + "." + name + ".tmp-XXXXXX";
    m_fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (m_fd < 0) return fail(path + ": cannot be written: " + std::strerror(errno));
    m_tempPath = temp;
    m_slot = claimSlot(m_tempPath);
    ::fchmod(m_fd, mode);
    m_buffer.reserve(kBufferBytes);
    return true;
}

void OutputFile::write(std::string_view bytes)
{
    if (m_fd < 0 || m_errno) return;
    m_buffer.append(bytes);
    if (m_buffer.size() >= kBufferBytes) flush();
}

bool OutputFile::flush()
{
    std::size_t done = 0;
    while (done < m_buffer.size() && !m_errno) {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            m_errno = n < 0 ? errno : EIO;
        else
            done += std::size_t(n);
    }
    m_buffer.clear();
    return !m_errno;
}

bool OutputFile::commit(std::string* error)
{
    if (m_fd < 0) {
        if (error) *error = m_path + ": not open";
        return false;
    }
    flush();
    if (!m_direct && !m_errno && ::fsync(m_fd) != 0 && errno != EINVAL) m_errno = errno;
    if (::close(m_fd) != 0 && !m_errno) m_errno = errno;
    m_fd = -1;
    if (m_direct) {
        if (m_errno && error)
            *error = describe(m_path == kStandardOutput ? "standard output" : m_path, m_errno);
        m_buffer.clear();
        return !m_errno;
    }
    if (!m_errno && ::rename(m_tempPath.c_str(), m_realPath.c_str()) != 0) m_errno = errno;
    if (m_errno) {
        if (error) *error = describe(m_path, m_errno);
        discard();
        return false;
    }
    releaseSlot(m_slot);
    m_slot = -1;
    m_tempPath.clear();
    return true;
}

void OutputFile::discard()
{
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_tempPath.empty()) ::unlink(m_tempPath.c_str());
    m_tempPath.clear();
    releaseSlot(m_slot);
    m_slot = -1;
    m_buffer.clear();
}

bool writeFileAtomically(const std::string& path, std::string_view bytes, std::string* error)
{
    OutputFile file;
    if (!file.open(path, error)) return false;
    file.write(bytes);
    return file.commit(error);
}

void installInterruptHandler()
{
    struct sigaction action
    {
    };
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(signal, &action, nullptr);
}

void setGracefulInterrupt(bool graceful)
{
    g_graceful.store(graceful);
    if (!graceful) g_interrupted.store(false);
}

bool interruptRequested()
{
    return g_interrupted.load();
}

} // namespace reslab
