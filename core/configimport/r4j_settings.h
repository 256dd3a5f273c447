#pragma once
// resilience4j's settings of one instance: resolved as resilience4j-framework-common resolves
// them (Common*ConfigurationProperties.create*Config @ af9e7c97: the baseConfig chain, else
// configs.<name>, else configs.default, under the instance's own keys) and read with the checks
// resilience4j makes at start-up, each problem at its key's place. Used by import_resilience4j.cpp.

#include "configimport/durations.h"
#include "configimport/r4j_modules.h"
#include "configimport/scenario_builder.h"

#include <QString>
#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace reslab::r4j {

using Settings = std::map<std::string, const Property*>; // canonical property → where it is set

struct Module
{
    const R4jModule* spec = nullptr;
    // group ("instances" or "configs") → name → canonical property → property
    std::map<std::string, std::map<std::string, Settings>> groups;
    std::vector<std::string> instanceOrder; // instance names in file order
    const Property* aspectOrder = nullptr;
};

// The levels an instance's settings come from, the instance first. Every module but the
// circuit breaker (Common{Retry,Bulkhead,ThreadPoolBulkhead,RateLimiter,TimeLimiter}
// ConfigurationProperties.create*Config): the baseConfig chain, and configs.default under the
// last level that is not configs.default itself. The circuit breaker
// (CommonCircuitBreakerConfigurationProperties.createCircuitBreakerConfig): the baseConfig chain
// alone; without baseConfig, configs.<instance name>, else configs.default (and its chain).
struct Resolved
{
    std::vector<std::pair<std::string, const Settings*>> levels; // "instances.a", "configs.default"
    Settings merged; // each key from the first level that sets it
    std::string from() const
    {
        std::string f;
        for (std::size_t i = 1; i < levels.size(); ++i)
            f += (f.empty() ? "" : ", ") + levels[i].first;
        return f;
    }
};

class Resolver
{
public:
    Resolver(Module& m, ConfigProblems& problems) : m_module(m), m_problems(problems) {}

    std::optional<Resolved> resolve(const std::string& name)
    {
        static const Settings kNone;
        auto& instances = m_module.groups["instances"];
        auto& configs = m_module.groups["configs"];
        const bool breaker = std::string(m_module.spec->prefix) == "circuitbreaker";
        Resolved out;
        out.levels.emplace_back("instances." + name,
                                instances.count(name) ? &instances[name] : &kNone);
        const Settings* level = out.levels.back().second;
        std::string levelName = name;
        bool isInstance = true;
        std::set<std::string> visited;
        for (;;) {
            const auto base = level->find("baseconfig");
            const Property* reference =
                base != level->end() && !base->second->null ? base->second : nullptr;
            std::string next;
            if (reference) {
                next = reference->value;
                if (breaker && isInstance && next == name)
                    return fail(*reference, "circular reference (resilience4j: \"Circular "
                                            "reference detected in instance config: " +
                                                name + "\")");
                if (!configs.count(next))
                    return fail(*reference, "no config \"" + next + "\" in resilience4j." +
                                                m_module.spec->written +
                                                ".configs (resilience4j: "
                                                "ConfigurationNotFoundException)");
            } else if (breaker) {
                if (!isInstance) break; // a config's own keys over the library's defaults
                if (configs.count(name))
                    next = name;
                else if (configs.count("default"))
                    next = "default";
                else
                    break;
            } else {
                if (levelName == "default" || !configs.count("default")) break;
                next = "default";
            }
            if (!visited.insert(next).second) {
                if (reference)
                    return fail(*reference, "circular baseConfig chain through \"" + next +
                                                "\" (resilience4j would recurse without end)");
                break;
            }
            out.levels.emplace_back("configs." + next, &configs[next]);
            // The circuit breaker's configs.<instance name> is used alone (createDirectConfig).
            const bool direct = breaker && isInstance && !reference && next == name;
            level = &configs[next];
            levelName = next;
            isInstance = false;
            if (direct) break;
        }
        for (const auto& [label, settings] : out.levels)
            for (const auto& [k, v] : *settings)
                out.merged.emplace(k, v); // a nearer level's key wins
        return out;
    }

private:
    std::optional<Resolved> fail(const Property& p, const std::string& why)
    {
        m_problems.push_back(problemAt(p.place, p.key() + ": " + why));
        return std::nullopt;
    }

    Module& m_module;
    ConfigProblems& m_problems;
};

// The wait keys of a level: its wait duration and what shapes it. resilience4j builds the wait
// from the first level that sets the duration (configureRetryIntervalFunction,
// configureCircuitBreakerOpenStateIntervalFunction); those keys on a level without it change
// nothing. A retry level also takes the flags, multiplier and cap its base sets
// (ConfigUtils.mergePropertiesIfAny), never the randomisation factor; a breaker level, only its
// own.
struct WaitKeys
{
    const char* duration;
    std::vector<const char*> shape;
    std::vector<const char*> inherited;
};

