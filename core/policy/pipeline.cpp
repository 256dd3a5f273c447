#include "policy/pipeline.h"

#include <cassert>

namespace reslab {

Pipeline::Pipeline(Scheduler& scheduler, ExecPool& execs,
                   std::vector<std::unique_ptr<Stage>> stages, CallTarget* target,
                   PipelineClient* client, RecordSink* sink, std::uint16_t depth)
    : m_scheduler(scheduler), m_execs(execs), m_stages(std::move(stages)), m_target(target),
      m_client(client), m_sink(sink), m_depth(depth)
{
}

ExecRef Pipeline::startRoot(std::uint64_t request, std::uint64_t token)
{
    const ExecId e = m_execs.allocate();
    Exec& x = m_execs[e];
    x.pipeline = this;
    x.root = e;
    x.request = request;
    x.token = token;
    x.start = m_scheduler.now();
    const ExecRef ref = m_execs.refOf(e);
    begin(e);
    return ref;
}

void Pipeline::cancelRoot(ExecRef root, Outcome reason)
{
    if (m_execs.isCurrent(root)) cancel(root.id, reason);
}

ExecId Pipeline::startChild(ExecId parent, Time wait)
{
    const ExecId c = m_execs.allocate();
    Exec& p = m_execs[parent];
    Exec& x = m_execs[c];
    x.pipeline = this;
    x.stage = static_cast<std::uint16_t>(p.stage + 1);
    x.parent = parent;
    x.root = p.root;
    x.request = p.request;
    x.start = m_scheduler.now();
    x.wait = wait;
    x.retryIndex = m_stages[p.stage]->childRetryIndex(p);
    p.child = c;
    begin(c);
    return c;
}

void Pipeline::begin(ExecId e)
{
    const std::uint16_t stage = m_execs[e].stage;
    if (stage < m_stages.size()) {
        m_stages[stage]->start(*this, e);
        return;
    }
    // The call stage: one attempt at the endpoint.
    Exec& root = m_execs[m_execs[e].root];
    const std::uint32_t attempt = ++root.count;
    Exec& x = m_execs[e];
    x.count = attempt;
    const CallTarget::Submitted sent = m_target->submit(this, m_execs.refOf(e), x.request);
    Exec& sentExec = m_execs[e];
    sentExec.job = sent.job;
    sentExec.call = sent.call;
}

void Pipeline::finish(ExecId e, const Result& r)
{
    const Exec& x = m_execs[e];
    assert(x.live && x.pipeline == this);
    if (x.timer != kNoTimer) m_scheduler.cancel(x.timer);
    const ExecId parentId = x.parent;
    if (parentId == kNoExec) {
        const std::uint64_t token = x.token;
        const RequestRecord record{x.request, x.start, m_scheduler.now(), r, x.count};
        m_execs.release(e);
        m_client->onPipelineDone(token, record);
        return;
    }
    m_execs.release(e);
    Exec& parent = m_execs[parentId];
    if (parent.child == e) parent.child = kNoExec;
    parent.lastChildOutcome = r.outcome;
    m_stages[parent.stage]->onChildDone(*this, parentId, r);
}

void Pipeline::reject(ExecId e, Outcome outcome)
{
    Exec& root = m_execs[m_execs[e].root];
    const std::uint32_t attempt = ++root.count;
    const Exec& x = m_execs[e];
    m_sink->onAttempt(AttemptRecord{x.request, attempt, m_target->targetIndex(), kNoCall, m_depth,
                                    m_scheduler.now(), m_scheduler.now(), Result::of(outcome),
                                    x.wait});
    finish(e, Result::of(outcome));
}

void Pipeline::cancel(ExecId e, Outcome reason)
{
    const Exec x = m_execs[e];
    m_scheduler.cancel(x.timer);
    if (x.stage == m_stages.size()) {
        m_target->abandon(x.job);
        recordAttempt(x, Result::of(reason));
    } else {
        m_stages[x.stage]->onCancel(*this, e, reason);
    }
    // Read again: the stage may have cancelled its children itself (a hedge has several).
    const ExecId child = m_execs[e].child;
    if (child != kNoExec) cancel(child, reason);
    m_execs.release(e);
}

void Pipeline::setTimer(ExecId e, Time delay)
{
    Exec& x = m_execs[e];
    m_scheduler.cancel(x.timer);
    x.timer = m_scheduler.after(delay, this, x.stage, m_execs.refOf(e).packed());
}

void Pipeline::cancelTimer(ExecId e)
{
    Exec& x = m_execs[e];
    m_scheduler.cancel(x.timer);
    x.timer = kNoTimer;
}

void Pipeline::onEvent(std::uint32_t kind, std::uint64_t arg)
{
    const ExecRef ref = ExecRef::unpack(arg);
    if (!m_execs.isCurrent(ref)) return;
    m_execs[ref.id].timer = kNoTimer;
    m_stages[kind]->onTimer(*this, ref.id);
}

void Pipeline::onAttemptResponse(ExecRef ref, const Result& r)
{
    if (!m_execs.isCurrent(ref)) return; // the client gave up on this attempt already
    recordAttempt(m_execs[ref.id], r);
    finish(ref.id, r);
}

void Pipeline::recordAttempt(const Exec& x, const Result& r)
{
    m_sink->onAttempt(AttemptRecord{x.request, x.count, m_target->targetIndex(), x.call, m_depth,
                                    x.start, m_scheduler.now(), r, x.wait});
}

} // namespace reslab
