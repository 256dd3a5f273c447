#pragma once
// What a scenario says about one endpoint: its fault model, capacity, rate limit, phases, the
// calls it makes through pipelines of its own, or the trace it replays.

#include "policy/concurrency_limit_spec.h"
#include "policy/strategy_spec.h"
#include "sim/distribution.h"
#include "trace/trace_source.h"
#include "util/name_table.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

struct FailureSpec
{
    // Per-attempt probabilities; the remainder succeed. Sum ≤ 1.
    double error = 0.0;
    double fatal = 0.0;
    double timeout = 0.0; // never answers
    double reset = 0.0;
    bool operator==(const FailureSpec&) const = default;
};

// The order the queue is served in, and what it sheds (model/server_queue.h).
enum class QueueDiscipline
{
    Fifo,
    Lifo,
    AdaptiveLifo, // FIFO until the queue is congested (CoDel's test), then LIFO (Facebook)
    Codel,        // FIFO; while overloaded, sheds calls that waited > 2 × target (folly::Codel)
    CodelRfc8289  // FIFO, dropping by CoDel's control law (RFC 8289)
};
inline constexpr auto kQueueDisciplineNames = makeNameTable<QueueDiscipline>(
    std::pair{QueueDiscipline::Fifo, std::string_view("fifo")},
    std::pair{QueueDiscipline::Lifo, std::string_view("lifo")},
    std::pair{QueueDiscipline::AdaptiveLifo, std::string_view("adaptive_lifo")},
    std::pair{QueueDiscipline::Codel, std::string_view("codel")},
    std::pair{QueueDiscipline::CodelRfc8289, std::string_view("codel_rfc8289")});
// RFC 8289 section 4.2: TARGET 5 ms, INTERVAL 100 ms; folly's FLAGS_codel_target_delay and
// FLAGS_codel_interval are the same.
inline constexpr double kCodelTargetMs = 5.0;
inline constexpr double kCodelIntervalMs = 100.0;

struct CapacitySpec
{
    std::optional<int> workers; // absent: unlimited concurrency
    std::optional<int> queue;   // absent: unbounded; 0: no queue, excess is rejected
    double slowdownPerInflight = 0.0;
    QueueDiscipline discipline = QueueDiscipline::Fifo;
    std::optional<double> queueTimeoutMs;      // a call that waited longer is dropped (503)
    double codelTargetMs = kCodelTargetMs;     // codel, codel_rfc8289, adaptive_lifo
    double codelIntervalMs = kCodelIntervalMs; // codel, codel_rfc8289, adaptive_lifo
    bool operator==(const CapacitySpec&) const = default;
    // The disciplines that read codel_target_ms and codel_interval_ms.
    bool usesCodelTest() const
    {
        return discipline == QueueDiscipline::Codel ||
               discipline == QueueDiscipline::CodelRfc8289 ||
               discipline == QueueDiscipline::AdaptiveLifo;
    }
};

struct RateLimitSpec
{
    double ratePerS = 0.0;
    double burst = 1.0;
    std::optional<double> retryAfterMs; // absent: the time until the next token
    bool operator==(const RateLimitSpec&) const = default;
};

struct PhaseSpec
{
    double startS = 0.0;
    double endS = 0.0;
    // Each block given replaces the endpoint's block of the same name while the phase lasts.
    std::optional<Distribution> network;
    std::optional<Distribution> latency;
    std::optional<FailureSpec> failures;
    std::optional<CapacitySpec> capacity;
    std::optional<RateLimitSpec> rateLimit;
    // Which hosts of a fleet the phase hits (endpoints with replicas): the hosts listed, the
    // hosts of a zone, or (both empty) every host.
    std::vector<int> hosts;
    std::string zone;
    bool hitsHost(int host, std::string_view hostZone) const
    {
        if (!zone.empty() && zone != hostZone) return false;
        return hosts.empty() || std::find(hosts.begin(), hosts.end(), host) != hosts.end();
    }
    bool operator==(const PhaseSpec&) const = default;
};

// Kubernetes' probe defaults (pkg/apis/core/v1/defaults.go SetDefaults_Probe): periodSeconds 10,
// failureThreshold 3, successThreshold 1, timeoutSeconds 1; initialDelaySeconds 0.
inline constexpr double kK8sProbePeriodS = 10.0;
inline constexpr int kK8sProbeFailureThreshold = 3;
inline constexpr int kK8sProbeSuccessThreshold = 1;
inline constexpr double kK8sProbeTimeoutS = 1.0;

