#pragma once
// The retry strategy's Envoy mode ("retry_on": "5xx,reset"): Envoy's route retry policy
// (RouteAction.retry_policy) and the retry circuit breaker of the cluster it sends to
// (Cluster.circuit_breakers.thresholds). Defaults are Envoy's, named after the file they are read
// from (docs/semantics.md, "Envoy").

#include "policy/guard_specs.h"
#include "util/name_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

// retry_on classes (source/common/router/retry_state_impl.cc parseRetryOn, parseRetryGrpcOn). The
// bits are this repository's; the names are Envoy's.
inline constexpr std::uint32_t kEnvoyRetryOn5xx = 1u << 0;
inline constexpr std::uint32_t kEnvoyRetryOnGatewayError = 1u << 1;
inline constexpr std::uint32_t kEnvoyRetryOnConnectFailure = 1u << 2;
inline constexpr std::uint32_t kEnvoyRetryOnEnvoyRateLimited = 1u << 3;
inline constexpr std::uint32_t kEnvoyRetryOnRetriable4xx = 1u << 4;
inline constexpr std::uint32_t kEnvoyRetryOnRefusedStream = 1u << 5;
inline constexpr std::uint32_t kEnvoyRetryOnRetriableStatusCodes = 1u << 6;
inline constexpr std::uint32_t kEnvoyRetryOnReset = 1u << 7;
inline constexpr std::uint32_t kEnvoyRetryOnResetBeforeRequest = 1u << 8;
inline constexpr std::uint32_t kEnvoyRetryOnHttp3PostConnectFailure = 1u << 9;
// gRPC classes: they look at a grpc-status header, which the model's HTTP answers never carry.
inline constexpr std::uint32_t kEnvoyRetryOnGrpcCancelled = 1u << 10;
inline constexpr std::uint32_t kEnvoyRetryOnGrpcDeadlineExceeded = 1u << 11;
inline constexpr std::uint32_t kEnvoyRetryOnGrpcResourceExhausted = 1u << 12;
inline constexpr std::uint32_t kEnvoyRetryOnGrpcUnavailable = 1u << 13;
inline constexpr std::uint32_t kEnvoyRetryOnGrpcInternal = 1u << 14;

// The names, in the order Envoy's parseRetryOn and parseRetryGrpcOn test them.
inline constexpr std::pair<std::uint32_t, std::string_view> kEnvoyRetryOnNames[] = {
    {kEnvoyRetryOn5xx, "5xx"},
    {kEnvoyRetryOnGatewayError, "gateway-error"},
    {kEnvoyRetryOnConnectFailure, "connect-failure"},
    {kEnvoyRetryOnEnvoyRateLimited, "envoy-ratelimited"},
    {kEnvoyRetryOnRetriable4xx, "retriable-4xx"},
    {kEnvoyRetryOnRefusedStream, "refused-stream"},
    {kEnvoyRetryOnRetriableStatusCodes, "retriable-status-codes"},
    {kEnvoyRetryOnReset, "reset"},
    {kEnvoyRetryOnResetBeforeRequest, "reset-before-request"},
    {kEnvoyRetryOnHttp3PostConnectFailure, "http3-post-connect-failure"},
    {kEnvoyRetryOnGrpcCancelled, "cancelled"},
    {kEnvoyRetryOnGrpcDeadlineExceeded, "deadline-exceeded"},
    {kEnvoyRetryOnGrpcResourceExhausted, "resource-exhausted"},
    {kEnvoyRetryOnGrpcUnavailable, "unavailable"},
    {kEnvoyRetryOnGrpcInternal, "internal"},
};

// What the engine's `reset` outcome is to Envoy (Http::StreamResetReason). The scenario format's
// reset is a connection refused at once, before any service: a connect failure. `serve` sends a
// TCP RST after reading the request: a remote reset with the request sent.
enum class EnvoyResetAs
{
    ConnectFailure, // RemoteConnectionFailure: no request bytes were sent
    RemoteReset,    // RemoteReset after the request was sent
    RefusedStream,  // RemoteRefusedStreamReset (HTTP/2 REFUSED_STREAM) after the headers were sent
};
inline constexpr auto kEnvoyResetAsNames = makeNameTable<EnvoyResetAs>(
    std::pair{EnvoyResetAs::ConnectFailure, std::string_view("connect_failure")},
    std::pair{EnvoyResetAs::RemoteReset, std::string_view("remote_reset")},
    std::pair{EnvoyResetAs::RefusedStream, std::string_view("refused_stream")});

// RouteAction.RetryPolicy.num_retries: 1 when not set (route_components.proto).
inline constexpr int kEnvoyDefaultNumRetries = 1;
// RetryPolicyImpl reset_max_interval_ (source/common/router/config_impl.h): 300 s.
inline constexpr double kEnvoyResetMaxIntervalMs = 300'000.0;
// ClusterInfoImpl::createResourceManager (source/common/upstream/upstream_impl.cc): max_retries 3,
// max_requests 1024 (also max_connections and max_pending_requests, which this model has no
// connections for: see docs/semantics.md).
inline constexpr std::uint64_t kEnvoyDefaultMaxRetries = 3;
inline constexpr std::uint64_t kEnvoyDefaultMaxRequests = 1024;
// Istio sets every threshold to math.MaxUint32 (getDefaultCircuitBreakerThresholds).
inline constexpr std::uint64_t kIstioCircuitBreakerThreshold = 4'294'967'295ull;

// RateLimitedRetryBackOff.ResetHeader: a header with the time to wait, in seconds or as a Unix
// time in seconds. The model's answers carry one such value, a 429's Retry-After, which every
// reset header reads (as `serve` writes it: whole seconds, rounded up).
struct EnvoyResetHeader
{
    std::string name;
    bool unixTimestamp = false; // format UNIX_TIMESTAMP (else SECONDS)
    bool operator==(const EnvoyResetHeader&) const = default;
};

struct EnvoyRetryPolicy
{
    std::uint32_t retryOn = 0;
    EnvoyResetAs resetAs = EnvoyResetAs::ConnectFailure;
    // The endpoint's 429s carry x-envoy-ratelimited (an upstream Envoy's rate limit filter
    // answered them): Envoy retries those only under envoy-ratelimited, and never otherwise.
    bool xEnvoyRateLimited = false;
    // rate_limited_retry_back_off: empty when not configured.
    std::vector<EnvoyResetHeader> resetHeaders;
    double resetMaxIntervalMs = kEnvoyResetMaxIntervalMs;
    // The cluster's circuit breaker thresholds (default priority) that bind a retry: retries
    // outstanding at once, and requests in flight. With a retry budget, the budget replaces
    // max_retries (ResourceManagerImpl::RetryBudgetImpl).
    std::uint64_t maxRetries = kEnvoyDefaultMaxRetries;
    std::uint64_t maxRequests = kEnvoyDefaultMaxRequests;
    std::optional<RetryBudgetSpec> retryBudget;
    bool operator==(const EnvoyRetryPolicy&) const = default;
};

} // namespace reslab
