// reslab-cli-docs: what the build makes from the command table (command_spec.h), so that none of
// it can drift from the parser:
//   reslab-cli-docs man TEMPLATE OUT     the manual page: TEMPLATE with @SYNOPSIS@ and @COMMANDS@
//   reslab-cli-docs bash|zsh|fish OUT    the shell completions
//   reslab-cli-docs synopsis             docs/cli.md's synopsis block, on stdout
//   reslab-cli-docs check-synopsis FILE  exit 1 unless FILE's first ``` block is that synopsis
#include "cli/command_spec.h"

#include <fstream>
#include <iostream>
#include <sstream>

using namespace reslab::cli;

namespace {

constexpr const char* kProgram = "resilience-lab";

std::string replaceAll(std::string s, const std::string& from, const std::string& to)
{
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

// Text as roff: backslashes and hyphens escaped, the typographic characters the table uses as
// roff's own glyphs, and a line that would start with a control character guarded.
std::string roff(std::string s)
{
    s = replaceAll(s, "\\", "\\e");
    s = replaceAll(s, "-", "\\-");
    s = replaceAll(s, "…", "...");
    s = replaceAll(s, "−", "\\-");
    s = replaceAll(s, "≤", "\\(<=");
    s = replaceAll(s, "≥", "\\(>=");
    s = replaceAll(s, "×", "\\(mu");
    s = replaceAll(s, "`", "");
    if (!s.empty() && (s.front() == '.' || s.front() == '\'')) s = "\\&" + s;
    return s;
}

std::string choicesText(const OptionSpec& o, const char* separator)
{
    std::string out;
    for (const std::string& c : o.choices)
        out += (out.empty() ? "" : separator) + c;
    return out;
}

std::string details(const OptionSpec& o)
{
    std::vector<std::string> parts;
    if (o.required) parts.push_back("required");
    if (!o.choices.empty()) parts.push_back("one of " + choicesText(o, ", "));
    if (!o.range.empty()) parts.push_back(o.range);
    if (!o.defaultValue.empty()) parts.push_back("default: " + o.defaultValue);
    if (o.output) parts.push_back("- for standard output");
    if (o.repeatable) parts.push_back("repeatable");
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? "; " : "") + parts[i];
    return out.empty() ? "" : " (" + out + ")";
}

// One subcommand's synopsis in roff: .B for what is typed, .I for what is replaced.
std::string manSynopsis(const CommandSpec& c)
{
    std::string out = ".B " + roff(std::string(kProgram) + " " + c.name) + "\n";
    if (!c.operands.empty()) out += ".I " + roff(c.operands) + "\n";
    for (const OptionSpec& o : c.options) {
        if (o.name == "--help") continue;
        const std::string open = o.required ? "" : "[ ";
        const std::string close = o.required ? "" : " ]";
        if (o.isFlag()) {
            out += ".RB " + open + roff(o.name) + close + "\n";
            continue;
        }
        const std::string value = synopsisValue(o);
        out += ".RB " + open + roff(o.name) + "\n";
        out += ".IR " + roff(value) + (o.repeatable ? " \" ...\"" : "") + close + "\n";
    }
    return out + ".br\n";
}

std::string manPage(const std::string& templateText)
{
    std::string synopsis = ".B " + std::string(kProgram) + "\n.RI [ SCENARIO.json ]\n.br\n";
    std::string commands;
    for (const CommandSpec& c : commandSpecs()) {
        synopsis += manSynopsis(c);
        commands +=
            ".SS " + roff(c.name) + "\n" + manSynopsis(c) + ".PP\n" + roff(c.description) + "\n";
        for (const OptionSpec& o : c.options) {
            commands += ".TP\n";
            const std::string name = o.name == "--help" ? "\\-h, \\-\\-help" : roff(o.name);
            commands +=
                o.isFlag() ? ".B " + name + "\n" : ".BI \"" + name + " \" " + roff(o.value) + "\n";
            commands += roff(o.meaning + details(o)) + "\n";
        }
    }
    synopsis +=
        ".B " + std::string(kProgram) + "\n.BR \\-\\-help \" | \" \\-\\-version \" | \" \\-V\n";
    std::string out = templateText;
    out = replaceAll(out, "@SYNOPSIS@\n", synopsis);
    out = replaceAll(out, "@COMMANDS@\n", commands);
    return out;
}

// Words safe inside single quotes and completion descriptions of every shell.
std::string plain(std::string s)
{
    s = replaceAll(s, "'", "’"); // a typographic apostrophe needs no quoting in any shell
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '`' || c == '$' || c == '\\') continue;
        if (c == '[') c = '(';
        if (c == ']') c = ')';
        if (c == ':') c = ',';
        out += c;
    }
    return out;
}

