#pragma once
// The real traffic `serve` answers, as the live views' snapshots (run/live_snapshot.h): what the
// GUI's Serve toggle shows in the Traffic, Latency, Attempts, Breaker and Endpoint views while a
// real client calls. It lives on the serving thread; take() hands over what came since the last
// one, as a simulation's live run does.
//
// A served request is what the client says it is (docs/gui.md, "Serving"): the calls that carry
// one X-Reslab-Request id are its attempts; a call without one is a request of its own. The
// server never sees a client's request end, so a request is offered at its first attempt,
// succeeds at its first ok answer (its latency runs from its first attempt's start; its attempts
// are those so far), and a call without an id ends with its answer, whatever that is. A named
// request with no ok answer yet is unfinished: its client may still retry. Each attempt's wait is
// its start minus the end of the request's attempt before it: the client's real backoff.

#include "metrics/histogram.h"
#include "metrics/timeline.h"
#include "run/live_snapshot.h"
#include "serve/served_model.h"

#include <deque>
#include <string>
#include <unordered_map>

namespace reslab {

class ServedLiveFeed final : public ServedObserver
{
public:
    // Named requests remembered at most (~64 MB); past it they are forgotten at once, as the
    // served model forgets its attempt counts (a request still retrying then counts anew).
    static constexpr std::size_t kMaxOpenRequests = 1'000'000;

    ServedLiveFeed(ServedGauges& model, std::string scenarioName, std::uint64_t seed);

    void onCallArrived(std::uint32_t endpoint, std::uint64_t request, std::uint32_t attempt,
                       Time at) override;
    void onServedCall(std::uint32_t endpoint, const TraceCall& call) override;
    void onInnerAttempt(const AttemptRecord& record) override;
    void onBreakerTransition(const BreakerTransitionRecord& record) override;

    // Since the last take(): the rows of the steps the wall clock has passed, the transitions,
    // the latest attempts; the gauges now; the summary so far when `withSummary`.
    RunSnapshot take(bool withSummary);
    Summary summary() const;

private:
    struct Request
    {
        std::uint64_t number = 0; // the feed's own, 1, 2, … in order of arrival
        Time firstStart = 0;
        Time lastEnd = -1; // −1: no attempt answered yet
        std::uint32_t attempts = 0;
        bool succeeded = false;
    };
    Time clamp(Time t) const; // never into a step already handed over
    void finishRequest(std::uint64_t number, Time start, Time end, const Result& result,
                       std::uint32_t attempts);
    void keepAttempt(const AttemptRecord& a);

    ServedGauges& m_model;
    std::string m_scenarioName;
    std::uint64_t m_seed;
    TimelineCollector m_timeline;
    std::vector<TimelineRow> m_rows;
    std::deque<AttemptRecord> m_recent;
    std::uint64_t m_skipped = 0;
    std::vector<BreakerTransitionRecord> m_transitions;
    std::vector<BreakerSummary> m_breakers;             // in the model's breaker order
    std::unordered_map<std::uint64_t, Request> m_named; // by the client's id
    std::uint64_t m_nextNumber = 1;
    // The summary's counts.
    std::uint64_t m_requests = 0, m_succeeded = 0, m_failed = 0, m_attempts = 0;
    std::array<std::uint64_t, kOutcomeCount> m_requestsByOutcome{}, m_attemptsByOutcome{};
    std::vector<std::uint64_t> m_attemptsPerRequest;
    Histogram m_latency;
};

} // namespace reslab
