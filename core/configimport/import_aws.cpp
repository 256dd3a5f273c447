// The AWS shared config file (~/.aws/config): one profile's retry_mode, max_attempts and
// defaults_mode, as botocore resolves them (botocore @ 0e6e2404: configprovider.py, retryhandler
// with data/_retry.json for legacy, retries/standard.py and quota.py for standard,
// retries/adaptive.py for adaptive). Values botocore refuses (an unknown mode, a max_attempts that
// is not a whole number ≥ 1) are refused here with their line.

#include "configimport/durations.h"
#include "configimport/format_importers.h"
#include "configimport/ini_reader.h"
#include "configimport/scenario_builder.h"

#include <QJsonArray>
#include <algorithm>
#include <cctype>
#include <climits>
#include <map>

namespace reslab {

namespace {

// data/_retry.json "__default__": max_attempts 5, delay base "rand" × growth_factor 2^(n−1) s.
inline constexpr int kLegacyMaxAttempts = 5;
// retries/standard.py DEFAULT_MAX_ATTEMPTS; ExponentialBackoff: random() · min(2^(n−1), 20) s.
inline constexpr int kStandardMaxAttempts = 3;
inline constexpr double kBackoffBaseMs = 1000.0;
inline constexpr double kStandardMaxBackoffMs = 20'000.0;
// quota.py INITIAL_CAPACITY; RetryQuotaChecker _RETRY_COST, _TIMEOUT_RETRY_COST,
// _NO_RETRY_INCREMENT.
inline constexpr double kQuotaCapacity = 500.0;
inline constexpr double kQuotaRetryCost = 5.0;
inline constexpr double kQuotaTimeoutCost = 10.0;
inline constexpr double kQuotaNoRetryIncrement = 1.0;

const char* const kModes[] = {"legacy", "standard", "adaptive"};
// sdk-default-configuration.json's modes, and "auto", which resolves to one at run time.
const char* const kDefaultsModes[] = {"legacy",       "standard", "in-region",
                                      "cross-region", "mobile",   "auto"};

// The profile's name of a section: "default", "profile NAME"; "" for other sections.
std::string profileOf(const std::string& section)
{
    if (section == "default") return "default";
    if (section.rfind("profile", 0) == 0 && section.size() > 7 &&
        std::isspace(static_cast<unsigned char>(section[7]))) {
        std::string name = section.substr(8);
        while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front())))
            name.erase(name.begin());
        return name;
    }
    return "";
}

} // namespace

