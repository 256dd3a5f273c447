// Polly v8 through Microsoft.Extensions.Http.Resilience: the options section an
// AddStandardResilienceHandler().Configure(section) (or AddStandardHedgingHandler) binds, in an
// appsettings.json. The standard handler's order is fixed
// (ResilienceHttpClientBuilderExtensions.StandardResilience.cs @ dotnet/extensions 5862342c):
// RateLimiter → TotalRequestTimeout → Retry → CircuitBreaker → AttemptTimeout; the hedging
// handler's: TotalRequestTimeout → Hedging → per endpoint RateLimiter → CircuitBreaker → Timeout.
// .NET binds keys in any case and values from their text (TimeSpans "00:00:05"), ignores keys it
// does not know, and validates the options when the client is first made: ranges from the options'
// [Range] attributes, then HttpStandardResilienceOptionsCustomValidator's two rules.

#include "configimport/durations.h"
#include "configimport/format_importers.h"
#include "configimport/json_properties.h"
#include "configimport/r4j_modules.h"
#include "configimport/scenario_builder.h"

#include <QJsonArray>
#include <algorithm>
#include <climits>
#include <map>

namespace reslab {

namespace {

// Polly's and the HTTP package's defaults.
inline constexpr int kPollyDefaultRetryCount = 3;             // RetryConstants.DefaultRetryCount
inline constexpr double kPollyDefaultDelayMs = 2000.0;        // RetryConstants.DefaultBaseDelay
inline constexpr double kPollyTimeoutMs = 30'000.0;           // TimeoutStrategyOptions.Timeout
inline constexpr double kStandardAttemptTimeoutMs = 10'000.0; // HttpStandardResilienceOptions
inline constexpr int kPollyPermitLimit = 1000;            // RateLimiterConstants.DefaultPermitLimit
inline constexpr int kPollyQueueLimit = 0;                // RateLimiterConstants.DefaultQueueLimit
inline constexpr double kPollyJitterFactor = 0.25;        // RetryHelper: ±25 % for constant/linear
inline constexpr double kMinTimeoutMs = 10.0;             // TimeoutStrategyOptions [Range] 10 ms
inline constexpr double kOneDayMs = 86'400'000.0;         // the [Range] maxima, "1.00:00:00"
inline constexpr double kMinBreakMs = 500.0;              // [Range("00:00:00.500", …)]
inline constexpr int kMinThroughput = 2;                  // CircuitBreakerConstants
inline constexpr int kMaxHedgedAttempts = 10;             // HedgingStrategyOptions [Range(1, 10)]
inline constexpr double kSamplingPerAttemptTimeout = 2.0; // CircuitBreakerTimeoutMultiplier

std::string folded(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// One section's keys, relative to it, case folded: "retry:maxretryattempts" → property.
struct Section
{
    std::vector<std::string> path; // as first written
    bool hedging = false;
    std::map<std::string, const Property*> keys;
    SourcePlace place;
    std::string name() const
    {
        std::string n;
        for (const auto& s : path)
            n += (n.empty() ? "" : ":") + s;
        return n;
    }
};

const char* const kStandard[] = {"ratelimiter", "totalrequesttimeout", "retry", "circuitbreaker",
                                 "attempttimeout"};
const char* const kHedging[] = {"hedging", "endpoint"};

// The strategy keys .NET binds in each handler's options (case folded).
const std::vector<std::string>& knownKeys(bool hedging)
{
    static const std::vector<std::string> standard = {
        "ratelimiter:defaultratelimiteroptions:permitlimit",
        "ratelimiter:defaultratelimiteroptions:queuelimit",
        "ratelimiter:defaultratelimiteroptions:queueprocessingorder",
        "ratelimiter:name",
        "totalrequesttimeout:timeout",
        "totalrequesttimeout:name",
        "retry:maxretryattempts",
        "retry:backofftype",
        "retry:usejitter",
        "retry:delay",
        "retry:maxdelay",
        "retry:shouldretryafterheader",
        "retry:name",
        "circuitbreaker:failureratio",
        "circuitbreaker:minimumthroughput",
        "circuitbreaker:samplingduration",
        "circuitbreaker:breakduration",
        "circuitbreaker:name",
        "attempttimeout:timeout",
        "attempttimeout:name"};
    static const std::vector<std::string> hedge = {
        "totalrequesttimeout:timeout",
        "totalrequesttimeout:name",
        "hedging:maxhedgedattempts",
        "hedging:delay",
        "hedging:name",
        "endpoint:ratelimiter:defaultratelimiteroptions:permitlimit",
        "endpoint:ratelimiter:defaultratelimiteroptions:queuelimit",
        "endpoint:ratelimiter:defaultratelimiteroptions:queueprocessingorder",
        "endpoint:ratelimiter:name",
        "endpoint:circuitbreaker:failureratio",
        "endpoint:circuitbreaker:minimumthroughput",
        "endpoint:circuitbreaker:samplingduration",
        "endpoint:circuitbreaker:breakduration",
        "endpoint:circuitbreaker:name",
        "endpoint:timeout:timeout",
        "endpoint:timeout:name"};
    return hedging ? hedge : standard;
}

bool startsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix)
{
    if (path.size() <= prefix.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k)
        if (folded(path[k]) != folded(prefix[k])) return false;
    return true;
}

// The sections: the paths under which a strategy key of either handler appears (the outermost
// such path, so Endpoint:CircuitBreaker stays inside its hedging section). Then every key under a
// section is its key, known or not, so a misspelt one is reported.
std::vector<Section> findSections(const Properties& properties)
{
    std::vector<Section> sections;
    for (const Property& p : properties) {
        for (std::size_t i = 0; i < p.path.size(); ++i) {
            const std::string s = folded(p.path[i]);
            const bool standard =
                std::find(std::begin(kStandard), std::end(kStandard), s) != std::end(kStandard);
            const bool hedging =
                std::find(std::begin(kHedging), std::end(kHedging), s) != std::end(kHedging);
            if (!standard && !hedging) continue;
            const std::vector<std::string> path(p.path.begin(), p.path.begin() + std::ptrdiff_t(i));
            const bool inner =
                std::any_of(sections.begin(), sections.end(),
                            [&](const Section& sec) { return startsWith(path, sec.path); });
            if (inner) break;
            auto it = std::find_if(sections.begin(), sections.end(), [&](const Section& sec) {
                return sec.path.size() == path.size() &&
                       (path.empty() || startsWith(p.path, sec.path));
            });
            if (it == sections.end()) {
                sections.push_back(Section{path, false, {}, p.place});
                it = sections.end() - 1;
            }
            it->hedging = it->hedging || hedging;
            break;
        }
    }
    const auto strategyKey = [](const std::string& segment) {
        const std::string s = folded(segment);
        return std::find(std::begin(kStandard), std::end(kStandard), s) != std::end(kStandard) ||
               std::find(std::begin(kHedging), std::end(kHedging), s) != std::end(kHedging);
    };
    for (const Property& p : properties)
        for (Section& sec : sections)
            // A section at the top level owns only the strategy keys (Logging is not its).
            if (startsWith(p.path, sec.path) &&
                (!sec.path.empty() || strategyKey(p.path.front()))) {
                std::string joined;
                for (std::size_t k = sec.path.size(); k < p.path.size(); ++k)
                    joined += (joined.empty() ? "" : ":") + folded(p.path[k]);
                sec.keys[joined] = &p; // a later file's key wins
                break;
            }
    return sections;
}

class Options
{
public:
    Options(const Section& s, ScenarioBuilder& b, ConfigProblems& problems)
        : m_s(s), m_b(b), m_problems(problems)
    {
    }

