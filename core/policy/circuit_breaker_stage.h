#pragma once
// The circuit breaker as a pipeline strategy: asks the state machine for a permit, rejects with
// `breaker_open` when there is none, reports each result (and each abandoned call, with the
// reason it was abandoned) back, and keeps the machine's one timer armed on the scheduler.

#include "policy/circuit_breaker.h"
#include "policy/pipeline.h"

namespace reslab {

class CircuitBreakerStage final : public Stage, public EventTarget
{
public:
    CircuitBreakerStage(const BreakerSpec& spec, Scheduler& scheduler, RecordSink* sink);

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;
    void onEvent(std::uint32_t kind, std::uint64_t arg) override;

    const CircuitBreaker& breaker() const { return m_breaker; }

private:
    void armTimer();

    Scheduler& m_scheduler;
    CircuitBreaker m_breaker;
    TimerId m_timer = kNoTimer;
    Time m_armedAt = kTimeNever;
};

} // namespace reslab
