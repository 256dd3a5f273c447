#pragma once
// Inputs are regular files: a directory, a FIFO (which would block), a device such as
// /dev/zero (which never ends) or a socket is refused up front with what it is, before anything
// opens it. Sizes are the reader's business (each knows its cap).

#include <string>

namespace reslab {

// Empty when `path` names a regular file (after symbolic links) that can be read; otherwise the
// reason: "no such file", "a directory, not a file", "a FIFO, not a regular file", "no file name
// given", the OS's reason. Qt resource paths (":/presets/…") are not files: callers that take
// them check those with QFileInfo.
std::string inputFileProblem(const std::string& path);

} // namespace reslab
