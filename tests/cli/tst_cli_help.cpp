// The command line's one description (app/cli/command_spec.h) and everything made from it:
// SUBCOMMAND --help and help SUBCOMMAND for every subcommand, the parser's rules (did you mean,
// `--`, an option given twice), the manual page the build makes (every subcommand and option the
// parser accepts) and the shell completions (they load in bash, zsh and fish, and complete); and
// the testbench's paths without a display (a message and exit 2, not Qt's abort).

#include "cli/cli_testing.h"
#include "cli/command_spec.h"
#include "export/export.h"
#include "trace/importer.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab::testing;
using reslab::cli::CommandSpec;
using reslab::cli::commandSpecs;
using reslab::cli::findCommand;
using reslab::cli::findOption;

namespace {

const QString kPreset = QStringLiteral(RESLAB_PRESETS_DIR "/steady-flaky-api.json");
const QString kDocs = QStringLiteral(RESLAB_CLI_DOCS_DIR "/");

QStringList optionsIn(const QString& text)
{
    QStringList out;
    static const QRegularExpression option(QStringLiteral("(?<![\\w-])--[a-z][a-z0-9-]*"));
    for (auto it = option.globalMatch(text); it.hasNext();)
        out << it.next().captured();
    out.removeDuplicates();
    return out;
}

// The section of the manual page for one subcommand, roff escapes undone.
QString manSection(const QString& page, const QString& command)
{
    const qsizetype start = page.indexOf(".SS " + QString(command).replace("-", "\\-") + "\n");
    if (start < 0) return {};
    qsizetype end = page.indexOf("\n.SS ", start + 1);
    if (end < 0) end = page.indexOf("\n.SH ", start + 1);
    return page.mid(start, end - start).replace("\\-", "-");
}

struct ShellRun
{
    int exitCode = -1;
    QByteArray out, err;
};

ShellRun runShell(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(30'000)) p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace

class TestCliHelp : public QObject
{
    Q_OBJECT
private slots:
    void subcommandHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const CommandSpec& c : commandSpecs())
            QTest::addRow("%s", c.name.c_str()) << QString::fromStdString(c.name);
    }

    // Every subcommand answers --help, -h and `help SUBCOMMAND` alike, with every option it takes.
    void subcommandHelp()
    {
        QFETCH(QString, command);
        const CliResult r = runCli({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("Usage: resilience-lab " + command.toUtf8()), r.out.constData());
        QVERIFY(r.err.isEmpty());
        const CommandSpec* spec = findCommand(command.toStdString());
        for (const auto& o : spec->options)
            QVERIFY2(r.out.contains(QByteArray::fromStdString(o.name)), o.name.c_str());
        QCOMPARE(runCli({command, "-h"}).out, r.out);
        QCOMPARE(runCli({"help", command}).out, r.out);
        // --help answers before anything else is checked: a bad option beside it is no error.
        QCOMPARE(runCli({command, "--no-such-option", "--help"}).exitCode, 0);
        // Every line fits a terminal of 80 columns.
        for (const QByteArray& line : r.out.split('\n'))
            QVERIFY2(QString::fromUtf8(line).size() <= 80, line.constData());
    }

    void programHelpListsEverySubcommand()
    {
        const CliResult r = runCli({"--help"});
        QCOMPARE(r.exitCode, 0);
        for (const CommandSpec& c : commandSpecs())
            QVERIFY2(r.out.contains("\n  " + QByteArray::fromStdString(c.name) + " "),
                     c.name.c_str());
        QCOMPARE(runCli({"help"}).out, r.out);
        QVERIFY(r.out.split('\n').size() < 50);
    }

    void version()
    {
        const CliResult r = runCli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("resilience-lab "));
        QCOMPARE(runCli({"-V"}).out, r.out);
        QCOMPARE(runCli({"version"}).out, r.out);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::addRow("mistyped subcommand")
            << QStringList{"runn", kPreset} << "unknown command \"runn\" (did you mean run?)";
        QTest::addRow("swapped letters")
            << QStringList{"cehck"} << "unknown command \"cehck\" (did you mean check?)";
        QTest::addRow("nothing close") << QStringList{"fly"} << "unknown command \"fly\"\n";
        QTest::addRow("mistyped option") << QStringList{"run", kPreset, "--sede", "3"}
                                         << "unknown option --sede (did you mean --seed?)";
        QTest::addRow("mistyped option of tune")
            << QStringList{"tune", kPreset, "--minimise", "x"}
            << "unknown option --minimise (did you mean --minimize?)";
        QTest::addRow("mistyped global option")
            << QStringList{"--verison"} << "unknown option --verison (did you mean --version?)";
        QTest::addRow("single-valued option twice")
            << QStringList{"run", kPreset, "--seed", "1", "--seed=2"}
            << "--seed is given twice (\"1\" and \"2\"); it takes one value";
        QTest::addRow("short option unknown")
            << QStringList{"run", kPreset, "-x"} << "unknown option -x";
        QTest::addRow("after -- an operand")
            << QStringList{"validate", "--", "--not-an-option.json"}
            << "--not-an-option.json: no such file";
        QTest::addRow("help of nothing") << QStringList{"help", "fly"} << "unknown command \"fly\"";
        QTest::addRow("value missing")
            << QStringList{"run", kPreset, "--seed"} << "--seed needs a value (N)";
    }

    // Usage errors: exit 2, the reason, and where the help is, in a few lines (not the whole help).
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const CliResult r = runCli(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
        QVERIFY2(r.err.count('\n') <= 3, r.err.constData());
    }

    void repeatableOptionsRepeat()
    {
        // --param repeats (each a dimension); given twice it is no usage error.
        const CliResult r = runCli({"sweep", kPreset, "--param", "workload.rate_per_s=10,20",
                                    "--param", "duration_s=5,6", "--seeds", "1"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void validateTakesManyFiles()
    {
        const QString other = QStringLiteral(RESLAB_PRESETS_DIR "/outage-and-recovery.json");
        CliResult r = runCli({"validate", kPreset, other});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.count(": valid ("), 2);
        // A bad file among good ones: each is reported, the exit is 2.
        r = runCli({"validate", kPreset, "/nonexistent/x.json", other});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out.count(": valid ("), 2);
        QVERIFY(r.err.contains("/nonexistent/x.json"));
    }

    // The choices the table offers are the ones the program takes.
    void choicesAreThePrograms()
    {
        const auto* to = findOption(*findCommand("export"), "--to");
        std::vector<std::string> targets;
        for (auto name : reslab::kExportTargetNames.names())
            targets.emplace_back(name);
        QCOMPARE(to->choices, targets);
        const auto* format = findOption(*findCommand("import"), "--format");
        std::vector<std::string> formats;
        for (auto name : reslab::kImportFormatNames.names())
            formats.emplace_back(name);
        QCOMPARE(format->choices, formats);
    }

    // The manual page the build makes lists every subcommand and every option the parser takes,
    // each option in its subcommand's section.
    void manPageListsEveryOption()
    {
        const QString page = QString::fromUtf8(readFile(kDocs + "resilience-lab.1"));
        QVERIFY(page.startsWith(".\\\""));
        QVERIFY(page.contains(".TH RESILIENCE-LAB 1"));
        QVERIFY2(!page.contains('@'), "a placeholder was left in the page");
        const qsizetype synopsisEnd = page.indexOf(".SH DESCRIPTION");
        const QString synopsis = page.left(synopsisEnd).replace("\\-", "-");
        for (const CommandSpec& c : commandSpecs()) {
            const QString name = QString::fromStdString(c.name);
            QVERIFY2(synopsis.contains(".B resilience-lab " + name + "\n"), qPrintable(name));
            const QString section = manSection(page, name);
            QVERIFY2(!section.isEmpty(), qPrintable(name));
            // What the parser accepts is what --help lists (both from the table): the page has it.
            const QStringList accepted = optionsIn(
                QString::fromUtf8(runCli({name, "--help"}).out.split('\n').mid(1).join('\n')));
            QVERIFY(!accepted.isEmpty());
            for (const QString& option : accepted) {
                // The help's text may name another subcommand's option ("sweep --shard"): only
                // the options of this subcommand are required in its section.
                if (!findOption(c, option.toStdString())) continue;
                QVERIFY2(section.contains(option), qPrintable(name + " " + option));
            }
            for (const auto& o : c.options)
                QVERIFY2(section.contains(QString::fromStdString(o.name)),
                         qPrintable(name + " " + QString::fromStdString(o.name)));
        }
    }

    void manPageFormats()
    {
        const QString man = QStandardPaths::findExecutable("groff");
        if (man.isEmpty()) QSKIP("groff is not installed");
        const ShellRun r =
            runShell(man, {"-man", "-Tutf8", "-ww", "-z", kDocs + "resilience-lab.1"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }

    void completionsLoad_data()
    {
        QTest::addColumn<QString>("shell");
        QTest::addColumn<QString>("file");
        QTest::addRow("bash") << "bash"
                              << "resilience-lab.bash";
        QTest::addRow("zsh") << "zsh"
                             << "_resilience-lab";
        QTest::addRow("fish") << "fish"
                              << "resilience-lab.fish";
    }

    void completionsLoad()
    {
        QFETCH(QString, shell);
        QFETCH(QString, file);
        const QString program = QStandardPaths::findExecutable(shell);
        QVERIFY2(!program.isEmpty(),
                 qPrintable(shell + " is not installed (scripts/install-deps)"));
        const ShellRun r = runShell(program, {"-n", kDocs + file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }

    void completionsComplete_data()
    {
        QTest::addColumn<QString>("shell");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::addRow("bash subcommand") << "bash"
                                         << "resilience-lab sw"
                                         << "sweep-merge";
        QTest::addRow("bash option") << "bash"
                                     << "resilience-lab tune x.json --sample-s"
                                     << "--sample-seed";
        QTest::addRow("bash choice") << "bash"
                                     << "resilience-lab export x.json --to env"
                                     << "envoy-fault";
        QTest::addRow("fish subcommand") << "fish"
                                         << "resilience-lab sw"
                                         << "sweep-merge";
        QTest::addRow("fish option") << "fish"
                                     << "resilience-lab tune x.json --sample-s"
                                     << "--sample-seed";
        QTest::addRow("fish choice") << "fish"
                                     << "resilience-lab export x.json --to env"
                                     << "envoy-fault";
    }

    // The completions do complete: what a user typing the line would be offered.
    void completionsComplete()
    {
        QFETCH(QString, shell);
        QFETCH(QString, line);
        QFETCH(QString, expected);
        const QString program = QStandardPaths::findExecutable(shell);
        QVERIFY2(!program.isEmpty(),
                 qPrintable(shell + " is not installed (scripts/install-deps)"));
        ShellRun r;
        if (shell == "bash") {
            const QString script = "source '" + kDocs + "resilience-lab.bash'\n" + "COMP_WORDS=(" +
                                   line + (line.endsWith(' ') ? " ''" : "") +
                                   ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n" +
                                   "_resilience_lab\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
            r = runShell(program, {"--norc", "-c", script});
        } else {
            r = runShell(program,
                         {"--no-config", "-c",
                          "source '" + kDocs + "resilience-lab.fish'; complete -C '" + line + "'"});
        }
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList offered;
        for (const QByteArray& l : r.out.split('\n'))
            offered << QString::fromUtf8(l.split('\t').front());
        QVERIFY2(offered.contains(expected), r.out.constData());
    }

    void noDisplay_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("expected");
        QTest::addRow("no scenario")
            << QStringList{} << QString() << "resilience-lab run SCENARIO.json";
        QTest::addRow("a scenario")
            << QStringList{"x.json"} << QString() << "resilience-lab run x.json";
        // A display that is set but cannot be reached: Qt's own fatal message, then the hint.
        QTest::addRow("unreachable display") << QStringList{"x.json"} << ":97"
                                             << "resilience-lab run x.json";
    }

    // Over SSH and in CI the testbench's paths say what to do and exit 2 (Qt would abort: 134).
    void noDisplay()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, display);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.insert("QT_QPA_PLATFORM", ""); // set and empty: Qt's default platform
        if (!display.isEmpty()) env.insert("DISPLAY", display);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(RESLAB_EXECUTABLE, args);
        QVERIFY(p.waitForFinished(60'000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 2, err.constData());
        QVERIFY2(err.contains(expected.toUtf8()), err.constData());
        QVERIFY2(err.contains("QT_QPA_PLATFORM=offscreen"), err.constData());
        QVERIFY2(!err.contains("Reinstalling"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_cli_help.moc"