    const Property* get(const std::string& key) const
    {
        const auto it = m_s.keys.find(key);
        return it == m_s.keys.end() || it->second->null ? nullptr : it->second;
    }
    std::string sourceKey(const std::string& key) const
    {
        return (m_s.path.empty() ? "" : m_s.name() + ":") + written(key);
    }
    SourcePlace placeOf(const std::string& key) const
    {
        const Property* p = get(key);
        return p ? p->place : m_s.place;
    }
    void note(const std::string& key, const std::string& why)
    {
        m_b.note(sourceKey(key), why, placeOf(key));
    }
    void bad(const std::string& key, const std::string& why)
    {
        m_problems.push_back(problemAt(placeOf(key), sourceKey(key) + ": " + why));
    }

    std::optional<double> timeSpan(const std::string& key, double min, double max)
    {
        const Property* p = get(key);
        if (!p) return std::nullopt;
        std::string error;
        bool days = false;
        const auto ms = timeSpanMs(p->value, error, &days);
        if (!ms) return bad(key, error), std::nullopt;
        if (days)
            m_b.note(sourceKey(key),
                     "\"" + p->value + "\" is read by TimeSpan.Parse as " + p->value +
                         " day(s), not seconds (write \"00:00:" + p->value + "\" for seconds)",
                     p->place);
        if (*ms < min || *ms > max)
            return bad(key, "must be from " + msText(min) + " to " + msText(max) +
                                " (the option's "
                                "[Range]), got \"" +
                                p->value + "\""),
                   std::nullopt;
        return ms;
    }
    std::optional<long long> whole(const std::string& key, long long min, long long max = INT_MAX)
    {
        const Property* p = get(key);
        if (!p) return std::nullopt;
        const auto v = parseWhole(p->value, LLONG_MIN, LLONG_MAX);
        if (!v) return bad(key, "not a whole number: \"" + p->value + "\""), std::nullopt;
        if (*v < min || *v > max)
            return bad(key, "must be from " + std::to_string(min) + " to " + std::to_string(max) +
                                ", got " + p->value),
                   std::nullopt;
        return v;
    }
    std::optional<double> number(const std::string& key, double min, double max)
    {
        const Property* p = get(key);
        if (!p) return std::nullopt;
        const auto v = parseDecimal(p->value);
        if (!v) return bad(key, "not a number: \"" + p->value + "\""), std::nullopt;
        if (*v < min || *v > max)
            return bad(key, "must be from " + QString::number(min).toStdString() + " to " +
                                QString::number(max).toStdString() + ", got " + p->value),
                   std::nullopt;
        return v;
    }
    std::optional<bool> boolean(const std::string& key)
    {
        const Property* p = get(key);
        if (!p) return std::nullopt;
        const auto v = parseBoolean(p->value, false);
        if (!v) bad(key, "not true or false: \"" + p->value + "\"");
        return v;
    }
    // An enum by name (any case) or by its number, as the configuration binder takes it.
    std::optional<int> choice(const std::string& key, std::vector<const char*> names)
    {
        const Property* p = get(key);
        if (!p) return std::nullopt;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (folded(p->value) == folded(names[i]) || p->value == std::to_string(i))
                return int(i);
        std::string list;
        for (const char* n : names)
            list += (list.empty() ? "" : ", ") + std::string(n);
        bad(key, "unknown value \"" + p->value + "\" (expected one of: " + list + ")");
        return std::nullopt;
    }

