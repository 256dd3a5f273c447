#pragma once
// A pipeline: strategies composed outermost first (as Polly and failsafe compose them), ending in
// the "call" stage that sends an attempt to an endpoint. Everything is a non-blocking state
// machine on the Scheduler; completion flows up from child exec to parent exec, cancellation
// flows down.
//
// Threading: a pipeline belongs to one simulation and is used from the thread running it.

#include "metrics/outcome.h"
#include "metrics/records.h"
#include "policy/exec.h"
#include "sim/scheduler.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace reslab {

class Pipeline;

// What a stage does after Pipeline::startChild or Pipeline::finish: Return when the call is its
// last act in the callback it is in (start, onChildDone, onTimer or onResume; never onCancel,
// which the pipeline follows with more work), which lets the pipeline do the work in place
// rather than post it as a step — the same order of everything, fewer instructions (exec.h).
// tst_engine runs scenarios both ways and compares every record.
enum class Then : bool
{
    Continue,
    Return
};

// One strategy. Per-call state lives in the Exec; per-strategy state (a breaker's window, a
// jitter stream) lives in the stage object.
class Stage
{
public:
    virtual ~Stage() = default;
    virtual void start(Pipeline& p, ExecId e) = 0;
    virtual void onChildDone(Pipeline& p, ExecId e, const Result& r) = 0;
    virtual void onTimer(Pipeline& /*p*/, ExecId /*e*/) {}
    // Exec e is being abandoned from above (a timeout fired, a hedge lost): release what it holds.
    // Its child, if any, is cancelled by the pipeline afterwards.
    virtual void onCancel(Pipeline& /*p*/, ExecId /*e*/, Outcome /*reason*/) {}
    // Asked for with Pipeline::resume(e): runs once what e started before has run as far as it
    // goes at this instant (a hedge launches its next attempt only after the previous one is out).
    virtual void onResume(Pipeline& /*p*/, ExecId /*e*/) {}
    // The retry index a child of e carries: a retry stage numbers its attempts (attempt n carries
    // n − 1, 0 for the first call), others pass theirs on. A flag, not a virtual call: it is asked
    // for every child.
    std::uint32_t childRetryIndex(const Exec& e) const
    {
        return m_numbersAttempts ? e.tries - 1 : e.retryIndex;
    }

protected:
    Stage() = default;
    explicit Stage(bool numbersAttempts) : m_numbersAttempts(numbersAttempts) {}

private:
    bool m_numbersAttempts = false; // a retry: its children are its attempts
};

// Who receives the result of a whole pass: the workload (top level) or a calling endpoint.
class PipelineClient
{
public:
    virtual ~PipelineClient() = default;
    virtual void onPipelineDone(std::uint64_t token, const RequestRecord& record) = 0;
};

// Who hears an attempt's answer: the pipeline that sent it, or (when the fault model is served
// over HTTP) the server holding the real client's request.
class AttemptReceiver
{
public:
    virtual ~AttemptReceiver() = default;
    // `ref` is what the sender gave CallTarget::submit; it may have been abandoned since.
    virtual void onAttemptResponse(ExecRef ref, const Result& r) = 0;
};

// "Any host": the target picks (a single server is its own host 0).
inline constexpr std::uint16_t kAnyHost = 0xFFFF;

// One host behind a call target, as a balancer sees it.
struct HostInfo
{
    std::string zone;    // empty: no zones
    double weight = 1.0; // Envoy's load_balancing_weight
};

// Which hosts behind a call target are ready (a Kubernetes readiness probe, model/readiness.h);
// `version` changes whenever one's readiness does.
struct HostReadiness
{
    std::vector<bool> ready;
    std::uint64_t version = 0;
};

// Where attempts go: an endpoint — a single server, or a fleet of hosts (model/fleet.h).
class CallTarget
{
public:
    virtual ~CallTarget() = default;
    struct Submitted
    {
        std::uint32_t job;      // the target's handle, for abandon()
        std::uint64_t call;     // k: this is the k-th call (0-based) the host received
        std::uint16_t host = 0; // the host that took it
    };
    // Sends one attempt to `host` (kAnyHost: the target chooses); the target answers later with
    // replyTo->onAttemptResponse(ref, …).
    virtual Submitted submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                             std::uint16_t host) = 0;
    // The caller gave up on the attempt (timeout, cancellation).
    virtual void abandon(std::uint32_t job, std::uint16_t host) = 0;
    virtual std::uint32_t targetIndex() const = 0;
    // The hosts behind the target, in index order (one for a single server).
    virtual std::span<const HostInfo> hosts() const = 0;
    // Their readiness as of `now` (probes due run first), or null when every host is always
    // ready.
    virtual const HostReadiness* readiness(Time /*now*/) const { return nullptr; }
};

