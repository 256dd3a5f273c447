// Linkerd: the 2.16+ annotations of a Service (retry.linkerd.io/*, timeout.linkerd.io/request,
// balancer.linkerd.io/failure-accrual*), or — when the retry has a linkerd_budget — a
// ServiceProfile with that retryBudget. import-config reads both back (docs/semantics.md
// "Linkerd"). A finagle_budget, the closest guard, is written as a retryBudget too, with a note.
// Linkerd's retry back-off is fixed (25 ms to 250 ms, jitter ratio 1) and its balancer is
// peak-EWMA P2C: a scenario's other choices are noted.

#include "export/export.h"
#include "export/mesh_pipeline.h"
#include "policy/load_balancer_spec.h"
#include "policy/retry_spec.h"

#include <algorithm>

namespace reslab::detail {

namespace {

// retry.linkerd.io/http for the outcomes and statuses a retry retries (the importer's inverse:
// 5xx for error and rejected, 503, 429, 409 for rejected, rate_limited, conflict).
std::string httpConditions(const RetrySpec& r, Notes& notes, const std::string& path)
{
    std::vector<std::string> parts;
    const bool error = r.retryOn.contains(Outcome::Error);
    if (error) parts.emplace_back("5xx");
    if (!error && r.retryOn.contains(Outcome::Rejected)) parts.emplace_back("503");
    if (r.retryOn.contains(Outcome::RateLimited)) parts.emplace_back("429");
    if (r.retryOn.contains(Outcome::Conflict)) parts.emplace_back("409");
    if (error && !r.retryOn.contains(Outcome::Rejected))
        notes.add(path + ".retry_on", "error without rejected (5xx retries 503s too)");
    for (int c : r.retryOnStatus) {
        const std::string code = std::to_string(c);
        // 5xx covers the 500s; a status the outcomes already named is written once.
        if (!(error && c >= 500 && c <= 599) &&
            std::find(parts.begin(), parts.end(), code) == parts.end())
            parts.push_back(code);
    }
    for (Outcome o : {Outcome::Reset, Outcome::Fatal})
        if (r.retryOn.contains(o))
            notes.add(path + ".retry_on", std::string(outcomeName(o)) +
                                              " (Linkerd retries by status and retry timeout)");
    std::string text;
    for (const std::string& p : parts)
        text += (text.empty() ? "" : ",") + p;
    return text;
}

bool linkerdBackoff(const RetrySpec& r)
{
    return r.backoff.kind == BackoffSpec::Kind::Exponential && r.backoff.initialMs == 37.5 &&
           r.backoff.multiplier == 2 && r.backoff.maxMs == 250 &&
           r.jitter.kind == JitterSpec::Kind::Proportional && r.jitter.capAfterJitter;
}

} // namespace

ExportResult exportLinkerd(const Scenario& s, Notes notes)
{
    MeshPipeline m = meshPipeline(s, notes, "Linkerd"); // Envoy-mode retries already converted
    if (m.retryBudget) notes.add("pipeline", "retry_budget (Envoy's; Linkerd's is the profile's)");
    const std::string name = s.target.empty() ? std::string("backend") : s.target;
    std::string annotations;
    const auto annotate = [&](const std::string& k, const std::string& v) {
        annotations += "    " + k + ": \"" + v + "\"\n";
    };
    std::string profile;
    const LinkerdBudgetSpec* budget =
        m.retry && m.retry->linkerdBudget ? &*m.retry->linkerdBudget : nullptr;
    if (budget && m.finagleBudget)
        notes.add(m.finagleBudgetPath, "a second retry budget (the retry's linkerd_budget is "
                                       "the profile's)");
    if (budget || m.finagleBudget) {
        // A ServiceProfile: one route for every request, retryable when the pipeline retries.
        LinkerdBudgetSpec written;
        if (budget) {
            written = *budget;
        } else {
            const FinagleBudgetSpec& f = *m.finagleBudget;
            written = {f.percentCanRetry, static_cast<std::int64_t>(f.minRetriesPerS), f.ttlS};
            notes.add(m.finagleBudgetPath,
                      "finagle_budget, written as the profile's retryBudget with the same "
                      "numbers: Linkerd's budget (tower's TpsBudget) deposits for each answer "
                      "not retried rather than each request, and a refused retry returns the "
                      "answer (a retry's linkerd_budget is Linkerd's; docs/semantics.md, "
                      "\"Linkerd\")");
        }
        profile =
            "---\napiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata:\n  name: " +
            name +
            "\nspec:\n  routes:\n  - name: all\n    condition:\n      pathRegex: "
            "\".*\"\n";
        if (m.retry) profile += "    isRetryable: true\n";
        if (m.routeTimeoutMs) profile += "    timeout: " + meshGoDuration(*m.routeTimeoutMs) + "\n";
        profile += "  retryBudget:\n    retryRatio: " + number(written.retryRatio) +
                   "\n    minRetriesPerSecond: " + std::to_string(written.minRetriesPerS) +
                   "\n    ttl: " + meshGoDuration(written.ttlS * 1000) + "\n";
        if (m.retry) {
            const RetrySpec& r = *m.retry;
            if (m.perTryTimeoutMs)
                notes.add(m.retryPath, "a per-try timeout (a ServiceProfile has one per route)");
            if (r.backoff.kind != BackoffSpec::Kind::Constant || r.backoff.delayMs != 0)
                notes.add(m.retryPath + ".backoff", "(ServiceProfile retries do not wait)");
            if (r.maxAttempts < kLinkerdProfileMaxAttempts)
                notes.add(m.retryPath + ".max_attempts",
                          std::to_string(r.maxAttempts) +
                              " (ServiceProfile retries have no attempt limit)");
            if (r.retryOn != OutcomeSet{Outcome::Error, Outcome::Rejected} ||
                !r.retryOnStatus.empty())
                notes.add(m.retryPath + ".retry_on",
                          "outcomes or statuses other than 5xx's error and rejected (a "
                          "ServiceProfile route retries the 5xx answers its default "
                          "responseClasses call failures, never a reset or a timeout)");
        }
    } else {
        if (m.routeTimeoutMs)
            annotate("timeout.linkerd.io/request", meshGoDuration(*m.routeTimeoutMs));
        if (m.retry) {
            const RetrySpec& r = *m.retry;
            annotate("retry.linkerd.io/limit", std::to_string(r.maxAttempts - 1));
            const std::string http = httpConditions(r, notes, m.retryPath);
            if (!http.empty()) annotate("retry.linkerd.io/http", http);
            if (m.perTryTimeoutMs)
                annotate("retry.linkerd.io/timeout", meshGoDuration(*m.perTryTimeoutMs));
            else if (r.retryOn.contains(Outcome::Timeout))
                notes.add(m.retryPath + ".retry_on",
                          "timeout without a per-try timeout (Linkerd retries only what "
                          "retry.linkerd.io/timeout ends)");
            if (!linkerdBackoff(r))
                notes.add(m.retryPath + ".backoff",
                          "Linkerd's back-off is fixed: 25 ms doubling to 250 ms, + U(0, 1) × "
                          "the step");
        }
    }
    if (m.balancer) {
        const LoadBalancerSpec& lb = *m.balancer;
        if (lb.policy != LbPolicy::PeakEwma)
            notes.add(m.balancerPath + ".policy", "Linkerd balances by peak-EWMA P2C only");
        if (lb.policy == LbPolicy::PeakEwma && lb.defaultRttMs != kLinkerdEwmaDefaultRttMs)
            notes.add(m.balancerPath + ".default_rtt_ms",
                      "Linkerd's peak-EWMA default RTT is fixed at 30 ms");
        if (lb.policy == LbPolicy::PeakEwma && lb.decayMs != kLinkerdEwmaDecayMs)
            notes.add(m.balancerPath + ".decay_ms", "Linkerd's peak-EWMA decay is fixed at 10 s");
        if (lb.outlierDetection)
            notes.add(m.balancerPath + ".outlier_detection",
                      "Envoy's outlier detection (Linkerd's is failure accrual)");
        if (lb.healthyPanicThreshold != 0)
            notes.add(m.balancerPath + ".healthy_panic_threshold", "Linkerd has no panic routing");
        if (lb.previousHosts)
            notes.add(m.balancerPath + ".retry_host_predicate", "(Linkerd has no such setting)");
        if (lb.failureAccrual) {
            const FailureAccrualSpec& f = *lb.failureAccrual;
            annotate("balancer.linkerd.io/failure-accrual", "consecutive");
            annotate("balancer.linkerd.io/failure-accrual-consecutive-max-failures",
                     std::to_string(f.consecutiveFailures));
            annotate("balancer.linkerd.io/failure-accrual-consecutive-min-penalty",
                     meshGoDuration(f.minPenaltyMs));
            annotate("balancer.linkerd.io/failure-accrual-consecutive-max-penalty",
                     meshGoDuration(f.maxPenaltyMs));
            annotate("balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio",
                     number(f.jitterRatio));
        }
    }
    if (m.target && m.target->replicas > 1)
        notes.add("endpoints." + m.target->id + ".replicas",
                  std::to_string(m.target->replicas) +
                      " hosts: the Deployment's replicas, not Linkerd's configuration");
    std::string service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n";
    if (!annotations.empty()) service += "  annotations:\n" + annotations;
    service += "spec:\n  selector:\n    app: " + name + "\n  ports:\n  - port: 80\n";
    return ExportResult{notesComment(notes, "# ", "linkerd", "Linkerd") + service + profile,
                        notes.items};
}

} // namespace reslab::detail