std::string commandList(const char* separator)
{
    std::string out;
    for (const CommandSpec& c : commandSpecs())
        out += (out.empty() ? "" : separator) + c.name;
    return out;
}

std::string bashCompletion()
{
    std::ostringstream s;
    s << "# bash completion for resilience-lab, made from its command table (reslab-cli-docs).\n"
         "_resilience_lab()\n{\n"
         "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "    local sub=\"\" i\n"
         "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "        case ${COMP_WORDS[i]} in -*) ;; *) sub=${COMP_WORDS[i]}; break ;; esac\n"
         "    done\n"
         "    if [[ -z $sub ]]; then\n"
         "        if [[ $cur == -* ]]; then\n"
         "            COMPREPLY=($(compgen -W '--help --version -h -V' -- \"$cur\"))\n"
         "        else\n"
         "            COMPREPLY=($(compgen -W '"
      << commandList(" ")
      << "' -- \"$cur\") $(compgen -f -X '!*.json' -- \"$cur\"))\n"
         "        fi\n"
         "        return\n"
         "    fi\n"
         "    case $sub in\n";
    for (const CommandSpec& c : commandSpecs()) {
        s << "    " << c.name << ")\n        case $prev in\n";
        std::string valued, files;
        for (const OptionSpec& o : c.options) {
            if (o.isFlag()) continue;
            if (o.completion == Completion::Choice)
                s << "        " << o.name << ") COMPREPLY=($(compgen -W '" << choicesText(o, " ")
                  << "' -- \"$cur\")); return ;;\n";
            else if (o.completion == Completion::File)
                files += (files.empty() ? "" : "|") + o.name;
            else
                valued += (valued.empty() ? "" : "|") + o.name;
        }
        if (!files.empty())
            s << "        " << files << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
        if (!valued.empty()) s << "        " << valued << ") return ;;\n";
        std::string names;
        for (const OptionSpec& o : c.options)
            names += (names.empty() ? "" : " ") + o.name;
        if (c.name == "help") {
            s << "        esac\n        COMPREPLY=($(compgen -W '" << commandList(" ")
              << "' -- \"$cur\"))\n        ;;\n";
            continue;
        }
        s << "        esac\n"
             "        if [[ $cur == -* ]]; then\n"
             "            COMPREPLY=($(compgen -W '"
          << names
          << "' -- \"$cur\"))\n"
             "        else\n"
             "            COMPREPLY=($(compgen -f -- \"$cur\"))\n"
             "        fi\n"
             "        ;;\n";
    }
    s << "    esac\n}\ncomplete -o filenames -o bashdefault -F _resilience_lab resilience-lab\n";
    return s.str();
}

std::string zshAction(const OptionSpec& o)
{
    if (o.completion == Completion::Choice) return "(" + choicesText(o, " ") + ")";
    if (o.completion == Completion::File)
        return o.glob.empty() ? "_files" : "_files -g \"" + o.glob + "\"";
    return " ";
}

std::string zshCompletion()
{
    std::ostringstream s;
    s << "#compdef resilience-lab\n"
         "# zsh completion for resilience-lab, made from its command table (reslab-cli-docs).\n"
         "_resilience-lab() {\n"
         "  local -a commands\n"
         "  commands=(\n";
    for (const CommandSpec& c : commandSpecs())
        s << "    '" << c.name << ":" << plain(c.summary) << "'\n";
    s << "  )\n"
         "  if (( CURRENT == 2 )); then\n"
         "    _alternative 'commands:subcommand:_describe -t commands subcommand commands' \\\n"
         "      'options:option:(--help --version -h -V)' 'files:scenario:_files -g \"*.json\"'\n"
         "    return\n"
         "  fi\n"
         "  local command=$words[2]\n"
         "  shift words\n"
         "  (( CURRENT-- ))\n"
         "  case $command in\n";
    for (const CommandSpec& c : commandSpecs()) {
        s << "  " << c.name << ")\n    _arguments -S";
        for (const OptionSpec& o : c.options) {
            s << " \\\n      '";
            if (o.repeatable) s << "*";
            if (o.name == "--help") {
                s << "(- *)'{-h,--help}'[" << plain(o.meaning) << "]'";
                continue;
            }
            s << o.name << (o.isFlag() ? "" : "=") << "[" << plain(o.meaning) << "]";
            if (!o.isFlag()) s << ":" << plain(o.value) << ":" << zshAction(o);
            s << "'";
        }
        if (c.name == "help")
            s << " \\\n      '1:subcommand:(" << commandList(" ") << ")'";
        else if (!c.operands.empty())
            s << " \\\n      '" << (c.manyOperands ? "*" : "1") << ":" << plain(c.operands)
              << ":_files"
              << (c.operandGlob.empty() || c.operandGlob == "*" ? std::string()
                                                                : " -g \"" + c.operandGlob + "\"")
              << "'";
        s << "\n    ;;\n";
    }
    s << "  esac\n}\n_resilience-lab \"$@\"\n";
    return s.str();
}

