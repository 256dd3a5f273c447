#pragma once
// Hedging (Polly v8 Hedging, gRPC hedgingPolicy): start the call; if no result has come after
// delay_ms, start another, up to max_hedged_attempts more, and take the first result that is not
// a handled failure. The losers are cancelled client-side (recorded as `cancelled`; the servers'
// work goes on unless they cancel on timeout). A handled failure launches the next hedge at once.
// delay_ms 0 starts them all together (parallel mode); a negative delay starts the next only
// after the previous failed (fallback mode). When every attempt failed, the last failure is the
// result.

#include "policy/guard_specs.h"
#include "policy/pipeline.h"

#include <unordered_map>
#include <vector>

namespace reslab {

class HedgeStage final : public Stage
{
public:
    explicit HedgeStage(const HedgeSpec& spec)
        : m_spec(spec), m_delay(fromMillis(std::max(0.0, spec.delayMs)))
    {
    }

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onTimer(Pipeline& p, ExecId e) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;
    void onResume(Pipeline& p, ExecId e) override;

private:
    struct Flight
    {
        int launched = 0;
        int inFlight = 0;
        std::vector<ExecRef> children; // may include finished ones (no longer current)
    };
    void launch(Pipeline& p, ExecId e);
    void cancelOthers(Pipeline& p, Flight& f, Outcome reason);
    bool mayLaunchMore(const Flight& f) const { return f.launched < 1 + m_spec.maxHedgedAttempts; }

    HedgeSpec m_spec;
    Time m_delay;
    std::unordered_map<ExecId, Flight> m_flights;
};

} // namespace reslab
