// resilience-lab: the GUI with no subcommand, the headless CLI otherwise (docs/architecture.md).

#include "cli/arguments.h"
#include "cli/command_spec.h"
#include "cli/commands.h"
#include "cli/json_reports.h"
#include "main_window.h"
#include "util/output_file.h"

#include <QApplication>
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// On the command line only the tool's own messages reach stderr: Qt's warnings about the
// files the tool probes ("QFSFileEngine::open: No file name specified") are noise beside the
// tool's message naming the file and the reason. RESLAB_QT_MESSAGES=1 shows them (debugging).
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtFatalMsg || type == QtCriticalMsg || std::getenv("RESLAB_QT_MESSAGES"))
        reslab::cli::printErr("resilience-lab: Qt: " + message.toStdString() + "\n");
    if (type == QtFatalMsg) std::abort();
}

// The desktop testbench needs a display. Without one Qt aborts (exit 134) with "no Qt platform
// plugin could be initialized. Reinstalling the application may fix this problem", which is
// wrong advice over SSH and in CI: say what to do instead, and exit 2 (a usage error).
std::string noDisplayHint(const std::vector<std::string>& args)
{
    const std::string file = args.empty() ? "SCENARIO.json" : args.front();
    return "For the command line: resilience-lab run " + file +
           " (resilience-lab --help lists the subcommands).\n"
           "For the testbench: run it in a desktop session, over ssh -X, or with "
           "QT_QPA_PLATFORM=offscreen (nothing shown).\n";
}

// Why Qt could not show a window here, before it tries: no platform chosen and no display.
std::optional<std::string> noDisplay()
{
    const auto set = [](const char* name) {
        const char* value = std::getenv(name);
        return value && *value;
    };
    if (set("QT_QPA_PLATFORM") || set("DISPLAY") || set("WAYLAND_DISPLAY")) return std::nullopt;
    return "no display to open the testbench on (DISPLAY and WAYLAND_DISPLAY are not set)";
}

// While the testbench starts, a fatal Qt message (a display that is set but cannot be reached, a
// platform plugin that does not load) ends the program with the hint rather than an abort.
std::vector<std::string> g_guiArgs;
bool g_guiStarting = false;
QtMessageHandler g_defaultHandler = nullptr;

void guiMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtFatalMsg && g_guiStarting) {
        // Qt's own words advise reinstalling, which is not the cure here: the display is.
        const char* display = std::getenv("DISPLAY");
        reslab::cli::printErr(
            std::string("resilience-lab: cannot open the testbench: no Qt "
                        "platform could start here (DISPLAY=") +
            (display ? display : "") + ", QT_QPA_PLATFORM=" +
            (std::getenv("QT_QPA_PLATFORM") ? std::getenv("QT_QPA_PLATFORM") : "") + ").\n" +
            noDisplayHint(g_guiArgs));
        std::_Exit(reslab::cli::kExitInvalid);
    }
    if (g_defaultHandler) g_defaultHandler(type, context, message);
}

int testbench(int argc, char** argv, const std::vector<std::string>& args)
{
    if (const auto problem = noDisplay()) {
        reslab::cli::printErr("resilience-lab: " + *problem + ".\n" + noDisplayHint(args));
        return reslab::cli::kExitInvalid;
    }
    g_guiArgs = args;
    g_guiStarting = true;
    g_defaultHandler = qInstallMessageHandler(guiMessages);
    QApplication app(argc, argv);
    g_guiStarting = false;
    QApplication::setOrganizationName("Resilience Lab");
    QApplication::setApplicationName("Resilience Lab");
    reslab::ui::applyTheme(reslab::ui::Theme::Light); // the settings may switch to dark
    reslab::ui::MainWindow window;
    window.show(); // first, so a problem with the file is shown in a dialog
    if (!args.empty()) window.openScenario(QString::fromStdString(args.front()));
    return QApplication::exec();
}

int dispatch(const std::string& command, const std::vector<std::string>& rest)
{
    using namespace reslab::cli;
    if (command == "run") return runCommand(rest);
    if (command == "validate") return validateCommand(rest);
    if (command == "schedule") return scheduleCommand(rest);
    if (command == "export") return exportCommand(rest);
    if (command == "import") return importCommand(rest);
    if (command == "fit") return fitCommand(rest);
    if (command == "import-config") return importConfigCommand(rest);
    if (command == "compare") return compareCommand(rest);
    if (command == "sweep") return sweepCommand(rest);
    if (command == "sweep-merge") return sweepMergeCommand(rest);
    if (command == "check") return checkCommand(rest);
    if (command == "tune") return tuneCommand(rest);
    if (command == "serve") return serveCommand(rest);
    throw std::logic_error("the subcommand \"" + command + "\" is in the table but not dispatched");
}