// `merged` with the wait keys taken as resilience4j takes them; keys set where they change nothing
// are returned in `ignored`, with the level the wait comes from in `source`.
inline Settings withWait(const Resolved& r, const WaitKeys& keys,
                         std::vector<const Property*>& ignored, std::string& source)
{
    Settings view = r.merged;
    view.erase(keys.duration);
    for (const char* k : keys.shape)
        view.erase(k);
    std::size_t at = r.levels.size();
    for (std::size_t i = 0; i < r.levels.size() && at == r.levels.size(); ++i)
        if (const auto d = r.levels[i].second->find(keys.duration);
            d != r.levels[i].second->end() && !d->second->null)
            at = i;
    source = at < r.levels.size() ? r.levels[at].first : std::string("the library's default");
    for (std::size_t i = 0; i < r.levels.size(); ++i) {
        for (const auto& [k, p] : *r.levels[i].second) {
            const bool shape = k == keys.duration || std::find(keys.shape.begin(), keys.shape.end(),
                                                               k) != keys.shape.end();
            if (!shape) continue;
            const bool inherited =
                std::find(keys.inherited.begin(), keys.inherited.end(), k) != keys.inherited.end();
            const bool used = i == at || (i > at && inherited && at < r.levels.size());
            if (used)
                view.emplace(k, p); // the nearest level that sets it wins
            else if (i < at && k != keys.duration)
                ignored.push_back(p);
        }
    }
    return view;
}

// Reads the resolved settings of one instance, with the checks resilience4j makes at start-up.
class Reader
{
public:
    Reader(const Settings& s, const std::string& prefix, const R4jModule& module,
           ScenarioBuilder& b, ConfigProblems& problems)
        : m_s(s), m_prefix(prefix), m_module(module), m_b(b), m_problems(problems)
    {
    }

    const Property* get(const char* canonicalName)
    {
        m_read.insert(canonicalName);
        const auto it = m_s.find(canonicalName);
        return it == m_s.end() || it->second->null ? nullptr : it->second;
    }
    std::string sourceKey(const char* canonicalName) const
    {
        return m_prefix + "." + r4jWrittenName(m_module, canonicalName);
    }
    void bad(const Property& p, const std::string& why)
    {
        m_problems.push_back(problemAt(p.place, p.key() + ": " + why));
    }

    std::optional<double> duration(const char* name, double minMs = 0)
    {
        const Property* p = get(name);
        if (!p) return std::nullopt;
        std::string error;
        const auto ms = springDurationMs(p->value, error);
        if (!ms) return bad(*p, error), std::nullopt;
        if (*ms < minMs)
            return bad(*p, "must be at least " + msText(minMs) + ", got " + p->value), std::nullopt;
        return ms;
    }
    std::optional<double> number(const char* name, double min, double max, bool minExclusive)
    {
        const Property* p = get(name);
        if (!p) return std::nullopt;
        const auto v = parseDecimal(p->value);
        if (!v) return bad(*p, "not a number: \"" + p->value + "\""), std::nullopt;
        if (*v > max || *v < min || (minExclusive && *v == min))
            return bad(*p, "must be " + std::string(minExclusive ? "above " : "at least ") +
                               QString::number(min).toStdString() + " and at most " +
                               QString::number(max).toStdString() + ", got " + p->value),
                   std::nullopt;
        return v;
    }
    std::optional<long long> whole(const char* name, long long min, long long max = INT_MAX)
    {
        const Property* p = get(name);
        if (!p) return std::nullopt;
        const auto v = parseWhole(p->value, LLONG_MIN, LLONG_MAX);
        if (!v) return bad(*p, "not a whole number: \"" + p->value + "\""), std::nullopt;
        if (*v < min || *v > max)
            return bad(*p, "must be from " + std::to_string(min) + " to " + std::to_string(max) +
                               ", got " + p->value),
                   std::nullopt;
        return v;
    }
    std::optional<bool> boolean(const char* name)
    {
        const Property* p = get(name);
        if (!p) return std::nullopt;
        const auto v = parseBoolean(p->value, true);
        if (!v) bad(*p, "not true or false: \"" + p->value + "\"");
        return v;
    }
    // An enum constant as Spring binds it (LenientObjectToEnumConverterFactory: letters and
    // digits compared without case, so TIME_BASED, time-based and timeBased are one).
    std::optional<std::string> word(const char* name, std::vector<std::string> allowed)
    {
        const Property* p = get(name);
        if (!p) return std::nullopt;
        const auto lenient = [](const std::string& t) {
            std::string out;
            for (char c : t)
                if (std::isalnum(static_cast<unsigned char>(c)))
                    out += char(std::tolower(static_cast<unsigned char>(c)));
            return out;
        };
        for (const std::string& a : allowed)
            if (lenient(a) == lenient(p->value)) return a;
        std::string list;
        for (const auto& a : allowed)
            list += (list.empty() ? "" : ", ") + a;
        bad(*p, "unknown value \"" + p->value + "\" (expected one of: " + list + ")");
        return std::nullopt;
    }

    // A value from the file, or the library's default (listed).
    template <class T>
    void put(const std::string& key, const std::optional<T>& given, QJsonValue scenarioValue,
             const char* canonicalName, const std::string& origin)
    {
        if (given)
            m_b.set(key, scenarioValue);
        else
            m_b.fill(key, scenarioValue, sourceKey(canonicalName), origin);
    }

    // Keys known to resilience4j that nothing read: noted as not simulated; unknown keys too.
    void rest()
    {
        for (const auto& [name, p] : m_s) {
            if (m_read.count(name)) continue;
            if (!r4jKnows(m_module, name)) {
                m_b.unknownKey(p->key(), "Spring binds resilience4j's known properties only;",
                               p->place);
            } else if (!r4jWithoutEffect(name)) {
                m_b.note(p->key(), r4jWhyNotModelled(name), p->place);
            }
        }
    }

private:
    const Settings& m_s;
    std::string m_prefix;
    const R4jModule& m_module;
    ScenarioBuilder& m_b;
    ConfigProblems& m_problems;
    std::set<std::string> m_read;
};

} // namespace reslab::r4j