    template <class T>
    void put(const std::string& scenarioKey, const std::optional<T>& given, QJsonValue value,
             const std::string& key, const std::string& origin)
    {
        if (given)
            m_b.set(scenarioKey, value);
        else
            m_b.fill(scenarioKey, value, sourceKey(key), origin);
    }

    void unknownKeys()
    {
        const auto& known = knownKeys(m_s.hedging);
        for (const auto& [key, p] : m_s.keys)
            if (std::find(known.begin(), known.end(), key) == known.end())
                m_b.unknownKey(p->key(':'), ".NET's configuration binder", p->place);
            else if (key.ends_with(":name"))
                m_b.note(p->key(':'), "a strategy's name (telemetry only)", p->place);
    }

private:
    // "retry:maxretryattempts" as the options spell it: "Retry:MaxRetryAttempts".
    static std::string written(const std::string& key)
    {
        static const std::pair<const char*, const char*> kNames[] = {
            {"ratelimiter", "RateLimiter"},
            {"defaultratelimiteroptions", "DefaultRateLimiterOptions"},
            {"permitlimit", "PermitLimit"},
            {"queuelimit", "QueueLimit"},
            {"queueprocessingorder", "QueueProcessingOrder"},
            {"name", "Name"},
            {"totalrequesttimeout", "TotalRequestTimeout"},
            {"timeout", "Timeout"},
            {"retry", "Retry"},
            {"maxretryattempts", "MaxRetryAttempts"},
            {"backofftype", "BackoffType"},
            {"usejitter", "UseJitter"},
            {"delay", "Delay"},
            {"maxdelay", "MaxDelay"},
            {"shouldretryafterheader", "ShouldRetryAfterHeader"},
            {"circuitbreaker", "CircuitBreaker"},
            {"failureratio", "FailureRatio"},
            {"minimumthroughput", "MinimumThroughput"},
            {"samplingduration", "SamplingDuration"},
            {"breakduration", "BreakDuration"},
            {"attempttimeout", "AttemptTimeout"},
            {"hedging", "Hedging"},
            {"maxhedgedattempts", "MaxHedgedAttempts"},
            {"endpoint", "Endpoint"}};
        std::string out;
        std::size_t from = 0;
        for (;;) {
            const std::size_t colon = key.find(':', from);
            const std::string part = key.substr(from, colon - from);
            std::string w = part;
            for (const auto& [k, v] : kNames)
                if (part == k) w = v;
            out += (out.empty() ? "" : ":") + w;
            if (colon == std::string::npos) break;
            from = colon + 1;
        }
        return out;
    }

