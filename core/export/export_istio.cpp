// Istio: a VirtualService (the route's timeout and retries) and a DestinationRule (load balancer,
// outlier detection, connection pool limits, retry budget), as pilot turns them into Envoy's
// route and cluster (docs/semantics.md "Istio"; import-config reads them back). What Istio has no
// field for is noted: success-rate and failure-percentage ejection (Istio turns them off), the
// ejection time cap and jitter, a back-off cap other than 10 × its base, the fleet's size.

#include "export/export.h"
#include "export/mesh_pipeline.h"
#include "policy/envoy_retry.h"
#include "policy/load_balancer_spec.h"

#include <algorithm>

namespace reslab::detail {

namespace {

// Istio's default retry policy's host re-picks (retry.go HostSelectionRetryMaxAttempts).
inline constexpr int kIstioHostSelection = 5;

// A retry not in Envoy mode, as the retryOn classes Envoy has for its outcomes.
std::string retryOnOf(const RetrySpec& r, std::vector<int>& codes, Notes& notes,
                      const std::string& path)
{
    std::vector<std::string> on;
    if (r.retryOn.contains(Outcome::Error) || r.retryOn.contains(Outcome::Rejected))
        on.emplace_back("5xx");
    if (r.retryOn.contains(Outcome::Reset)) {
        on.emplace_back("reset");
        on.emplace_back("connect-failure");
    }
    if (r.retryOn.contains(Outcome::Timeout) && on.empty()) on.emplace_back("gateway-error");
    if (r.retryOn.contains(Outcome::Conflict)) on.emplace_back("retriable-4xx");
    if (r.retryOn.contains(Outcome::RateLimited)) codes.push_back(429);
    if (r.retryOn.contains(Outcome::Fatal))
        notes.add(path + ".retry_on", "retrying non-retryable (4xx) failures");
    const bool any5xx = !on.empty() && on.front() == "5xx"; // Envoy's 5xx retries every 500
    for (int c : r.retryOnStatus)
        if (!(any5xx && c >= 500 && c <= 599) &&
            std::find(codes.begin(), codes.end(), c) == codes.end())
            codes.push_back(c);
    std::string text;
    for (const std::string& o : on)
        text += (text.empty() ? "" : ",") + o;
    notes.add(path + ".backoff", "Envoy's own back-off from retries.backoff (random() % Iₙ, "
                                 "doubling up to 10 × the base)");
    return text;
}

std::string policyName(LbPolicy p)
{
    switch (p) {
    case LbPolicy::RoundRobin:
        return "ROUND_ROBIN";
    case LbPolicy::Random:
        return "RANDOM";
    default:
        return "LEAST_REQUEST";
    }
}

void outlierDetection(const OutlierDetectionSpec& od, double panic, const std::string& path,
                      std::string& y, Notes& notes)
{
    const OutlierDetectionSpec d; // Envoy's defaults
    y += "    outlierDetection:\n";
    y += "      consecutive5xxErrors: " +
         std::to_string(od.enforcingConsecutive5xx > 0 ? od.consecutive5xx : 0) + "\n";
    if (od.enforcingConsecutiveGatewayFailure > 0)
        y += "      consecutiveGatewayErrors: " + std::to_string(od.consecutiveGatewayFailure) +
             "\n";
    y += "      interval: " + meshGoDuration(od.intervalMs) + "\n";
    y += "      baseEjectionTime: " + meshGoDuration(od.baseEjectionTimeMs) + "\n";
    y += "      maxEjectionPercent: " + number(od.maxEjectionPercent) + "\n";
    y += "      minHealthPercent: " + number(panic) + "\n";
    if (od.splitExternalLocalOriginErrors) {
        y += "      splitExternalLocalOriginErrors: true\n";
        y += "      consecutiveLocalOriginFailures: " +
             std::to_string(od.consecutiveLocalOriginFailure) + "\n";
    }
    const std::string p = path + ".outlier_detection";
    if (od.enforcingSuccessRate != 0)
        notes.add(p + ".enforcing_success_rate",
                  "success-rate ejection (Istio always sets enforcing_success_rate 0)");
    if (od.enforcingFailurePercentage != 0 || od.enforcingFailurePercentageLocalOrigin != 0)
        notes.add(p, "failure-percentage ejection (Istio has no field for it)");
    if (od.maxEjectionTimeMs || od.maxEjectionTimeJitterMs != d.maxEjectionTimeJitterMs)
        notes.add(p, "max_ejection_time and its jitter (Istio leaves Envoy's 300 s, 0)");
    if (od.alwaysEjectOneHost) notes.add(p + ".always_eject_one_host", "(Istio has no field)");
    if (od.enforcingConsecutive5xx != 0 && od.enforcingConsecutive5xx != 100)
        notes.add(p + ".enforcing_consecutive_5xx", "a percentage other than 0 or 100");
}

} // namespace

ExportResult exportIstio(const Scenario& s, Notes notes)
{
    MeshPipeline m = meshPipeline(s, notes, "Istio");
    if (m.finagleBudget)
        notes.add(m.finagleBudgetPath, "finagle_budget (Istio's retry budget is Envoy's)");
    const std::string host = s.target.empty() ? std::string("backend") : s.target;
    std::string vs =
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: " + host +
        "\nspec:\n  hosts:\n  - " + host + "\n  http:\n  - route:\n" +
        "    - destination:\n        host: " + host + "\n";
    if (m.routeTimeoutMs) vs += "    timeout: " + meshGoDuration(*m.routeTimeoutMs) + "\n";
    std::string pool;
    std::optional<RetryBudgetSpec> budget;
    if (m.retryBudget) budget = *m.retryBudget;
    if (!m.retry) {
        // Without retries in the VirtualService Istio retries twice by default (retry.go).
        vs += "    retries:\n      attempts: 0\n";
    } else {
        const RetrySpec& r = *m.retry;
        std::vector<int> codes = r.retryOnStatus;
        std::string on;
        if (r.envoy) {
            on = envoyRetryOnText(r.envoy->retryOn);
            pool += "        maxRetries: " + std::to_string(r.envoy->maxRetries) + "\n";
            pool += "        http2MaxRequests: " + std::to_string(r.envoy->maxRequests) + "\n";
            if (r.envoy->retryBudget) budget = *r.envoy->retryBudget;
            if (!r.envoy->resetHeaders.empty())
                notes.add(m.retryPath + ".rate_limited_retry_back_off", "(Istio has no field)");
            if (r.backoff.maxMs != r.backoff.initialMs * 10)
                notes.add(m.retryPath + ".backoff.max_ms",
                          "a cap other than 10 × the base (Istio sets the base only)");
        } else {
            codes.clear(); // retryOnOf writes the statuses 5xx does not cover
            on = retryOnOf(r, codes, notes, m.retryPath);
            pool += "        maxRetries: " + std::to_string(kIstioCircuitBreakerThreshold) + "\n";
        }
        for (int c : codes)
            on += (on.empty() ? "" : ",") + std::to_string(c);
        vs += "    retries:\n      attempts: " + std::to_string(r.maxAttempts - 1) + "\n";
        if (m.perTryTimeoutMs)
            vs += "      perTryTimeout: " + meshGoDuration(*m.perTryTimeoutMs) + "\n";
        vs += "      retryOn: " + on + "\n";
        const double base =
            r.backoff.kind == BackoffSpec::Kind::Constant ? r.backoff.delayMs : r.backoff.initialMs;
        if (base != 25.0) vs += "      backoff: " + meshGoDuration(std::max(1.0, base)) + "\n";
        const bool previous = m.balancer && m.balancer->previousHosts;
        if (!previous) vs += "      retryIgnorePreviousHosts: false\n";
        if (previous && m.balancer->hostSelectionRetryMaxAttempts != kIstioHostSelection)
            notes.add(m.balancerPath + ".host_selection_retry_max_attempts", "Istio always sets 5");
    }
    std::string dr; // the trafficPolicy's fields; none: the rule names its host only
    if (!pool.empty()) dr += "    connectionPool:\n      http:\n" + pool;
    if (budget) {
        dr += "    retryBudget:\n      percent: " + number(budget->budgetPercent) + "\n";
        dr += "      minRetryConcurrency: " + std::to_string(budget->minRetryConcurrency) + "\n";
    }
    if (m.balancer) {
        const LoadBalancerSpec& lb = *m.balancer;
        if (lb.policy == LbPolicy::RingHash || lb.policy == LbPolicy::Maglev) {
            dr += "    loadBalancer:\n      consistentHash:\n        useSourceIp: true\n";
            if (lb.policy == LbPolicy::Maglev) dr += "        maglev: {}\n";
            notes.add(m.balancerPath + ".hash_keys",
                      "the request key (Istio hashes a header, cookie or the source IP)");
        } else {
            dr += "    loadBalancer:\n      simple: " + policyName(lb.policy) + "\n";
            if (lb.policy == LbPolicy::PeakEwma)
                notes.add(m.balancerPath + ".policy",
                          "Linkerd's peak-EWMA balancer (written as LEAST_REQUEST)");
        }
        if (lb.choiceCount != kEnvoyLeastRequestChoiceCount ||
            lb.activeRequestBias != kEnvoyActiveRequestBias)
            notes.add(m.balancerPath, "choice_count and active_request_bias (Istio has no field)");
        if (lb.outlierDetection)
            outlierDetection(*lb.outlierDetection, lb.healthyPanicThreshold, m.balancerPath, dr,
                             notes);
        else if (lb.healthyPanicThreshold != kEnvoyHealthyPanicThreshold)
            notes.add(m.balancerPath + ".healthy_panic_threshold",
                      "Istio sets it (minHealthPercent) only with outlierDetection");
        if (lb.failureAccrual)
            notes.add(m.balancerPath + ".failure_accrual", "Linkerd's failure accrual");
    } else {
        notes.add("pipeline", "no load_balancer: Istio balances by LEAST_REQUEST");
    }
    if (m.target && m.target->replicas > 1)
        notes.add("endpoints." + m.target->id + ".replicas",
                  std::to_string(m.target->replicas) +
                      " hosts: the Deployment's replicas, not Istio's configuration");
    const std::string rule =
        "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: " + host +
        "\nspec:\n  host: " + host + "\n" + (dr.empty() ? "" : "  trafficPolicy:\n" + dr);
    return ExportResult{notesComment(notes, "# ", "istio", "Istio") + vs + "---\n" + rule,
                        notes.items};
}

} // namespace reslab::detail