bool importAws(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
               ImportedConfig& out, ConfigProblems& problems)
{
    std::vector<std::string> paths;
    // profile → its settings, a later file's (and [profile default]'s over [default]) winning.
    std::vector<std::pair<std::string, std::map<std::string, IniValue>>> profiles;
    for (const ConfigSource& f : files) {
        paths.push_back(f.path);
        std::vector<IniSection> sections;
        if (!readIni(f.path, f.bytes, sections, problems)) return false;
        for (const IniSection& s : sections) {
            const std::string name = profileOf(s.name);
            if (name.empty()) continue; // sso-session, services, plugins: no retry settings
            auto it = std::find_if(profiles.begin(), profiles.end(),
                                   [&](const auto& p) { return p.first == name; });
            if (it == profiles.end()) {
                profiles.emplace_back(name, std::map<std::string, IniValue>{});
                it = profiles.end() - 1;
            }
            for (const auto& [k, v] : s.values)
                if (s.name != "default" || !it->second.count(k) ||
                    it->second[k].place.file != f.path)
                    it->second[k] = v;
        }
    }
    if (profiles.empty()) {
        problems.push_back(
            {paths.front(), 0, 0, "no profile: neither [default] nor [profile NAME]"});
        return false;
    }
    std::vector<std::string> names;
    for (const auto& p : profiles)
        names.push_back(p.first);
    // AWS_PROFILE unset: the default profile, else the first one the file has.
    std::string profile =
        options.instance.empty()
            ? (std::count(names.begin(), names.end(), "default") ? "default" : names.front())
            : options.instance;
    const auto found = std::find(names.begin(), names.end(), profile);
    if (found == names.end()) {
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + n;
        problems.push_back(
            {paths.front(), 0, 0, "no profile \"" + profile + "\" (the file has: " + list + ")"});
        return false;
    }
    const auto& settings = profiles[std::size_t(found - names.begin())].second;
    ScenarioBuilder b(ConfigFormat::Aws, paths);
    b.setInstance(profile, names);
    const std::string prefix =
        "[" + std::string(profile == "default" ? "default" : "profile " + profile) + "] ";
    const auto get = [&](const char* key) -> const IniValue* {
        const auto it = settings.find(key);
        return it == settings.end() ? nullptr : &it->second;
    };
    const auto bad = [&](const IniValue& v, const std::string& key, const std::string& why) {
        problems.push_back(problemAt(v.place, prefix + key + ": " + why));
        return false;
    };
    const auto oneOf = [&](const char* key, const auto& allowed) -> std::optional<std::string> {
        const IniValue* v = get(key);
        if (!v) return std::nullopt;
        std::string list;
        for (const char* a : allowed) {
            if (v->value == a) return v->value;
            list += (list.empty() ? "" : ", ") + std::string(a);
        }
        bad(*v, key, "unknown value \"" + v->value + "\" (botocore takes " + list + ")");
        return std::string();
    };
    const auto retryMode = oneOf("retry_mode", kModes);
    const auto defaultsMode = oneOf("defaults_mode", kDefaultsModes);
    std::optional<long long> maxAttempts;
    if (const IniValue* v = get("max_attempts")) {
        maxAttempts = parseWhole(v->value, 1, INT_MAX);
        if (!maxAttempts)
            return bad(*v, "max_attempts", "must be a whole number ≥ 1, got \"" + v->value + "\"");
    }
    if ((retryMode && retryMode->empty()) || (defaultsMode && defaultsMode->empty())) return false;

    // configprovider.py: retry_mode's default is legacy, but any defaults_mode other than legacy
    // (sdk-default-configuration.json's base) brings retryMode standard.
    std::string mode = retryMode.value_or("");
    std::string modeOrigin;
    if (mode.empty()) {
        if (defaultsMode && *defaultsMode != "legacy") {
            mode = "standard";
            modeOrigin = "defaults_mode " + *defaultsMode +
                         " ⇒ retryMode standard "
                         "(sdk-default-configuration.json)";
        } else {
            mode = "legacy";
            modeOrigin = "configprovider.py _DEFAULT_RETRY_MODE = legacy";
        }
    }
    if (defaultsMode && *defaultsMode != "legacy")
        b.note(prefix + "defaults_mode",
               *defaultsMode + ": its connect and TLS timeouts are not simulated",
               get("defaults_mode")->place);
    const bool legacy = mode == "legacy";
    b.strategy("retry",
               "retry (" + mode + " mode" + (modeOrigin.empty() ? "" : ", by default") + ")");
    const int attemptsDefault = legacy ? kLegacyMaxAttempts : kStandardMaxAttempts;
    if (maxAttempts)
        b.set("max_attempts", double(*maxAttempts));
    else
        b.fill("max_attempts", attemptsDefault, prefix + "max_attempts",
               legacy ? "data/_retry.json __default__ max_attempts = 5 (DynamoDB: 10)"
                      : "retries/standard.py DEFAULT_MAX_ATTEMPTS = 3");
    if (!modeOrigin.empty())
        b.note(prefix + "retry_mode", "not set: " + mode + " mode (" + modeOrigin + ")");
    b.fixed("backoff.type", "exponential");
    b.fixed("backoff.initial_ms", kBackoffBaseMs);
    b.fixed("backoff.multiplier", 2.0);
    if (!legacy) b.fixed("backoff.max_ms", kStandardMaxBackoffMs);
    b.fixed("jitter", "full");
    // Transient errors (500, 502, 503, 504), throttling (429 and the throttling codes), connection
    // errors and read timeouts: every mode retries them.
    b.fixed("retry_on", QJsonArray{"error", "rejected", "rate_limited", "reset", "timeout"});
    if (!legacy) {
        b.strategy("retry_quota", "retry quota");
        b.fill("capacity", kQuotaCapacity, prefix + "(none)", "quota.py INITIAL_CAPACITY = 500");
        b.fill("retry_cost", kQuotaRetryCost, prefix + "(none)",
               "RetryQuotaChecker _RETRY_COST = 5");
        b.fill("timeout_cost", kQuotaTimeoutCost, prefix + "(none)",
               "RetryQuotaChecker _TIMEOUT_RETRY_COST = 10");
        b.fill("no_retry_increment", kQuotaNoRetryIncrement, prefix + "(none)",
               "RetryQuotaChecker _NO_RETRY_INCREMENT = 1");
    }
    if (mode == "adaptive") {
        b.strategy("aws_adaptive", "adaptive client rate limiter");
        b.fill("min_fill_rate", kBotocoreMinFillRate, prefix + "(none)",
               "TokenBucket._MIN_RATE = 0.5");
        b.fill("beta", kBotocoreCubicBeta, prefix + "(none)", "CubicCalculator._BETA = 0.7");
        b.fill("scale_constant", kBotocoreCubicScale, prefix + "(none)",
               "CubicCalculator._SCALE_CONSTANT = 0.4");
        b.fill("max_rate_scale", kBotocoreMaxRateAdjustScale, prefix + "(none)",
               "ClientRateLimiter._MAX_RATE_ADJUST_SCALE = 2");
        b.fill("smoothing", kBotocoreRateSmoothing, prefix + "(none)",
               "RateClocker._DEFAULT_SMOOTHING = 0.8");
        b.fill("bucket_s", kBotocoreRateBucketS, prefix + "(none)",
               "RateClocker._TIME_BUCKET_RANGE = 0.5");
    }
    std::string others;
    for (const auto& [k, v] : settings)
        if (k != "retry_mode" && k != "max_attempts" && k != "defaults_mode")
            others += (others.empty() ? "" : ", ") + k;
    if (!others.empty()) b.note(prefix + "(other keys)", "they do not change retries: " + others);
    if (names.size() > 1)
        b.note("(profiles)", "the file has " + std::to_string(names.size()) + " profiles; \"" +
                                 profile + "\" is imported (--instance PROFILE for another)");
    return b.finish("service", out, problems);
}

} // namespace reslab
