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

class Resolver
{
public:
    Resolver(Module& m, ConfigProblems& problems) : m_module(m), m_problems(problems) {}

    // The instance's settings, its own keys over its config's. nullopt on a resolution error.
    std::optional<Settings> resolve(const std::string& name, std::string& from)
    {
        auto& instances = m_module.groups["instances"];
        auto& configs = m_module.groups["configs"];
        Settings own = instances.count(name) ? instances[name] : Settings{};
        Settings merged = own;
        if (const auto base = own.find("baseconfig"); base != own.end()) {
            const Property& p = *base->second;
            if (p.value == name) {
                m_problems.push_back(problemAt(
                    p.place, p.key() +
                                 ": circular reference (resilience4j: \"Circular reference "
                                 "detected in instance config: " +
                                 name + "\")"));
                return std::nullopt;
            }
            std::set<std::string> visited{name};
            if (!chain(p, visited, merged)) return std::nullopt;
            from = "configs." + p.value;
        } else if (configs.count(name)) {
            under(merged, configs[name]);
            from = "configs." + name;
        } else if (configs.count("default")) {
            std::set<std::string> visited{};
            const Settings& d = configs["default"];
            under(merged, d);
            if (const auto next = d.find("baseconfig"); next != d.end()) {
                visited.insert("default");
                if (!chain(*next->second, visited, merged)) return std::nullopt;
            }
            from = "configs.default";
        }
        return merged;
    }

private:
    static void under(Settings& merged, const Settings& base)
    {
        for (const auto& [k, v] : base)
            merged.emplace(k, v); // the instance's own keys win
    }

    bool chain(const Property& reference, std::set<std::string>& visited, Settings& merged)
    {
        auto& configs = m_module.groups["configs"];
        const std::string& base = reference.value;
        if (!configs.count(base)) {
            m_problems.push_back(problemAt(
                reference.place, reference.key() + ": no config \"" + base + "\" in resilience4j." +
                                     m_module.spec->written +
                                     ".configs (resilience4j: ConfigurationNotFoundException)"));
            return false;
        }
        if (!visited.insert(base).second) {
            m_problems.push_back(problemAt(
                reference.place, reference.key() + ": circular baseConfig chain through \"" + base +
                                     "\" (resilience4j would recurse without end)"));
            return false;
        }
        const Settings& config = configs[base];
        under(merged, config);
        if (const auto next = config.find("baseconfig"); next != config.end())
            return chain(*next->second, visited, merged);
        return true;
    }

    Module& m_module;
    ConfigProblems& m_problems;
};

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
    std::optional<std::string> word(const char* name, std::vector<std::string> allowed)
    {
        const Property* p = get(name);
        if (!p) return std::nullopt;
        std::string v = p->value;
        for (char& c : v)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        for (char& c : v)
            if (c == '-') c = '_';
        if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed)
                list += (list.empty() ? "" : ", ") + a;
            bad(*p, "unknown value \"" + p->value + "\" (expected one of: " + list + ")");
            return std::nullopt;
        }
        return v;
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
