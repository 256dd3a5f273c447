// A gRPC service config (JSON): one methodConfig's retryPolicy or hedgingPolicy and timeout, and
// the channel's retryThrottling, as gRFC A6 (grpc/proposal A6-client-retries.md @ 1fd061ad)
// defines and validates them. A config gRPC would refuse (maxAttempts ≤ 1, a missing backoff, an
// empty retryableStatusCodes, both policies in one methodConfig, maxTokens outside (0, 1000]) is
// refused here with its place; keys gRPC ignores are reported.

#include "configimport/durations.h"
#include "configimport/format_importers.h"
#include "configimport/json_properties.h"
#include "configimport/scenario_builder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace reslab {

namespace {

// A6: "a client-side maximum value of 5 … can be changed … through channel arguments".
inline constexpr int kGrpcMaxAttemptsCap = 5;
// A6: jitter of plus or minus 0.2 (delay × U(0.8, 1.2); grpc-core RETRY_BACKOFF_JITTER 0.2).
inline constexpr double kGrpcJitter = 0.2;
// A6 retryThrottling: maxTokens in (0, 1000]; tokenRatio's digits past three decimals ignored.
inline constexpr double kGrpcMaxTokens = 1000.0;
inline constexpr double kGrpcTokenRatioScale = 1000.0;

const char* const kCodes[] = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

// The outcomes a status code stands for here (the inverse of the gRPC export's mapping).
std::vector<const char*> outcomesOf(const std::string& code)
{
    if (code == "UNAVAILABLE") return {"error", "rejected", "reset"};
    if (code == "INTERNAL" || code == "UNKNOWN") return {"error"};
    if (code == "DEADLINE_EXCEEDED") return {"timeout"};
    if (code == "RESOURCE_EXHAUSTED") return {"rate_limited"};
    if (code == "ABORTED") return {"conflict"};
    return {};
}

class GrpcReader
{
public:
    GrpcReader(const JsonDocument& d, ScenarioBuilder& b, ConfigProblems& problems)
        : m_d(d), m_b(b), m_problems(problems)
    {
    }
    bool bad(const std::string& path, const std::string& why)
    {
        m_problems.push_back(problemAt(m_d.place(path), path + ": " + why));
        return false;
    }
    SourcePlace place(const std::string& path) const { return m_d.place(path); }
    ScenarioBuilder& builder() { return m_b; }

    std::optional<double> duration(const QJsonObject& o, const std::string& path, const char* key,
                                   bool required)
    {
        const std::string p = path + "." + key;
        if (!o.contains(key)) {
            if (required) bad(path, std::string("\"") + key + "\" is required (gRFC A6)");
            return std::nullopt;
        }
        if (!o[key].isString())
            return bad(p, "must be a Duration string such as \"0.5s\""), std::nullopt;
        std::string error;
        const auto ms = protoDurationMs(o[key].toString().toStdString(), error);
        if (!ms) return bad(p, error), std::nullopt;
        return ms;
    }
    std::optional<double> number(const QJsonObject& o, const std::string& path, const char* key,
                                 bool required)
    {
        const std::string p = path + "." + key;
        if (!o.contains(key)) {
            if (required) bad(path, std::string("\"") + key + "\" is required (gRFC A6)");
            return std::nullopt;
        }
        const QJsonValue v = o[key];
        if (v.isDouble()) return v.toDouble();
        if (v.isString()) // the protobuf JSON mapping also takes numbers as strings
            if (const auto d = parseDecimal(v.toString().toStdString())) return d;
        bad(p, "must be a number");
        return std::nullopt;
    }
    // Status codes: integers 0–16 or names in any case. Returns the names.
    std::optional<std::vector<std::string>> codes(const QJsonObject& o, const std::string& path,
                                                  const char* key, bool required)
    {
        const std::string p = path + "." + key;
        if (!o.contains(key)) {
            if (required) bad(path, std::string("\"") + key + "\" is required (gRFC A6)");
            return std::nullopt;
        }
        if (!o[key].isArray()) return bad(p, "must be a list of status codes"), std::nullopt;
        const QJsonArray a = o[key].toArray();
        if (a.isEmpty() && required) return bad(p, "must not be empty (gRFC A6)"), std::nullopt;
        std::vector<std::string> names;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const std::string at = p + "[" + std::to_string(i) + "]";
            if (a[i].isDouble()) {
                const double v = a[i].toDouble();
                if (v != std::floor(v) || v < 0 || v > 16)
                    return bad(at, "not a status code (0 to 16)"), std::nullopt;
                names.push_back(kCodes[int(v)]);
            } else if (a[i].isString()) {
                std::string s = a[i].toString().toUpper().toStdString();
                if (std::find(std::begin(kCodes), std::end(kCodes), s) == std::end(kCodes))
                    return bad(at, "unknown status code \"" + a[i].toString().toStdString() + "\""),
                           std::nullopt;
                names.push_back(s);
            } else {
                return bad(at, "a status code is a name or a number"), std::nullopt;
            }
        }
        return names;
    }
    // The outcomes of `codes`; codes that stand for none are noted.
    QJsonArray outcomes(const std::vector<std::string>& codes, const std::string& path)
    {
        QJsonArray out;
        for (const std::string& c : codes) {
            const auto list = outcomesOf(c);
            if (list.empty())
                m_b.note(path,
                         c + ": no outcome here answers it (this fault model fails with "
                             "errors, timeouts, 429s, rejections, resets and conflicts)",
                         place(path));
            for (const char* o : list)
                if (!out.contains(QJsonValue(o))) out.append(o);
        }
        return out;
    }
    void unknown(const QJsonObject& o, const std::string& path,
                 std::initializer_list<const char*> known)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const std::string k = it.key().toStdString();
            if (std::find_if(known.begin(), known.end(), [&](const char* n) { return k == n; }) ==
                known.end())
                m_b.unknownKey((path.empty() ? "" : path + ".") + k, "gRPC",
                               place((path.empty() ? "" : path + ".") + k));
        }
    }

