#pragma once
// Progress for long work, on stderr. On a terminal: a bar with an ETA, redrawn at most ten times
// a second, and only once the work has gone on for a second (short runs print nothing):
//
//   [##############··················]  42 %  50.4 / 120 s virtual  ETA 0:14
//   [######··························]  19 %  380 / 2000 runs  ETA 1:02
//
// Elsewhere (a pipe, a file, CI logs) nothing, or, when asked for, a plain line every ten
// seconds: "sweep: 380 / 2000 runs (19 %), ETA 1:02".

#include <chrono>
#include <string>

namespace reslab::cli {

struct ProgressUnits
{
    std::string name = "s virtual"; // what is counted
    bool whole = false;             // counts of things (runs), not seconds
};

class TerminalProgress
{
public:
    // `total`: the amount the work is expected to reach (0: unknown, no bar). `linesLabel`: when
    // set, a plain line with that label every ten seconds where stderr is not a terminal.
    explicit TerminalProgress(double total, ProgressUnits units = ProgressUnits(),
                              std::string linesLabel = {});
    ~TerminalProgress(); // clears the line
    void update(double done);

private:
    using Clock = std::chrono::steady_clock;
    bool m_terminal;
    double m_total;
    ProgressUnits m_units;
    std::string m_linesLabel;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_last{};
    bool m_shown = false;
};

} // namespace reslab::cli