// Where a pipeline reports what happens: every attempt (also those a strategy answered itself,
// such as breaker_open) and every circuit-breaker transition.
class RecordSink
{
public:
    virtual ~RecordSink() = default;
    virtual void onAttempt(const AttemptRecord& record) = 0;
    virtual void onBreakerTransition(const BreakerTransitionRecord& record) = 0;
    // A breaker exists (so the summary lists it even if it never changes state, and live views can
    // read its state on the run's thread).
    virtual void onBreakerCreated(const std::string& name, class CircuitBreaker* breaker) = 0;
    // An adaptive concurrency limit moved (its first value is reported when the run starts).
    virtual void onLimitChange(const LimitChangeRecord& /*record*/) {}
    // A balancer's outlier detection acted on a host.
    virtual void onHostEjection(const HostEjectionRecord& /*record*/) {}
    // An adaptive concurrency limiter exists (live views read its gauge on the run's thread).
    virtual void onLimiterCreated(const std::string& /*name*/,
                                  const class ConcurrencyLimiter* /*limiter*/)
    {
    }
};

class Pipeline final : public EventTarget, public AttemptReceiver
{
public:
    // depth: 0 for the client's pipeline, n for a call made by a service n layers down.
    Pipeline(Scheduler& scheduler, ExecPool& execs, std::vector<std::unique_ptr<Stage>> stages,
             CallTarget* target, PipelineClient* client, RecordSink* sink, std::uint16_t depth = 0);

    // Starts a pass for `request`; the client hears of it through onPipelineDone(token, …).
    ExecRef startRoot(std::uint64_t request, std::uint64_t token);
    // Abandons a pass (its caller no longer wants the answer); the client is not told.
    void cancelRoot(ExecRef root, Outcome reason);

    // ---- for stages ----
    Scheduler& scheduler() { return m_scheduler; }
    Exec& exec(ExecId e) { return m_execs[e]; }
    // Starts the next stage for `parent`; `wait` is the backoff that preceded it.
    ExecId startChild(ExecId parent, Time wait, Then then = Then::Continue);
    // Ends exec e with result r and hands r to its parent (or the client).
    void finish(ExecId e, const Result& r, Then then = Then::Continue);
    // Ends exec e with an outcome the strategy produced itself, without calling (breaker_open,
    // bulkhead_full, throttled, …); recorded as an attempt that took no time.
    void reject(ExecId e, Outcome outcome);
    // Ends exec e and everything under it without a result; attempts in flight are recorded with
    // outcome `reason` and abandoned at the endpoint.
    void cancel(ExecId e, Outcome reason);
    // Has the stage's onResume(e) run after the steps posted so far (see ExecStep::Resume).
    void resume(ExecId e);
    // Arms exec e's timer (one per exec): its stage's onTimer runs after `delay`.
    void setTimer(ExecId e, Time delay);
    void cancelTimer(ExecId e);
    ExecRef refOf(ExecId e) const { return m_execs.refOf(e); }
    RecordSink* sink() const { return m_sink; }
    std::uint16_t depth() const { return m_depth; }
    bool isCurrent(ExecRef ref) const { return m_execs.isCurrent(ref); }

    // ---- for the endpoint ----
    void onAttemptResponse(ExecRef ref, const Result& r) override;

    std::size_t stageCount() const { return m_stages.size(); }
    void onEvent(std::uint32_t kind, std::uint64_t arg) override;

private:
    // Runs the step `fill` writes now, or after the step that is running (see exec.h). The step
    // is written where it is kept (a copy of a step just written stalls the processor).
    template <class Fill> void post(Fill&& fill)
    {
        ExecSteps& steps = m_execs.steps();
        if (steps.running) {
            fill(steps.stack.emplace_back());
            return;
        }
        ExecStep first;
        fill(first);
        runSteps([&] { first.pipeline->run(first); });
    }
    // A step whose work is `work`: run in place when the loop would run it at once (nothing
    // running; or the running step's last act with nothing posted before it, and not past
    // ExecSteps::maxInPlace nested), else posted as `fill` writes it.
    template <class Work, class Fill> void runOrPost(Then then, Work&& work, Fill&& fill)
    {
        ExecSteps& steps = m_execs.steps();
        if (!steps.running) {
            runSteps(work);
            return;
        }
        if (then == Then::Return && steps.stack.size() == steps.base &&
            steps.inPlace < steps.maxInPlace) {
            ++steps.inPlace;
            work();
            --steps.inPlace;
            return;
        }
        fill(steps.stack.emplace_back());
    }
    // The loop, from the work of a step posted with nothing running.
    template <class Work> void runSteps(Work&& first)
    {
        ExecSteps& steps = m_execs.steps();
        steps.running = true;
        steps.base = 0;
        struct Stopped
        {
            ExecSteps& steps;
            ~Stopped()
            {
                steps.running = false;
                steps.inPlace = 0;
            }
        } stopped{steps};
        first();
        if (!steps.stack.empty()) runPosted();
    }
    void runPosted(); // the loop's steps after the first, until the stack is empty
    void run(const ExecStep& step);
    void begin(ExecId e);
    void send(ExecId e); // the call stage's begin: one attempt at the endpoint
    void cancelNow(ExecId e, Outcome reason);
    void childDone(ExecId parent, ExecId child, const Result& r);
    void recordAttempt(const Exec& x, const Result& r);

    Scheduler& m_scheduler;
    ExecPool& m_execs;
    std::vector<std::unique_ptr<Stage>> m_stages;
    CallTarget* m_target;
    std::uint32_t m_targetIndex; // m_target's, fixed for its life (read for every attempt record)
    PipelineClient* m_client;
    RecordSink* m_sink;
    std::uint16_t m_depth;
};

} // namespace reslab
