#include "serve/served_model.h"

#include <boost/asio/post.hpp>

namespace reslab {

ServedModel::ServedModel(const Scenario& scenario, boost::asio::io_context& io,
                         std::optional<std::uint64_t> seed)
    : m_scenario(scenario), m_seed(seed.value_or(scenario.seed)), m_io(io),
      m_services(m_scenario, m_queue, m_execs, this, m_seed), m_pacer(io, m_queue),
      m_stats(m_scenario.endpoints.size())
{
}

ServedModel::~ServedModel() = default;

std::optional<std::uint32_t> ServedModel::endpointIndex(std::string_view id) const
{
    const auto& endpoints = m_services.endpoints();
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        if (endpoints[i]->id() == id) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

const std::string& ServedModel::endpointId(std::uint32_t index) const
{
    return m_services.endpoints()[index]->id();
}

ServedModel::Ticket ServedModel::call(std::uint32_t index, AnswerHandler onAnswer)
{
    std::uint32_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_pending.size());
        m_pending.emplace_back();
    }
    m_pacer.catchUp();
    Pending& p = m_pending[slot];
    p.onAnswer = std::move(onAnswer);
    p.endpoint = index;
    p.start = m_queue.now();
    p.live = true;
    const std::uint32_t generation = ++p.generation;
    ++m_stats[index].requests;
    ++m_stats[index].inFlight;
    Endpoint& endpoint = *m_services.endpoints()[index];
    const CallTarget::Submitted sent =
        endpoint.submit(this, ExecRef{slot, generation}, m_nextRequest++);
    // submit() never answers at once (every answer is an event), so the slot is still ours.
    m_pending[slot].job = sent.job;
    m_pending[slot].call = sent.call;
    m_pacer.rearm();
    return Ticket{slot, generation};
}

ServedModel::Pending* ServedModel::find(ExecRef ref)
{
    if (ref.id >= m_pending.size()) return nullptr;
    Pending& p = m_pending[ref.id];
    return p.live && p.generation == ref.generation ? &p : nullptr;
}

void ServedModel::release(std::uint32_t slot)
{
    Pending& p = m_pending[slot];
    --m_stats[p.endpoint].inFlight;
    p.live = false;
    p.onAnswer = nullptr;
    m_free.push_back(slot);
}

void ServedModel::abandon(Ticket ticket)
{
    Pending* p = find(ExecRef{ticket.slot, ticket.generation});
    if (!p) return;
    m_pacer.catchUp();
    ++m_stats[p->endpoint].abandoned;
    const std::uint32_t index = p->endpoint;
    const std::uint32_t job = p->job;
    release(ticket.slot);
    m_services.endpoints()[index]->abandon(job);
    m_pacer.rearm();
}

void ServedModel::stop()
{
    m_pacer.stop();
}

void ServedModel::onAttemptResponse(ExecRef ref, const Result& r)
{
    Pending* p = find(ref);
    if (!p) return; // its client went away
    ++m_stats[p->endpoint].outcomes[static_cast<std::size_t>(r.outcome)];
    const ServedAnswer answer{r, p->call, m_queue.now() - p->start};
    AnswerHandler handler = std::move(p->onAnswer);
    release(ref.id);
    boost::asio::post(m_io, [handler = std::move(handler), answer] { handler(answer); });
}

void ServedModel::onAttempt(const AttemptRecord& /*record*/) {}
void ServedModel::onBreakerTransition(const BreakerTransitionRecord& /*record*/) {}
void ServedModel::onBreakerCreated(const std::string& /*name*/, CircuitBreaker* /*breaker*/) {}

} // namespace reslab
