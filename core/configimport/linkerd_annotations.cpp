// Linkerd's annotations and balancer (linkerd_annotations.h).

#include "configimport/linkerd_annotations.h"

#include "configimport/envoy_cluster.h"
#include "policy/load_balancer_spec.h"

#include <QStringList>
#include <algorithm>

namespace reslab {

namespace {

const char* const kAnnotationsRs = "linkerd2 policy-controller/k8s/index/src/outbound";
// parse_http_retry: the limit is 1 when another retry annotation is set.
inline constexpr int kLinkerdDefaultRetryLimit = 1;
// convert_retry (policy-controller/grpc/src/outbound/http.rs): min_backoff 25 ms, max 250 ms,
// jitter_ratio 1.0. The proxy (linkerd/exp-backoff) waits base + U(0,1)·base, at most max, with
// base = min(25 ms · 2ᵏ, 250 ms): exactly min(U(base, 2·base), 250 ms), which is the scenario's
// exponential 37.5 ms × 2ᵏ with ±⅓ proportional jitter capped after the jitter.
inline constexpr double kLinkerdRetryMinBackoffMs = 25.0;
inline constexpr double kLinkerdRetryMaxBackoffMs = 250.0;

// retry.linkerd.io/http as parse_http_retry takes it: 5xx, gateway-error, a code, a range a-b.
std::optional<std::vector<std::pair<int, int>>> statusList(LinkerdAnnotations& a, const char* key)
{
    const auto t = a.text(key);
    if (!t) return std::nullopt;
    std::vector<std::pair<int, int>> ranges;
    for (const QString& part : QString::fromStdString(*t).split(',')) {
        const QString s = part.trimmed();
        bool ok1 = false, ok2 = false;
        if (s == "5xx") {
            ranges.push_back({500, 599});
        } else if (s == "gateway-error") {
            ranges.push_back({502, 504});
        } else if (const int c = s.toInt(&ok1); ok1 && c >= 100 && c <= 599) {
            ranges.push_back({c, c});
        } else if (const QStringList ab = s.split('-'); ab.size() == 2) {
            const int lo = ab[0].toInt(&ok1), hi = ab[1].toInt(&ok2);
            if (!ok1 || !ok2 || lo < 100 || hi > 599 || lo > hi)
                return a.bad(key, "invalid status range \"" + s.toStdString() + "\""), std::nullopt;
            ranges.push_back({lo, hi});
        } else {
            return a.bad(key, "invalid retry condition \"" + s.toStdString() +
                                  "\" (5xx, gateway-error, a code, or a range a-b)"),
                   std::nullopt;
        }
    }
    return ranges;
}

void failureAccrual(LinkerdAnnotations& a, ScenarioBuilder& b)
{
    const char* const mode = "balancer.linkerd.io/failure-accrual";
    const auto m = a.text(mode);
    if (!m) return;
    if (*m != "consecutive" && *m != "unified")
        return a.bad(mode, "must be consecutive or unified, got \"" + *m + "\"");
    const std::string origin = std::string(kAnnotationsRs) + "/index.rs parse_consecutive_params";
    const std::string fa = "failure_accrual.";
    const char* const maxF = "balancer.linkerd.io/failure-accrual-consecutive-max-failures";
    if (const auto n = a.whole(maxF, 1, 4'294'967'295LL))
        b.set(fa + "consecutive_failures", double(*n));
    else
        b.fill(fa + "consecutive_failures", double(kLinkerdConsecutiveFailures), maxF, origin);
    const char* const minP = "balancer.linkerd.io/failure-accrual-consecutive-min-penalty";
    const char* const maxP = "balancer.linkerd.io/failure-accrual-consecutive-max-penalty";
    const auto lo = a.duration(minP), hi = a.duration(maxP);
    if (lo)
        b.set(fa + "min_penalty_ms", *lo);
    else
        b.fill(fa + "min_penalty_ms", kLinkerdMinPenaltyMs, minP, origin);
    if (hi)
        b.set(fa + "max_penalty_ms", *hi);
    else
        b.fill(fa + "max_penalty_ms", kLinkerdMaxPenaltyMs, maxP, origin);
    if (lo.value_or(kLinkerdMinPenaltyMs) > hi.value_or(kLinkerdMaxPenaltyMs))
        a.bad(minP, "the minimum penalty is above the maximum");
    const char* const jit = "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio";
    if (const auto j = a.number(jit, 0, 100))
        b.set(fa + "jitter_ratio", *j);
    else
        b.fill(fa + "jitter_ratio", kLinkerdJitterRatio, jit, origin);
    if (*m == "unified")
        b.note(mode,
               "unified: its windowed success-rate breaker (threshold 0.8 over 10 s, "
               "policy-controller/core/src/outbound.rs) is not simulated; the consecutive "
               "part is",
               a.place(mode));
}

} // namespace

void linkerdRetryConditions(const std::vector<std::pair<int, int>>& ranges, QJsonArray& on,
                            QJsonArray& statuses)
{
    const auto add = [&](const char* o) {
        if (!on.contains(QJsonValue(o))) on.append(o);
    };
    for (const auto& [lo, hi] : ranges) {
        if (lo <= 500 && hi >= 599) {
            add("error");
            add("rejected");
            continue;
        }
        for (int c = lo; c <= hi; ++c) {
            if (c == 503)
                add("rejected");
            else if (c == 429)
                add("rate_limited");
            else if (c == 409)
                add("conflict");
            else if (!statuses.contains(QJsonValue(c)))
                statuses.append(c);
        }
    }
}

void linkerdLoadBalancer(ScenarioBuilder& b, LinkerdAnnotations* service, const std::string& source)
{
    b.strategy("load_balancer", "Linkerd's balancer");
    b.fill("policy", "peak_ewma", source,
           "Linkerd balances by power of two choices over peak-EWMA latency (linkerd2 "
           "policy-controller/grpc/src/outbound.rs default_balancer_config)");
    b.fill("default_rtt_ms", kLinkerdEwmaDefaultRttMs, source,
           "linkerd2 policy-controller/grpc/src/outbound.rs BALANCER_DEFAULT_RTT (30 ms)");
    b.fill("decay_ms", kLinkerdEwmaDecayMs, source,
           "linkerd2 policy-controller/grpc/src/outbound.rs BALANCER_RTT_DECAY (10 s)");
    b.fill("healthy_panic_threshold", 0.0, source,
           "Linkerd has no panic routing: with every endpoint shut it queues, then fails fast");
    if (service) failureAccrual(*service, b);
    b.fleet(kSkeletonReplicas, {}, source,
            "a skeleton fleet: the resources list no endpoints, so a few hosts to edit");
}

void linkerdFromAnnotations(LinkerdAnnotations* route, LinkerdAnnotations* service,
                            ScenarioBuilder& b)
{
    // A route's retry and timeouts replace its Service's (outbound/http.rs: service_retry only
    // when the route has none).
    const auto hasAny = [](LinkerdAnnotations* a, const char* prefix) {
        if (!a) return false;
        for (auto it = a->all().begin(); it != a->all().end(); ++it)
            if (it.key().startsWith(prefix)) return true;
        return false;
    };
    LinkerdAnnotations* retry = hasAny(route, "retry.linkerd.io/")     ? route
                                : hasAny(service, "retry.linkerd.io/") ? service
                                                                       : nullptr;
    LinkerdAnnotations* timeout = hasAny(route, "timeout.linkerd.io/")     ? route
                                  : hasAny(service, "timeout.linkerd.io/") ? service
                                                                           : nullptr;
    for (LinkerdAnnotations* a : {route, service})
        if (a)
            for (auto it = a->all().begin(); it != a->all().end(); ++it) {
                const std::string k = it.key().toStdString();
                static const char* const known[] = {
                    "retry.linkerd.io/limit",
                    "retry.linkerd.io/timeout",
                    "retry.linkerd.io/http",
                    "retry.linkerd.io/grpc",
                    "timeout.linkerd.io/request",
                    "timeout.linkerd.io/response",
                    "timeout.linkerd.io/idle",
                    "balancer.linkerd.io/failure-accrual",
                    "balancer.linkerd.io/failure-accrual-consecutive-max-failures",
                    "balancer.linkerd.io/failure-accrual-consecutive-min-penalty",
                    "balancer.linkerd.io/failure-accrual-consecutive-max-penalty",
                    "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio"};
                const bool ours = k.find("linkerd.io/") != std::string::npos &&
                                  (k.rfind("retry.", 0) == 0 || k.rfind("timeout.", 0) == 0 ||
                                   k.rfind("balancer.", 0) == 0);
                if (ours && std::find_if(std::begin(known), std::end(known),
                                         [&](const char* n) { return k == n; }) == std::end(known))
                    b.unknownKey(a->path(it.key().toUtf8().constData()), "Linkerd",
                                 a->place(it.key().toUtf8().constData()));
            }
    if (timeout) {
        if (const auto t = timeout->duration("timeout.linkerd.io/request")) {
            b.strategy("timeout", "timeout.linkerd.io/request");
            b.set("timeout_ms", *t);
        }
        for (const char* k : {"timeout.linkerd.io/response", "timeout.linkerd.io/idle"})
            if (timeout->has(k))
                b.note(k, "not simulated (the response-headers and idle timeouts)",
                       timeout->place(k));
    }
    std::optional<double> retryTimeout;
    if (retry) {
        const auto limit = retry->whole("retry.linkerd.io/limit", 0, 65535);
        retryTimeout = retry->duration("retry.linkerd.io/timeout");
        const auto ranges = statusList(*retry, "retry.linkerd.io/http");
        if (retry->has("retry.linkerd.io/grpc"))
            b.note("retry.linkerd.io/grpc", "gRPC status conditions (the model answers HTTP)",
                   retry->place("retry.linkerd.io/grpc"));
        b.strategy("retry", "retry.linkerd.io");
        if (limit && *limit > 0)
            b.set("max_attempts", double(*limit + 1));
        else
            b.fill("max_attempts", double(kLinkerdDefaultRetryLimit + 1), "retry.linkerd.io/limit",
                   std::string(kAnnotationsRs) + "/index/http.rs parse_http_retry: limit 1");
        b.fill("backoff",
               QJsonObject{{"type", "exponential"},
                           {"initial_ms", kLinkerdRetryMinBackoffMs * 1.5},
                           {"multiplier", 2},
                           {"max_ms", kLinkerdRetryMaxBackoffMs}},
               "(no annotation sets it)",
               "linkerd2 policy-controller/grpc/src/outbound/http.rs convert_retry: 25 ms to "
               "250 ms, jitter ratio 1");
        b.fill("jitter",
               QJsonObject{
                   {"type", "proportional"}, {"factor", 1.0 / 3.0}, {"cap_after_jitter", true}},
               "(no annotation sets it)",
               "linkerd/exp-backoff: base + U(0,1)·base, at most 250 ms");
        QJsonArray on, statuses;
        if (ranges) linkerdRetryConditions(*ranges, on, statuses);
        if (retryTimeout) on.append("timeout");
        b.set("retry_on", on);
        if (!statuses.isEmpty()) b.set("retry_on_status", statuses);
        if (!ranges)
            b.note("retry.linkerd.io/http",
                   "not set: the controller sends an empty list of status ranges "
                   "(convert_retry), so no answer is retried by its status",
                   retry->place("retry.linkerd.io/limit"));
        if (retryTimeout) {
            b.strategy("timeout", "retry.linkerd.io/timeout");
            b.set("timeout_ms", *retryTimeout);
        }
    }
    linkerdLoadBalancer(b, service,
                        service ? service->resource().kind + " " + service->resource().name
                                : std::string("Service"));
}

} // namespace reslab