private:
    const JsonDocument& m_d;
    ScenarioBuilder& m_b;
    ConfigProblems& m_problems;
};

std::string methodName(const QJsonObject& config)
{
    const QJsonArray names = config["name"].toArray();
    if (names.isEmpty()) return "(default)";
    const QJsonObject n = names[0].toObject();
    const std::string service = n["service"].toString().toStdString();
    const std::string method = n["method"].toString().toStdString();
    if (service.empty()) return "(default)";
    return method.empty() ? service : service + "/" + method;
}

int attempts(GrpcReader& r, const QJsonObject& policy, const std::string& path)
{
    const auto n = r.number(policy, path, "maxAttempts", true);
    if (!n) return 0;
    if (*n != std::floor(*n) || *n <= 1)
        return r.bad(path + ".maxAttempts", "must be a whole number above 1 (gRFC A6)"), 0;
    if (*n > kGrpcMaxAttemptsCap) {
        r.builder().note(path + ".maxAttempts",
                         "is " + QString::number(*n).toStdString() +
                             ": gRPC treats values above 5 as 5 (A6's client-side maximum, "
                             "a channel argument)",
                         r.place(path + ".maxAttempts"));
        return kGrpcMaxAttemptsCap;
    }
    return int(*n);
}

} // namespace

bool importGrpc(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                ImportedConfig& out, ConfigProblems& problems)
{
    if (files.size() != 1) {
        problems.push_back({files[1].path, 0, 0, "a gRPC channel takes one service config"});
        return false;
    }
    const auto doc = readJsonDocument(files[0].path, files[0].bytes, false, problems);
    if (!doc) return false;
    if (!doc->root.isObject()) {
        problems.push_back({doc->file, 1, 1, "a service config is a JSON object"});
        return false;
    }
    const QJsonObject root = doc->root.toObject();
    ScenarioBuilder b(ConfigFormat::Grpc, {files[0].path});
    GrpcReader r(*doc, b, problems);
    const std::size_t before = problems.size();
    r.unknown(root, "",
              {"methodConfig", "retryThrottling", "loadBalancingConfig", "loadBalancingPolicy",
               "healthCheckConfig"});
    for (const char* key : {"loadBalancingConfig", "loadBalancingPolicy", "healthCheckConfig"})
        if (root.contains(key))
            b.note(key,
                   "one endpoint, one host: load balancing and health checks are not "
                   "simulated here",
                   r.place(key));
    const QJsonArray configs = root["methodConfig"].toArray();
    if (root.contains("methodConfig") && !root["methodConfig"].isArray())
        return r.bad("methodConfig", "must be a list");
    std::vector<std::string> names;
    for (const QJsonValue& c : configs)
        names.push_back(methodName(c.toObject()));
    qsizetype chosen = configs.isEmpty() ? -1 : 0;
    if (!options.instance.empty()) {
        chosen = -1;
        for (qsizetype i = 0; i < configs.size(); ++i) {
            for (const QJsonValue& n : configs[i].toObject()["name"].toArray()) {
                const std::string service = n.toObject()["service"].toString().toStdString();
                const std::string method = n.toObject()["method"].toString().toStdString();
                if (options.instance == service ||
                    (!method.empty() && options.instance == service + "/" + method))
                    if (chosen < 0) chosen = i;
            }
        }
        if (chosen < 0) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            problems.push_back({doc->file, 0, 0,
                                "no methodConfig names \"" + options.instance +
                                    "\" (the file has: " + list + ")"});
            return false;
        }
    }
    if (chosen < 0) {
        problems.push_back({doc->file, 0, 0, "no methodConfig: nothing to simulate"});
        return false;
    }
    b.setInstance(names[std::size_t(chosen)], names);
    const std::string path = "methodConfig[" + std::to_string(chosen) + "]";
    if (!configs[chosen].isObject()) return r.bad(path, "must be an object");
    const QJsonObject config = configs[chosen].toObject();
    r.unknown(config, path,
              {"name", "waitForReady", "timeout", "maxRequestMessageBytes",
               "maxResponseMessageBytes", "retryPolicy", "hedgingPolicy"});
    for (const char* key : {"waitForReady", "maxRequestMessageBytes", "maxResponseMessageBytes"})
        if (config.contains(key))
            b.note(path + "." + key, "not simulated", r.place(path + "." + key));
    if (config.contains("retryPolicy") && config.contains("hedgingPolicy"))
        return r.bad(path, "has both retryPolicy and hedgingPolicy; gRPC refuses the config "
                           "(gRFC A6: at most one)");
    if (const auto timeout = r.duration(config, path, "timeout", false)) {
        b.strategy("timeout", "deadline (timeout)");
        b.set("timeout_ms", *timeout);
    }
    std::optional<double> attemptTimeout; // retryPolicy.perAttemptRecvTimeout
    if (config.contains("retryPolicy")) {
        const std::string p = path + ".retryPolicy";
        const QJsonObject policy = config["retryPolicy"].toObject();
        r.unknown(policy, p,
                  {"maxAttempts", "initialBackoff", "maxBackoff", "backoffMultiplier",
                   "retryableStatusCodes", "perAttemptRecvTimeout"});
        const int n = attempts(r, policy, p);
        const auto initial = r.duration(policy, p, "initialBackoff", true);
        const auto max = r.duration(policy, p, "maxBackoff", true);
        const auto multiplier = r.number(policy, p, "backoffMultiplier", true);
        const auto codes = r.codes(policy, p, "retryableStatusCodes", true);
        attemptTimeout = r.duration(policy, p, "perAttemptRecvTimeout", false);
        if (attemptTimeout && *attemptTimeout <= 0)
            r.bad(p + ".perAttemptRecvTimeout", "must be above 0 (gRFC A6)");
        if (initial && *initial <= 0) r.bad(p + ".initialBackoff", "must be above 0 (gRFC A6)");
        if (max && *max <= 0) r.bad(p + ".maxBackoff", "must be above 0 (gRFC A6)");
        if (multiplier && *multiplier <= 0)
            r.bad(p + ".backoffMultiplier", "must be above 0 (gRFC A6)");
        if (problems.size() != before) return false;
        b.strategy("retry", "retryPolicy");
        b.set("max_attempts", n);
        b.set("backoff.type", "exponential");
        b.set("backoff.initial_ms", *initial);
        b.set("backoff.multiplier", std::max(1.0, *multiplier));
        if (*multiplier < 1)
            b.note(p + ".backoffMultiplier", "below 1: the delays here do not shrink (taken as 1)",
                   r.place(p + ".backoffMultiplier"));
        b.set("backoff.max_ms", *max);
        b.fill("jitter", QJsonObject{{"type", "proportional"}, {"factor", kGrpcJitter}},
               p + " (no key)",
               "gRFC A6: delay × random(0.8, 1.2) (grpc-core RETRY_BACKOFF_JITTER 0.2; older "
               "grpc-go drew U(0, delay))");
        QJsonArray retryOn = r.outcomes(*codes, p + ".retryableStatusCodes");
        if (attemptTimeout) {
            // gRPC core retries an attempt its perAttemptRecvTimeout ended, whatever the codes.
            if (!retryOn.contains(QJsonValue("timeout"))) retryOn.append("timeout");
            b.note(p + ".perAttemptRecvTimeout",
                   "read by gRPC core only with grpc.experimental.enable_hedging = 1, and not by "
                   "grpc-java or grpc-go: without it an attempt lasts until the deadline",
                   r.place(p + ".perAttemptRecvTimeout"));
        }
        b.set("retry_on", retryOn);
        b.note(p, "server pushback (grpc-retry-pushback-ms) is not simulated", r.place(p));
    } else if (config.contains("hedgingPolicy")) {
        const std::string p = path + ".hedgingPolicy";
        const QJsonObject policy = config["hedgingPolicy"].toObject();
        r.unknown(policy, p, {"maxAttempts", "hedgingDelay", "nonFatalStatusCodes"});
        const int n = attempts(r, policy, p);
        const auto delay = r.duration(policy, p, "hedgingDelay", false);
        const auto codes = r.codes(policy, p, "nonFatalStatusCodes", false);
        if (problems.size() != before) return false;
        b.strategy("hedge", "hedgingPolicy");
        b.set("max_hedged_attempts", n - 1);
        if (delay)
            b.set("delay_ms", *delay);
        else
            b.fill("delay_ms", 0.0, p + ".hedgingDelay",
                   "gRFC A6: without hedgingDelay every attempt is sent at once");
        if (codes)
            b.set("hedge_on", r.outcomes(*codes, p + ".nonFatalStatusCodes"));
        else
            b.fill("hedge_on", QJsonArray{}, p + ".nonFatalStatusCodes",
                   "gRFC A6: without nonFatalStatusCodes any failure ends the call");
    }
    if (root.contains("retryThrottling")) {
        const std::string p = "retryThrottling";
        const QJsonObject t = root[QString::fromStdString(p)].toObject();
        r.unknown(t, p, {"maxTokens", "tokenRatio"});
        const auto tokens = r.number(t, p, "maxTokens", true);
        const auto ratio = r.number(t, p, "tokenRatio", true);
        if (tokens && (*tokens != std::floor(*tokens) || *tokens <= 0 || *tokens > kGrpcMaxTokens))
            r.bad(p + ".maxTokens", "must be a whole number in (0, 1000] (gRFC A6)");
        if (ratio && *ratio <= 0) r.bad(p + ".tokenRatio", "must be above 0 (gRFC A6)");
        if (problems.size() != before) return false;
        const double truncated = std::floor(*ratio * kGrpcTokenRatioScale) / kGrpcTokenRatioScale;
        if (truncated != *ratio)
            b.note(p + ".tokenRatio",
                   QString::number(*ratio).toStdString() + " is taken as " +
                       QString::number(truncated).toStdString() +
                       ": gRPC ignores digits past the third decimal",
                   r.place(p + ".tokenRatio"));
        if (truncated <= 0) return r.bad(p + ".tokenRatio", "is 0 once truncated to 3 decimals");
        if (config.contains("retryPolicy") || config.contains("hedgingPolicy")) {
            b.strategy("retry_throttle", "retryThrottling");
            b.set("max_tokens", *tokens);
            b.set("token_ratio", truncated);
        } else {
            b.note(p, "no retryPolicy or hedgingPolicy in the method imported: nothing to throttle",
                   r.place(p));
        }
    }
    if (problems.size() != before) return false;
    if (attemptTimeout) { // each attempt's timeout, inside the retry and its throttle
        b.strategy("timeout", "perAttemptRecvTimeout");
        b.set("timeout_ms", *attemptTimeout);
    }
    if (configs.size() > 1)
        b.note("methodConfig", "the file has " + std::to_string(configs.size()) +
                                   " method configs; \"" + names[std::size_t(chosen)] +
                                   "\" is imported (--instance SERVICE[/METHOD] for another)");
    const std::string endpoint = names[std::size_t(chosen)] == "(default)"
                                     ? std::string("service")
                                     : names[std::size_t(chosen)];
    return b.finish(endpoint, out, problems);
}

} // namespace reslab