    const Section& m_s;
    ScenarioBuilder& m_b;
    ConfigProblems& m_problems;
};

QJsonArray handledOutcomes()
{
    // HttpClientResiliencePredicates.IsTransient: status ≥ 500, 408, 429, HttpRequestException,
    // TimeoutRejectedException (an attempt's timeout).
    return QJsonArray{"error", "timeout", "rate_limited", "rejected", "reset"};
}
const char* const kPredicates = "HttpClientResiliencePredicates.IsTransient: ≥ 500, 408, 429, "
                                "HttpRequestException, TimeoutRejectedException";

void rateLimiter(Options& o, const std::string& prefix)
{
    const auto permits = o.whole(prefix + "defaultratelimiteroptions:permitlimit", 1);
    o.put("max_concurrent", permits, double(permits.value_or(kPollyPermitLimit)),
          prefix + "defaultratelimiteroptions:permitlimit",
          "RateLimiterConstants.DefaultPermitLimit = 1000 (a ConcurrencyLimiter)");
    const auto queue = o.whole(prefix + "defaultratelimiteroptions:queuelimit", 0);
    if (queue.value_or(kPollyQueueLimit) > 0) {
        // A queued lease waits until a permit frees up (or the request's token is cancelled).
        o.put("max_wait_ms", queue, kQueuedForeverMs,
              prefix + "defaultratelimiteroptions:queuelimit", "");
        o.put("max_queue", queue, double(*queue), prefix + "defaultratelimiteroptions:queuelimit",
              "");
    }
    if (o.choice(prefix + "defaultratelimiteroptions:queueprocessingorder",
                 {"OldestFirst", "NewestFirst"}) == 1)
        o.note(prefix + "defaultratelimiteroptions:queueprocessingorder",
               "NewestFirst: the bulkhead here serves its queue oldest first");
}

// Returns the sampling duration the file gives (the validators compare it).
std::optional<double> circuitBreaker(Options& o, ScenarioBuilder& b, const std::string& prefix,
                                     const std::string& name)
{
    b.fixed("name", QString::fromStdString(name));
    b.fixed("preset", "polly");
    const auto ratio = o.number(prefix + "failureratio", 0, 1);
    o.put("failure_rate", ratio, ratio.value_or(kPollyFailureRatio), prefix + "failureratio",
          "CircuitBreakerConstants.DefaultFailureRatio = 0.1");
    const auto throughput = o.whole(prefix + "minimumthroughput", kMinThroughput);
    o.put("min_calls", throughput, double(throughput.value_or(kPollyMinimumThroughput)),
          prefix + "minimumthroughput", "CircuitBreakerConstants.DefaultMinimumThroughput = 100");
    const auto sampling = o.timeSpan(prefix + "samplingduration", kMinBreakMs, kOneDayMs);
    b.fixed("window.type", "time");
    o.put("window.size_s", sampling, sampling.value_or(kPollySamplingDurationS * 1000) / 1000,
          prefix + "samplingduration", "CircuitBreakerConstants.DefaultSamplingDuration = 30 s");
    b.fixed("window.buckets", double(kPollySubWindows)); // RollingHealthMetrics: 10 windows
    b.fixed("window.bucket_start", "call");
    const auto brk = o.timeSpan(prefix + "breakduration", kMinBreakMs, kOneDayMs);
    o.put("open_ms", brk, brk.value_or(kPollyBreakMs), prefix + "breakduration",
          "CircuitBreakerConstants.DefaultBreakDuration = 5 s");
    b.fill("failure_on", handledOutcomes(), o.sourceKey(prefix + "shouldhandle"), kPredicates);
    return sampling;
}

// Returns the timeout the file gives.
std::optional<double> timeout(Options& o, const std::string& key, double fallback,
                              const std::string& origin)
{
    const auto t = o.timeSpan(key, kMinTimeoutMs, kOneDayMs);
    o.put("timeout_ms", t, t.value_or(fallback), key, origin);
    return t;
}

} // namespace

bool importPolly(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems)
{
    Properties properties;
    std::vector<std::string> paths;
    for (const ConfigSource& f : files) {
        paths.push_back(f.path);
        const auto document = readJsonDocument(f.path, f.bytes, true, problems);
        if (!document || !dotnetProperties(*document, properties, problems)) return false;
    }
    const std::vector<Section> sections = findSections(properties);
    if (sections.empty()) {
        problems.push_back({paths.front(), 0, 0,
                            "no standard resilience handler options (a section with Retry, "
                            "CircuitBreaker, AttemptTimeout, TotalRequestTimeout, RateLimiter, or "
                            "Hedging and Endpoint keys)"});
        return false;
    }
    std::vector<std::string> names;
    for (const Section& s : sections)
        names.push_back(s.path.empty() ? std::string("(top level)") : s.name());
    const Section* section = &sections.front();
    if (!options.instance.empty()) {
        section = nullptr;
        for (const Section& s : sections)
            if (folded(s.name()) == folded(options.instance)) section = &s;
        if (!section) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            problems.push_back(
                {paths.front(), 0, 0,
                 "no section \"" + options.instance + "\" (the file has: " + list + ")"});
            return false;
        }
    }
    ScenarioBuilder b(ConfigFormat::Polly, paths);
    b.setInstance(section->path.empty() ? "" : section->name(), names);
    Options o(*section, b, problems);
    const std::size_t before = problems.size();
    // The client the section configures: its first segment ("CatalogClient:Resilience").
    const std::string name =
        section->path.empty() ? std::string("standard") : section->path.front();

