#include "policy/pipeline.h"

#include <algorithm>
#include <cassert>

namespace reslab {

namespace {
// What a posted step's writer fills in (post writes it straight into its place on the stack).
auto stepOf(ExecStep::Kind kind, Pipeline* pipeline, ExecRef exec)
{
    return [=](ExecStep& step) {
        step.kind = kind;
        step.pipeline = pipeline;
        step.target = exec.packed();
    };
}

// Memory stays as it is across this point: the compiler neither merges nor moves loads and stores
// over it (no instruction is emitted).
inline void compilerBarrier()
{
    asm volatile("" ::: "memory");
}
} // namespace

Pipeline::Pipeline(Scheduler& scheduler, ExecPool& execs,
                   std::vector<std::unique_ptr<Stage>> stages, CallTarget* target,
                   PipelineClient* client, RecordSink* sink, std::uint16_t depth)
    : m_scheduler(scheduler), m_execs(execs), m_stages(std::move(stages)), m_target(target),
      m_targetIndex(target ? target->targetIndex() : 0), m_client(client), m_sink(sink),
      m_depth(depth)
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
    runOrPost(
        Then::Continue, [&] { begin(e); }, stepOf(ExecStep::Kind::Begin, this, ref));
    return ref;
}

void Pipeline::cancelRoot(ExecRef root, Outcome reason)
{
    if (m_execs.isCurrent(root)) cancel(root.id, reason);
}

ExecId Pipeline::startChild(ExecId parent, Time wait, Then then)
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
    x.host = p.host;
    p.child = c;
    runOrPost(
        then, [&] { begin(c); }, stepOf(ExecStep::Kind::Begin, this, m_execs.refOf(c)));
    return c;
}

void Pipeline::runPosted()
{
    ExecSteps& steps = m_execs.steps();
    std::size_t before = 0; // the stack's size before the last step ran (the first: empty)
    while (!steps.stack.empty()) {
        // What the last step posted runs next, first posted first.
        if (steps.stack.size() - before > 1)
            std::reverse(steps.stack.begin() + static_cast<std::ptrdiff_t>(before),
                         steps.stack.end());
        // Taken off field by field: it was written field by field moments ago, and a 16-byte
        // load over narrower stores stalls on store forwarding. The barriers keep the compiler
        // from merging neighbouring fields' copies into such loads (it did: 40 % of the loop).
        const ExecStep& top = steps.stack.back();
        ExecStep next;
        next.pipeline = top.pipeline;
        next.kind = top.kind;
        compilerBarrier();
        next.target = top.target;
        compilerBarrier();
        next.token = top.token;
        compilerBarrier();
        next.start = top.start;
        next.result = top.result; // written whole (done.result = r), so read whole
        next.n = top.n;
        next.reason = top.reason;
        steps.stack.pop_back();
        before = steps.stack.size();
        steps.base = before;
        next.pipeline->run(next);
    }
}

void Pipeline::run(const ExecStep& step)
{
    const ExecRef exec = step.exec();
    switch (step.kind) {
    case ExecStep::Kind::Begin:
        if (m_execs.isCurrent(exec)) begin(exec.id);
        return;
    case ExecStep::Kind::ChildDone:
        if (m_execs.isCurrent(exec)) childDone(exec.id, step.n, step.result);
        return;
    case ExecStep::Kind::ClientDone:
        m_client->onPipelineDone(step.token, RequestRecord{step.target, step.start,
                                                           m_scheduler.now(), step.result, step.n});
        return;
    case ExecStep::Kind::Cancel:
        if (m_execs.isCurrent(exec)) cancelNow(exec.id, step.reason);
        return;
    case ExecStep::Kind::Resume:
        if (m_execs.isCurrent(exec)) m_stages[m_execs[exec.id].stage]->onResume(*this, exec.id);
        return;
    }
}

void Pipeline::begin(ExecId e)
{
    m_execs[e].begun = true;
    const std::uint16_t stage = m_execs[e].stage;
    if (stage < m_stages.size())
        m_stages[stage]->start(*this, e);
    else
        send(e);
}

