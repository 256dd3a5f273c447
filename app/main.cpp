// resilience-lab: the GUI with no subcommand, the headless CLI otherwise (docs/architecture.md).

#include "cli/commands.h"
#include "main_window.h"

#include <QApplication>
#include <exception>
#include <string>
#include <vector>

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
        const std::string command = args.front();
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (command == "run") return runCommand(rest);
        if (command == "validate") return validateCommand(rest);
        if (command == "schedule") return scheduleCommand(rest);
        if (command == "export") return exportCommand(rest);
        if (command == "import") return importCommand(rest);
        if (command == "compare") return compareCommand(rest);
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
    } catch (const std::bad_alloc&) {
        printErr("resilience-lab: out of memory\n");
        return kExitInternal;
    } catch (const std::exception& e) {
        printErr(std::string("resilience-lab: internal error: ") + e.what() + "\n");
        return kExitInternal;
    }
}
