#include "policy/aws_adaptive_stage.h"

#include <algorithm>
#include <cmath>

namespace reslab {

namespace {
double nowSeconds(Pipeline& p)
{
    return toSeconds(p.scheduler().now());
}
} // namespace

AwsAdaptiveStage::AwsAdaptiveStage(const AwsAdaptiveSpec& spec)
    : m_spec(spec), m_limiter(spec, 0.0) // built with the run: its clock starts at 0
{
}

void AwsAdaptiveStage::start(Pipeline& p, ExecId e)
{
    // Behind those already waiting; or at once when a token (or no limit yet) is there.
    if (m_waiters.empty() && m_limiter.tryToSend(nowSeconds(p))) {
        p.startChild(e, p.exec(e).wait, Then::Return);
        return;
    }
    m_waiterAt[e] = m_waiters.insert(m_waiters.end(), e);
    if (m_waiters.size() == 1) serveLine(p);
}

void AwsAdaptiveStage::serveLine(Pipeline& p)
{
    const double now = nowSeconds(p);
    while (!m_waiters.empty() && m_limiter.tryToSend(now)) {
        const ExecId first = m_waiters.front();
        forget(first);
        p.cancelTimer(first);
        p.startChild(first, p.exec(first).wait);
    }
    if (m_waiters.empty()) return;
    // Whole nanoseconds, rounded up, so the token is there when the first waiter wakes.
    const double sleepNs = std::ceil(m_limiter.bucket().sleepAmount() * 1e9);
    p.setTimer(m_waiters.front(), std::max<Time>(1, static_cast<Time>(std::min(sleepNs, 1e18))));
}

void AwsAdaptiveStage::forget(ExecId e)
{
    const auto at = m_waiterAt.find(e);
    if (at == m_waiterAt.end()) return;
    m_waiters.erase(at->second);
    m_waiterAt.erase(at);
}

void AwsAdaptiveStage::onTimer(Pipeline& p, ExecId)
{
    serveLine(p); // only the first waiter has a timer
}

void AwsAdaptiveStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    m_limiter.onResponse(nowSeconds(p), m_spec.throttlingOn.contains(r.outcome));
    p.finish(e, r);
    // The rate changed: the line looks again.
    if (!m_waiters.empty()) serveLine(p);
}

void AwsAdaptiveStage::onCancel(Pipeline& p, ExecId e, Outcome)
{
    const bool wasFirst = !m_waiters.empty() && m_waiters.front() == e;
    forget(e);
    if (wasFirst && !m_waiters.empty()) serveLine(p);
}

} // namespace reslab
