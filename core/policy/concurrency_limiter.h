#pragma once
// The limiter around an adaptive limit algorithm (policy/concurrency_limits.h): counts what is in
// flight, admits while in-flight < limit (Netflix SimpleLimiter's semaphore of `limit` permits;
// Envoy's forwardingDecision()), and reports each finished call to the algorithm the way its
// library does: Netflix Listener.onSuccess / onDropped / onIgnore; Envoy recordLatencySample /
// cancelLatencySample. Shared by the client strategy `adaptive_limit` and endpoint admission.

#include "metrics/outcome.h"
#include "policy/concurrency_limits.h"
#include "policy/pipeline.h"

#include <memory>
#include <optional>

namespace reslab {

struct LimitPermit
{
    Time start = 0;   // when it was acquired
    int inflight = 0; // in flight once it was (AbstractLimiter.createListener's currentInflight)
};

enum class LimitRelease
{
    Success, // a sample
    Dropped, // a sample that says the limit is too high
    Ignored  // no sample
};

class ConcurrencyLimiter
{
public:
    ConcurrencyLimiter(const ConcurrencyLimitSpec& spec, Rng rng, Time start);
    ConcurrencyLimiter(const ConcurrencyLimiter&) = delete; // its algorithm calls back into it
    ConcurrencyLimiter& operator=(const ConcurrencyLimiter&) = delete;
    // Reports to `sink` under `name`: announces itself now, its limit when the first call comes
    // (the run's observers are all there by then), and every change with its moment.
    void reportTo(RecordSink* sink, std::string name);
    std::optional<LimitPermit> tryAcquire(Time now);
    void release(Time now, const LimitPermit& permit, LimitRelease how);
    LimitRelease classify(Outcome o) const;

    int limit() const { return m_envoy ? m_envoy->limit() : m_netflix->limit(); }
    int inflight() const { return m_envoy ? m_envoy->outstanding() : m_inflight; }
    // The samples it has given its algorithm so far, and the sum of their RTTs (for the views'
    // RTT beside the limit: they take differences).
    std::uint64_t samples() const { return m_samples; }
    double rttSumMs() const { return m_rttSumMs; }
    // Lets Envoy's timers run up to `now` (the limit can change with no call finishing).
    void advance(Time now)
    {
        if (m_envoy) m_envoy->advance(now);
    }

private:
    OutcomeSet m_dropOn, m_ignoreOn;
    std::unique_ptr<NetflixLimit> m_netflix;
    std::unique_ptr<EnvoyGradientController> m_envoy;
    int m_inflight = 0;
    std::uint64_t m_samples = 0;
    double m_rttSumMs = 0.0;
    void report(Time at, int limit);

    RecordSink* m_sink = nullptr;
    std::string m_name;
    bool m_reportedFirst = false;
};

} // namespace reslab