    if (!section->hedging) {
        b.strategy("bulkhead", "RateLimiter (ConcurrencyLimiter)");
        rateLimiter(o, "ratelimiter:");
        b.strategy("timeout", "TotalRequestTimeout");
        const auto total = timeout(o, "totalrequesttimeout:timeout", kPollyTimeoutMs,
                                   "TimeoutStrategyOptions.Timeout = 30 s");
        b.strategy("retry", "Retry");
        const auto retries = o.whole("retry:maxretryattempts", 1);
        o.put("max_attempts", retries, double(retries.value_or(kPollyDefaultRetryCount) + 1),
              "retry:maxretryattempts",
              "RetryConstants.DefaultRetryCount = 3 retries, so 4 attempts");
        const auto type = o.choice("retry:backofftype", {"Constant", "Linear", "Exponential"});
        const auto jitter = o.boolean("retry:usejitter");
        const auto delay = o.timeSpan("retry:delay", 0, kOneDayMs);
        const auto maxDelay = o.timeSpan("retry:maxdelay", 0, kOneDayMs);
        const int kind = type.value_or(2);           // HttpRetryStrategyOptions: Exponential
        const bool jittered = jitter.value_or(true); // HttpRetryStrategyOptions: UseJitter true
        const double d = delay.value_or(kPollyDefaultDelayMs);
        const char* typeOrigin = "HttpRetryStrategyOptions.BackoffType = Exponential";
        const char* jitterOrigin = "HttpRetryStrategyOptions.UseJitter = true";
        const char* delayOrigin = "RetryConstants.DefaultBaseDelay = 2 s";
        const QJsonValue typeName = kind == 0   ? "constant"
                                    : kind == 1 ? "linear"
                                    : jittered  ? "polly_decorrelated_v2"
                                                : "exponential";
        o.put("backoff.type", type, typeName, "retry:backofftype", typeOrigin);
        if (!type || !jitter)
            b.note(o.sourceKey(!jitter ? "retry:usejitter" : "retry:backofftype"),
                   std::string("the backoff kind follows from ") + (!type ? typeOrigin : "") +
                       (!type && !jitter ? " and " : "") + (!jitter ? jitterOrigin : ""));
        if (kind == 0) {
            o.put("backoff.delay_ms", delay, d, "retry:delay", delayOrigin);
        } else {
            o.put("backoff.initial_ms", delay, d, "retry:delay", delayOrigin);
            if (kind == 1) b.fixed("backoff.increment_ms", d); // (attempt + 1) · Delay
            if (kind == 2 && !jittered) b.fixed("backoff.multiplier", 2.0);
        }
        if (maxDelay) b.set("backoff.max_ms", *maxDelay);
        if (jittered && kind != 2) {
            b.fixed("jitter.type", "proportional");
            b.fixed("jitter.factor", kPollyJitterFactor);
        }
        if (maxDelay && (jittered || kind == 2)) b.fixed("jitter.cap_after_jitter", true);
        const auto after = o.boolean("retry:shouldretryafterheader");
        o.put("honor_retry_after", after, after.value_or(true), "retry:shouldretryafterheader",
              "HttpRetryStrategyOptions.ShouldRetryAfterHeader = true");
        b.fill("retry_on", handledOutcomes(), o.sourceKey("retry:shouldhandle"), kPredicates);
        b.fill("retry_on_status", QJsonArray{408}, o.sourceKey("retry:shouldhandle"),
               "HttpClientResiliencePredicates: 408 Request Timeout is transient");
        b.strategy("circuit_breaker", "CircuitBreaker");
        const auto sampling = circuitBreaker(o, b, "circuitbreaker:", name);
        b.strategy("timeout", "AttemptTimeout");
        const auto attempt = timeout(o, "attempttimeout:timeout", kStandardAttemptTimeoutMs,
                                     "HttpStandardResilienceOptions.AttemptTimeout = 10 s");
        // HttpStandardResilienceOptionsCustomValidator.
        const double totalMs = total.value_or(kPollyTimeoutMs);
        const double attemptMs = attempt.value_or(kStandardAttemptTimeoutMs);
        if (problems.size() == before && attemptMs > totalMs)
            o.bad(attempt ? "attempttimeout:timeout" : "totalrequesttimeout:timeout",
                  "the attempt timeout (" + msText(attemptMs) +
                      ") is longer than the total request timeout (" + msText(totalMs) +
                      "): HttpStandardResilienceOptionsCustomValidator refuses it");
        if (problems.size() == before && sampling.value_or(kPollySamplingDurationS * 1000) <
                                             kSamplingPerAttemptTimeout * attemptMs)
            o.bad(sampling ? "circuitbreaker:samplingduration" : "attempttimeout:timeout",
                  "the circuit breaker's sampling duration (" +
                      msText(sampling.value_or(kPollySamplingDurationS * 1000)) +
                      ") is under twice the attempt timeout (" + msText(attemptMs) +
                      "): HttpStandardResilienceOptionsCustomValidator refuses it");
    } else {
        b.strategy("timeout", "TotalRequestTimeout");
        const auto total = timeout(o, "totalrequesttimeout:timeout", kPollyTimeoutMs,
                                   "TimeoutStrategyOptions.Timeout = 30 s");
        b.strategy("hedge", "Hedging");
        const auto hedges = o.whole("hedging:maxhedgedattempts", 1, kMaxHedgedAttempts);
        o.put("max_hedged_attempts", hedges, double(hedges.value_or(kPollyMaxHedgedAttempts)),
              "hedging:maxhedgedattempts", "HedgingConstants.DefaultMaxHedgedAttempts = 1");
        const auto delay = o.timeSpan("hedging:delay", 0, kOneDayMs);
        o.put("delay_ms", delay, delay.value_or(kPollyHedgingDelayMs), "hedging:delay",
              "HedgingConstants.DefaultHedgingDelay = 2 s");
        QJsonArray hedgeOn = handledOutcomes();
        hedgeOn.append("breaker_open"); // HttpClientHedgingResiliencePredicates: BrokenCircuit
        b.fill("hedge_on", hedgeOn, o.sourceKey("hedging:shouldhandle"),
               "HttpClientHedgingResiliencePredicates.IsTransient (BrokenCircuitException too)");
        b.strategy("bulkhead", "Endpoint RateLimiter (ConcurrencyLimiter)");
        rateLimiter(o, "endpoint:ratelimiter:");
        b.strategy("circuit_breaker", "Endpoint CircuitBreaker");
        const auto sampling = circuitBreaker(o, b, "endpoint:circuitbreaker:", name);
        b.strategy("timeout", "Endpoint Timeout");
        const auto attempt = timeout(o, "endpoint:timeout:timeout", kStandardAttemptTimeoutMs,
                                     "HedgingEndpointOptions.Timeout = 10 s");
        // HttpStandardHedgingResilienceOptionsCustomValidator.
        const double totalMs = total.value_or(kPollyTimeoutMs);
        const double attemptMs = attempt.value_or(kStandardAttemptTimeoutMs);
        if (problems.size() == before && attemptMs > totalMs)
            o.bad("endpoint:timeout:timeout", "the endpoint timeout (" + msText(attemptMs) +
                                                  ") is longer than the total request timeout (" +
                                                  msText(totalMs) + ")");
        if (problems.size() == before && sampling.value_or(kPollySamplingDurationS * 1000) <
                                             kSamplingPerAttemptTimeout * attemptMs)
            o.bad("endpoint:circuitbreaker:samplingduration",
                  "the circuit breaker's sampling duration is under twice the endpoint timeout");
        const double cumulative =
            double(hedges.value_or(kPollyMaxHedgedAttempts)) * delay.value_or(kPollyHedgingDelayMs);
        if (problems.size() == before && cumulative > totalMs)
            o.bad("hedging:delay", "the hedging's cumulative delay (" + msText(cumulative) +
                                       ") is longer than the total request timeout (" +
                                       msText(totalMs) + ")");
        b.note(o.sourceKey("endpoint"),
               "one endpoint: routing hedges to other endpoints (SelectPipelineByAuthority, "
               "routing groups) is code");
    }
    o.unknownKeys();
    if (problems.size() != before) return false;
    if (sections.size() > 1)
        b.note("(sections)", "the file has " + std::to_string(sections.size()) +
                                 " handler sections; \"" +
                                 names[std::size_t(section - &sections.front())] +
                                 "\" is imported (--instance SECTION for another)");
    return b.finish(name, out, problems);
}

} // namespace reslab
