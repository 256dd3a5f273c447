#include "policy/concurrency_limits.h"

#include <algorithm>
#include <cmath>

namespace reslab {

namespace {
// Log10RootIntFunction.create(0): max(1, (int) log10(t)), from a table below 1000.
int log10Root(int t)
{
    if (t < 1000)
        return std::max(1, t <= 0 ? 0 : static_cast<int>(std::log10(static_cast<double>(t))));
    return static_cast<int>(std::log10(static_cast<double>(t)));
}

// Java's (int) cast of a double: truncation toward zero, saturating.
int javaInt(double v)
{
    if (std::isnan(v)) return 0;
    if (v >= 2147483647.0) return 2147483647;
    if (v <= -2147483648.0) return -2147483647 - 1;
    return static_cast<int>(v);
}
} // namespace

AimdLimit::AimdLimit(const ConcurrencyLimitSpec& s)
    : m_limit(s.resolvedInitialLimit()), m_min(s.resolvedMinLimit()), m_max(s.resolvedMaxLimit()),
      m_backoffRatio(s.backoffRatio), m_timeout(fromMillis(s.timeoutMs))
{
}

void AimdLimit::onSample(Time, Time rtt, int inflight, bool didDrop)
{
    int current = m_limit;
    if (didDrop || rtt > m_timeout)
        current = javaInt(current * m_backoffRatio);
    else if (inflight * 2 >= current)
        current = current + 1;
    m_limit = std::min(m_max, std::max(m_min, current));
}

VegasLimit::VegasLimit(const ConcurrencyLimitSpec& s, Rng probeRng)
    : m_limit(s.resolvedInitialLimit()), m_estimated(s.resolvedInitialLimit()),
      m_maxLimit(s.resolvedMaxLimit()), m_smoothing(s.resolvedSmoothing()),
      m_probeMultiplier(s.probeMultiplier), m_rng(probeRng)
{
    resetProbeJitter();
}

void VegasLimit::resetProbeJitter()
{
    m_probeJitter = 0.5 + 0.5 * m_rng.uniform();
}

void VegasLimit::onSample(Time, Time rtt, int inflight, bool didDrop)
{
    m_limit = update(std::max<Time>(rtt, 1), inflight, didDrop); // the library rejects rtt ≤ 0
}

int VegasLimit::update(Time rtt, int inflight, bool didDrop)
{
    ++m_probeCount;
    if (m_probeJitter * m_probeMultiplier * m_estimated <= m_probeCount) {
        resetProbeJitter();
        m_probeCount = 0;
        m_rttNoLoad = rtt;
        return javaInt(m_estimated);
    }
    if (m_rttNoLoad == 0 || rtt < m_rttNoLoad) {
        m_rttNoLoad = rtt;
        return javaInt(m_estimated);
    }
    const double estimated = m_estimated;
    const int queueSize = javaInt(
        std::ceil(estimated * (1 - static_cast<double>(m_rttNoLoad) / static_cast<double>(rtt))));
    const int log10 = log10Root(javaInt(estimated));
    double newLimit;
    if (didDrop) {
        newLimit = estimated - log10;
    } else if (inflight * 2 < estimated) {
        return javaInt(estimated);
    } else {
        const int alpha = 3 * log10, beta = 6 * log10, threshold = log10;
        if (queueSize <= threshold)
            newLimit = estimated + beta;
        else if (queueSize < alpha)
            newLimit = estimated + log10;
        else if (queueSize > beta)
            newLimit = estimated - log10;
        else
            return javaInt(estimated);
    }
    newLimit = std::max(1.0, std::min(static_cast<double>(m_maxLimit), newLimit));
    newLimit = (1 - m_smoothing) * estimated + m_smoothing * newLimit;
    m_estimated = newLimit;
    return javaInt(newLimit);
}

double ExpAvgMeasurement::add(double sample)
{
    if (m_count < m_warmup) {
        ++m_count;
        m_sum += sample;
        m_value = m_sum / m_count;
    } else {
        const double factor = 2.0 / (m_window + 1);
        m_value = m_value * (1 - factor) + sample * factor;
    }
    return m_value;
}

Gradient2Limit::Gradient2Limit(const ConcurrencyLimitSpec& s)
    : m_limit(s.resolvedInitialLimit()), m_estimated(s.resolvedInitialLimit()),
      m_longRtt(s.longWindow, kGradient2WarmupWindow), m_min(s.resolvedMinLimit()),
      m_max(s.resolvedMaxLimit()), m_queueSize(s.queueSize), m_smoothing(s.resolvedSmoothing()),
      m_tolerance(s.rttTolerance)
{
}

void Gradient2Limit::onSample(Time, Time rtt, int inflight, bool)
{
    const double estimated = m_estimated;
    const double queueSize = m_queueSize;
    const double shortRtt = static_cast<double>(rtt);
    const double longRtt = m_longRtt.add(static_cast<double>(rtt));
    // A long RTT far above the short one means the load dropped: let the baseline fall faster.
    if (longRtt / shortRtt > 2) m_longRtt.scale(0.95);
    if (inflight < estimated / 2) {
        m_limit = javaInt(estimated);
        return;
    }
    const double gradient = std::max(0.5, std::min(1.0, m_tolerance * longRtt / shortRtt));
    double newLimit = estimated * gradient + queueSize;
    newLimit = estimated * (1 - m_smoothing) + newLimit * m_smoothing;
    newLimit = std::max(static_cast<double>(m_min), std::min(static_cast<double>(m_max), newLimit));
    m_estimated = newLimit;
    m_limit = javaInt(newLimit);
}

WindowedLimit::WindowedLimit(const ConcurrencyLimitSpec& s, std::unique_ptr<NetflixLimit> delegate)
    : m_delegate(std::move(delegate)), m_minWindow(fromMillis(s.minWindowMs)),
      m_maxWindow(fromMillis(s.maxWindowMs)), m_minRttThreshold(fromMillis(s.minRttThresholdMs)),
      m_windowSize(s.windowSize)
{
}

void WindowedLimit::onSample(Time startTime, Time rtt, int inflight, bool didDrop)
{
    const Time endTime = startTime + rtt;
    if (rtt < m_minRttThreshold) return;
    m_window.minRtt = std::min(m_window.minRtt, rtt);
    m_window.sum += rtt;
    m_window.maxInFlight = std::max(m_window.maxInFlight, inflight);
    ++m_window.count;
    m_window.didDrop = m_window.didDrop || didDrop;
    if (endTime <= m_nextUpdate) return;
    const Window current = m_window;
    m_window = Window{};
    const Time candidate = current.minRtt > kTimeNever / 2 ? kTimeNever : current.minRtt * 2;
    m_nextUpdate = endTime + std::min(std::max(candidate, m_minWindow), m_maxWindow);
    if (current.minRtt < kTimeNever && current.count >= m_windowSize)
        m_delegate->onSample(startTime, current.sum / current.count, current.maxInFlight,
                             current.didDrop);
}

std::unique_ptr<NetflixLimit> makeNetflixLimit(const ConcurrencyLimitSpec& s, Rng probeRng)
{
    std::unique_ptr<NetflixLimit> limit;
    switch (s.algorithm) {
    case LimitAlgorithm::Aimd:
        limit = std::make_unique<AimdLimit>(s);
        break;
    case LimitAlgorithm::Gradient2:
        limit = std::make_unique<Gradient2Limit>(s);
        break;
    case LimitAlgorithm::Vegas:
    case LimitAlgorithm::EnvoyGradient: // not a Netflix limit; callers build the controller
        limit = std::make_unique<VegasLimit>(s, probeRng);
        break;
    }
    if (s.windowed) return std::make_unique<WindowedLimit>(s, std::move(limit));
    return limit;
}

EnvoyGradientController::EnvoyGradientController(const ConcurrencyLimitSpec& s, Rng jitterRng,
                                                 Time start)
    : m_updateInterval(fromMillis(s.updateIntervalMs)),
      m_minRttInterval(fromMillis(s.minRttIntervalMs)), m_requestCount(s.requestCount),
      m_minConcurrency(s.resolvedMinLimit()), m_maxLimit(s.resolvedMaxLimit()), m_jitter(s.jitter),
      m_buffer(s.buffer), m_percentile(s.percentile), m_rng(jitterRng),
      m_limit(s.resolvedMinLimit())
{
    // The constructor: enterMinRTTSamplingWindow(), then the sample reset timer.
    enterMinRttWindow(start);
    m_sampleResetAt = start + m_updateInterval;
}

void EnvoyGradientController::advance(Time now)
{
    while (std::min(m_sampleResetAt, m_minRttCalcAt) <= now) {
        if (m_minRttCalcAt <= m_sampleResetAt) {
            const Time at = m_minRttCalcAt;
            m_minRttCalcAt = kTimeNever;
            enterMinRttWindow(at);
            continue;
        }
        const Time at = m_sampleResetAt;
        m_sampleResetAt = kTimeNever;
        // In a minRTT window the timer gives up; updateMinRtt() arms it again.
        if (inMinRttWindow()) continue;
        resetSampleWindow(at);
        m_sampleResetAt = at + m_updateInterval;
    }
}

bool EnvoyGradientController::forwardingDecision(Time now)
{
    advance(now);
    if (m_outstanding < m_limit) {
        ++m_outstanding;
        return true;
    }
    return false;
}

void EnvoyGradientController::recordLatencySample(Time sendTime, Time now)
{
    advance(now);
    --m_outstanding;
    if (sendTime < m_minRttEpoch) return;           // sent before this minRTT window began
    m_samplesUs.push_back((now - sendTime) / 1000); // duration_cast<microseconds> truncates
    if (inMinRttWindow() && static_cast<int>(m_samplesUs.size()) >= m_requestCount)
        updateMinRtt(now);
}

void EnvoyGradientController::cancelLatencySample(Time now)
{
    advance(now);
    --m_outstanding;
}

void EnvoyGradientController::enterMinRttWindow(Time now)
{
    if (inMinRttWindow()) return;
    m_deferredLimit = m_limit;
    updateLimit(m_minConcurrency, now);
    m_samplesUs.clear();
    m_minRttEpoch = now;
}

void EnvoyGradientController::updateMinRtt(Time now)
{
    if (!m_samplesUs.empty()) m_minRtt = processSamplesAndClear();
    updateLimit(m_deferredLimit, now);
    m_deferredLimit = 0;
    m_minRttCalcAt = now + jittered(m_minRttInterval);
    m_sampleResetAt = now + m_updateInterval;
}

Time EnvoyGradientController::jittered(Time interval)
{
    // applyJitter(): interval + random() % ceil(interval · jitter), in whole milliseconds.
    const std::int64_t ms = interval / kNanosPerMilli;
    if (m_jitter == 0) return ms * kNanosPerMilli;
    const auto range = static_cast<std::uint32_t>(std::ceil(static_cast<double>(ms) * m_jitter));
    const std::uint64_t extra = range == 0 ? 0 : m_rng.next() % range;
    return (ms + static_cast<std::int64_t>(extra)) * kNanosPerMilli;
}

void EnvoyGradientController::resetSampleWindow(Time now)
{
    if (m_samplesUs.empty()) return;
    m_sampleRtt = processSamplesAndClear();
    updateLimit(calculateNewLimit(), now);
}

Time EnvoyGradientController::processSamplesAndClear()
{
    // Envoy asks its circllhist for the percentile; here it is the exact order statistic with
    // linear interpolation (circllhist's bins hold two significant digits, docs/semantics.md).
    std::sort(m_samplesUs.begin(), m_samplesUs.end());
    const double pos = m_percentile * static_cast<double>(m_samplesUs.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, m_samplesUs.size() - 1);
    const double q =
        static_cast<double>(m_samplesUs[lo]) +
        (pos - static_cast<double>(lo)) * static_cast<double>(m_samplesUs[hi] - m_samplesUs[lo]);
    m_samplesUs.clear();
    return static_cast<Time>(static_cast<int>(q)) * 1000;
}

int EnvoyGradientController::calculateNewLimit() const
{
    const double minRttUs = static_cast<double>(m_minRtt / 1000);
    const double bufferedMinRtt = minRttUs + minRttUs * m_buffer;
    const double rawGradient = bufferedMinRtt / static_cast<double>(m_sampleRtt / 1000);
    const double gradient = std::max(0.5, std::min(2.0, rawGradient));
    const double limit = m_limit * gradient;
    const double burstHeadroom = std::sqrt(limit);
    const auto newLimit = static_cast<std::uint32_t>(limit + burstHeadroom);
    return static_cast<int>(std::max<std::uint32_t>(
        static_cast<std::uint32_t>(m_minConcurrency),
        std::min<std::uint32_t>(static_cast<std::uint32_t>(m_maxLimit), newLimit)));
}

void EnvoyGradientController::updateLimit(int newLimit, Time now)
{
    const int old = m_limit;
    m_limit = newLimit;
    if (old != newLimit && m_onChange) m_onChange(now, newLimit);
    if (!inMinRttWindow() && old == m_minConcurrency && newLimit == m_minConcurrency)
        ++m_consecutiveMin;
    else
        m_consecutiveMin = 0;
    // Five windows running at the minimum: the minRTT may be wrong, so measure it again now.
    if (m_consecutiveMin >= kEnvoyMinConcurrencyRepeats) m_minRttCalcAt = now;
}

} // namespace reslab
