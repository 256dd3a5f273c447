#include "cli/progress.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace reslab::cli {

namespace {
constexpr auto kFirstAfter = std::chrono::seconds(1);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 32;
} // namespace

TerminalProgress::TerminalProgress(double totalS)
    : m_enabled(::isatty(STDERR_FILENO) == 1), m_totalS(totalS)
{
}

TerminalProgress::~TerminalProgress()
{
    if (m_shown) std::fputs("\r\033[K", stderr);
}

void TerminalProgress::update(double nowS)
{
    if (!m_enabled) return;
    const Clock::time_point now = Clock::now();
    if (now - m_start < kFirstAfter || now - m_last < kRedrawEvery) return;
    m_last = now;
    m_shown = true;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    char line[160];
    if (m_totalS <= 0.0) {
        std::snprintf(line, sizeof line, "\r  %.1f s virtual, %.0f s so far\033[K", nowS, elapsed);
    } else {
        const double f = std::clamp(nowS / m_totalS, 0.0, 1.0);
        std::string bar(std::size_t(f * kBarWidth), '#');
        bar.resize(kBarWidth, '.');
        const double eta = f > 0.0 ? elapsed * (1.0 - f) / f : 0.0;
        std::snprintf(line, sizeof line,
                      "\r[%s] %3.0f %%  %.1f / %.0f s virtual  ETA %d:%02d\033[K", bar.c_str(),
                      100.0 * f, nowS, m_totalS, int(eta) / 60, int(eta) % 60);
    }
    std::fputs(line, stderr);
    std::fflush(stderr);
}

} // namespace reslab::cli
