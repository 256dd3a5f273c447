#pragma once
// The appsettings sections Microsoft.Extensions.Http.Resilience's handlers bind, found by their
// strategy keys, and their values read as .NET's configuration binder reads them (keys in any
// case, TimeSpan text, enums by name or number) with the options' [Range] checks. Used by
// import_polly.cpp.

#include "configimport/durations.h"
#include "configimport/scenario_builder.h"

#include <QString>
#include <algorithm>
#include <cctype>
#include <climits>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab::polly {

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

inline std::string folded(std::string_view s)
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
inline const std::vector<std::string>& knownKeys(bool hedging)
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

inline bool startsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix)
{
    if (path.size() <= prefix.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k)
        if (folded(path[k]) != folded(prefix[k])) return false;
    return true;
}

// The sections: the paths under which a strategy key of either handler appears (the outermost
// such path, so Endpoint:CircuitBreaker stays inside its hedging section). Then every key under a
// section is its key, known or not, so a misspelt one is reported.
inline std::vector<Section> findSections(const Properties& properties)
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

} // namespace reslab::polly
