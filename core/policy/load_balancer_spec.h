#pragma once
// What the "load_balancer" strategy is configured with: how a client picks the host of each
// attempt among an endpoint's replicas, as Envoy's cluster load balancers do, and the outlier
// detection that ejects hosts from its choice (Envoy's `outlier_detection`, Istio's
// DestinationRule `outlierDetection`). Field names follow Envoy's protos
// (envoy/config/cluster/v3/cluster.proto, outlier_detection.proto); defaults are Envoy's
// (source/common/upstream/outlier_detection_impl.h, load_balancer_impl.cc).

#include "util/name_table.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace reslab {

struct StrategyKind;

// Linkerd's annotation defaults (linkerd2 policy-controller/k8s/index/src/outbound/index.rs,
// parse_consecutive_params): balancer.linkerd.io/failure-accrual-consecutive-max-failures 7,
// -min-penalty 1 s, -max-penalty 60 s, -jitter-ratio 0.5.
inline constexpr int kLinkerdConsecutiveFailures = 7;
inline constexpr double kLinkerdMinPenaltyMs = 1000.0;
inline constexpr double kLinkerdMaxPenaltyMs = 60000.0;
inline constexpr double kLinkerdJitterRatio = 0.5;

// Linkerd's consecutive-failures breaker per host (policy/failure_accrual.h).
struct FailureAccrualSpec
{
    int consecutiveFailures = kLinkerdConsecutiveFailures;
    double minPenaltyMs = kLinkerdMinPenaltyMs;
    double maxPenaltyMs = kLinkerdMaxPenaltyMs;
    double jitterRatio = kLinkerdJitterRatio;
    bool operator==(const FailureAccrualSpec&) const = default;
};

enum class LbPolicy : std::uint8_t
{
    RoundRobin,
    Random,
    LeastRequest,
    RingHash,
    Maglev,
    PeakEwma // Linkerd's balancer (policy/peak_ewma.h)
};
inline constexpr auto kLbPolicyNames =
    makeNameTable<LbPolicy>(std::pair{LbPolicy::RoundRobin, std::string_view("round_robin")},
                            std::pair{LbPolicy::Random, std::string_view("random")},
                            std::pair{LbPolicy::LeastRequest, std::string_view("least_request")},
                            std::pair{LbPolicy::RingHash, std::string_view("ring_hash")},
                            std::pair{LbPolicy::Maglev, std::string_view("maglev")},
                            std::pair{LbPolicy::PeakEwma, std::string_view("peak_ewma")});

// Envoy least_request_lb.h: choice_count defaults to 2 (power of two choices).
inline constexpr int kEnvoyLeastRequestChoiceCount = 2;
// Envoy LeastRequest active_request_bias: weight / (active + 1)^bias.
inline constexpr double kEnvoyActiveRequestBias = 1.0;
// Envoy common_lb_config.healthy_panic_threshold: 50 % (load_balancer_impl.cc).
inline constexpr double kEnvoyHealthyPanicThreshold = 50.0;
// Envoy RetryPolicyImpl::host_selection_attempts_{1} (router/config_impl.h).
inline constexpr int kEnvoyHostSelectionRetryMaxAttempts = 1;
// Envoy ring_hash_lb.h DefaultMinRingSize; maglev_lb.h DefaultTableSize (a prime).
inline constexpr int kEnvoyMinRingSize = 1024;
inline constexpr int kEnvoyMaglevTableSize = 65537;

// Linkerd's peak-EWMA balancer: linkerd2 policy-controller/grpc/src/outbound.rs
// BALANCER_DEFAULT_RTT 30 ms, BALANCER_RTT_DECAY 10 s (the same as linkerd2-proxy's
// linkerd/app/outbound/src/http/logical/profile.rs DEFAULT_EWMA).
inline constexpr double kLinkerdEwmaDefaultRttMs = 30.0;
inline constexpr double kLinkerdEwmaDecayMs = 10000.0;

