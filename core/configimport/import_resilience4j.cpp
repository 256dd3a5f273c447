// resilience4j through Spring Boot (resilience4j-spring-boot3): application.yml's
// resilience4j.{circuitbreaker,retry,bulkhead,thread-pool-bulkhead,ratelimiter,timelimiter}, each
// with `instances` (or the legacy `backends`, and `limiters` for the rate limiter) and `configs`.
// An instance's settings are resolved as resilience4j-framework-common resolves them
// (Common*ConfigurationProperties.create*Config @ af9e7c97): its baseConfig's config (a chain of
// baseConfigs), else configs.<its name>, else configs.default, under the instance's own keys.
// The strategies of one instance name are composed in the Spring aspects' order, lowest order
// outermost: Retry(CircuitBreaker(RateLimiter(TimeLimiter(Bulkhead(call))))) by default
// (spring6 *ConfigurationProperties: LOWEST_PRECEDENCE − 5 … − 1), moved by *AspectOrder keys.

#include "configimport/durations.h"
#include "configimport/format_importers.h"
#include "configimport/r4j_modules.h"
#include "configimport/r4j_settings.h"
#include "configimport/scenario_builder.h"
#include "configimport/yaml_properties.h"

#include <QJsonArray>
#include <QString>
#include <algorithm>
#include <climits>
#include <map>
#include <set>

