#pragma once
// Bulkhead (resilience4j Bulkhead, Polly v7 BulkheadPolicy, the seeds' asyncio.Semaphore): at most
// max_concurrent calls at once. Others wait in FIFO order for up to max_wait_ms (at most
// max_queue of them), then fail with `bulkhead_full`; with max_wait_ms 0 a full bulkhead rejects
// at once (resilience4j's default).

#include "policy/guard_specs.h"
#include "policy/pipeline.h"

#include <deque>

namespace reslab {

class BulkheadStage final : public Stage
{
public:
    explicit BulkheadStage(const BulkheadSpec& spec)
        : m_spec(spec), m_maxWait(fromMillis(spec.maxWaitMs))
    {
    }

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onTimer(Pipeline& p, ExecId e) override; // waited too long
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;

    int active() const { return m_active; }
    std::size_t waiting() const { return m_waiting; }

private:
    void admit(Pipeline& p, ExecId e);
    void admitNext(Pipeline& p);

    BulkheadSpec m_spec;
    Time m_maxWait;
    int m_active = 0;
    std::deque<ExecRef> m_queue; // may hold callers that gave up; skipped when their turn comes
    std::size_t m_waiting = 0;   // callers in m_queue still waiting
};

} // namespace reslab
