#pragma once
// The one description of the command line: every subcommand with its operands and options (their
// values, defaults, ranges and one-line meanings). The parser (arguments.h), `SUBCOMMAND --help`,
// `help SUBCOMMAND`, the manual page, the bash, zsh and fish completions (docs_generator.cpp) and
// docs/cli.md's synopsis (checked by a test) all come from it, so none of them can leave an option
// out. It depends on nothing but the standard library, so the build's generator links it alone.

#include <string>
#include <vector>

namespace reslab::cli {

// What a shell completes for an option's value or an operand.
enum class Completion
{
    None,   // a number or a name the shell cannot know
    File,   // a path (`glob` narrows the files offered)
    Choice, // one of `choices`
};

struct OptionSpec
{
    std::string name;         // "--seed"
    std::string value;        // "N", "FILE.csv"; empty for a flag
    std::string meaning;      // one line, lower case, no full stop
    std::string defaultValue; // what applies without the option ("" when nothing does)
    std::string range;        // the values taken, when not said by `value` or `choices`
    std::vector<std::string> choices;
    Completion completion = Completion::None;
    std::string glob;        // for Completion::File: "*.json"
    bool repeatable = false; // may be given more than once (each value kept)
    bool required = false;   // the subcommand cannot run without it
    bool output = false;     // a file written; `-` is standard output

    bool isFlag() const { return value.empty(); }
};

struct CommandSpec
{
    std::string name;        // "run"
    std::string operands;    // "SCENARIO", "SCENARIO…", "PARTS…"
    std::string operandGlob; // what the shells offer for the operands ("*.json")
    std::string summary;     // one line, for the list of subcommands
    std::string description; // a paragraph: what it does, what it prints, its exit codes
    std::vector<OptionSpec> options;
    bool manyOperands = false; // takes one or more operands
};

// Every subcommand, in the order the help lists them.
const std::vector<CommandSpec>& commandSpecs();
// The subcommand called `name`, or nullptr.
const CommandSpec* findCommand(const std::string& name);
// The option of `command` called `name` (its long name), or nullptr.
const OptionSpec* findOption(const CommandSpec& command, const std::string& name);

// The closest of `candidates` to `word` when it is close enough to be a typo (an edit distance of
// at most a third of the word, and at least 1), else "". For "did you mean …?".
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);

// An option's value in a synopsis: its choices when they are few ("csv|jsonl"), else its name.
std::string synopsisValue(const OptionSpec& option);
// `resilience-lab run SCENARIO [--seed N] …`, wrapped at `width` columns with continuation lines
// indented under the first operand; `lead`: the columns printed before it on its first line.
std::string synopsis(const CommandSpec& command, std::size_t width = 100, std::size_t lead = 0);
// The synopsis of every subcommand and of the program itself (docs/cli.md's first block).
std::string fullSynopsis(std::size_t width = 100);
// `resilience-lab SUBCOMMAND --help`: synopsis, description, one line per option, exit codes.
std::string commandHelp(const CommandSpec& command);
// `resilience-lab --help`: every subcommand with its summary, and where the rest is.
std::string programHelp();
// The exit codes, one per line ("  0  ran, and the verdict (if any) is positive").
std::string exitCodesText();

} // namespace reslab::cli
