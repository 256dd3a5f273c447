#pragma once
// Adaptive concurrency limits, rule for rule as their libraries compute them (docs/semantics.md
// "Adaptive concurrency limits"):
//   - Netflix concurrency-limits (commit 78a74b9): AIMDLimit, VegasLimit, Gradient2Limit, each an
//     AbstractLimit fed onSample(startTime, rtt, inflight, didDrop) in nanoseconds, optionally
//     behind a WindowedLimit that hands on one averaged sample per window; the limiter around them
//     is SimpleLimiter (admit while in-flight < limit).
//   - Envoy adaptive concurrency's GradientController (gradient_controller.cc): a limit
//     recomputed every update interval from a latency percentile against a minRTT measured in
//     its own windows at min_concurrency.
// No engine types beyond Time: the tests drive these with the libraries' own sample sequences.

#include "policy/concurrency_limit_spec.h"
#include "sim/rng.h"
#include "sim/time.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace reslab {

// Netflix com.netflix.concurrency.limits.Limit
class NetflixLimit
{
public:
    virtual ~NetflixLimit() = default;
    virtual void onSample(Time startTime, Time rtt, int inflight, bool didDrop) = 0;
    virtual int limit() const = 0;
};

class AimdLimit final : public NetflixLimit
{
public:
    explicit AimdLimit(const ConcurrencyLimitSpec& s);
    void onSample(Time startTime, Time rtt, int inflight, bool didDrop) override;
    int limit() const override { return m_limit; }

private:
    int m_limit, m_min, m_max;
    double m_backoffRatio;
    Time m_timeout;
};

class VegasLimit final : public NetflixLimit
{
public:
    VegasLimit(const ConcurrencyLimitSpec& s, Rng probeRng);
    void onSample(Time startTime, Time rtt, int inflight, bool didDrop) override;
    int limit() const override { return m_limit; }
    double estimatedLimit() const { return m_estimated; }
    Time rttNoLoad() const { return m_rttNoLoad; }
    double probeJitter() const { return m_probeJitter; }

private:
    int update(Time rtt, int inflight, bool didDrop);
    void resetProbeJitter();

    int m_limit;
    double m_estimated;
    Time m_rttNoLoad = 0;
    int m_maxLimit;
    double m_smoothing;
    int m_probeMultiplier;
    int m_probeCount = 0;
    double m_probeJitter = 0.0;
    Rng m_rng; // ThreadLocalRandom.nextDouble(0.5, 1) in the library
};

// ExpAvgMeasurement(window, warmupWindow): the plain mean of the first warmupWindow samples,
// then an exponential average with factor 2 / (window + 1).
class ExpAvgMeasurement
{
public:
    ExpAvgMeasurement(int window, int warmupWindow) : m_window(window), m_warmup(warmupWindow) {}
    double add(double sample);
    double get() const { return m_value; }
    void scale(double factor) { m_value *= factor; }

private:
    double m_value = 0.0, m_sum = 0.0;
    int m_window, m_warmup, m_count = 0;
};

class Gradient2Limit final : public NetflixLimit
{
public:
    explicit Gradient2Limit(const ConcurrencyLimitSpec& s);
    void onSample(Time startTime, Time rtt, int inflight, bool didDrop) override;
    int limit() const override { return m_limit; }
    double estimatedLimit() const { return m_estimated; }
    double longRtt() const { return m_longRtt.get(); }

private:
    int m_limit;
    double m_estimated;
    ExpAvgMeasurement m_longRtt;
    int m_min, m_max, m_queueSize;
    double m_smoothing, m_tolerance;
};

// WindowedLimit with ImmutableAverageSampleWindow (AverageSampleWindowFactory, its default).
class WindowedLimit final : public NetflixLimit
{
public:
    WindowedLimit(const ConcurrencyLimitSpec& s, std::unique_ptr<NetflixLimit> delegate);
    void onSample(Time startTime, Time rtt, int inflight, bool didDrop) override;
    int limit() const override { return m_delegate->limit(); }

private:
    struct Window
    {
        Time minRtt = kTimeNever; // Long.MAX_VALUE
        Time sum = 0;
        int maxInFlight = 0;
        int count = 0;
        bool didDrop = false;
    };
    std::unique_ptr<NetflixLimit> m_delegate;
    Time m_nextUpdate = 0;
    Time m_minWindow, m_maxWindow, m_minRttThreshold;
    int m_windowSize;
    Window m_window;
};

std::unique_ptr<NetflixLimit> makeNetflixLimit(const ConcurrencyLimitSpec& s, Rng probeRng);

// Envoy's GradientController on virtual time. Envoy's two timers (the sample window reset and
// the minRTT recalculation) run here when time passes them: advance(now) fires every timer due at
// or before `now`, in time order, and every call below advances first.
class EnvoyGradientController
{
public:
    EnvoyGradientController(const ConcurrencyLimitSpec& s, Rng jitterRng, Time start);
    // Told each time the limit changes, with the moment it does (a timer's, or a sample's).
    void setOnChange(std::function<void(Time, int)> onChange) { m_onChange = std::move(onChange); }
    void advance(Time now);
    bool forwardingDecision(Time now); // true: forward, and count it outstanding
    void recordLatencySample(Time sendTime, Time now);
    void cancelLatencySample(Time now);
    int limit() const { return m_limit; }
    int outstanding() const { return m_outstanding; }
    bool inMinRttWindow() const { return m_deferredLimit > 0; }
    Time minRtt() const { return m_minRtt; }       // µs precision, in ns
    Time sampleRtt() const { return m_sampleRtt; } // µs precision, in ns

private:
    void enterMinRttWindow(Time now);
    void updateMinRtt(Time now);
    void resetSampleWindow(Time now);
    int calculateNewLimit() const;
    void updateLimit(int newLimit, Time now);
    Time processSamplesAndClear(); // the percentile, whole µs, in ns
    Time jittered(Time interval);

    Time m_updateInterval, m_minRttInterval;
    int m_requestCount, m_minConcurrency, m_maxLimit;
    double m_jitter, m_buffer, m_percentile;
    Rng m_rng;
    int m_limit;
    int m_deferredLimit = 0;
    int m_outstanding = 0;
    int m_consecutiveMin = 0;
    Time m_minRtt = 0, m_sampleRtt = 0, m_minRttEpoch = 0;
    Time m_sampleResetAt = kTimeNever, m_minRttCalcAt = kTimeNever;
    std::vector<std::int64_t> m_samplesUs; // latency_sample_hist_
    std::function<void(Time, int)> m_onChange;
};

} // namespace reslab
