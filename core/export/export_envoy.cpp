// Envoy: the route's retry policy (or a hedge, as hedge_policy) and timeout (RouteAction), the
// cluster's retry budget (Cluster.circuit_breakers), and the adaptive concurrency filter for an
// `adaptive_limit` with Envoy's gradient controller (HttpConnectionManager.http_filters), as YAML
// with the proto field names.

#include "export/export.h"
#include "policy/envoy_retry.h"
#include "policy/load_balancer_spec.h"
#include "policy/outlier_detection_fields.h"
#include "policy/strategy_kind.h"

#include <algorithm>
#include <cmath>

namespace reslab::detail {

namespace {

// The route's host re-selection (RetryPolicy.retry_host_predicate) for a balancer that avoids
// previous hosts.
std::string hostPredicate(const LoadBalancerSpec* lb)
{
    if (!lb || !lb->previousHosts) return "";
    return "    retry_host_predicate:\n    - name: envoy.retry_host_predicates.previous_hosts\n"
           "      typed_config:\n        \"@type\": type.googleapis.com/"
           "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate\n"
           "    host_selection_retry_max_attempts: " +
           std::to_string(lb->hostSelectionRetryMaxAttempts) + "\n";
}

// The cluster's lb_policy, least_request_lb_config, common_lb_config, outlier_detection (the
// fields that differ from Envoy's defaults) and load_assignment (one locality per host, in host
// order, so host h of the scenario is host h of the cluster; the addresses are placeholders).
std::string clusterBalancing(const LoadBalancerSpec& lb, const Scenario& s, Notes& notes)
{
    // Linkerd's peak-EWMA balancer is not one of Envoy's lb_policy values (the caller notes it).
    std::string policy(
        kLbPolicyNames.name(lb.policy == LbPolicy::PeakEwma ? LbPolicy::LeastRequest : lb.policy));
    for (char& c : policy)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    std::string y = "lb_policy: " + policy + "\n";
    if (lb.choiceCount != kEnvoyLeastRequestChoiceCount ||
        lb.activeRequestBias != kEnvoyActiveRequestBias) {
        y += "least_request_lb_config:\n";
        if (lb.choiceCount != kEnvoyLeastRequestChoiceCount)
            y += "  choice_count: " + std::to_string(lb.choiceCount) + "\n";
        if (lb.activeRequestBias != kEnvoyActiveRequestBias)
            y += "  active_request_bias:\n    default_value: " + number(lb.activeRequestBias) +
                 "\n    runtime_key: upstream.active_request_bias\n";
    }
    y += "common_lb_config:\n  healthy_panic_threshold:\n    value: " +
         number(lb.healthyPanicThreshold) + "\n";
    if (lb.outlierDetection) {
        const OutlierDetectionSpec& o = *lb.outlierDetection;
        y += "outlier_detection:\n";
        for (const OutlierDetectionField& f : kOutlierDetectionFields) {
            const std::optional<double> v = f.get(o);
            if (!v || f.isDefault(o)) continue;
            y += "  " + std::string(f.proto) + ": ";
            if (f.kind == OutlierDetectionField::Kind::Duration)
                y += protoDuration(*v);
            else if (f.kind == OutlierDetectionField::Kind::Flag)
                y += *v != 0.0 ? "true" : "false";
            else
                y += number(*v);
            y += "\n";
        }
        if (y.back() == '\n' && y.ends_with("outlier_detection:\n")) y += "  {}\n";
    }
    for (const EndpointSpec& e : s.endpoints) {
        if (e.id != s.target || e.replicas <= 1) continue;
        y += "load_assignment:\n  cluster_name: " + e.id + "\n  endpoints:\n";
        for (int h = 0; h < e.replicas; ++h) {
            std::string zone =
                e.zones.empty() ? std::string() : e.zones[std::size_t(h) % e.zones.size()];
            double weight = 1;
            for (const HostOverride& o : e.hosts)
                if (o.index == h) {
                    if (o.zone) zone = *o.zone;
                    if (o.weight) weight = *o.weight;
                }
            y += "  - " + (zone.empty() ? std::string() : "locality: {zone: " + zone + "}\n    ") +
                 "lb_endpoints:\n    - endpoint: {address: {socket_address: {address: " + e.id +
                 "-" + std::to_string(h) + ", port_value: 8080}}}\n";
            if (weight != 1) y += "      load_balancing_weight: " + number(weight) + "\n";
        }
        notes.add("endpoints." + e.id, "the hosts' addresses (placeholders: " + e.id +
                                           "-0 … on port 8080); their fault model");
    }
    return y;
}

// The retry_on classes (and retriable_status_codes) under which Envoy retries `outcomes` at their
// default statuses, and `statuses` besides.
std::pair<std::string, std::vector<int>> envoyClassesFor(const OutcomeSet& outcomes,
                                                         const std::vector<int>& statuses,
                                                         const std::string& path, Notes& notes)
{
    std::vector<std::string> on;
    std::vector<int> codes;
    if (outcomes.contains(Outcome::Error) || outcomes.contains(Outcome::Rejected))
        on.emplace_back("5xx");
    if (outcomes.contains(Outcome::Reset)) {
        on.emplace_back("reset");
        on.emplace_back("connect-failure");
    }
    if (outcomes.contains(Outcome::Timeout) && std::find(on.begin(), on.end(), "5xx") == on.end())
        on.emplace_back("gateway-error"); // includes per-try timeouts
    if (outcomes.contains(Outcome::Conflict)) on.emplace_back("retriable-4xx");
    if (outcomes.contains(Outcome::RateLimited)) codes.push_back(429);
    if (outcomes.contains(Outcome::Fatal)) notes.add(path, "retrying non-retryable (4xx) failures");
    for (int c : statuses)
        if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    if (!codes.empty()) on.emplace_back("retriable-status-codes");
    std::string retryOn;
    for (const std::string& o : on)
        retryOn += (retryOn.empty() ? "" : ",") + o;
    return {retryOn, codes};
}

std::string retriableStatusCodes(const std::vector<int>& codes)
{
    if (codes.empty()) return "";
    std::string y = "    retriable_status_codes: [";
    for (std::size_t i = 0; i < codes.size(); ++i)
        y += (i ? ", " : "") + std::to_string(codes[i]);
    return y + "]\n";
}

// A hedge as Envoy hedges (docs/semantics.md "Envoy", Hedging): a retry policy whose per-try
// timeout is the hedge's delay, made soft by hedge_on_per_try_timeout, num_retries the hedges
// and retry_on the classes that retry its hedge_on.
std::string hedgePolicy(const HedgeSpec& h, const std::string& path,
                        const LoadBalancerSpec* balancer, Notes& notes)
{
    if (h.delayMs <= 0) {
        notes.add(path + ".delay_ms", "hedges sent all at once or only after a failure (Envoy "
                                      "hedges only on a per-try timeout)");
        return "";
    }
    const auto [retryOn, codes] = envoyClassesFor(h.hedgeOn, {}, path + ".hedge_on", notes);
    if (retryOn.empty()) {
        notes.add(path + ".hedge_on", "Envoy hedges only under a retry policy with a retry_on "
                                      "class, and these outcomes give none");
        return "";
    }
    notes.add(path, "Envoy waits its retry back-off before each added request, and a failure "
                    "of a request already hedged is not retried");
    return "  retry_policy:\n    retry_on: \"" + retryOn +
           "\"\n    num_retries: " + std::to_string(h.maxHedgedAttempts) +
           "\n    per_try_timeout: " + protoDuration(h.delayMs) + "\n" + hostPredicate(balancer) +
           retriableStatusCodes(codes) + "  hedge_policy:\n    hedge_on_per_try_timeout: true\n" +
           // The simulation's hedges had no cluster limit: lifted as Istio lifts it.
           "circuit_breakers:\n  thresholds:\n  - max_retries: " +
           std::to_string(kIstioCircuitBreakerThreshold) + "\n";
}

} // namespace

ExportResult exportEnvoy(const Scenario& s, Notes notes)
{
    const RetrySpec* retry = nullptr;
    const HedgeSpec* hedge = nullptr;
    const RetryBudgetSpec* budget = nullptr;
    std::string retryPath, hedgePath;
    std::optional<double> routeTimeout, perTry;
    const ConcurrencyLimitSpec* adaptive = nullptr;
    const LoadBalancerSpec* balancer = nullptr;
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* r = std::get_if<RetrySpec>(&st); r && !retry && !hedge) {
            retry = r;
            retryPath = path;
        } else if (const auto* h = std::get_if<HedgeSpec>(&st); h && !retry && !hedge) {
            hedge = h;
            hedgePath = path;
        } else if (const auto* t = std::get_if<TimeoutSpec>(&st)) {
            if (retry && !perTry)
                perTry = t->timeoutMs;
            else if (hedge)
                notes.add(path, "a timeout below the hedge (Envoy's per-try timeout is the "
                                "hedge's delay, and does not end the request)");
            else if (!retry && !routeTimeout)
                routeTimeout = t->timeoutMs;
            else
                notes.add(path, "a second timeout");
        } else if (const auto* b = std::get_if<RetryBudgetSpec>(&st)) {
            budget = b;
        } else if (const auto* lb = std::get_if<LoadBalancerSpec>(&st); lb && !balancer) {
            balancer = lb;
            if (lb->failureAccrual)
                notes.add(path + ".failure_accrual", "Linkerd's failure accrual (not Envoy's)");
            if (lb->policy == LbPolicy::PeakEwma)
                notes.add(path + ".policy",
                          "Linkerd's peak-EWMA balancer (written as LEAST_REQUEST, P2C on requests "
                          "in flight; Envoy's contrib peak_ewma extension is not written)");
            if (lb->hashKeys)
                notes.add(path + ".hash_keys", "the request key (Envoy hashes the route's "
                                               "hash_policy: a header, cookie or source IP)");
        } else if (const auto* l = std::get_if<AdaptiveLimitSpec>(&st);
                   l && l->limit.algorithm == LimitAlgorithm::EnvoyGradient && !adaptive) {
            adaptive = &l->limit;
            notes.add(path, "Envoy answers a request over the limit 503 itself (the simulation "
                            "counts it `limited`); its percentile comes from a histogram of two "
                            "significant digits");
            if (l->limit.queue != LimitQueue::None)
                notes.add(path + ".queue", "waiting for a place (Envoy rejects at once)");
            if (l->limit.ignoreOn)
                notes.add(path + ".ignore_on", "the outcomes that give no sample (Envoy samples "
                                               "every response)");
        } else if (std::holds_alternative<AdaptiveLimitSpec>(st)) {
            notes.add(path, "adaptive_limit with a Netflix algorithm (Envoy's adaptive "
                            "concurrency filter has only its gradient controller)");
        } else {
            notes.add(path, std::string(strategyKind(st).name) +
                                " (not part of Envoy's route retry policy)");
        }
    }
    std::string yaml =
        "route:\n  cluster: " + (s.target.empty() ? std::string("backend") : s.target) + "\n";
    // Without a timeout outside the retry the simulation had none; Envoy's route default is 15 s
    // (config_impl.h DEFAULT_ROUTE_TIMEOUT_MS), so it is turned off (0s) to match.
    yaml +=
        "  timeout: " + (routeTimeout ? protoDuration(*routeTimeout) : std::string("0s")) + "\n";
    if (retry && retry->envoy) {
        // The retry's Envoy mode: Envoy's own fields, as the scenario gives them.
        const EnvoyRetryPolicy& p = *retry->envoy;
        yaml += "  retry_policy:\n";
        yaml += "    retry_on: \"" + envoyRetryOnText(p.retryOn) + "\"\n";
        yaml += "    num_retries: " + std::to_string(retry->maxAttempts - 1) + "\n";
        if (perTry) yaml += "    per_try_timeout: " + protoDuration(*perTry) + "\n";
        yaml += hostPredicate(balancer);
        if (!retry->retryOnStatus.empty()) {
            yaml += "    retriable_status_codes: [";
            for (std::size_t i = 0; i < retry->retryOnStatus.size(); ++i)
                yaml += (i ? ", " : "") + std::to_string(retry->retryOnStatus[i]);
            yaml += "]\n";
        }
        yaml +=
            "    retry_back_off:\n      base_interval: " + protoDuration(retry->backoff.initialMs) +
            "\n      max_interval: " + protoDuration(retry->backoff.maxMs) + "\n";
        if (!p.resetHeaders.empty()) {
            yaml += "    rate_limited_retry_back_off:\n      reset_headers:\n";
            for (const EnvoyResetHeader& h : p.resetHeaders)
                yaml += "      - name: " + h.name +
                        "\n        format: " + (h.unixTimestamp ? "UNIX_TIMESTAMP" : "SECONDS") +
                        "\n";
            yaml += "      max_interval: " + protoDuration(p.resetMaxIntervalMs) + "\n";
        }
        if (budget)
            notes.add("pipeline", "a retry_budget strategy beside the retry's own circuit_breakers "
                                  "(the retry's are written)");
        yaml += "circuit_breakers:\n  thresholds:\n";
        yaml += "  - max_retries: " + std::to_string(p.maxRetries) + "\n";
        yaml += "    max_requests: " + std::to_string(p.maxRequests) + "\n";
        if (p.retryBudget) {
            yaml += "    retry_budget:\n      budget_percent:\n        value: " +
                    number(p.retryBudget->budgetPercent) + "\n";
            yaml += "      min_retry_concurrency: " +
                    std::to_string(p.retryBudget->minRetryConcurrency) + "\n";
        }
    } else if (retry) {
        const auto [retryOn, codes] =
            envoyClassesFor(retry->retryOn, retry->retryOnStatus, retryPath + ".retry_on", notes);
        yaml += "  retry_policy:\n";
        yaml += "    retry_on: \"" + retryOn + "\"\n";
        yaml += "    num_retries: " + std::to_string(retry->maxAttempts - 1) + "\n";
        if (perTry) yaml += "    per_try_timeout: " + protoDuration(*perTry) + "\n";
        yaml += hostPredicate(balancer);
        yaml += retriableStatusCodes(codes);
        const BackoffSpec& b = retry->backoff;
        const double base = b.kind == BackoffSpec::Kind::Constant  ? b.delayMs
                            : b.kind == BackoffSpec::Kind::Urllib3 ? b.factorMs
                                                                   : b.initialMs;
        yaml += "    retry_back_off:\n      base_interval: " + protoDuration(std::max(1.0, base)) +
                "\n";
        if (std::isfinite(b.maxMs)) yaml += "      max_interval: " + protoDuration(b.maxMs) + "\n";
        notes.add(retryPath + ".backoff",
                  "Envoy's own backoff: retry n waits random() % Iₙ whole ms, I₁ = "
                  "base_interval doubling up to max_interval (10 × base when not given)");
        if (retry->honorRetryAfter) {
            yaml += "    rate_limited_retry_back_off:\n      reset_headers:\n      - name: "
                    "retry-after\n        format: SECONDS\n";
            yaml +=
                "      max_interval: " + protoDuration(retry->retryAfterMaxMs.value_or(300'000.0)) +
                "\n";
        }
        if (retry->maxElapsedMs || retry->stopBeforeDelayMs)
            notes.add(retryPath, "time-based stop conditions (the route timeout bounds all tries)");
        // Envoy's cluster allows 3 retries outstanding by default (max_retries); the simulation's
        // retry had no such limit, so the limit is lifted as Istio lifts it.
        yaml += "circuit_breakers:\n  thresholds:\n";
        yaml += "  - max_retries: " + std::to_string(kIstioCircuitBreakerThreshold) + "\n";
        if (budget) {
            yaml += "    retry_budget:\n";
            yaml += "      budget_percent:\n        value: " + number(budget->budgetPercent) + "\n";
            yaml += "      min_retry_concurrency: " + std::to_string(budget->minRetryConcurrency) +
                    "\n";
        }
    } else if (hedge) {
        yaml += hedgePolicy(*hedge, hedgePath, balancer, notes);
        if (budget)
            notes.add("pipeline", "a retry_budget strategy beside the hedge (Envoy's budget "
                                  "bounds hedges too; not written)");
    } else if (budget) {
        yaml += "circuit_breakers:\n  thresholds:\n  - retry_budget:\n";
        yaml += "      budget_percent:\n        value: " + number(budget->budgetPercent) + "\n";
        yaml +=
            "      min_retry_concurrency: " + std::to_string(budget->minRetryConcurrency) + "\n";
    }
    if (balancer) yaml += clusterBalancing(*balancer, s, notes);
    if (adaptive) {
        // The HTTP filter in front of the router (docs/semantics.md "Adaptive concurrency limits").
        const ConcurrencyLimitSpec& a = *adaptive;
        yaml += "http_filters:\n- name: envoy.filters.http.adaptive_concurrency\n  typed_config:\n";
        yaml += "    \"@type\": type.googleapis.com/"
                "envoy.extensions.filters.http.adaptive_concurrency.v3.AdaptiveConcurrency\n";
        yaml += "    gradient_controller_config:\n";
        yaml += "      sample_aggregate_percentile:\n        value: " + number(a.percentile * 100) +
                "\n";
        yaml += "      concurrency_limit_params:\n        max_concurrency_limit: " +
                std::to_string(a.resolvedMaxLimit()) + "\n";
        yaml += "        concurrency_update_interval: " + protoDuration(a.updateIntervalMs) + "\n";
        yaml +=
            "      min_rtt_calc_params:\n        interval: " + protoDuration(a.minRttIntervalMs) +
            "\n";
        yaml += "        request_count: " + std::to_string(a.requestCount) + "\n";
        yaml += "        jitter:\n          value: " + number(a.jitter * 100) + "\n";
        yaml += "        min_concurrency: " + std::to_string(a.resolvedMinLimit()) + "\n";
        yaml += "        buffer:\n          value: " + number(a.buffer * 100) + "\n";
        yaml += "- name: envoy.filters.http.router\n";
    }
    return ExportResult{notesComment(notes, "# ", "envoy", "Envoy") + yaml, notes.items};
}

} // namespace reslab::detail
