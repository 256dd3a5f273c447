// resilience-lab: the GUI with no subcommand, the headless CLI otherwise (docs/architecture.md).

#include "cli/commands.h"
#include "main_window.h"
#include "util/output_file.h"

#include <QApplication>
#include <cstdlib>
#include <exception>
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

int command(const std::string& command, const std::vector<std::string>& rest)
{
    using namespace reslab::cli;
    if (command == "run") return runCommand(rest);
    if (command == "validate") return validateCommand(rest);
    if (command == "schedule") return scheduleCommand(rest);
    if (command == "export") return exportCommand(rest);
    if (command == "import") return importCommand(rest);
    if (command == "fit") return fitCommand(rest);
    if (command == "compare") return compareCommand(rest);
    if (command == "sweep") return sweepCommand(rest);
    if (command == "sweep-merge") return sweepMergeCommand(rest);
    if (command == "check") return checkCommand(rest);
    if (command == "tune") return tuneCommand(rest);
    if (command == "serve") return serveCommand(rest);
    if (command == "--help" || command == "-h" || command == "help") {
        printOut(usageText());
        return kExitOk;
    }
    if (command == "--version") {
        printOut("resilience-lab " RESLAB_VERSION "\n");
        return kExitOk;
    }
    printErr("resilience-lab: unknown command \"" + command + "\"\n\n" + usageText());
    return kExitInvalid;
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
        if (gui) { // the desktop testbench, optionally opening a scenario
            QApplication app(argc, argv);
            QApplication::setOrganizationName("Resilience Lab");
            QApplication::setApplicationName("Resilience Lab");
            reslab::ui::applyTheme(reslab::ui::Theme::Light); // the settings may switch to dark
            reslab::ui::MainWindow window;
            window.show(); // first, so a problem with the file is shown in a dialog
            if (!args.empty()) window.openScenario(QString::fromStdString(args.front()));
            return QApplication::exec();
        }
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
