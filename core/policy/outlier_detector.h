#pragma once
// Envoy's outlier detection (source/common/upstream/outlier_detection_impl.cc), on virtual time:
// per-host consecutive-error counters that eject a host when they reach their threshold, and an
// interval sweep that un-ejects hosts whose time is up, ejects hosts whose success rate fell
// below mean − factor·stdev of their peers or whose failure percentage reached the threshold,
// and decays each healthy host's ejection multiplier.
//
// Envoy runs the sweep on a timer; here it runs lazily: advance(now) first runs every sweep due
// at or before `now`, in order, before the result or pick at `now` is handled, so the state seen
// at any instant is the eager timer's and no event is spent on an idle fleet. A consecutive-error
// ejection that Envoy posts to its main thread happens here at the same instant, before the next
// result. Hosts are swept in index order (Envoy iterates a hash map: when max_ejection_percent
// binds, which outlier goes first is defined here and arbitrary there).

#include "policy/load_balancer_spec.h"
#include "sim/rng.h"
#include "sim/time.h"

#include <cstdint>
#include <vector>

namespace reslab {

// What the router tells a host's monitor (Envoy upstream/outlier_detection.h Result), less the
// external answers, which come as their HTTP status through putHttpStatus.
enum class LocalOriginResult : std::uint8_t
{
    Timeout,        // LocalOriginTimeout: the per-try or route timeout fired (504 when not split)
    ConnectFailed,  // LocalOriginConnectFailed: reset / refused (503 when not split)
    ConnectSuccess, // LocalOriginConnectSuccessFinal: the host answered (split mode only)
};

// Why a host was ejected (Envoy's EjectionType, as its admin output names them).
enum class EjectionType : std::uint8_t
{
    Consecutive5xx,
    ConsecutiveGatewayFailure,
    ConsecutiveLocalOriginFailure,
    SuccessRate,
    SuccessRateLocalOrigin,
    FailurePercentage,
    FailurePercentageLocalOrigin,
    FailureAccrual, // Linkerd's consecutive-failures breaker (policy/failure_accrual.h)
    Readiness       // a Kubernetes readiness probe (model/readiness.h)
};
inline constexpr auto kEjectionTypeNames = makeNameTable<EjectionType>(
    std::pair{EjectionType::Consecutive5xx, std::string_view("consecutive_5xx")},
    std::pair{EjectionType::ConsecutiveGatewayFailure,
              std::string_view("consecutive_gateway_failure")},
    std::pair{EjectionType::ConsecutiveLocalOriginFailure,
              std::string_view("consecutive_local_origin_failure")},
    std::pair{EjectionType::SuccessRate, std::string_view("success_rate")},
    std::pair{EjectionType::SuccessRateLocalOrigin, std::string_view("success_rate_local_origin")},
    std::pair{EjectionType::FailurePercentage, std::string_view("failure_percentage")},
    std::pair{EjectionType::FailurePercentageLocalOrigin,
              std::string_view("failure_percentage_local_origin")},
    std::pair{EjectionType::FailureAccrual, std::string_view("failure_accrual")},
    std::pair{EjectionType::Readiness, std::string_view("readiness")});

// Something the detector did to a host, in the order it did it.
struct EjectionEvent
{
    enum class Kind : std::uint8_t
    {
        Ejected,
        Unejected,
        NotEnforced, // a detector fired, the enforcing_* draw said no
        Overflow     // a detector fired, max_ejection_percent said no (ejections_overflow)
    };
    Time at = 0;
    std::uint16_t host = 0;
    Kind kind = Kind::Ejected;
    EjectionType type = EjectionType::Consecutive5xx;
};

class OutlierDetector
{
public:
    // The first sweep runs one interval after `start` (Envoy arms its timer on creation).
    OutlierDetector(const OutlierDetectionSpec& spec, std::size_t hosts, Rng rng, Time start);

    // Runs every sweep due at or before `now`.
    void advance(Time now);
    // An answer from host h with HTTP status `status` (HostMonitor::putHttpResponseCode); with
    // split_external_local_origin_errors it also tells the local-origin side the host answered.
    void putHttpStatus(std::size_t h, int status, Time now);
    // A result the client made itself (HostMonitor::putResult).
    void putLocalOrigin(std::size_t h, LocalOriginResult r, Time now);

    bool ejected(std::size_t h) const { return m_hosts[h].ejected; }
    std::size_t ejectedCount() const { return m_ejectionsActive; }
    std::size_t hostCount() const { return m_hosts.size(); }
    // Times host h was ejected, and its ejection multiplier (Envoy's num_ejections, backoff).
    std::uint32_t ejections(std::size_t h) const { return m_hosts[h].numEjections; }
    std::uint32_t backoff(std::size_t h) const { return m_hosts[h].backoff; }
    // The success-rate threshold of the last sweep that computed one (−1: none yet).
    double lastSuccessRateThreshold() const { return m_lastSrThreshold; }
    Time nextSweep() const { return m_nextSweep; }

    // What happened since the last call (the caller reports it and clears it).
    std::vector<EjectionEvent>& events() { return m_events; }

private:
    struct Bucket
    {
        std::uint64_t total = 0, success = 0;
    };
    struct Host
    {
        bool ejected = false;
        std::uint32_t consecutive5xx = 0;
        std::uint32_t consecutiveGateway = 0;
        std::uint32_t consecutiveLocal = 0;
        std::uint32_t backoff = 0;
        std::uint32_t numEjections = 0;
        Time lastEjection = 0;
        Time jitter = 0;
        Time lastUnejection = -1; // −1: never un-ejected
        Bucket external, externalBackup, local, localBackup;
    };

    void sweep(Time now);
    void successRateEjections(bool local, Time now);
    void onConsecutive(std::size_t h, EjectionType type, Time now);
    void eject(std::size_t h, EjectionType type, Time now);
    void uneject(std::size_t h, Time now);
    bool enforced(EjectionType type);
    void localOriginFailure(std::size_t h, Time now);

    OutlierDetectionSpec m_spec;
    std::vector<Host> m_hosts;
    Rng m_rng;
    Time m_interval, m_base, m_max, m_nextSweep;
    std::size_t m_ejectionsActive = 0;
    double m_lastSrThreshold = -1.0;
    std::vector<EjectionEvent> m_events;
};

} // namespace reslab
