#pragma once
// Timeout (Polly Timeout, resilience4j TimeLimiter, httpx/aiohttp timeouts): ends the call with
// `timeout` when it takes longer than timeout_ms. Its place in the pipeline decides its scope:
// outside a retry it bounds the whole request, inside it bounds each attempt. The abandoned work
// goes on at the server unless the endpoint says cancel_on_timeout.

#include "policy/pipeline.h"
#include "policy/timeout_spec.h"

namespace reslab {

class TimeoutStage final : public Stage
{
public:
    explicit TimeoutStage(const TimeoutSpec& spec) : m_timeout(fromMillis(spec.timeoutMs)) {}

    void start(Pipeline& p, ExecId e) override
    {
        p.setTimer(e, m_timeout);
        p.startChild(e, p.exec(e).wait, Then::Return);
    }
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override
    {
        p.finish(e, r, Then::Return);
    }
    void onTimer(Pipeline& p, ExecId e) override
    {
        const ExecId child = p.exec(e).child;
        if (child != kNoExec) p.cancel(child, Outcome::Timeout);
        p.finish(e, Result::of(Outcome::Timeout), Then::Return);
    }

private:
    Time m_timeout;
};

} // namespace reslab