std::vector<std::string> commandNames()
{
    std::vector<std::string> names;
    for (const auto& c : reslab::cli::commandSpecs())
        names.push_back(c.name);
    return names;
}

// "unknown command \"runn\" (did you mean run?)": two lines, not the whole help.
int unknownCommand(const std::string& word)
{
    using namespace reslab::cli;
    std::string message = "resilience-lab: unknown ";
    if (word.starts_with("-")) {
        message += "option " + word;
        if (const auto close = closestMatch(word, {"--help", "--version"}); !close.empty())
            message += " (did you mean " + close + "?)";
    } else {
        message += "command \"" + word + "\"";
        if (const auto close = closestMatch(word, commandNames()); !close.empty())
            message += " (did you mean " + close + "?)";
    }
    printErr(message + "\n(resilience-lab --help lists the subcommands)\n");
    return kExitInvalid;
}

int helpCommand(const std::vector<std::string>& rest)
{
    using namespace reslab::cli;
    const Arguments a = parseArguments(rest, "help");
    if (a.help) {
        printOut(commandHelp(*findCommand("help")));
        return kExitOk;
    }
    if (!a.error.empty()) return usageError("help", a.error);
    if (a.positionals.size() > 1) return usageError("help", "takes at most one SUBCOMMAND");
    if (a.positionals.empty()) {
        printOut(programHelp());
        return kExitOk;
    }
    const CommandSpec* spec = findCommand(a.positionals.front());
    if (!spec) return unknownCommand(a.positionals.front());
    printOut(commandHelp(*spec));
    return kExitOk;
}

int versionCommand(const std::vector<std::string>& rest)
{
    using namespace reslab::cli;
    const Arguments a = parseArguments(rest, "version");
    if (a.help) {
        printOut(commandHelp(*findCommand("version")));
        return kExitOk;
    }
    if (!a.error.empty()) return usageError("version", a.error);
    if (!a.positionals.empty()) return usageError("version", "takes no operand");
    printOut("resilience-lab " RESLAB_VERSION "\n");
    return kExitOk;
}

int command(const std::string& command, const std::vector<std::string>& rest)
{
    using namespace reslab::cli;
    if (command == "--help" || command == "-h" || command == "help") return helpCommand(rest);
    if (command == "--version" || command == "-V" || command == "version")
        return versionCommand(rest);
    const CommandSpec* spec = findCommand(command);
    if (!spec) return unknownCommand(command);
    // SUBCOMMAND --help answers before anything else is checked, as git and kubectl do.
    const Arguments parsed = parseArguments(rest, *spec);
    if (parsed.help) {
        printOut(commandHelp(*spec));
        return kExitOk;
    }
    for (const OptionSpec& o : spec->options)
        if (o.output && parsed.option(o.name) == "-") reportToStandardError(true);
    // With --json a failure is JSON on standard output too (the message stays on stderr), so a
    // script that parses the output always has JSON to parse.
    const auto end = std::find(rest.begin(), rest.end(), "--");
    const bool json = findOption(*spec, "--json") && std::find(rest.begin(), end, "--json") != end;
    captureErrors(json);
    const int code = dispatch(command, rest);
    if (json && (code == kExitInvalid || code == kExitInternal) && !printedOut())
        printOut(errorJson(code, capturedErrors()));
    return code;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace reslab::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        const bool gui =
            args.empty() || (args.size() == 1 && args.front().size() > 5 &&
                             args.front().compare(args.front().size() - 5, 5, ".json") == 0);
        if (gui) return testbench(argc, argv, args); // optionally opening a scenario
        qInstallMessageHandler(quietQtMessages);
        reslab::installInterruptHandler(); // Ctrl-C leaves no half-written output behind
        const int code = command(args.front(), {args.begin() + 1, args.end()});
        // Output that could not be written (stdout on a full disk, a closed pipe) is a failure.
        if (const auto problem = outputProblem()) {
            printErr("resilience-lab: " + *problem + "\n");
            return kExitInternal;
        }
        return code;
    } catch (const std::bad_alloc&) {
        printErr("resilience-lab: out of memory\n");
        return kExitInternal;
    } catch (const std::exception& e) {
        printErr(std::string("resilience-lab: internal error: ") + e.what() + "\n");
        return kExitInternal;
    }
}