// Envoy outlier_detection_impl.h DEFAULT_*.
inline constexpr double kEnvoyOdIntervalMs = 10000.0;
inline constexpr double kEnvoyOdBaseEjectionTimeMs = 30000.0;
inline constexpr double kEnvoyOdMaxEjectionTimeMs = 300000.0; // max(this, base) when unset
inline constexpr int kEnvoyOdConsecutive5xx = 5;
inline constexpr int kEnvoyOdConsecutiveGatewayFailure = 5;
inline constexpr int kEnvoyOdConsecutiveLocalOriginFailure = 5;
inline constexpr double kEnvoyOdMaxEjectionPercent = 10.0;
inline constexpr int kEnvoyOdEnforcingConsecutive5xx = 100;
inline constexpr int kEnvoyOdEnforcingConsecutiveGatewayFailure = 0;
inline constexpr int kEnvoyOdEnforcingConsecutiveLocalOriginFailure = 100;
inline constexpr int kEnvoyOdEnforcingSuccessRate = 100;
inline constexpr int kEnvoyOdEnforcingLocalOriginSuccessRate = 100;
inline constexpr int kEnvoyOdEnforcingFailurePercentage = 0;
inline constexpr int kEnvoyOdEnforcingFailurePercentageLocalOrigin = 0;
inline constexpr int kEnvoyOdSuccessRateMinimumHosts = 5;
inline constexpr int kEnvoyOdSuccessRateRequestVolume = 100;
inline constexpr int kEnvoyOdSuccessRateStdevFactor = 1900; // ÷ 1000: 1.9 standard deviations
inline constexpr int kEnvoyOdFailurePercentageThreshold = 85;
inline constexpr int kEnvoyOdFailurePercentageMinimumHosts = 5;
inline constexpr int kEnvoyOdFailurePercentageRequestVolume = 50;

struct OutlierDetectionSpec
{
    double intervalMs = kEnvoyOdIntervalMs;
    double baseEjectionTimeMs = kEnvoyOdBaseEjectionTimeMs;
    std::optional<double> maxEjectionTimeMs; // absent: max(300 s, base_ejection_time)
    double maxEjectionTimeJitterMs = 0.0;
    double maxEjectionPercent = kEnvoyOdMaxEjectionPercent;
    bool alwaysEjectOneHost = false;
    int consecutive5xx = kEnvoyOdConsecutive5xx;
    int consecutiveGatewayFailure = kEnvoyOdConsecutiveGatewayFailure;
    int consecutiveLocalOriginFailure = kEnvoyOdConsecutiveLocalOriginFailure;
    int enforcingConsecutive5xx = kEnvoyOdEnforcingConsecutive5xx;
    int enforcingConsecutiveGatewayFailure = kEnvoyOdEnforcingConsecutiveGatewayFailure;
    int enforcingConsecutiveLocalOriginFailure = kEnvoyOdEnforcingConsecutiveLocalOriginFailure;
    int enforcingSuccessRate = kEnvoyOdEnforcingSuccessRate;
    int enforcingLocalOriginSuccessRate = kEnvoyOdEnforcingLocalOriginSuccessRate;
    int enforcingFailurePercentage = kEnvoyOdEnforcingFailurePercentage;
    int enforcingFailurePercentageLocalOrigin = kEnvoyOdEnforcingFailurePercentageLocalOrigin;
    int successRateMinimumHosts = kEnvoyOdSuccessRateMinimumHosts;
    int successRateRequestVolume = kEnvoyOdSuccessRateRequestVolume;
    int successRateStdevFactor = kEnvoyOdSuccessRateStdevFactor;
    int failurePercentageThreshold = kEnvoyOdFailurePercentageThreshold;
    int failurePercentageMinimumHosts = kEnvoyOdFailurePercentageMinimumHosts;
    int failurePercentageRequestVolume = kEnvoyOdFailurePercentageRequestVolume;
    bool splitExternalLocalOriginErrors = false;
    double effectiveMaxEjectionTimeMs() const
    {
        return maxEjectionTimeMs ? *maxEjectionTimeMs
                                 : std::max(kEnvoyOdMaxEjectionTimeMs, baseEjectionTimeMs);
    }
    bool operator==(const OutlierDetectionSpec&) const = default;
};

struct LoadBalancerSpec
{
    LbPolicy policy = LbPolicy::RoundRobin; // Envoy's default lb_policy
    int choiceCount = kEnvoyLeastRequestChoiceCount;
    double activeRequestBias = kEnvoyActiveRequestBias;
    std::optional<int> hashKeys; // ring_hash/maglev: request r's key is r mod hash_keys
    double defaultRttMs = kLinkerdEwmaDefaultRttMs; // peak_ewma: a host's estimate before answers
    double decayMs = kLinkerdEwmaDecayMs;           // peak_ewma: the EWMA's time constant
    double healthyPanicThreshold = kEnvoyHealthyPanicThreshold; // percent; 0 disables panic
    bool previousHosts = false; // retry_host_predicate: previous_hosts
    int hostSelectionRetryMaxAttempts = kEnvoyHostSelectionRetryMaxAttempts;
    std::optional<OutlierDetectionSpec> outlierDetection;
    std::optional<FailureAccrualSpec> failureAccrual; // Linkerd's, per host
    bool operator==(const LoadBalancerSpec&) const = default;
    static const StrategyKind descriptor; // policy/load_balancer_kind.cpp
};

} // namespace reslab
