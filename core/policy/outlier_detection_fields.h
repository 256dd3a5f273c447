#pragma once
// Envoy's outlier_detection fields, once: the proto's name, the scenario's key, what kind of
// value it is and where it lives in OutlierDetectionSpec. The scenario's reader and writer
// (policy/load_balancer_kind.cpp), `export --to envoy` (export/export_envoy.cpp) and the Envoy
// importer (configimport/envoy_cluster.cpp) all walk this table, so a field added here is read,
// written, exported and imported, and each default is the one OutlierDetectionSpec holds
// (Envoy's outlier_detection_impl.h DEFAULT_*). The order is the proto's, which is also the
// order in which the importer lists the defaults it fills in.

#include "policy/load_balancer_spec.h"

#include <array>
#include <optional>
#include <string_view>
#include <variant>

namespace reslab {

struct OutlierDetectionField
{
    enum class Kind : std::uint8_t
    {
        Duration, // a protobuf Duration; the scenario's key in milliseconds
        Percent,  // 0–100
        Count,    // a whole number of calls, hosts or thousandths
        Flag      // a bool, false unless set
    };
    using Member =
        std::variant<double OutlierDetectionSpec::*, int OutlierDetectionSpec::*,
                     bool OutlierDetectionSpec::*, std::optional<double> OutlierDetectionSpec::*>;

    std::string_view proto; // Envoy's field (envoy/config/cluster/v3/outlier_detection.proto)
    std::string_view key;   // the scenario's
    Kind kind;
    Member member;
    double minimum = 0.0; // the scenario reader's lower bound (counts: 1; interval: 1 ms)

    // The value in `s`; nothing for an optional that is not set (max_ejection_time).
    std::optional<double> get(const OutlierDetectionSpec& s) const;
    void set(OutlierDetectionSpec& s, double v) const;
    // Envoy's default (nothing: max_ejection_time, which is max(300 s, base_ejection_time)).
    std::optional<double> envoyDefault() const { return get(OutlierDetectionSpec{}); }
    bool isDefault(const OutlierDetectionSpec& s) const { return get(s) == envoyDefault(); }
    bool isInteger() const { return std::holds_alternative<int OutlierDetectionSpec::*>(member); }
};

inline constexpr std::array<OutlierDetectionField, 23> kOutlierDetectionFields = {{
    {"interval", "interval_ms", OutlierDetectionField::Kind::Duration,
     &OutlierDetectionSpec::intervalMs, 1.0},
    {"base_ejection_time", "base_ejection_time_ms", OutlierDetectionField::Kind::Duration,
     &OutlierDetectionSpec::baseEjectionTimeMs},
    {"max_ejection_time", "max_ejection_time_ms", OutlierDetectionField::Kind::Duration,
     &OutlierDetectionSpec::maxEjectionTimeMs},
    {"max_ejection_time_jitter", "max_ejection_time_jitter_ms",
     OutlierDetectionField::Kind::Duration, &OutlierDetectionSpec::maxEjectionTimeJitterMs},
    {"max_ejection_percent", "max_ejection_percent", OutlierDetectionField::Kind::Percent,
     &OutlierDetectionSpec::maxEjectionPercent},
    {"always_eject_one_host", "always_eject_one_host", OutlierDetectionField::Kind::Flag,
     &OutlierDetectionSpec::alwaysEjectOneHost},
    {"consecutive_5xx", "consecutive_5xx", OutlierDetectionField::Kind::Count,
     &OutlierDetectionSpec::consecutive5xx, 1.0},
    {"consecutive_gateway_failure", "consecutive_gateway_failure",
     OutlierDetectionField::Kind::Count, &OutlierDetectionSpec::consecutiveGatewayFailure, 1.0},
    {"consecutive_local_origin_failure", "consecutive_local_origin_failure",
     OutlierDetectionField::Kind::Count, &OutlierDetectionSpec::consecutiveLocalOriginFailure, 1.0},
    {"split_external_local_origin_errors", "split_external_local_origin_errors",
     OutlierDetectionField::Kind::Flag, &OutlierDetectionSpec::splitExternalLocalOriginErrors},
    {"enforcing_consecutive_5xx", "enforcing_consecutive_5xx", OutlierDetectionField::Kind::Percent,
     &OutlierDetectionSpec::enforcingConsecutive5xx},
    {"enforcing_consecutive_gateway_failure", "enforcing_consecutive_gateway_failure",
     OutlierDetectionField::Kind::Percent,
     &OutlierDetectionSpec::enforcingConsecutiveGatewayFailure},
    {"enforcing_consecutive_local_origin_failure", "enforcing_consecutive_local_origin_failure",
     OutlierDetectionField::Kind::Percent,
     &OutlierDetectionSpec::enforcingConsecutiveLocalOriginFailure},
    {"enforcing_success_rate", "enforcing_success_rate", OutlierDetectionField::Kind::Percent,
     &OutlierDetectionSpec::enforcingSuccessRate},
    {"enforcing_local_origin_success_rate", "enforcing_local_origin_success_rate",
     OutlierDetectionField::Kind::Percent, &OutlierDetectionSpec::enforcingLocalOriginSuccessRate},
    {"enforcing_failure_percentage", "enforcing_failure_percentage",
     OutlierDetectionField::Kind::Percent, &OutlierDetectionSpec::enforcingFailurePercentage},
    {"enforcing_failure_percentage_local_origin", "enforcing_failure_percentage_local_origin",
     OutlierDetectionField::Kind::Percent,
     &OutlierDetectionSpec::enforcingFailurePercentageLocalOrigin},
    {"success_rate_minimum_hosts", "success_rate_minimum_hosts", OutlierDetectionField::Kind::Count,
     &OutlierDetectionSpec::successRateMinimumHosts, 1.0},
    {"success_rate_request_volume", "success_rate_request_volume",
     OutlierDetectionField::Kind::Count, &OutlierDetectionSpec::successRateRequestVolume, 1.0},
    {"success_rate_stdev_factor", "success_rate_stdev_factor", OutlierDetectionField::Kind::Count,
     &OutlierDetectionSpec::successRateStdevFactor, 1.0},
    {"failure_percentage_threshold", "failure_percentage_threshold",
     OutlierDetectionField::Kind::Percent, &OutlierDetectionSpec::failurePercentageThreshold},
    {"failure_percentage_minimum_hosts", "failure_percentage_minimum_hosts",
     OutlierDetectionField::Kind::Count, &OutlierDetectionSpec::failurePercentageMinimumHosts, 1.0},
    {"failure_percentage_request_volume", "failure_percentage_request_volume",
     OutlierDetectionField::Kind::Count, &OutlierDetectionSpec::failurePercentageRequestVolume,
     1.0},
}};

} // namespace reslab
