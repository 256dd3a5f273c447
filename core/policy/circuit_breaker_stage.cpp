#include "policy/circuit_breaker_stage.h"

namespace reslab {

CircuitBreakerStage::CircuitBreakerStage(const BreakerSpec& spec, Scheduler& scheduler,
                                         RecordSink* sink)
    : m_scheduler(scheduler), m_breaker(spec, [sink, name = spec.name](const BreakerChange& c) {
          sink->onBreakerTransition(
              BreakerTransitionRecord{name, c.at, c.from, c.to, c.reason, c.decision});
      })
{
    sink->onBreakerCreated(spec.name, &m_breaker);
}

void CircuitBreakerStage::start(Pipeline& p, ExecId e)
{
    const CircuitBreaker::Permit permit = m_breaker.tryAcquire(m_scheduler.now());
    armTimer();
    if (!permit.allowed) {
        m_breaker.countOutcome(Outcome::BreakerOpen);
        p.reject(e, Outcome::BreakerOpen);
        return;
    }
    Exec& x = p.exec(e);
    x.epoch = permit.epoch;
    p.startChild(e, x.wait, Then::Return);
}

void CircuitBreakerStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    const Exec& x = p.exec(e);
    const Time now = m_scheduler.now();
    m_breaker.onResult(now, x.epoch, r.outcome, now - x.start);
    m_breaker.countOutcome(r.outcome);
    armTimer();
    p.finish(e, r, Then::Return);
}

void CircuitBreakerStage::onCancel(Pipeline& p, ExecId e, Outcome reason)
{
    // An outer timeout gave up on the call: for the breaker it ended with that outcome.
    const Exec& x = p.exec(e);
    const Time now = m_scheduler.now();
    if (reason == Outcome::Cancelled)
        m_breaker.onAbandoned(x.epoch);
    else
        m_breaker.onResult(now, x.epoch, reason, now - x.start);
    m_breaker.countOutcome(reason);
    armTimer();
}

void CircuitBreakerStage::onEvent(std::uint32_t, std::uint64_t)
{
    m_timer = kNoTimer;
    m_armedAt = kTimeNever;
    m_breaker.onTimer(m_scheduler.now());
    armTimer();
}

void CircuitBreakerStage::armTimer()
{
    const Time due = m_breaker.nextTimer();
    if (due == m_armedAt) return;
    m_scheduler.cancel(m_timer);
    m_timer = kNoTimer;
    m_armedAt = due;
    if (due != kTimeNever) m_timer = m_scheduler.at(std::max(due, m_scheduler.now()), this, 0, 0);
}

} // namespace reslab
