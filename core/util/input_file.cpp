#include "util/input_file.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace reslab {

std::string inputFileProblem(const std::string& path)
{
    if (path.empty()) return "no file name given";
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) != 0)
        return errno == ENOENT ? std::string("no such file") : std::string(std::strerror(errno));
    if (S_ISDIR(info.st_mode)) return "a directory, not a file";
    if (S_ISFIFO(info.st_mode)) return "a FIFO, not a regular file";
    if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) return "a device, not a regular file";
    if (!S_ISREG(info.st_mode)) return "not a regular file";
    if (::access(path.c_str(), R_OK) != 0) return std::strerror(errno);
    return {};
}

} // namespace reslab
