// The texts made from the command table (command_spec.h): synopses, `--help`, "did you mean".
#include "cli/command_spec.h"
#include "cli/exit_codes.h"
#include "util/closest_name.h"

#include <algorithm>

namespace reslab::cli {

namespace {

constexpr const char* kProgram = "resilience-lab";
constexpr std::size_t kHelpWidth = 80;        // a terminal's width, for --help
constexpr std::size_t kOptionColumn = 28;     // where the meanings start in --help
constexpr std::size_t kMaxInlineChoices = 40; // longer lists of choices are named in a synopsis

// Columns on a terminal: UTF-8 continuation bytes take none ("…", "≤", "−").
std::size_t columns(const std::string& s)
{
    return std::size_t(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Words joined into lines of at most `width` columns; lines after the first start with `indent`.
std::string wrap(const std::vector<std::string>& words, std::size_t width, std::size_t firstColumn,
                 const std::string& indent)
{
    std::string out;
    std::size_t column = firstColumn;
    bool lineEmpty = true;
    for (const std::string& w : words) {
        if (!lineEmpty && column + 1 + columns(w) > width) {
            out += "\n" + indent;
            column = columns(indent);
            lineEmpty = true;
        }
        if (!lineEmpty) {
            out += ' ';
            ++column;
        }
        out += w;
        column += columns(w);
        lineEmpty = false;
    }
    return out;
}

std::vector<std::string> splitWords(const std::string& text)
{
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

// "[--seed N]", "[--param PATH=VALUES …]", "--to TARGET".
std::string synopsisItem(const OptionSpec& o)
{
    std::string item = o.name;
    if (!o.isFlag()) item += ' ' + synopsisValue(o);
    if (o.repeatable) item += " …";
    return o.required ? item : "[" + item + "]";
}

} // namespace

std::string synopsisValue(const OptionSpec& o)
{
    std::string list;
    for (const std::string& c : o.choices)
        list += (list.empty() ? "" : "|") + c;
    // A short list is the value ("csv|jsonl"); a long one is named, and --help lists it.
    return list.empty() || list.size() > kMaxInlineChoices ? o.value : list;
}

std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates)
{
    return closestName(word, candidates);
}

std::string synopsis(const CommandSpec& command, std::size_t width, std::size_t lead)
{
    const std::string head = std::string(kProgram) + " " + command.name;
    std::vector<std::string> items;
    if (!command.operands.empty()) items.push_back(command.operands);
    for (const OptionSpec& o : command.options)
        if (o.name != "--help") items.push_back(synopsisItem(o));
    if (items.empty()) return head + "\n";
    const std::size_t first = lead + columns(head) + 1;
    return head + " " + wrap(items, width, first, std::string(first, ' ')) + "\n";
}

std::string fullSynopsis(std::size_t width)
{
    std::string out =
        std::string(kProgram) + " [SCENARIO.json]       the desktop testbench (docs/gui.md)\n";
    for (const CommandSpec& c : commandSpecs())
        if (c.name != "help" && c.name != "version") out += synopsis(c, width);
    out += std::string(kProgram) +
           " help [SUBCOMMAND] | SUBCOMMAND --help | --help | --version | -V\n";
    return out;
}

std::string exitCodesText()
{
    return "Exit codes:\n"
           "  0    ran, and the verdict (if any) is positive\n"
           "  1    could not do its job (a write that failed, an internal error)\n"
           "  2    invalid input or usage (the message says which file, where and why)\n"
           "  3    check: no expectation fails, but one is inconclusive (more seeds needed)\n"
           "  4    ran, and the verdict is negative: check: an expectation fails;\n"
           "       tune: nothing meets the expectations;\n"
           "       compare --recorded: a metric differs\n"
           "  130  interrupted (Ctrl-C or SIGTERM)\n";
}

std::string commandHelp(const CommandSpec& command)
{
    const std::string usage = "Usage: ";
    std::string out = usage + synopsis(command, kHelpWidth, usage.size()) + "\n" +
                      wrap(splitWords(command.description), kHelpWidth, 0, "") + "\n";
    if (!command.options.empty()) out += "\nOptions:\n";
    for (const OptionSpec& o : command.options) {
        std::string left = "  " + std::string(o.name == "--help" ? "-h, " : "") + o.name;
        if (!o.isFlag()) left += ' ' + o.value;
        std::string meaning = o.meaning;
        std::vector<std::string> details;
        if (o.required) details.push_back("required");
        if (!o.choices.empty()) {
            std::string list;
            for (const std::string& c : o.choices)
                list += (list.empty() ? "" : ", ") + c;
            details.push_back("one of " + list);
        }
        if (!o.range.empty()) details.push_back(o.range);
        if (!o.defaultValue.empty()) details.push_back("default: " + o.defaultValue);
        if (o.output) details.push_back("- for standard output");
        if (o.repeatable) details.push_back("repeatable");
        if (!details.empty()) {
            meaning += " (";
            for (std::size_t i = 0; i < details.size(); ++i)
                meaning += (i ? "; " : "") + details[i];
            meaning += ")";
        }
        if (columns(left) + 2 > kOptionColumn) {
            out += left + "\n" + std::string(kOptionColumn, ' ');
        } else {
            out += left + std::string(kOptionColumn - columns(left), ' ');
        }
        out +=
            wrap(splitWords(meaning), kHelpWidth, kOptionColumn, std::string(kOptionColumn, ' ')) +
            "\n";
    }
    out += "\n" + exitCodesText() +
           "\nEvery option in detail: docs/cli.md in the source tree, or man resilience-lab.\n";
    return out;
}

std::string programHelp()
{
    std::string out = "Resilience Lab: simulate retries, timeouts and faulty endpoints on virtual "
                      "time.\n\nUsage:\n  " +
                      std::string(kProgram) +
                      " [SCENARIO.json]          the desktop testbench\n  " + kProgram +
                      " SUBCOMMAND [OPTIONS] …   the command line\n\nSubcommands:\n";
    for (const CommandSpec& c : commandSpecs()) {
        std::string name = "  " + c.name;
        name.resize(16, ' ');
        out += name + c.summary + "\n";
    }
    out +=
        "\nOptions:\n  -h, --help      print this help\n  -V, --version   print the version\n\n" +
        std::string(kProgram) + " SUBCOMMAND --help (or: help SUBCOMMAND) lists its options.\n\n" +
        exitCodesText() +
        "\nFile formats and every option: man resilience-lab, and docs/ in the source tree.\n";
    return out;
}

} // namespace reslab::cli