// A Kubernetes readiness probe on every host of a fleet (model/readiness.h): a host that fails
// `failure_threshold` probes in a row leaves every client's choice until `success_threshold`
// pass in a row.
struct ReadinessSpec
{
    double periodS = kK8sProbePeriodS;
    int failureThreshold = kK8sProbeFailureThreshold;
    int successThreshold = kK8sProbeSuccessThreshold;
    double timeoutS = kK8sProbeTimeoutS;
    double initialDelayS = 0.0;
    bool operator==(const ReadinessSpec&) const = default;
};

// The most hosts an endpoint may have: a host index travels in 16 bits, and a fleet's balancer
// keeps state per host per client.
inline constexpr int kMaxReplicas = 1024;

// One host of a fleet that differs from the others: each block given replaces the endpoint's
// block of the same name on that host (as a phase's do), its balancer weight, its zone.
struct HostOverride
{
    int index = 0;
    std::optional<Distribution> network;
    std::optional<Distribution> latency;
    std::optional<FailureSpec> failures;
    std::optional<CapacitySpec> capacity;
    std::optional<RateLimitSpec> rateLimit;
    std::optional<double> weight;
    std::optional<std::string> zone;
    bool operator==(const HostOverride&) const = default;
};

// A call a service makes, through its own pipeline, while it serves an attempt.
struct CallSpec
{
    std::string endpoint;
    std::vector<StrategySpec> pipeline;
    bool operator==(const CallSpec&) const = default;
};

struct EndpointSpec
{
    enum class Kind
    {
        Service,
        VersionedRecord,
        Trace,
        Proxy
    };
    std::string id;
    Kind kind = Kind::Service;
    // kind proxy: the real service `serve` forwards an ok call to ("http://127.0.0.1:9000" or
    // with a path prefix, "http://10.0.0.5:8080/v1"); the simulation has no real service and
    // treats the endpoint as a service.
    std::string upstream;
    Distribution network = Distribution::constant(0.0); // one way, each way
    Distribution latency = Distribution::constant(0.0); // service time
    FailureSpec failures;
    CapacitySpec capacity;
    std::optional<RateLimitSpec> rateLimit;
    // Server-side admission by an adaptive concurrency limit (model/endpoint_admission.h).
    std::optional<ConcurrencyLimitSpec> admission;
    bool cancelOnTimeout = false;
    std::int16_t errorStatus = 500;
    std::int16_t fatalStatus = 400;
    std::vector<PhaseSpec> phases;
    // A fleet: `replicas` hosts, each with its own workers, queue, rate limit and random streams,
    // all configured alike except where `hosts` says otherwise; host h sits in zone
    // zones[h % zones.size()] (none when empty). One replica is a single server, as before.
    int replicas = 1;
    std::vector<std::string> zones;
    std::vector<HostOverride> hosts;
    std::optional<ReadinessSpec> readiness;
    std::vector<CallSpec> calls; // made in order at the start of each service, before its own work
    std::optional<ReplaySpec> replay; // kind trace: answers come from the trace
    bool operator==(const EndpointSpec&) const = default;
};

// The names "kind" takes in the scenario format.
inline constexpr auto kEndpointKindNames = makeNameTable<EndpointSpec::Kind>(
    std::pair{EndpointSpec::Kind::Service, std::string_view("service")},
    std::pair{EndpointSpec::Kind::VersionedRecord, std::string_view("versioned_record")},
    std::pair{EndpointSpec::Kind::Trace, std::string_view("trace")},
    std::pair{EndpointSpec::Kind::Proxy, std::string_view("proxy")});

// The blocks of `from` that shape how an endpoint serves (network, latency, failures, capacity,
// rate limit, statuses) into `into`, leaving what it is (id, kind, calls, phases, trace) alone:
// what serve's control API may change while an endpoint serves.
inline void takeServiceBlocks(EndpointSpec& into, const EndpointSpec& from)
{
    into.network = from.network;
    into.latency = from.latency;
    into.failures = from.failures;
    into.capacity = from.capacity;
    into.rateLimit = from.rateLimit;
    into.errorStatus = from.errorStatus;
    into.fatalStatus = from.fatalStatus;
}

// The zone of host h (empty when the endpoint has no zones; an override's zone wins).
inline std::string hostZone(const EndpointSpec& e, int host)
{
    for (const HostOverride& o : e.hosts)
        if (o.index == host && o.zone) return *o.zone;
    if (e.zones.empty()) return {};
    return e.zones[static_cast<std::size_t>(host) % e.zones.size()];
}

// The balancer weight of host h (1 unless an override says otherwise).
inline double hostWeight(const EndpointSpec& e, int host)
{
    for (const HostOverride& o : e.hosts)
        if (o.index == host && o.weight) return *o.weight;
    return 1.0;
}

// Host h of a fleet as a single server: the endpoint with h's override laid over its blocks.
EndpointSpec hostSpec(const EndpointSpec& e, int host);

} // namespace reslab
