#include "policy/adaptive_limit_stage.h"

namespace reslab {

AdaptiveLimitStage::AdaptiveLimitStage(const AdaptiveLimitSpec& spec, Rng rng, Time start,
                                       RecordSink* sink, std::string name)
    : m_spec(spec.limit), m_limiter(spec.limit, rng, start),
      m_backlogTimeout(fromMillis(spec.limit.backlogTimeoutMs)),
      m_backlogSize(static_cast<std::size_t>(spec.limit.resolvedBacklogSize()))
{
    m_limiter.reportTo(sink, std::move(name));
}

bool AdaptiveLimitStage::tryAdmit(Pipeline& p, ExecId e)
{
    const auto permit = m_limiter.tryAcquire(p.scheduler().now());
    if (!permit) return false;
    m_held[e] = *permit;
    p.startChild(e, p.exec(e).wait, Then::Return); // start returns when tryAdmit did
    return true;
}

void AdaptiveLimitStage::start(Pipeline& p, ExecId e)
{
    if (tryAdmit(p, e)) return;
    if (m_spec.queue == LimitQueue::None || m_waiters.size() >= m_backlogSize) {
        p.reject(e, Outcome::Limited);
        return;
    }
    // LifoBlockingLimiter adds to the front of its deque and serves the front.
    const auto at = m_spec.queue == LimitQueue::Lifo ? m_waiters.insert(m_waiters.begin(), e)
                                                     : m_waiters.insert(m_waiters.end(), e);
    m_waiterAt[e] = at;
    p.setTimer(e, m_backlogTimeout);
}

void AdaptiveLimitStage::onTimer(Pipeline& p, ExecId e)
{
    forgetWaiter(e);
    p.reject(e, Outcome::Limited);
}

void AdaptiveLimitStage::release(Pipeline& p, ExecId e, LimitRelease how)
{
    const auto held = m_held.find(e);
    if (held == m_held.end()) return;
    m_limiter.release(p.scheduler().now(), held->second, how);
    m_held.erase(held);
}

void AdaptiveLimitStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    release(p, e, m_limiter.classify(r.outcome));
    p.finish(e, r);
    unblock(p);
}

void AdaptiveLimitStage::onCancel(Pipeline& p, ExecId e, Outcome)
{
    if (m_held.contains(e)) {
        // Given up from above: Netflix's gRPC client calls onIgnore on cancel, and Envoy cancels
        // the sample of a stream reset before its response.
        release(p, e, LimitRelease::Ignored);
        unblock(p);
        return;
    }
    forgetWaiter(e);
}

void AdaptiveLimitStage::unblock(Pipeline& p)
{
    // BlockingLimiter: notifyAll, and each waiter tries in turn. LifoBlockingLimiter: the front
    // waiter alone tries once.
    while (!m_waiters.empty()) {
        const ExecId next = m_waiters.front();
        const auto permit = m_limiter.tryAcquire(p.scheduler().now());
        if (!permit) return;
        forgetWaiter(next);
        p.cancelTimer(next);
        m_held[next] = *permit;
        p.startChild(next, p.exec(next).wait);
        if (m_spec.queue == LimitQueue::Lifo) return;
    }
}

void AdaptiveLimitStage::forgetWaiter(ExecId e)
{
    const auto at = m_waiterAt.find(e);
    if (at == m_waiterAt.end()) return;
    m_waiters.erase(at->second);
    m_waiterAt.erase(at);
}

} // namespace reslab
