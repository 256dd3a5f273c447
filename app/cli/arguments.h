#pragma once
// The subcommands' argument parser, driven by their description (command_spec.h): operands,
// boolean flags and options with one value ("--seed 7" or "--seed=7"). `--` ends the options;
// `-h`/`--help` asks for the help. Anything unexpected is a usage error: an unknown option (with
// the closest one when it looks like a typo), a missing value, a single-valued option given twice.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace reslab::cli {

struct CommandSpec;

struct Arguments
{
    std::vector<std::string> positionals;
    std::set<std::string> flags;
    std::map<std::string, std::vector<std::string>> options; // every value given, in order
    std::string error;                                       // non-empty: a usage error
    bool help = false;                                       // -h or --help was given

    bool flag(const std::string& name) const { return flags.count(name) != 0; }
    // The option's value (a single-valued option is given once at most: the parser refuses more).
    std::optional<std::string> option(const std::string& name) const
    {
        auto it = options.find(name);
        return it == options.end() ? std::nullopt : std::optional(it->second.back());
    }
    // Every value of an option that may repeat ("--pipeline a=x.json --pipeline b=y.json").
    std::vector<std::string> values(const std::string& name) const
    {
        auto it = options.find(name);
        return it == options.end() ? std::vector<std::string>{} : it->second;
    }
};

// Parses `args` (what follows the subcommand) by the subcommand's description.
Arguments parseArguments(const std::vector<std::string>& args, const CommandSpec& command);
// The same for the subcommand called `command` (which must be in the table).
Arguments parseArguments(const std::vector<std::string>& args, const std::string& command);

// Parses a whole non-negative number; false on anything else (signs, fractions, overflow).
bool parseUnsigned(const std::string& text, std::uint64_t max, std::uint64_t& out);

} // namespace reslab::cli
