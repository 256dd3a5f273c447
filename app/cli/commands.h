#pragma once
// The subcommands of `resilience-lab` (docs/cli.md). Each returns its exit code (exit_codes.h).

#include "cli/exit_codes.h"
#include "run/work_estimate.h"
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab::cli {

int runCommand(const std::vector<std::string>& args);
int validateCommand(const std::vector<std::string>& args);
int scheduleCommand(const std::vector<std::string>& args);
int exportCommand(const std::vector<std::string>& args);
int importCommand(const std::vector<std::string>& args);       // trace_commands.cpp
int compareCommand(const std::vector<std::string>& args);      // trace_commands.cpp
int sweepCommand(const std::vector<std::string>& args);        // sweep_commands.cpp
int sweepMergeCommand(const std::vector<std::string>& args);   // sweep_commands.cpp
int checkCommand(const std::vector<std::string>& args);        // check_commands.cpp
int tuneCommand(const std::vector<std::string>& args);         // tune_commands.cpp
int serveCommand(const std::vector<std::string>& args);        // serve_commands.cpp
int fitCommand(const std::vector<std::string>& args);          // fit_commands.cpp
int importConfigCommand(const std::vector<std::string>& args); // config_import_commands.cpp

// Prints to stdout/stderr in full (short writes retried), so piped output is never truncated.
void printOut(const std::string& text);
// Why standard output could not be written, if it could not (checked before exiting).
std::optional<std::string> outputProblem();
void printErr(const std::string& text);
// "1 seed", "5 seeds", "1 call": a count and its noun, singular or plural.
std::string counted(std::uint64_t n, const std::string& noun);
// With --json a failure is reported as JSON too: while capturing, what printErr prints is also
// kept, for main to turn into the error JSON when the command fails having printed nothing.
void captureErrors(bool on);
const std::string& capturedErrors();
bool printedOut(); // something was written to standard output
// When an output option is `-`, standard output carries that output: the subcommand's own report
// (its table, its --json) goes to stderr instead, so the data stays clean for a pipe.
void reportToStandardError(bool on);

struct Arguments;
// Loads and validates SCENARIO; on failure prints the diagnostics and returns nullopt.
std::optional<Scenario> loadOrComplain(const std::string& path);
// --seed N, when given.
bool parseSeed(const Arguments& a, std::optional<std::uint64_t>& seed, std::string& error);
// --max-events N and --allow-large (run, compare): where the up-front work estimate
// (run/work_estimate.h) refuses a run.
bool parseWorkLimits(const Arguments& a, WorkLimits& limits, std::string& error);

// compare --recorded (compare_recorded.cpp), after compareCommand has parsed the arguments.
int compareRecordedCommand(const Arguments& a);

// Prints "resilience-lab COMMAND: MESSAGE" and where its help is; returns kExitInvalid.
int usageError(const std::string& command, const std::string& message);

} // namespace reslab::cli
