#include "policy/load_balancer_stage.h"

#include <algorithm>

namespace reslab {

namespace {
// Past this many passes remembered, those whose root has ended are forgotten.
constexpr std::size_t kTriedSweepAt = 4096;
constexpr std::int16_t kNoHealthyUpstreamStatus = 503;

// What an attempt's outcome tells about its host: an answer with its HTTP status, a timeout or a
// reset on the way — or nothing, when the client made the outcome below the balancer.
enum class HostReport : std::uint8_t
{
    Status,
    Timeout,
    Reset,
    NotTheHost
};

HostReport hostReport(Outcome o)
{
    switch (o) {
    case Outcome::Ok:
    case Outcome::Error:
    case Outcome::Fatal:
    case Outcome::RateLimited:
    case Outcome::Rejected:
    case Outcome::Conflict:
        return HostReport::Status;
    case Outcome::Timeout:
        return HostReport::Timeout;
    case Outcome::Reset:
        return HostReport::Reset;
    default:
        return HostReport::NotTheHost;
    }
}

// Linkerd's HTTP classifier: a 5xx, a timeout or a reset is a failure.
bool linkerdFailure(const Result& r)
{
    return r.outcome == Outcome::Timeout || r.outcome == Outcome::Reset || r.status >= 500;
}
} // namespace

LoadBalancerStage::LoadBalancerStage(const LoadBalancerSpec& spec, const CallTarget* target,
                                     Rng pickRng, Rng detectorRng, Time start)
    : m_spec(spec), m_target(target), m_endpoint(target ? target->targetIndex() : 0),
      m_hosts(target ? target->hosts().size() : 1),
      m_picker(spec, target ? target->hosts() : std::span<const HostInfo>{}, pickRng, start),
      m_active(m_hosts, 0), m_ewma(spec.policy == LbPolicy::PeakEwma)
{
    if (spec.outlierDetection)
        m_detector =
            std::make_unique<OutlierDetector>(*spec.outlierDetection, m_hosts, detectorRng, start);
    if (spec.failureAccrual)
        m_accrual = std::make_unique<FailureAccrual>(*spec.failureAccrual, m_hosts,
                                                     Rng(detectorRng.next() ^ 0x4C696E6B));
    updateEligible();
}

void LoadBalancerStage::updateEligible()
{
    m_eligible.clear();
    for (std::size_t h = 0; h < m_hosts; ++h)
        if ((!m_detector || !m_detector->ejected(h)) && (!m_accrual || m_accrual->available(h)) &&
            (!m_ready || m_ready->ready[h]))
            m_eligible.push_back(static_cast<std::uint16_t>(h));
    // isHostSetInPanic: healthy % below the threshold routes to every host.
    const double healthyPercent =
        100.0 * static_cast<double>(m_eligible.size()) / static_cast<double>(m_hosts);
    m_panic = healthyPercent < m_spec.healthyPanicThreshold;
    if (m_panic) {
        m_eligible.clear();
        for (std::size_t h = 0; h < m_hosts; ++h)
            m_eligible.push_back(static_cast<std::uint16_t>(h));
    }
    m_picker.refresh(m_eligible);
}

void LoadBalancerStage::report(Pipeline& p, std::vector<EjectionEvent>& events)
{
    if (RecordSink* sink = p.sink())
        for (const EjectionEvent& ev : events)
            sink->onHostEjection(HostEjectionRecord{m_endpoint, ev.host, p.depth(), ev.at,
                                                    static_cast<std::uint8_t>(ev.kind),
                                                    static_cast<std::uint8_t>(ev.type)});
    events.clear();
}

void LoadBalancerStage::catchUp(Pipeline& p, Time now)
{
    bool changed = false;
    if (m_target) {
        m_ready = m_target->readiness(now);
        if (m_ready && m_ready->version != m_readyVersion) {
            m_readyVersion = m_ready->version;
            changed = true;
        }
    }
    if (m_detector) {
        m_detector->advance(now);
        changed = !m_detector->events().empty();
        report(p, m_detector->events());
    }
    if (m_accrual) {
        m_accrual->advance(now);
        changed |= m_accrual->changed();
        m_accrual->clearChanged();
        report(p, m_accrual->events());
    }
    if (changed) updateEligible();
}

std::uint16_t LoadBalancerStage::choose(Pipeline& p, const Exec& x)
{
    const std::uint64_t key = m_spec.hashKeys
                                  ? (x.request - 1) % static_cast<std::uint64_t>(*m_spec.hashKeys)
                                  : x.request;
    const Time now = p.scheduler().now();
    std::uint16_t host = m_picker.pick(m_active, key, 0, now);
    if (!m_spec.previousHosts) return host;
    const std::uint64_t rootKey = p.refOf(x.root).packed();
    if (m_tried.size() >= kTriedSweepAt)
        std::erase_if(m_tried,
                      [&](const auto& kv) { return !p.isCurrent(ExecRef::unpack(kv.first)); });
    std::vector<std::uint16_t>& tried = m_tried[rootKey];
    // chooseHost: up to host_selection_retry_max_attempts + 1 picks; the last one stands.
    for (std::uint32_t n = 1;
         n <= static_cast<std::uint32_t>(m_spec.hostSelectionRetryMaxAttempts) &&
         std::find(tried.begin(), tried.end(), host) != tried.end();
         ++n)
        host = m_picker.pick(m_active, key, n, now);
    tried.push_back(host);
    return host;
}

void LoadBalancerStage::start(Pipeline& p, ExecId e)
{
    catchUp(p, p.scheduler().now());
    if (m_eligible.empty()) { // every host ejected and panic disabled
        p.finish(e, Result{Outcome::Rejected, kNoHealthyUpstreamStatus, -1});
        return;
    }
    const std::uint16_t host = choose(p, p.exec(e));
    ++m_active[host];
    if (m_accrual) {
        m_accrual->onDispatch(host); // a host on probation takes its one request
        if (m_accrual->changed()) {
            m_accrual->clearChanged();
            updateEligible();
        }
    }
    p.exec(e).host = host;
    p.startChild(e, 0, Then::Return);
}

void LoadBalancerStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    const std::uint16_t host = p.exec(e).host;
    const Time now = p.scheduler().now();
    if (host < m_hosts) {
        --m_active[host];
        const HostReport report = hostReport(r.outcome);
        if (m_accrual && !r.fallback && report != HostReport::NotTheHost)
            m_accrual->onResponse(host, linkerdFailure(r), now);
        if (m_detector && !r.fallback) {
            m_detector->advance(now);
            if (report == HostReport::Status)
                m_detector->putHttpStatus(host, r.status, now);
            else if (report == HostReport::Timeout)
                m_detector->putLocalOrigin(host, LocalOriginResult::Timeout, now);
            else if (report == HostReport::Reset)
                m_detector->putLocalOrigin(host, LocalOriginResult::ConnectFailed, now);
        }
        // tower's handle updates the estimate whenever the call ends, whatever it ended with.
        if (m_ewma) m_picker.observe(host, p.exec(e).start, now);
        catchUp(p, now);
    }
    p.finish(e, r, Then::Return);
}

void LoadBalancerStage::onCancel(Pipeline& p, ExecId e, Outcome reason)
{
    const std::uint16_t host = p.exec(e).host;
    if (host >= m_hosts) return;
    --m_active[host];
    const Time now = p.scheduler().now();
    if (m_ewma) m_picker.observe(host, p.exec(e).start, now); // the dropped handle's round trip
    if (reason != Outcome::Timeout) return;
    if (m_detector) m_detector->putLocalOrigin(host, LocalOriginResult::Timeout, now);
    if (m_accrual) m_accrual->onResponse(host, true, now);
    catchUp(p, now);
}

} // namespace reslab
