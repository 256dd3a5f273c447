#pragma once
// A deliberately small argument parser for the subcommands: positionals, boolean flags and
// options with one value ("--seed 7" or "--seed=7"). Anything unexpected is a usage error.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace reslab::cli {

struct Arguments
{
    std::vector<std::string> positionals;
    std::set<std::string> flags;
    std::map<std::string, std::vector<std::string>> options; // every value given, in order
    std::string error;                                       // non-empty: a usage error

    bool flag(const std::string& name) const { return flags.count(name) != 0; }
    // The option's value (the last one, when it was given more than once).
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

Arguments parseArguments(const std::vector<std::string>& args,
                         const std::set<std::string>& flagNames,
                         const std::set<std::string>& optionNames);

// Parses a whole non-negative number; false on anything else (signs, fractions, overflow).
bool parseUnsigned(const std::string& text, std::uint64_t max, std::uint64_t& out);

} // namespace reslab::cli
