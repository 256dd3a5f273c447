#pragma once
// A progress bar with an ETA on a terminal, for long runs: on stderr, only when stderr is a
// terminal (never in a pipe, a file or CI logs), redrawn at most ten times a second, and only
// once a run has gone on for a second (short runs print nothing).
//
//   [##############··················]  42 %  50.4 / 120 s virtual  ETA 0:14

#include <chrono>
#include <string>

namespace reslab::cli {

class TerminalProgress
{
public:
    // `totalS`: the virtual time the run is expected to reach (0: unknown, no bar).
    explicit TerminalProgress(double totalS);
    ~TerminalProgress(); // clears the line
    void update(double nowS);

private:
    using Clock = std::chrono::steady_clock;
    bool m_enabled;
    double m_totalS;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_last{};
    bool m_shown = false;
};

} // namespace reslab::cli
