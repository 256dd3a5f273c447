#include "policy/outlier_detector.h"

#include <cmath>

namespace reslab {

namespace {
// Envoy's Http::CodeUtility::isGatewayError: 502, 503, 504.
bool isGatewayError(int status)
{
    return status >= 502 && status <= 504;
}
// The status a local-origin result stands for when errors are not split (resultToHttpCode; the
// router passes timeout_response_code_, 504, explicitly for a timeout).
constexpr int kTimeoutStatus = 504;
constexpr int kConnectFailedStatus = 503;
} // namespace

OutlierDetector::OutlierDetector(const OutlierDetectionSpec& spec, std::size_t hosts, Rng rng,
                                 Time start)
    : m_spec(spec), m_hosts(hosts), m_rng(rng),
      m_interval(std::max<Time>(fromMillis(spec.intervalMs), 1)),
      m_base(fromMillis(spec.baseEjectionTimeMs)),
      m_max(fromMillis(spec.effectiveMaxEjectionTimeMs())), m_nextSweep(start + m_interval)
{
}

void OutlierDetector::advance(Time now)
{
    while (m_nextSweep <= now) {
        const Time at = m_nextSweep;
        m_nextSweep += m_interval; // Envoy re-arms at exactly `interval`: no jitter
        sweep(at);
    }
}

void OutlierDetector::putHttpStatus(std::size_t h, int status, Time now)
{
    advance(now);
    Host& host = m_hosts[h];
    if (m_spec.splitExternalLocalOriginErrors) {
        // The host answered: the connection is fine (localOriginNoFailure).
        ++host.local.total;
        ++host.local.success;
        host.consecutiveLocal = 0;
    }
    ++host.external.total;
    if (status < 500) {
        ++host.external.success;
        host.consecutive5xx = 0;
        host.consecutiveGateway = 0;
        return;
    }
    // Gateway first, then 5xx, each firing on reaching its threshold (putHttpResponseCode).
    bool fireGateway = false;
    if (isGatewayError(status))
        fireGateway = ++host.consecutiveGateway ==
                      static_cast<std::uint32_t>(m_spec.consecutiveGatewayFailure);
    else
        host.consecutiveGateway = 0;
    const bool fire5xx = ++host.consecutive5xx == static_cast<std::uint32_t>(m_spec.consecutive5xx);
    if (fireGateway) onConsecutive(h, EjectionType::ConsecutiveGatewayFailure, now);
    if (fire5xx) onConsecutive(h, EjectionType::Consecutive5xx, now);
}

void OutlierDetector::putLocalOrigin(std::size_t h, LocalOriginResult r, Time now)
{
    advance(now);
    if (!m_spec.splitExternalLocalOriginErrors) {
        if (r == LocalOriginResult::Timeout) putHttpStatus(h, kTimeoutStatus, now);
        if (r == LocalOriginResult::ConnectFailed) putHttpStatus(h, kConnectFailedStatus, now);
        return; // a connect success alone says nothing (resultToHttpCode: nullopt)
    }
    if (r == LocalOriginResult::ConnectSuccess) {
        Host& host = m_hosts[h];
        ++host.local.total;
        ++host.local.success;
        host.consecutiveLocal = 0;
        return;
    }
    localOriginFailure(h, now);
}

void OutlierDetector::localOriginFailure(std::size_t h, Time now)
{
    Host& host = m_hosts[h];
    ++host.local.total;
    if (++host.consecutiveLocal == static_cast<std::uint32_t>(m_spec.consecutiveLocalOriginFailure))
        onConsecutive(h, EjectionType::ConsecutiveLocalOriginFailure, now);
}

void OutlierDetector::onConsecutive(std::size_t h, EjectionType type, Time now)
{
    // onConsecutiveErrorWorker: nothing for a host already ejected; else eject (or not), then
    // reset the counter that fired whatever came of it.
    Host& host = m_hosts[h];
    if (host.ejected) return;
    eject(h, type, now);
    switch (type) {
    case EjectionType::Consecutive5xx:
        host.consecutive5xx = 0;
        break;
    case EjectionType::ConsecutiveGatewayFailure:
        host.consecutiveGateway = 0;
        break;
    case EjectionType::ConsecutiveLocalOriginFailure:
        host.consecutiveLocal = 0;
        break;
    default:
        break;
    }
}

bool OutlierDetector::enforced(EjectionType type)
{
    int percent = 0;
    switch (type) {
    case EjectionType::Consecutive5xx:
        percent = m_spec.enforcingConsecutive5xx;
        break;
    case EjectionType::ConsecutiveGatewayFailure:
        percent = m_spec.enforcingConsecutiveGatewayFailure;
        break;
    case EjectionType::ConsecutiveLocalOriginFailure:
        percent = m_spec.enforcingConsecutiveLocalOriginFailure;
        break;
    case EjectionType::SuccessRate:
        percent = m_spec.enforcingSuccessRate;
        break;
    case EjectionType::SuccessRateLocalOrigin:
        percent = m_spec.enforcingLocalOriginSuccessRate;
        break;
    case EjectionType::FailurePercentage:
        percent = m_spec.enforcingFailurePercentage;
        break;
    case EjectionType::FailurePercentageLocalOrigin:
        percent = m_spec.enforcingFailurePercentageLocalOrigin;
        break;
    case EjectionType::FailureAccrual:
    case EjectionType::Readiness:
        percent = 100;
        break; // not this detector's
    }
    // Envoy's runtime featureEnabled: random() % 100 < percent. 0 and 100 need no draw.
    if (percent <= 0) return false;
    if (percent >= 100) return true;
    return static_cast<int>(m_rng.next() % 100) < percent;
}

void OutlierDetector::eject(std::size_t h, EjectionType type, Time now)
{
    // ejectHost: the max-ejection-percent gate counts this host among the ejected, in double.
    const double maxPercent = std::min(100.0, m_spec.maxEjectionPercent);
    const double ejectedPercent =
        100.0 * static_cast<double>(m_ejectionsActive + 1) / static_cast<double>(m_hosts.size());
    bool shouldEject = ejectedPercent <= maxPercent;
    if (m_spec.alwaysEjectOneHost && m_ejectionsActive == 0) shouldEject = true;
    if (!shouldEject) {
        m_events.push_back(
            {now, static_cast<std::uint16_t>(h), EjectionEvent::Kind::Overflow, type});
        return;
    }
    if (!enforced(type)) {
        m_events.push_back(
            {now, static_cast<std::uint16_t>(h), EjectionEvent::Kind::NotEnforced, type});
        return;
    }
    Host& host = m_hosts[h];
    ++m_ejectionsActive;
    host.ejected = true;
    ++host.numEjections;
    host.lastEjection = now;
    const auto jitterMs = static_cast<std::uint64_t>(m_spec.maxEjectionTimeJitterMs);
    host.jitter = jitterMs ? static_cast<Time>(m_rng.next() % (jitterMs + 1)) * kNanosPerMilli : 0;
    // The multiplier grows while base × backoff is below max + base (so the time caps at max).
    if (m_base * static_cast<Time>(host.backoff) < m_max + m_base) ++host.backoff;
    m_events.push_back({now, static_cast<std::uint16_t>(h), EjectionEvent::Kind::Ejected, type});
}

void OutlierDetector::uneject(std::size_t h, Time now)
{
    Host& host = m_hosts[h];
    --m_ejectionsActive;
    host.ejected = false;
    host.consecutive5xx = 0;
    host.consecutiveGateway = 0;
    host.consecutiveLocal = 0;
    host.lastUnejection = now;
    m_events.push_back({now, static_cast<std::uint16_t>(h), EjectionEvent::Kind::Unejected,
                        EjectionType::Consecutive5xx});
}

void OutlierDetector::sweep(Time now)
{
    // onIntervalTimer: un-eject the hosts whose time is up, swap the success-rate buckets.
    for (std::size_t h = 0; h < m_hosts.size(); ++h) {
        Host& host = m_hosts[h];
        if (host.ejected) {
            const Time duration =
                std::min(m_base * static_cast<Time>(host.backoff), m_max) + host.jitter;
            if (duration <= now - host.lastEjection) uneject(h, now);
        }
        host.externalBackup = host.external;
        host.external = {};
        host.localBackup = host.local;
        host.local = {};
    }
    successRateEjections(false, now);
    if (m_spec.splitExternalLocalOriginErrors) successRateEjections(true, now);
    // A host that stayed healthy a whole interval since its un-ejection earns back one step.
    for (Host& host : m_hosts)
        if (!host.ejected && host.lastUnejection >= 0 && now - host.lastUnejection >= m_interval &&
            host.backoff > 0)
            --host.backoff;
}

void OutlierDetector::successRateEjections(bool local, Time now)
{
    const auto hosts = static_cast<int>(m_hosts.size());
    if (hosts < m_spec.successRateMinimumHosts && hosts < m_spec.failurePercentageMinimumHosts)
        return;
    struct Candidate
    {
        std::size_t host;
        double rate;
    };
    std::vector<Candidate> sr, fp;
    for (std::size_t h = 0; h < m_hosts.size(); ++h) {
        const Host& host = m_hosts[h];
        if (host.ejected) continue;
        const Bucket& b = local ? host.localBackup : host.externalBackup;
        if (b.total == 0) continue;
        const double rate = static_cast<double>(b.success) * 100.0 / static_cast<double>(b.total);
        if (b.total >= static_cast<std::uint64_t>(m_spec.successRateRequestVolume))
            sr.push_back({h, rate});
        if (b.total >= static_cast<std::uint64_t>(m_spec.failurePercentageRequestVolume))
            fp.push_back({h, rate});
    }
    if (!sr.empty() && static_cast<int>(sr.size()) >= m_spec.successRateMinimumHosts) {
        // successRateEjectionThreshold: mean − factor × population standard deviation.
        double sum = 0.0;
        for (const Candidate& c : sr)
            sum += c.rate;
        const double mean = sum / static_cast<double>(sr.size());
        double variance = 0.0;
        for (const Candidate& c : sr)
            variance += (c.rate - mean) * (c.rate - mean);
        variance /= static_cast<double>(sr.size());
        const double factor = static_cast<double>(m_spec.successRateStdevFactor) / 1000.0;
        const double threshold = mean - factor * std::sqrt(variance);
        m_lastSrThreshold = threshold;
        for (const Candidate& c : sr)
            if (c.rate < threshold && !m_hosts[c.host].ejected)
                eject(c.host,
                      local ? EjectionType::SuccessRateLocalOrigin : EjectionType::SuccessRate,
                      now);
    }
    if (!fp.empty() && static_cast<int>(fp.size()) >= m_spec.failurePercentageMinimumHosts) {
        for (const Candidate& c : fp)
            if (100.0 - c.rate >= static_cast<double>(m_spec.failurePercentageThreshold) &&
                !m_hosts[c.host].ejected)
                eject(c.host,
                      local ? EjectionType::FailurePercentageLocalOrigin
                            : EjectionType::FailurePercentage,
                      now);
    }
}

} // namespace reslab
