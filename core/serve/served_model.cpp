#include "serve/served_model.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace reslab {

ServedModel::ServedModel(const Scenario& scenario, boost::asio::io_context& io,
                         std::optional<std::uint64_t> seed)
    : m_scenario(scenario), m_current(scenario), m_seed(seed.value_or(scenario.seed)), m_io(io),
      m_services(m_scenario, m_queue, m_execs, this, m_seed), m_pacer(io, m_queue),
      m_stats(m_scenario.endpoints.size())
{
    // The pacer's clock started just now; the wall clock's reading of the same moment names it.
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    m_startedAt = text;
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

ServedModel::Ticket ServedModel::call(std::uint32_t index, AnswerHandler onAnswer,
                                      const ServedCallInfo& info)
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
    p.request = info.request.value_or(kNoValue);
    if (info.request && m_attemptsOf.size() >= kMaxNamedRequests) m_attemptsOf.clear();
    p.attempt = info.request ? ++m_attemptsOf[*info.request] : 0;
    const std::uint32_t generation = ++p.generation;
    if (m_observer) m_observer->onCallArrived(index, p.request, p.attempt, p.start);
    ++m_stats[index].requests;
    ++m_stats[index].inFlight;
    Fleet& endpoint = *m_services.endpoints()[index];
    const CallTarget::Submitted sent =
        endpoint.submit(this, ExecRef{slot, generation}, m_nextRequest++, info.access);
    // submit() never answers at once (every answer is an event), so the slot is still ours.
    m_pending[slot].job = sent.job;
    m_pending[slot].call = sent.call;
    m_pending[slot].host = sent.host;
    // What the call scheduled for now (its arrival, when the network takes no time) runs now,
    // not one turn of the event loop later. Answers are posted, so none runs inside call().
    m_pacer.catchUp();
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
    TraceCall c;
    c.t = p->start;
    c.latency = m_queue.now() - p->start;
    c.outcome = Outcome::Cancelled; // the trace format's "its caller gave up first"
    report(*p, c);
    const std::uint32_t index = p->endpoint;
    const std::uint32_t job = p->job;
    const std::uint16_t host = p->host;
    release(ticket.slot);
    m_services.endpoints()[index]->abandon(job, host);
    m_pacer.rearm();
}

void ServedModel::stop()
{
    m_pacer.stop();
}

void ServedModel::reconfigure(std::uint32_t index, const EndpointSpec& spec)
{
    m_pacer.catchUp();
    m_services.endpoints()[index]->reconfigure(spec);
    takeServiceBlocks(m_current.endpoints[index], spec);
    m_pacer.rearm();
}

void ServedModel::setPhaseWindow(std::uint32_t index, std::size_t phase, Time start, Time end)
{
    m_pacer.catchUp();
    m_services.endpoints()[index]->setPhaseWindow(phase, start, end);
    m_current.endpoints[index].phases[phase].startS = toSeconds(start);
    m_current.endpoints[index].phases[phase].endS = toSeconds(end);
    m_pacer.rearm();
}

void ServedModel::reset()
{
    for (std::uint32_t i = 0; i < m_scenario.endpoints.size(); ++i) {
        const EndpointSpec& original = m_scenario.endpoints[i];
        reconfigure(i, original);
        for (std::size_t p = 0; p < original.phases.size(); ++p)
            setPhaseWindow(i, p, fromSeconds(original.phases[p].startS),
                           fromSeconds(original.phases[p].endS));
    }
}

void ServedModel::onAttemptResponse(ExecRef ref, const Result& r)
{
    Pending* p = find(ref);
    if (!p) return; // its client went away
    ServedEndpointStats& stats = m_stats[p->endpoint];
    ++stats.outcomes[static_cast<std::size_t>(r.outcome)];
    ServedAnswer answer{r, p->call, m_queue.now() - p->start, std::nullopt};
    const Fleet& endpoint = *m_services.endpoints()[p->endpoint];
    if (endpoint.spec().kind == EndpointSpec::Kind::VersionedRecord &&
        (r.outcome == Outcome::Ok || r.outcome == Outcome::Conflict))
        answer.version = endpoint.answeredVersion();
    const double seconds = toSeconds(answer.latency);
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(kLatencyBucketsS.begin(), kLatencyBucketsS.end(), seconds) -
        kLatencyBucketsS.begin());
    ++stats.latencyBuckets[bucket];
    stats.latencySumS += seconds;
    TraceCall c;
    c.t = p->start;
    c.latency = answer.latency;
    c.outcome = r.outcome;
    c.status = r.status;
    c.retryAfter = r.retryAfter;
    report(*p, c);
    AnswerHandler handler = std::move(p->onAnswer);
    release(ref.id);
    boost::asio::post(m_io, [handler = std::move(handler), answer] { handler(answer); });
}

void ServedModel::report(const Pending& p, const TraceCall& call)
{
    if (!m_recorder && !m_observer) return;
    TraceCall c = call;
    c.call = p.call;
    c.request = p.request;
    c.attempt = p.attempt;
    if (m_recorder) m_recorder(p.endpoint, c);
    if (m_observer) m_observer->onServedCall(p.endpoint, c);
}

void ServedModel::onAttempt(const AttemptRecord& record)
{
    if (m_observer) m_observer->onInnerAttempt(record);
}

void ServedModel::onBreakerTransition(const BreakerTransitionRecord& record)
{
    if (m_observer) m_observer->onBreakerTransition(record);
}

void ServedModel::onBreakerCreated(const std::string& name, CircuitBreaker* breaker)
{
    m_breakerNames.push_back(name);
    m_breakers.push_back(breaker);
}

void ServedModel::onLimiterCreated(const std::string& name, const ConcurrencyLimiter* limiter)
{
    m_limiters.push_back(NamedLimiter{name, limiter});
}

std::vector<LimiterGauge> ServedModel::limiterGauges() const
{
    return reslab::limiterGauges(m_limiters);
}

std::vector<BreakerGauge> ServedModel::breakerGauges()
{
    std::vector<BreakerGauge> out;
    for (std::size_t i = 0; i < m_breakers.size(); ++i)
        out.push_back(breakerGauge(m_breakerNames[i], *m_breakers[i], m_queue.now()));
    return out;
}

std::vector<EndpointGauge> ServedModel::endpointGauges() const
{
    return reslab::endpointGauges(m_services, m_scenario);
}

void ServedModel::fillRowGauges(TimelineRow& row)
{
    for (const ServedEndpointStats& s : m_stats)
        row.inFlight += s.inFlight;
    reslab::fillRowGauges(row, m_services, m_breakers, m_limiters, m_queue.now());
}

std::vector<EndpointSummary> ServedModel::endpointSummaries(std::uint64_t clientRequests) const
{
    return reslab::endpointSummaries(m_services, clientRequests, m_queue.now(),
                                     HostEjectionCounts{});
}

} // namespace reslab
