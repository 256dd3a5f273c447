#include "cli/output_options.h"

#include "cli/arguments.h"

#include <algorithm>
#include <cctype>

namespace reslab::cli {

namespace {

// Extensions that name a data format: a file called so must hold that format. Others ("part-3",
// "out.txt", "table.1") are taken as the user's own names.
const std::vector<std::string> kDataExtensions = {
    "csv", "tsv", "json", "jsonl", "ndjson", "html", "htm", "xml", "yaml", "yml", "py", "js", "cs"};

} // namespace

std::string extensionOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return {};
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

std::optional<std::string> extensionProblem(const std::string& option, const std::string& path,
                                            const std::string& what,
                                            const std::vector<std::string>& extensions)
{
    if (path == "-") return std::nullopt;
    const std::string ext = extensionOf(path);
    if (ext.empty() ||
        std::find(kDataExtensions.begin(), kDataExtensions.end(), ext) == kDataExtensions.end() ||
        std::find(extensions.begin(), extensions.end(), ext) != extensions.end())
        return std::nullopt;
    std::string fits;
    for (const std::string& e : extensions)
        fits += (fits.empty() ? "." : " or .") + e;
    return option + " " + path + ": writes " + what + ", but the name says ." + ext + "; name it " +
           fits + " (or - for standard output)";
}

std::optional<std::string> outputsProblem(const Arguments& a, const std::vector<OutputRule>& rules)
{
    for (const OutputRule& r : rules)
        if (const auto path = a.option(r.option))
            if (auto problem = extensionProblem(r.option, *path, r.what, r.extensions))
                return problem;
    return std::nullopt;
}

} // namespace reslab::cli