std::string fishCompletion()
{
    std::ostringstream s;
    s << "# fish completion for resilience-lab, made from its command table (reslab-cli-docs).\n"
         "complete -c resilience-lab -f\n"
         "complete -c resilience-lab -n __fish_use_subcommand -s h -l help -d 'print the help'\n"
         "complete -c resilience-lab -n __fish_use_subcommand -s V -l version -d 'print the "
         "version'\n"
         "complete -c resilience-lab -n __fish_use_subcommand -F\n";
    for (const CommandSpec& c : commandSpecs()) {
        s << "complete -c resilience-lab -n __fish_use_subcommand -a " << c.name << " -d '"
          << plain(c.summary) << "'\n";
        const std::string when = "-n '__fish_seen_subcommand_from " + c.name + "'";
        if (c.name == "help")
            s << "complete -c resilience-lab " << when << " -a '" << commandList(" ") << "'\n";
        else if (!c.operands.empty())
            s << "complete -c resilience-lab " << when << " -F\n";
        for (const OptionSpec& o : c.options) {
            s << "complete -c resilience-lab " << when;
            if (o.name == "--help") s << " -s h";
            s << " -l " << o.name.substr(2);
            if (o.completion == Completion::Choice)
                s << " -x -a '" << choicesText(o, " ") << "'";
            else if (o.completion == Completion::File)
                s << " -r -F";
            else if (!o.isFlag())
                s << " -x";
            s << " -d '" << plain(o.meaning) << "'\n";
        }
    }
    return s.str();
}

bool writeFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) std::cerr << "reslab-cli-docs: " << path << ": cannot be written\n";
    return bool(out);
}

std::string readFile(const std::string& path, bool& ok)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    ok = bool(in);
    if (!ok) std::cerr << "reslab-cli-docs: " << path << ": cannot be read\n";
    return text.str();
}

// The first fenced block of a Markdown file, without its fences.
std::string firstBlock(const std::string& markdown)
{
    const std::size_t open = markdown.find("```");
    if (open == std::string::npos) return {};
    const std::size_t start = markdown.find('\n', open);
    const std::size_t close = markdown.find("\n```", start);
    if (start == std::string::npos || close == std::string::npos) return {};
    return markdown.substr(start + 1, close - start);
}

int usage()
{
    std::cerr << "usage: reslab-cli-docs man TEMPLATE OUT | bash|zsh|fish OUT | synopsis | "
                 "check-synopsis FILE.md\n";
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usage();
    const std::string& what = args[0];
    if (what == "synopsis" && args.size() == 1) {
        std::cout << fullSynopsis();
        return 0;
    }
    if (what == "check-synopsis" && args.size() == 2) {
        bool ok = false;
        const std::string block = firstBlock(readFile(args[1], ok));
        if (!ok) return 1;
        if (block == fullSynopsis()) {
            std::cout << args[1] << ": the synopsis is the command table's\n";
            return 0;
        }
        std::cerr << args[1]
                  << ": its first ``` block is not the synopsis of the command table; "
                     "replace it with the output of `reslab-cli-docs synopsis`:\n"
                  << fullSynopsis() << "\nIt is now:\n"
                  << block;
        return 1;
    }
    if (what == "man" && args.size() == 3) {
        bool ok = false;
        const std::string text = readFile(args[1], ok);
        return ok && writeFile(args[2], manPage(text)) ? 0 : 1;
    }
    if (args.size() != 2) return usage();
    if (what == "bash") return writeFile(args[1], bashCompletion()) ? 0 : 1;
    if (what == "zsh") return writeFile(args[1], zshCompletion()) ? 0 : 1;
    if (what == "fish") return writeFile(args[1], fishCompletion()) ? 0 : 1;
    return usage();
}
