#include "serve/served_live_feed.h"

#include "run/gauges.h"

#include <algorithm>

namespace reslab {

ServedLiveFeed::ServedLiveFeed(ServedGauges& model, std::string scenarioName, std::uint64_t seed)
    : m_model(model), m_scenarioName(std::move(scenarioName)), m_seed(seed),
      m_timeline(
          kLiveTimelineStep, [this](TimelineRow& row) { m_model.fillRowGauges(row); },
          [this](const TimelineRow& row) { m_rows.push_back(row); }, kLiveLatencyWindowSteps)
{
    for (const std::string& name : m_model.breakerNames())
        m_breakers.push_back(BreakerSummary{name, {}, 0});
}

Time ServedLiveFeed::clamp(Time t) const
{
    // What the model reports happened at its queue's clock, which may trail the wall clock that
    // closed the last step by a timer's latency: such an event counts in the first open step.
    return std::max(t, m_timeline.nextSecond() * m_timeline.width());
}

void ServedLiveFeed::onCallArrived(std::uint32_t /*endpoint*/, std::uint64_t request,
                                   std::uint32_t /*attempt*/, Time at)
{
    if (request != kNoValue) {
        auto it = m_named.find(request);
        if (it != m_named.end()) {
            ++it->second.attempts;
            return; // a retry (or a hedge) of a request already offered
        }
        if (m_named.size() >= kMaxOpenRequests) m_named.clear();
        m_named.emplace(request, Request{m_nextNumber++, at, -1, 1, false});
    }
    ++m_requests;
    m_timeline.onRequestStarted(clamp(at));
}

void ServedLiveFeed::onServedCall(std::uint32_t endpoint, const TraceCall& call)
{
    const Time end = clamp(call.t + call.latency);
    const Result result{call.outcome, call.status, call.retryAfter, false};
    AttemptRecord a;
    a.endpoint = endpoint;
    a.call = call.call == kNoValue ? 0 : call.call;
    a.depth = 0;
    a.start = std::min(clamp(call.t), end);
    a.end = end;
    a.result = result;
    ++m_attempts;
    ++m_attemptsByOutcome[static_cast<std::size_t>(call.outcome)];

    const auto named = call.request == kNoValue ? m_named.end() : m_named.find(call.request);
    if (named == m_named.end()) { // a request of its own (or one forgotten past the bound)
        a.request = m_nextNumber++;
        a.attempt = 1;
        finishRequest(a.request, a.start, end, result, 1);
    } else {
        Request& r = named->second;
        a.request = r.number;
        a.attempt = call.attempt ? call.attempt : r.attempts;
        // Overlapping attempts (a hedge) waited for nothing.
        a.wait = r.lastEnd >= 0 && r.lastEnd < call.t ? call.t - r.lastEnd : 0;
        r.lastEnd = std::max(r.lastEnd, end);
        if (result.ok() && !r.succeeded) {
            r.succeeded = true;
            finishRequest(r.number, clamp(r.firstStart), end, result, r.attempts);
        }
    }
    m_timeline.onAttempt(a);
    keepAttempt(a);
}

void ServedLiveFeed::finishRequest(std::uint64_t number, Time start, Time end, const Result& result,
                                   std::uint32_t attempts)
{
    if (result.ok())
        ++m_succeeded;
    else
        ++m_failed;
    ++m_requestsByOutcome[static_cast<std::size_t>(result.outcome)];
    m_latency.record(end - start);
    const std::size_t k = std::min<std::size_t>(attempts, kAttemptsPerRequestBins - 1);
    if (m_attemptsPerRequest.size() <= k) m_attemptsPerRequest.resize(k + 1);
    ++m_attemptsPerRequest[k];
    m_timeline.onRequestDone(RequestRecord{number, start, end, result, attempts});
}

void ServedLiveFeed::onInnerAttempt(const AttemptRecord& record)
{
    AttemptRecord a = record;
    a.end = clamp(a.end);
    a.start = std::min(a.start, a.end);
    keepAttempt(a);
}

void ServedLiveFeed::keepAttempt(const AttemptRecord& a)
{
    m_recent.push_back(a);
    if (m_recent.size() > kRecentAttemptsPerSnapshot) {
        m_recent.pop_front();
        ++m_skipped;
    }
}

void ServedLiveFeed::onBreakerTransition(const BreakerTransitionRecord& record)
{
    m_transitions.push_back(record);
    noteTransition(m_breakers, record);
}

RunSnapshot ServedLiveFeed::take(bool withSummary)
{
    m_timeline.closeUntil(m_model.now() / m_timeline.width());
    RunSnapshot r;
    r.rows = std::move(m_rows);
    m_rows.clear();
    r.transitions = std::move(m_transitions);
    m_transitions.clear();
    r.recentAttempts.assign(m_recent.begin(), m_recent.end());
    m_recent.clear();
    r.attemptsSkipped = m_skipped;
    m_skipped = 0;
    r.attemptsPerRequest = m_attemptsPerRequest;
    r.breakers = m_model.breakerGauges();
    r.endpoints = m_model.endpointGauges();
    r.limiters = m_model.limiterGauges();
    if (withSummary) r.summary = summary();
    return r;
}

Summary ServedLiveFeed::summary() const
{
    Summary s;
    s.scenario = m_scenarioName;
    s.seed = m_seed;
    s.requests = m_requests;
    s.succeeded = m_succeeded;
    s.failed = m_failed;
    // A named request still in flight when its id was forgotten may end twice.
    const std::uint64_t ended = m_succeeded + m_failed;
    s.unfinished = m_requests > ended ? m_requests - ended : 0;
    s.requestsByOutcome = m_requestsByOutcome;
    s.attempts = m_attempts;
    s.attemptsByOutcome = m_attemptsByOutcome;
    s.latency = LatencySummary::of(m_latency);
    s.breakers = m_breakers;
    s.endpoints = m_model.endpointSummaries(m_requests);
    const Time now = m_model.now();
    s.endMs = toMillis(now);
    s.wallMs = toMillis(now);
    return s;
}

} // namespace reslab
