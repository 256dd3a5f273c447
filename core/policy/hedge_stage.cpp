#include "policy/hedge_stage.h"

namespace reslab {

void HedgeStage::start(Pipeline& p, ExecId e)
{
    m_flights[e] = Flight{};
    launch(p, e);
}

void HedgeStage::launch(Pipeline& p, ExecId e)
{
    Flight& f = m_flights[e];
    ++f.launched;
    ++f.inFlight;
    const ExecId child = p.startChild(e, p.exec(e).wait);
    m_flights[e].children.push_back(p.refOf(child));
    p.resume(e); // onResume, once the attempt is out (unless it settled the call at once)
}

void HedgeStage::onResume(Pipeline& p, ExecId e)
{
    const Flight& f = m_flights[e];
    if (!mayLaunchMore(f)) return;
    if (m_spec.delayMs == 0.0) {
        launch(p, e); // parallel mode: all attempts at once
    } else if (m_spec.delayMs > 0.0) {
        p.setTimer(e, m_delay);
    }
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
