#pragma once
// What every output option of the subcommands shares (docs/cli.md, "Inputs and outputs"): `-` is
// standard output, and a file's extension must agree with what is written into it — `sweep
// --out x.json` used to write CSV into a .json file; now it is refused, naming the extensions
// that fit.

#include <optional>
#include <string>
#include <vector>

namespace reslab::cli {

// The extension of `path`'s file name, lower case, without the dot ("" when it has none).
std::string extensionOf(const std::string& path);

// nullopt when `path` may hold `what` (a format whose files end in one of `extensions`, "csv");
// else a usage error naming the option, the file and the extensions that fit. Standard output
// and a name with no extension, or with one that names no data format, may hold anything.
std::optional<std::string> extensionProblem(const std::string& option, const std::string& path,
                                            const std::string& what,
                                            const std::vector<std::string>& extensions);

struct Arguments;
struct OutputRule
{
    std::string option;                  // "--attempts"
    std::string what;                    // "CSV"
    std::vector<std::string> extensions; // {"csv"}
};
// The first extensionProblem of the options of `a` that `rules` name.
std::optional<std::string> outputsProblem(const Arguments& a, const std::vector<OutputRule>& rules);

} // namespace reslab::cli
