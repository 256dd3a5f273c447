#include "model/workload.h"

#include "sim/ziggurat.h"
#include "trace/replay.h"

#include <algorithm>
#include <cmath>

namespace reslab {

Workload::Workload(EventQueue& scheduler, const WorkloadSpec& spec, Time arrivalsEnd,
                   std::uint64_t seed, RequestLauncher& launcher, const std::string& target)
    : m_scheduler(scheduler), m_spec(spec), m_arrivalsEnd(arrivalsEnd), m_launcher(launcher),
      m_arrivals(Rng::named(seed, "workload/arrivals")),
      m_think(Rng::named(seed, "workload/think")),
      m_clientsWait(spec.type == WorkloadSpec::Type::Closed ||
                    spec.type == WorkloadSpec::Type::Batch)
{
    if (spec.type == WorkloadSpec::Type::Trace) m_traceArrivals = traceArrivals(spec.trace, target);
    m_knots.push_back(Knot{0, spec.ratePerS, false});
    for (const RatePoint& p : spec.rateSchedule) {
        const Time at = fromSeconds(p.atS);
        if (at == 0)
            m_knots.front().rate = p.ratePerS; // a point at 0 sets the starting rate
        else
            m_knots.push_back(Knot{at, p.ratePerS, p.ramp});
    }
}

double Workload::rateAt(Time t) const
{
    std::size_t k = 0;
    while (k + 1 < m_knots.size() && m_knots[k + 1].at <= t)
        ++k;
    if (k + 1 < m_knots.size() && m_knots[k + 1].rampIn) {
        const Knot& a = m_knots[k];
        const Knot& b = m_knots[k + 1];
        const double f = static_cast<double>(t - a.at) / static_cast<double>(b.at - a.at);
        return a.rate + (b.rate - a.rate) * f;
    }
    return m_knots[k].rate;
}

bool Workload::mayStart() const
{
    if (m_scheduler.now() >= m_arrivalsEnd) return false;
    return !m_spec.maxRequests || m_started < static_cast<std::uint64_t>(*m_spec.maxRequests);
}

void Workload::launchOne(std::uint64_t token)
{
    ++m_started;
    m_launcher.launch(token);
}

void Workload::begin()
{
    switch (m_spec.type) {
    case WorkloadSpec::Type::Open: {
        const Time first = nextOpenArrival(0);
        if (first == kTimeNever)
            m_openEnded = true;
        else
            m_scheduler.atNext(first, this, OpenArrival, 0);
        break;
    }
    case WorkloadSpec::Type::Closed:
        for (int c = 0; c < m_spec.clients; ++c)
            m_scheduler.at(0, this, ClientLaunch, static_cast<std::uint64_t>(c));
        break;
    case WorkloadSpec::Type::Trace:
        if (m_traceArrivals.empty())
            m_openEnded = true;
        else
            m_scheduler.atNext(m_traceArrivals.front(), this, TraceArrival, 0);
        break;
    case WorkloadSpec::Type::Batch:
        m_remaining.assign(static_cast<std::size_t>(m_spec.clients), m_spec.requestsPerClient);
        m_planned = static_cast<std::uint64_t>(m_spec.clients) *
                    static_cast<std::uint64_t>(m_spec.requestsPerClient);
        for (int c = 0; c < m_spec.clients; ++c)
            m_scheduler.at(0, this, ClientLaunch, static_cast<std::uint64_t>(c));
        break;
    }
}

bool Workload::done() const
{
    if (m_spec.maxRequests && m_started >= static_cast<std::uint64_t>(*m_spec.maxRequests))
        return true;
    switch (m_spec.type) {
    case WorkloadSpec::Type::Open:
    case WorkloadSpec::Type::Trace:
        return m_openEnded;
    case WorkloadSpec::Type::Closed:
        return m_scheduler.now() >= m_arrivalsEnd;
    case WorkloadSpec::Type::Batch:
        return m_started >= m_planned || m_scheduler.now() >= m_arrivalsEnd;
    }
    return true;
}

void Workload::onEvent(std::uint32_t kind, std::uint64_t arg)
{
    if (kind == OpenArrival) {
        if (!mayStart()) {
            m_openEnded = true;
            return;
        }
        launchOne(0);
        const Time next = nextOpenArrival(m_scheduler.now());
        if (next == kTimeNever)
            m_openEnded = true;
        else
            m_scheduler.atNext(next, this, OpenArrival, 0);
        return;
    }
    if (kind == TraceArrival) {
        if (!mayStart()) {
            m_openEnded = true;
            return;
        }
        launchOne(0);
        if (++m_nextTrace >= m_traceArrivals.size())
            m_openEnded = true;
        else
            m_scheduler.atNext(m_traceArrivals[m_nextTrace], this, TraceArrival, 0);
        return;
    }
    // ClientLaunch
    if (!mayStart()) return;
    if (m_spec.type == WorkloadSpec::Type::Batch) {
        auto& left = m_remaining[arg];
        if (left <= 0) return;
        --left;
    }
    launchOne(arg);
}

void Workload::clientFinished(std::uint64_t token)
{
    if (m_spec.type == WorkloadSpec::Type::Closed) {
        const Time think = m_spec.think.sample(m_think);
        m_scheduler.after(think, this, ClientLaunch, token);
    } else if (m_remaining[token] > 0) { // batch
        m_scheduler.after(0, this, ClientLaunch, token);
    }
}

Time Workload::nextOpenArrival(Time from)
{
    // Thinning per segment between knots: candidates at the segment's peak rate, each accepted
    // with probability rate(t)/peak. At a segment's end the candidate restarts there, which is
    // exact because exponential gaps are memoryless.
    Time t = from;
    while (t < m_arrivalsEnd) {
        std::size_t k = 0;
        while (k + 1 < m_knots.size() && m_knots[k + 1].at <= t)
            ++k;
        const bool ramp = k + 1 < m_knots.size() && m_knots[k + 1].rampIn;
        const Time segmentEnd = k + 1 < m_knots.size() ? m_knots[k + 1].at : kTimeNever;
        const double peak = ramp ? std::max(m_knots[k].rate, m_knots[k + 1].rate) : m_knots[k].rate;
        if (peak <= 0.0) {
            if (segmentEnd == kTimeNever) return kTimeNever;
            t = segmentEnd;
            continue;
        }
        const double gapNs = standardExponential(m_arrivals) / peak * 1e9;
        const double candidate = static_cast<double>(t) + gapNs;
        if (candidate >= static_cast<double>(segmentEnd) ||
            candidate >= static_cast<double>(m_arrivalsEnd)) {
            t = std::min(segmentEnd, m_arrivalsEnd);
            continue;
        }
        t = static_cast<Time>(candidate + 0.5); // to the nearest ns (candidate ≥ 0)
        if (!ramp || m_arrivals.uniform() * peak <= rateAt(t)) return t;
    }
    return kTimeNever;
}

} // namespace reslab
