#pragma once
// Records a run as a trace (`run --record`): every call an endpoint received, as its caller saw
// it — start, time to the answer (or to giving up), outcome, status, Retry-After — with the
// request, attempt and the endpoint's call number, so that a `sequence` replay of the same
// pipeline reproduces the run's attempts exactly. Outcomes the client made itself without calling
// (breaker_open, bulkhead_full, throttled, budget_exhausted) reached no endpoint and are left out.

#include "metrics/records.h"
#include "trace/trace_io.h"

#include <string>
#include <vector>

namespace reslab {

// An attempt as the endpoint saw it, the endpoint left for the caller to name.
inline TraceCall traceCallOf(const AttemptRecord& a)
{
    TraceCall c;
    c.t = a.start;
    c.latency = a.end - a.start;
    c.outcome = a.result.outcome;
    c.status = a.result.status;
    c.retryAfter = a.result.retryAfter;
    c.request = a.request;
    c.attempt = a.attempt;
    c.call = a.call;
    return c;
}

class TraceRecorder final : public RunObserver
{
public:
    TraceRecorder(TraceWriter& writer, std::vector<std::string> endpointIds)
        : m_writer(writer), m_ids(std::move(endpointIds))
    {
    }

    void onAttempt(const AttemptRecord& a) override
    {
        if (isClientMade(a.result.outcome)) return;
        const auto problem = m_writer.write(
            traceCallOf(a),
            a.endpoint < m_ids.size() ? std::string_view(m_ids[a.endpoint]) : std::string_view());
        // A run whose calls fit the trace limits is checked up front (recordingProblem); a call
        // that still does not fit fails the recording rather than being left out silently.
        if (problem && m_problem.empty())
            m_problem = "request " + std::to_string(a.request) + " attempt " +
                        std::to_string(a.attempt) + ": " + *problem;
    }
    // The first call that could not be recorded ("" when none).
    const std::string& problem() const { return m_problem; }

private:
    TraceWriter& m_writer;
    std::vector<std::string> m_ids;
    std::string m_problem;
};

} // namespace reslab
