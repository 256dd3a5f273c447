#include "cli/arguments.h"

#include <charconv>
#include <cstdint>

namespace reslab::cli {

Arguments parseArguments(const std::vector<std::string>& args,
                         const std::set<std::string>& flagNames,
                         const std::set<std::string>& optionNames)
{
    Arguments out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 2 || a.rfind("--", 0) != 0) {
            if (a.size() > 1 && a[0] == '-') {
                out.error = "unknown option " + a;
                return out;
            }
            out.positionals.push_back(a);
            continue;
        }
        std::string name = a;
        std::optional<std::string> value;
        if (const auto eq = a.find('='); eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
        }
        if (flagNames.count(name)) {
            if (value) {
                out.error = name + " takes no value";
                return out;
            }
            out.flags.insert(name);
        } else if (optionNames.count(name)) {
            if (!value) {
                if (i + 1 >= args.size()) {
                    out.error = name + " needs a value";
                    return out;
                }
                value = args[++i];
            }
            out.options[name].push_back(*value);
        } else {
            out.error = "unknown option " + name;
            return out;
        }
    }
    return out;
}

bool parseUnsigned(const std::string& text, std::uint64_t max, std::uint64_t& out)
{
    if (text.empty()) return false;
    std::uint64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size() || v > max) return false;
    out = v;
    return true;
}

} // namespace reslab::cli
