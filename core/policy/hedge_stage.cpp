#include "policy/hedge_stage.h"

namespace reslab {

void HedgeStage::start(Pipeline& p, ExecId e)
{
    m_flights[e] = Flight{};
    if (m_spec.delayMs == 0.0) {
        // Parallel mode: all attempts at once (stop if one already settled the call).
        const ExecRef self = p.refOf(e);
        for (int i = 0; i <= m_spec.maxHedgedAttempts && p.isCurrent(self); ++i)
            launch(p, e);
        return;
    }
    launch(p, e);
}

void HedgeStage::launch(Pipeline& p, ExecId e)
{
    const ExecRef self = p.refOf(e);
    Flight& f = m_flights[e];
    ++f.launched;
    ++f.inFlight;
    const bool more = mayLaunchMore(f);
    const ExecId child = p.startChild(e, p.exec(e).wait);
    if (!p.isCurrent(self)) return; // the child settled the call synchronously
    Flight& after = m_flights[e];
    after.children.push_back(p.refOf(child));
    if (more && m_spec.delayMs > 0.0) p.setTimer(e, m_delay);
}

void HedgeStage::onTimer(Pipeline& p, ExecId e)
{
    if (mayLaunchMore(m_flights[e])) launch(p, e);
}

void HedgeStage::cancelOthers(Pipeline& p, Flight& f, Outcome reason)
{
    for (const ExecRef& c : f.children)
        if (p.isCurrent(c)) p.cancel(c.id, reason);
    f.children.clear();
}

void HedgeStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    Flight& f = m_flights[e];
    --f.inFlight;
    const bool handled = !r.ok() && m_spec.hedgeOn.contains(r.outcome);
    if (!handled) { // a winner (or a failure hedging does not handle): it settles the call
        Flight done = std::move(f);
        m_flights.erase(e);
        p.exec(e).child = kNoExec;
        cancelOthers(p, done, Outcome::Cancelled);
        p.finish(e, r);
        return;
    }
    if (mayLaunchMore(f)) {
        launch(p, e); // a handled failure sends the next hedge at once
        return;
    }
    if (f.inFlight > 0) return; // others may still win
    m_flights.erase(e);
    p.finish(e, r);
}

void HedgeStage::onCancel(Pipeline& p, ExecId e, Outcome reason)
{
    auto it = m_flights.find(e);
    if (it == m_flights.end()) return;
    Flight f = std::move(it->second);
    m_flights.erase(it);
    cancelOthers(p, f, reason);
    p.exec(e).child = kNoExec;
}

} // namespace reslab