namespace reslab {

namespace {

using r4j::Module;
using r4j::Reader;
using r4j::Resolver;
using r4j::Settings;
using r4j::withWait;

const r4j::WaitKeys kRetryWait{"waitduration",
                               {"enableexponentialbackoff", "enablerandomizedwait",
                                "exponentialbackoffmultiplier", "exponentialmaxwaitduration",
                                "randomizedwaitfactor"},
                               {"enableexponentialbackoff", "enablerandomizedwait",
                                "exponentialbackoffmultiplier", "exponentialmaxwaitduration"}};
const r4j::WaitKeys kBreakerWait{"waitdurationinopenstate",
                                 {"enableexponentialbackoff", "exponentialbackoffmultiplier",
                                  "exponentialmaxwaitdurationinopenstate", "enablerandomizedwait",
                                  "randomizedwaitfactor"},
                                 {}};

void circuitBreaker(Reader& r, ScenarioBuilder& b, const std::string& name)
{
    b.fixed("name", QString::fromStdString(name));
    b.fixed("preset", "resilience4j");
    const auto type = r.word("slidingwindowtype", {"COUNT_BASED", "TIME_BASED"});
    const auto size = r.whole("slidingwindowsize", 1);
    const bool time = type && *type == "TIME_BASED";
    r.put("window.type", type, time ? "time" : "count", "slidingwindowtype",
          "CircuitBreakerConfig DEFAULT_SLIDING_WINDOW_TYPE = COUNT_BASED");
    r.put(time ? "window.size_s" : "window.size", size, double(size.value_or(kR4jWindowSize)),
          "slidingwindowsize", "CircuitBreakerConfig DEFAULT_SLIDING_WINDOW_SIZE = 100");
    const auto failure = r.number("failureratethreshold", 0, 100, true);
    r.put("failure_rate", failure, failure.value_or(kR4jFailureRate * 100) / 100,
          "failureratethreshold", "CircuitBreakerConfig DEFAULT_FAILURE_RATE_THRESHOLD = 50 (%)");
    const auto slowRate = r.number("slowcallratethreshold", 0, 100, true);
    r.put("slow_call_rate", slowRate, slowRate.value_or(kR4jSlowCallRate * 100) / 100,
          "slowcallratethreshold",
          "CircuitBreakerConfig DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100 (%)");
    const auto slow = r.duration("slowcalldurationthreshold", 1e-6);
    r.put("slow_call_ms", slow, slow.value_or(kR4jSlowCallMs), "slowcalldurationthreshold",
          "CircuitBreakerConfig DEFAULT_SLOW_CALL_DURATION_THRESHOLD = 60 s");
    const auto minCalls = r.whole("minimumnumberofcalls", 1);
    r.put("min_calls", minCalls, double(minCalls.value_or(kR4jMinCalls)), "minimumnumberofcalls",
          "CircuitBreakerConfig DEFAULT_MINIMUM_NUMBER_OF_CALLS = 100");
    const auto open = r.duration("waitdurationinopenstate", 1);
    r.put("open_ms", open, open.value_or(kR4jOpenMs), "waitdurationinopenstate",
          "CircuitBreakerConfig DEFAULT_WAIT_DURATION_IN_OPEN_STATE = 60 s");
    const auto halfOpen = r.whole("permittednumberofcallsinhalfopenstate", 1);
    r.put("half_open_calls", halfOpen, double(halfOpen.value_or(kR4jHalfOpenCalls)),
          "permittednumberofcallsinhalfopenstate",
          "CircuitBreakerConfig DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 10");
    const auto maxHalfOpen = r.duration("maxwaitdurationinhalfopenstate");
    r.put("max_half_open_ms", maxHalfOpen, maxHalfOpen.value_or(0.0),
          "maxwaitdurationinhalfopenstate",
          "CircuitBreakerConfig DEFAULT_WAIT_DURATION_IN_HALF_OPEN_STATE = 0 (no limit)");
    const auto automatic = r.boolean("automatictransitionfromopentohalfopenenabled");
    r.put("automatic_half_open", automatic, automatic.value_or(false),
          "automatictransitionfromopentohalfopenenabled",
          "CircuitBreakerConfig automaticTransitionFromOpenToHalfOpenEnabled = false");
    // The open state's wait may grow (configureCircuitBreakerOpenStateIntervalFunction).
    if (r.boolean("enableexponentialbackoff").value_or(false)) {
        const auto multiplier = r.number("exponentialbackoffmultiplier", 1, 1000, false);
        r.put("open_multiplier", multiplier, multiplier.value_or(kR4jDefaultMultiplier),
              "exponentialbackoffmultiplier", "IntervalFunction DEFAULT_MULTIPLIER = 1.5");
        if (const auto max = r.duration("exponentialmaxwaitdurationinopenstate", 1))
            b.set("open_max_ms", *max);
    }
    // Every exception is recorded by default (recordExceptions empty: CircuitBreakerConfig's
    // DEFAULT_RECORD_EXCEPTION_PREDICATE is throwable -> true), so every failure outcome counts.
    b.fill("failure_on", everyFailureOutcome(), r.sourceKey("recordexceptions"),
           "CircuitBreakerConfig DEFAULT_RECORD_EXCEPTION_PREDICATE: every exception");
    if (const auto state = r.word("transitiontostateafterwaitduration", {"OPEN", "CLOSED"});
        state && *state == "CLOSED")
        b.note(r.sourceKey("transitiontostateafterwaitduration"),
               "CLOSED after the half-open wait (the breaker here goes back to OPEN)");
}

void retry(Reader& r, ScenarioBuilder& b)
{
    const auto attempts = r.whole("maxattempts", 1, 1000);
    r.put("max_attempts", attempts, double(attempts.value_or(kDefaultMaxAttempts)), "maxattempts",
          "RetryConfig DEFAULT_MAX_ATTEMPTS = 3");
    const auto wait = r.duration("waitduration");
    const auto exponential = r.boolean("enableexponentialbackoff");
    const auto randomized = r.boolean("enablerandomizedwait");
    const double waitMs = wait.value_or(kR4jDefaultWaitMs);
    const char* waitOrigin = "RetryConfig DEFAULT_WAIT_DURATION = 500 ms";
    if (exponential.value_or(false)) {
        b.fixed("backoff.type", "exponential");
        r.put("backoff.initial_ms", wait, waitMs, "waitduration", waitOrigin);
        const auto multiplier = r.number("exponentialbackoffmultiplier", 1, 1000, false);
        r.put("backoff.multiplier", multiplier, multiplier.value_or(kR4jDefaultMultiplier),
              "exponentialbackoffmultiplier", "IntervalFunction DEFAULT_MULTIPLIER = 1.5");
        if (const auto max = r.duration("exponentialmaxwaitduration"))
            b.set("backoff.max_ms", *max);
    } else {
        b.fixed("backoff.type", "constant");
        r.put("backoff.delay_ms", wait, waitMs, "waitduration", waitOrigin);
        r.get("exponentialbackoffmultiplier"); // read only with enableExponentialBackoff
        r.get("exponentialmaxwaitduration");
    }
    if (randomized.value_or(false)) {
        b.fixed("jitter.type", "proportional");
        const auto factor = r.number("randomizedwaitfactor", 0, 1, false);
        r.put("jitter.factor", factor, factor.value_or(kDefaultProportionalJitterFactor),
              "randomizedwaitfactor", "IntervalFunction DEFAULT_RANDOMIZATION_FACTOR = 0.5");
        // ofExponentialRandomBackoff randomises the wait, then caps it.
        if (exponential.value_or(false)) b.fixed("jitter.cap_after_jitter", true);
    } else {
        r.get("randomizedwaitfactor");
    }
    // retryExceptions empty: RetryConfig retries every exception, the circuit breaker's
    // CallNotPermittedException and the bulkhead's and rate limiter's refusals included.
    b.fill("retry_on", everyFailureOutcome(), r.sourceKey("retryexceptions"),
           "RetryConfig DEFAULT_RECORD_FAILURE_PREDICATE: every exception "
           "(CallNotPermittedException too)");
}

void bulkhead(Reader& r)
{
    const auto max = r.whole("maxconcurrentcalls", 0);
    r.put("max_concurrent", max, double(max.value_or(kR4jBulkheadMaxConcurrent)),
          "maxconcurrentcalls", "BulkheadConfig DEFAULT_MAX_CONCURRENT_CALLS = 25");
    const auto wait = r.duration("maxwaitduration");
    r.put("max_wait_ms", wait, wait.value_or(0.0), "maxwaitduration",
          "BulkheadConfig DEFAULT_MAX_WAIT_DURATION = 0 (a full bulkhead rejects at once)");
}

void threadPoolBulkhead(Reader& r, ScenarioBuilder& b)
{
    // ThreadPoolExecutor: core threads run, then the queue fills, then threads up to max.
    const auto core = r.whole("corethreadpoolsize", 1);
    const auto max = r.whole("maxthreadpoolsize", 1);
    const auto queue = r.whole("queuecapacity", 0);
    r.put("max_concurrent", core, double(core.value_or(kR4jAssumedCoreThreads)),
          "corethreadpoolsize",
          "ThreadPoolBulkheadConfig DEFAULT_CORE_THREAD_POOL_SIZE: availableProcessors − 1 (" +
              std::to_string(kR4jAssumedCpus) + " processors assumed)");
    r.put("max_queue", queue, double(queue.value_or(kR4jThreadPoolQueue)), "queuecapacity",
          "ThreadPoolBulkheadConfig DEFAULT_QUEUE_CAPACITY = 100");
    b.fixed("max_wait_ms", kQueuedForeverMs);
    b.note(r.sourceKey("maxthreadpoolsize"), "threads beyond the core size (" +
                                                 std::to_string(max.value_or(kR4jAssumedCpus)) +
                                                 "), which start only once the queue is full");
}

void rateLimiter(Reader& r, ScenarioBuilder& b)
{
    b.fixed("kind", "cycles");
    const auto limit = r.whole("limitforperiod", 1);
    r.put("limit_for_period", limit, double(limit.value_or(kR4jLimitForPeriod)), "limitforperiod",
          "RateLimiterConfig.Builder limitForPeriod = 50");
    const auto period = r.duration("limitrefreshperiod", 1e-6);
    r.put("refresh_period_ms", period, period.value_or(kR4jRefreshPeriodMs), "limitrefreshperiod",
          "RateLimiterConfig.Builder limitRefreshPeriod = 500 ns");
    const auto timeout = r.duration("timeoutduration");
    r.put("max_wait_ms", timeout, timeout.value_or(kR4jRateLimiterTimeoutMs), "timeoutduration",
          "RateLimiterConfig.Builder timeoutDuration = 5 s");
}

void timeLimiter(Reader& r, ScenarioBuilder& b)
{
    const auto timeout = r.duration("timeoutduration");
    r.put("timeout_ms", timeout, timeout.value_or(kR4jTimeLimiterMs), "timeoutduration",
          "TimeLimiterConfig timeoutDuration = 1 s");
    if (r.boolean("cancelrunningfuture").value_or(true))
        b.note(r.sourceKey("cancelrunningfuture"),
               "the future is cancelled on timeout, but the remote call goes on (the endpoint's "
               "cancel_on_timeout, false here, says whether the server stops)");
    b.note(r.sourceKey("timeoutduration"),
           "a TimeLimiter applies to methods returning CompletableFuture or reactive types only");
}

} // namespace

bool importResilience4j(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                        ImportedConfig& out, ConfigProblems& problems)
{
    YamlProperties yaml;
    std::vector<std::string> paths;
    for (const ConfigSource& f : files) {
        paths.push_back(f.path);
        if (!readYamlProperties(f.path, f.bytes, yaml, problems)) return false;
    }
    ScenarioBuilder b(ConfigFormat::Resilience4j, paths);
    for (const SourcePlace& p : yaml.profileDocuments)
        b.note("spring.config.activate.on-profile",
               "a document for a profile only (the documents without a profile are imported)", p);

    std::vector<Module> modules(r4jModules().size());
    for (std::size_t i = 0; i < modules.size(); ++i)
        modules[i].spec = &r4jModules()[i];
    std::vector<std::string> names; // every instance name, in file order
    bool any = false;
    for (const Property& p : yaml.properties) {
        if (p.path.empty() || r4jCanonical(p.path[0]) != "resilience4j") continue;
        any = true;
        if (p.path.size() < 2) continue;
        Module* m = nullptr;
        for (Module& candidate : modules)
            if (r4jCanonical(p.path[1]) == candidate.spec->prefix) m = &candidate;
        if (!m) {
            b.note(p.key(), "not a strategy simulated here", p.place);
            continue;
        }
        if (p.path.size() == 3 && r4jCanonical(p.path[2]) == m->spec->aspectOrder) {
            m->aspectOrder = &p;
            continue;
        }
        const std::string group = p.path.size() >= 4 ? r4jGroup(*m->spec, p.path[2]) : "";
        if (group.empty()) {
            b.note(p.key(), "a setting of the module, not of an instance: not simulated", p.place);
            continue;
        }
        const std::string& name = p.path[3];
        auto& settings = m->groups[group][name]; // "a: {}" declares an instance of defaults
        // A later file's (or document's) key wins, as Spring's later property sources do.
        if (p.path.size() >= 5) settings[r4jCanonical(p.path[4])] = &p;
        if (group == "instances") {
            if (std::find(m->instanceOrder.begin(), m->instanceOrder.end(), name) ==
                m->instanceOrder.end())
                m->instanceOrder.push_back(name);
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
    }
    if (!any) {
        problems.push_back(
            {paths.front(), 0, 0, "no resilience4j settings (no \"resilience4j:\" key)"});
        return false;
    }
    std::string instance = options.instance;
    if (instance.empty()) {
        if (!names.empty()) {
            instance = names.front();
        } else {
            instance = "default"; // only configs: what an annotation naming no instance gets
        }
    } else if (std::find(names.begin(), names.end(), instance) == names.end() &&
               instance != "default") {
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + n;
        problems.push_back({paths.front(), 0, 0,
                            "no resilience4j instance \"" + instance + "\" (the file has: " +
                                (list.empty() ? std::string("none") : list) + ")"});
        return false;
    }
    b.setInstance(instance, names);

    // The modules this name has, in aspect order (lowest first = outermost).
    struct Placed
    {
        Module* module;
        long long order;
    };
    std::vector<Placed> placed;
    bool semaphore = false;
    for (Module& m : modules) {
        const bool has = m.groups["instances"].count(instance) ||
                         (instance == "default" && m.groups["configs"].count("default"));
        if (!has) continue;
        long long order = LLONG_MAX - m.spec->defaultOrderFromLowest;
        if (m.aspectOrder) {
            const auto v = parseWhole(m.aspectOrder->value, INT_MIN, INT_MAX);
            if (!v) {
                problems.push_back(problemAt(m.aspectOrder->place,
                                             m.aspectOrder->key() + ": not a whole number: \"" +
                                                 m.aspectOrder->value + "\""));
                return false;
            }
            order = *v;
        }
        if (std::string(m.spec->prefix) == "bulkhead") semaphore = true;
        placed.push_back({&m, order});
    }
    if (placed.empty()) {
        problems.push_back(
            {paths.front(), 0, 0, "resilience4j instance \"" + instance + "\" has no strategy"});
        return false;
    }
    std::stable_sort(placed.begin(), placed.end(),
                     [](const Placed& a, const Placed& c) { return a.order < c.order; });
    const std::size_t problemsBefore = problems.size();
    for (const Placed& pl : placed) {
        Module& m = *pl.module;
        const std::string kind = m.spec->prefix;
        if (kind == "threadpoolbulkhead" && semaphore) {
            b.note("resilience4j.thread-pool-bulkhead.instances." + instance,
                   "a thread-pool bulkhead beside a semaphore bulkhead of the same name: "
                   "@Bulkhead's type (SEMAPHORE by default) picks one; the semaphore one is "
                   "imported");
            continue;
        }
        const auto resolved = Resolver(m, problems).resolve(instance);
        if (!resolved) return false;
        const std::string from = resolved->from();
        // The wait (the retry's, the open state's) is built from one level only.
        std::vector<const Property*> ignored;
        std::string waitSource;
        const Settings settings =
            kind == "retry"            ? withWait(*resolved, kRetryWait, ignored, waitSource)
            : kind == "circuitbreaker" ? withWait(*resolved, kBreakerWait, ignored, waitSource)
                                       : resolved->merged;
        for (const Property* p : ignored)
            b.note(p->key(),
                   "has no effect: its level sets no " +
                       std::string(kind == "retry" ? "waitDuration" : "waitDurationInOpenState") +
                       ", so the wait comes from " + waitSource,
                   p->place);
        const std::string prefix =
            "resilience4j." + std::string(m.spec->written) + ".instances." + instance;
        Reader r(settings, prefix, *m.spec, b, problems);
        const std::string title = std::string(m.spec->title) + " " + instance +
                                  (from.empty() ? "" : " (with " + from + ")");
        if (kind == "circuitbreaker") {
            b.strategy("circuit_breaker", title);
            circuitBreaker(r, b, instance);
        } else if (kind == "retry") {
            b.strategy("retry", title);
            retry(r, b);
        } else if (kind == "bulkhead") {
            b.strategy("bulkhead", title);
            bulkhead(r);
        } else if (kind == "threadpoolbulkhead") {
            b.strategy("bulkhead", title);
            threadPoolBulkhead(r, b);
        } else if (kind == "ratelimiter") {
            b.strategy("rate_limiter", title);
            rateLimiter(r, b);
        } else {
            b.strategy("timeout", title);
            timeLimiter(r, b);
        }
        r.get("baseconfig");
        r.rest();
    }
    if (problems.size() != problemsBefore) return false;
    if (names.size() > 1)
        b.note("resilience4j.*.instances", "the file has " + std::to_string(names.size()) +
                                               " instance names; \"" + instance +
                                               "\" is imported (--instance NAME for another)");
    return b.finish(instance, out, problems);
}

} // namespace reslab