void Pipeline::send(ExecId e)
{
    Exec& root = m_execs[m_execs[e].root];
    const std::uint32_t attempt = ++root.count;
    Exec& x = m_execs[e];
    x.count = attempt;
    const CallTarget::Submitted sent = m_target->submit(this, m_execs.refOf(e), x.request, x.host);
    Exec& sentExec = m_execs[e];
    sentExec.job = sent.job;
    sentExec.call = sent.call;
    sentExec.host = sent.host;
}

void Pipeline::finish(ExecId e, const Result& r, Then then)
{
    const Exec& x = m_execs[e];
    assert(x.live && x.pipeline == this);
    if (x.timer != kNoTimer) m_scheduler.cancel(x.timer);
    const ExecId parentId = x.parent;
    if (parentId == kNoExec) {
        const std::uint64_t request = x.request, token = x.token;
        const Time start = x.start;
        const std::uint32_t count = x.count;
        m_execs.release(e);
        const auto tellClient = [&] {
            m_client->onPipelineDone(token,
                                     RequestRecord{request, start, m_scheduler.now(), r, count});
        };
        runOrPost(then, tellClient, [&](ExecStep& done) {
            done.kind = ExecStep::Kind::ClientDone;
            done.pipeline = this;
            done.result = r;
            done.target = request;
            done.token = token;
            done.start = start;
            done.n = count;
        });
    } else {
        const ExecRef parent = m_execs.refOf(parentId);
        m_execs.release(e);
        const auto tellParent = [&] {
            if (m_execs.isCurrent(parent)) childDone(parent.id, e, r);
        };
        runOrPost(then, tellParent, [&](ExecStep& done) {
            done.kind = ExecStep::Kind::ChildDone;
            done.pipeline = this;
            done.result = r;
            done.target = parent.packed();
            done.n = e;
        });
    }
}

void Pipeline::childDone(ExecId parentId, ExecId child, const Result& r)
{
    Exec& parent = m_execs[parentId];
    if (parent.child == child) parent.child = kNoExec;
    parent.lastChildOutcome = r.outcome;
    m_stages[parent.stage]->onChildDone(*this, parentId, r);
}

void Pipeline::reject(ExecId e, Outcome outcome)
{
    Exec& root = m_execs[m_execs[e].root];
    const std::uint32_t attempt = ++root.count;
    const Exec& x = m_execs[e];
    m_sink->onAttempt(AttemptRecord{x.request, attempt, m_targetIndex, kNoCall, m_depth, x.host,
                                    m_scheduler.now(), m_scheduler.now(), Result::of(outcome),
                                    x.wait});
    finish(e, Result::of(outcome));
}

void Pipeline::cancel(ExecId e, Outcome reason)
{
    const ExecRef ref = refOf(e);
    post([&](ExecStep& step) {
        stepOf(ExecStep::Kind::Cancel, this, ref)(step);
        step.reason = reason;
    });
}

// Inline into its two callers: a call fewer per attempt.
[[gnu::always_inline]] inline void Pipeline::recordAttempt(const Exec& x, const Result& r)
{
    m_sink->onAttempt(AttemptRecord{x.request, x.count, m_targetIndex, x.call, m_depth, x.host,
                                    x.start, m_scheduler.now(), r, x.wait});
}

void Pipeline::cancelNow(ExecId e, Outcome reason)
{
    const Exec x = m_execs[e];
    m_scheduler.cancel(x.timer);
    if (x.begun) {
        if (x.stage == m_stages.size()) {
            m_target->abandon(x.job, x.host);
            recordAttempt(x, Result::of(reason));
        } else {
            m_stages[x.stage]->onCancel(*this, e, reason);
        }
    }
    // Read again: the stage may have cancelled its children itself (a hedge has several).
    const ExecId child = m_execs[e].child;
    if (child != kNoExec) cancel(child, reason);
    m_execs.release(e);
}

void Pipeline::resume(ExecId e)
{
    post(stepOf(ExecStep::Kind::Resume, this, refOf(e)));
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
    finish(ref.id, r, Then::Return);
}

} // namespace reslab
