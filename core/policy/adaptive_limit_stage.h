#pragma once
// The "adaptive_limit" strategy's stage: an adaptive concurrency limiter (policy/
// concurrency_limiter.h) in front of what it wraps. A call over the limit ends `limited` at once
// (Netflix SimpleLimiter), or waits: `fifo` as BlockingLimiter (every release lets the waiters try
// again, longest waiting first), `lifo` as LifoBlockingLimiter (a bounded backlog, newest first,
// one waiter tried per release). Either way a new call tries the limiter before joining the
// waiters, as both libraries let it; a waiter gives up `limited` after backlog_timeout_ms.

#include "policy/concurrency_limiter.h"
#include "policy/pipeline.h"

#include <list>
#include <unordered_map>

namespace reslab {

class AdaptiveLimitStage final : public Stage
{
public:
    // `sink` hears of every change of the limit, under `name`.
    AdaptiveLimitStage(const AdaptiveLimitSpec& spec, Rng rng, Time start, RecordSink* sink,
                       std::string name);
    void start(Pipeline& p, ExecId e) override;
    void onTimer(Pipeline& p, ExecId e) override; // waited too long
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;

    const ConcurrencyLimiter& limiter() const { return m_limiter; }
    std::size_t waiting() const { return m_waiters.size(); }

private:
    bool tryAdmit(Pipeline& p, ExecId e);
    void unblock(Pipeline& p);
    void release(Pipeline& p, ExecId e, LimitRelease how);
    void forgetWaiter(ExecId e);

    ConcurrencyLimitSpec m_spec;
    ConcurrencyLimiter m_limiter;
    Time m_backlogTimeout;
    std::size_t m_backlogSize;
    std::unordered_map<ExecId, LimitPermit> m_held;
    std::list<ExecId> m_waiters; // the one to try next first
    std::unordered_map<ExecId, std::list<ExecId>::iterator> m_waiterAt;
};

} // namespace reslab
