#include "policy/bulkhead_stage.h"

namespace reslab {

void BulkheadStage::admit(Pipeline& p, ExecId e)
{
    ++m_active;
    Exec& x = p.exec(e);
    x.epoch = 1; // holds a slot
    p.startChild(e, x.wait);
}

void BulkheadStage::start(Pipeline& p, ExecId e)
{
    if (m_active < m_spec.maxConcurrent && m_waiting == 0) {
        admit(p, e);
        return;
    }
    const bool mayWait = m_maxWait > 0 && (!m_spec.maxQueue ||
                                           m_waiting < static_cast<std::size_t>(*m_spec.maxQueue));
    if (!mayWait) {
        p.reject(e, Outcome::BulkheadFull);
        return;
    }
    m_queue.push_back(p.refOf(e));
    ++m_waiting;
    p.setTimer(e, m_maxWait);
}

void BulkheadStage::onTimer(Pipeline& p, ExecId e)
{
    // Still waiting after max_wait_ms: give up. Its queue entry goes stale with the exec.
    --m_waiting;
    p.reject(e, Outcome::BulkheadFull);
}

void BulkheadStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    --m_active;
    p.finish(e, r);
    admitNext(p);
}

void BulkheadStage::onCancel(Pipeline& p, ExecId e, Outcome)
{
    if (p.exec(e).epoch == 1) {
        --m_active;
        p.exec(e).epoch = 0;
        admitNext(p);
    } else {
        --m_waiting; // it was waiting; its entry in the queue goes stale
    }
}

void BulkheadStage::admitNext(Pipeline& p)
{
    while (m_active < m_spec.maxConcurrent && !m_queue.empty()) {
        const ExecRef next = m_queue.front();
        m_queue.pop_front();
        if (!p.isCurrent(next) || p.exec(next.id).epoch == 1) continue; // gave up meanwhile
        --m_waiting;
        p.cancelTimer(next.id);
        admit(p, next.id);
    }
}

} // namespace reslab
