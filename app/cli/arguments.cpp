#include "cli/arguments.h"

#include "cli/command_spec.h"

#include <charconv>
#include <stdexcept>

namespace reslab::cli {

namespace {

std::string unknownOption(const std::string& name, const CommandSpec& command)
{
    std::vector<std::string> names;
    for (const OptionSpec& o : command.options)
        names.push_back(o.name);
    std::string message = "unknown option " + name;
    if (const std::string close = closestMatch(name, names); !close.empty())
        message += " (did you mean " + close + "?)";
    return message;
}

} // namespace

Arguments parseArguments(const std::vector<std::string>& args, const CommandSpec& command)
{
    Arguments out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") { // the rest are operands, whatever they look like
            out.positionals.insert(out.positionals.end(), args.begin() + std::ptrdiff_t(i) + 1,
                                   args.end());
            break;
        }
        if (a == "-h" || a == "--help") {
            out.help = true;
            return out;
        }
        if (a.size() < 2 || a.rfind("--", 0) != 0) {
            if (a.size() > 1 && a[0] == '-') { // "-" alone is an operand (standard input/output)
                if (out.error.empty()) out.error = unknownOption(a, command);
                continue;
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
        const OptionSpec* option = findOption(command, name);
        std::string error;
        if (!option) {
            error = unknownOption(name, command);
        } else if (option->isFlag()) {
            if (value) error = name + " takes no value";
            out.flags.insert(name);
        } else {
            if (!value) {
                if (i + 1 >= args.size()) {
                    error = name + " needs a value (" + option->value + ")";
                } else {
                    value = args[++i];
                }
            }
            if (value) {
                auto& values = out.options[name];
                if (!values.empty() && !option->repeatable)
                    error = name + " is given twice (\"" + values.front() + "\" and \"" + *value +
                            "\"); it takes one value";
                values.push_back(*value);
            }
        }
        // The first problem is the one reported, but the rest is still read for --help.
        if (!error.empty() && out.error.empty()) out.error = error;
    }
    return out;
}

Arguments parseArguments(const std::vector<std::string>& args, const std::string& command)
{
    const CommandSpec* spec = findCommand(command);
    if (!spec) throw std::logic_error("no subcommand \"" + command + "\" in the command table");
    return parseArguments(args, *spec);
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
