#include "cli/progress.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace reslab::cli {

namespace {
constexpr auto kFirstAfter = std::chrono::seconds(1);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr auto kLineEvery = std::chrono::seconds(10);
constexpr int kBarWidth = 32;

std::string amount(double v, bool whole)
{
    char text[32];
    std::snprintf(text, sizeof text, whole ? "%.0f" : "%.1f", v);
    return text;
}
} // namespace

TerminalProgress::TerminalProgress(double total, ProgressUnits units, std::string linesLabel)
    : m_terminal(::isatty(STDERR_FILENO) == 1), m_total(total), m_units(std::move(units)),
      m_linesLabel(std::move(linesLabel))
{
}

TerminalProgress::~TerminalProgress()
{
    if (m_shown) std::fputs("\r\033[K", stderr);
}

void TerminalProgress::update(double done)
{
    if (!m_terminal && m_linesLabel.empty()) return;
    const Clock::time_point now = Clock::now();
    const auto every = m_terminal ? kRedrawEvery : kLineEvery;
    if (now - m_start < kFirstAfter || now - m_last < every) return;
    if (!m_terminal && m_last == Clock::time_point{} && now - m_start < kLineEvery) return;
    m_last = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double f = m_total > 0.0 ? std::clamp(done / m_total, 0.0, 1.0) : 0.0;
    const double eta = f > 0.0 ? elapsed * (1.0 - f) / f : 0.0;
    char etaText[32];
    std::snprintf(etaText, sizeof etaText, "ETA %d:%02d", int(eta) / 60, int(eta) % 60);
    const std::string counts =
        amount(done, m_units.whole) + " / " + amount(m_total, m_units.whole) + " " + m_units.name;
    char line[256];
    if (!m_terminal) {
        std::snprintf(line, sizeof line, "%s: %s (%.0f %%), %s\n", m_linesLabel.c_str(),
                      counts.c_str(), 100.0 * f, etaText);
    } else if (m_total <= 0.0) {
        m_shown = true;
        std::snprintf(line, sizeof line, "\r  %s %s, %.0f s so far\033[K",
                      amount(done, m_units.whole).c_str(), m_units.name.c_str(), elapsed);
    } else {
        m_shown = true;
        std::string bar(std::size_t(f * kBarWidth), '#');
        bar.resize(kBarWidth, '.');
        std::snprintf(line, sizeof line, "\r[%s] %3.0f %%  %s  %s\033[K", bar.c_str(), 100.0 * f,
                      counts.c_str(), etaText);
    }
    std::fputs(line, stderr);
    std::fflush(stderr);
}

} // namespace reslab::cli
