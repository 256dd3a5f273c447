#include "policy/spec_io.h"

#include <cmath>

namespace reslab {

namespace {
const NumberRule& kDurationMs = kDurationMsRule;
// A window longer than this remembers more than any run could fill; likely a typo.
constexpr std::int64_t kMaxAdaptiveWindow = 1'000'000;
const NumberRule& kPositiveMs = kPositiveMsRule;
// Envoy's intervals are whole milliseconds; a day is beyond any retry's wait.
constexpr std::int64_t kMaxEnvoyIntervalMs = 86'400'000;
} // namespace

std::optional<OutcomeSet> readOutcomes(ObjectReader& r, std::string_view key)
{
    const auto list = r.array(key);
    if (!list) return std::nullopt;
    OutcomeSet set;
    bool ok = true;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const std::string p = indexPath(r.pathOf(key), static_cast<std::size_t>(i));
        const QJsonValue x = list->at(i);
        const auto o = x.isString() ? outcomeFromName(x.toString().toStdString()) : std::nullopt;
        if (!o || *o == Outcome::Ok) {
            std::string message;
            if (x.isString()) {
                message = "unknown outcome \"";
                message += x.toString().toStdString();
                message += '"';
            } else {
                message = "must be an outcome name, not ";
                message += jsonTypeName(x);
            }
            message += " (expected one of: ";
            for (std::size_t k = 1; k < kOutcomeCount; ++k) {
                if (k > 1) message += ", ";
                message += kOutcomeNames[k];
            }
            message += ')';
            r.diagnostics().push_back({p, std::move(message)});
            ok = false;
            continue;
        }
        set.insert(*o);
    }
    return ok ? std::optional(set) : std::nullopt;
}

std::vector<std::string> outcomeNames(const OutcomeSet& set)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        if (set.contains(static_cast<Outcome>(i))) names.emplace_back(kOutcomeNames[i]);
    return names;
}

std::string outcomeList(const OutcomeSet& set)
{
    std::string out;
    for (const std::string& n : outcomeNames(set))
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string outcomesHint()
{
    std::string out = "comma-separated outcomes:";
    for (std::size_t k = 1; k < kOutcomeCount; ++k)
        out += std::string(k > 1 ? ", " : " ") + std::string(kOutcomeNames[k]);
    return out;
}

std::optional<BackoffSpec> readBackoff(const QJsonValue& v, const std::string& path, Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto kind = r.choice("type", kBackoffKindNames);
    if (!kind) return std::nullopt;
    BackoffSpec b;
    b.kind = *kind;
    auto need = [&](std::string_view key, const NumberRule& rule) {
        r.requireKey(key);
        return r.number(key, rule).value_or(0.0);
    };
    switch (b.kind) {
    case BackoffSpec::Kind::Constant:
        b.delayMs = need("delay_ms", kDurationMs);
        break;
    case BackoffSpec::Kind::Linear:
        b.initialMs = need("initial_ms", kDurationMs);
        b.incrementMs = need("increment_ms", kDurationMs);
        b.minMs = r.number("min_ms", 0.0, kDurationMs);
        break;
    case BackoffSpec::Kind::Exponential:
        b.initialMs = need("initial_ms", kDurationMs);
        b.multiplier = r.number("multiplier", 2.0, NumberRule::between(1.0, 1000.0));
        b.minMs = r.number("min_ms", 0.0, kDurationMs);
        break;
    case BackoffSpec::Kind::Decorrelated:
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        b.initialMs = need("initial_ms", kPositiveMs);
        break;
    case BackoffSpec::Kind::Urllib3:
        b.factorMs = need("factor_ms", kDurationMs);
        b.maxMs = kUrllib3BackoffMaxMs;
        break;
    case BackoffSpec::Kind::Adaptive:
        // zenoo_rpc AdaptiveStrategy's keyword arguments, with its defaults.
        b.initialMs = r.number("initial_ms", kAdaptiveInitialMs, kDurationMs);
        b.maxMs = kAdaptiveMaxMs;
        b.successThreshold =
            r.number("success_threshold", kAdaptiveSuccessThreshold, NumberRule::between(0.0, 1.0));
        b.window =
            static_cast<int>(r.integer("window", 1, kMaxAdaptiveWindow).value_or(kAdaptiveWindow));
        b.minSamples = static_cast<int>(
            r.integer("min_samples", 1, kMaxAdaptiveWindow).value_or(kAdaptiveMinSamples));
        if (b.minSamples > b.window)
            r.error("min_samples", "must be ≤ window (" + std::to_string(b.window) +
                                       "): the window never holds more, so the backoff would "
                                       "never adapt");
        break;
    case BackoffSpec::Kind::Envoy:
        // retry_back_off.base_interval (whole ms, as Envoy keeps it; the runtime default 25 ms)
        // and max_interval (10 × base unless given).
        b.initialMs =
            static_cast<double>(r.integer("initial_ms", 1, kMaxEnvoyIntervalMs)
                                    .value_or(static_cast<std::int64_t>(kEnvoyBaseIntervalMs)));
        b.maxMs = b.initialMs * kEnvoyMaxIntervalFactor;
        if (r.has("max_ms")) {
            if (const auto max = r.integer("max_ms", 1, kMaxEnvoyIntervalMs))
                b.maxMs = static_cast<double>(*max);
            if (b.maxMs < b.initialMs)
                r.error("max_ms", "must be ≥ initial_ms (Envoy: max_interval must be greater or "
                                  "equal to base_interval)");
        }
        break;
    }
    if (b.kind != BackoffSpec::Kind::Envoy)
        if (const auto max = r.number("max_ms", kDurationMs)) b.maxMs = *max;
    if (b.maxMs < b.minMs) r.error("max_ms", "must be ≥ min_ms");
    if (const auto steps = r.array("steps_ms")) {
        // tenacity wait_chain(wait_fixed(a), wait_fixed(b), …, then): fixed waits first.
        if (steps->size() > qsizetype(kMaxBackoffSteps))
            r.error("steps_ms", "at most " + std::to_string(kMaxBackoffSteps) + " steps");
        for (qsizetype i = 0; i < steps->size() && i < qsizetype(kMaxBackoffSteps); ++i) {
            const QJsonValue step = steps->at(i);
            const std::string where = indexPath(r.pathOf("steps_ms"), std::size_t(i));
            if (!step.isDouble()) {
                d.push_back(
                    {where, "expected a number of milliseconds, found " + jsonTypeName(step)});
                continue;
            }
            if (const std::string bad = checkNumber(step.toDouble(), kDurationMs); !bad.empty()) {
                d.push_back({where, bad});
                continue;
            }
            b.stepsMs.push_back(step.toDouble());
        }
    }
    r.rejectUnknown();
    return d.size() == before ? std::optional(b) : std::nullopt;
}

std::optional<JitterSpec> readJitter(const QJsonValue& v, const std::string& path, Diagnostics& d)
{
    JitterSpec j;
    if (v.isString()) { // shorthand: "jitter": "full"
        const std::string s = v.toString().toStdString();
        const auto kind = kJitterKindNames.find(s);
        if (!kind) {
            d.push_back({path, "unknown value \"" + s +
                                   "\" (expected one of: " + kJitterKindNames.list() + ")"});
            return std::nullopt;
        }
        j.kind = *kind;
        j.capAfterJitter = j.kind == JitterSpec::Kind::Additive;
        return j;
    }
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto kind = r.choice("type", kJitterKindNames);
    if (!kind) return std::nullopt;
    j.kind = *kind;
    if (j.kind == JitterSpec::Kind::Proportional)
        j.factor =
            r.number("factor", kDefaultProportionalJitterFactor, NumberRule::between(0.0, 1.0));
    if (j.kind == JitterSpec::Kind::Additive)
        j.jitterMs = r.number("jitter_ms", kDefaultAdditiveJitterMs, kDurationMs);
    j.capAfterJitter = r.boolean("cap_after_jitter").value_or(j.kind == JitterSpec::Kind::Additive);
    r.rejectUnknown();
    return d.size() == before ? std::optional(j) : std::nullopt;
}

void writeBackoff(JsonWriter& w, const BackoffSpec& b)
{
    w.beginObject().key("type").value(kBackoffKindNames.name(b.kind));
    switch (b.kind) {
    case BackoffSpec::Kind::Constant:
        w.key("delay_ms").value(b.delayMs);
        break;
    case BackoffSpec::Kind::Linear:
        w.key("initial_ms").value(b.initialMs).key("increment_ms").value(b.incrementMs);
        if (b.minMs) w.key("min_ms").value(b.minMs);
        break;
    case BackoffSpec::Kind::Exponential:
        w.key("initial_ms").value(b.initialMs).key("multiplier").value(b.multiplier);
        if (b.minMs) w.key("min_ms").value(b.minMs);
        break;
    case BackoffSpec::Kind::Decorrelated:
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        w.key("initial_ms").value(b.initialMs);
        break;
    case BackoffSpec::Kind::Urllib3:
        w.key("factor_ms").value(b.factorMs);
        break;
    case BackoffSpec::Kind::Adaptive:
        w.key("initial_ms").value(b.initialMs);
        w.key("success_threshold").value(b.successThreshold);
        w.key("window").value(b.window).key("min_samples").value(b.minSamples);
        break;
    case BackoffSpec::Kind::Envoy:
        w.key("initial_ms").value(b.initialMs);
        break;
    }
    const bool defaultMax = b.kind == BackoffSpec::Kind::Urllib3 ? b.maxMs == kUrllib3BackoffMaxMs
                            : b.kind == BackoffSpec::Kind::Adaptive ? b.maxMs == kAdaptiveMaxMs
                            : b.kind == BackoffSpec::Kind::Envoy
                                ? b.maxMs == b.initialMs * kEnvoyMaxIntervalFactor
                                : !std::isfinite(b.maxMs);
    if (!defaultMax) w.key("max_ms").value(b.maxMs);
    if (!b.stepsMs.empty()) w.key("steps_ms").inlineArray(b.stepsMs);
    w.endObject();
}

void writeJitter(JsonWriter& w, const JitterSpec& j)
{
    const bool defaultCap = j.capAfterJitter == (j.kind == JitterSpec::Kind::Additive);
    const bool plain =
        defaultCap && (j.kind == JitterSpec::Kind::None || j.kind == JitterSpec::Kind::Full ||
                       j.kind == JitterSpec::Kind::Equal);
    if (plain) {
        w.value(kJitterKindNames.name(j.kind));
    } else {
        w.beginObject().key("type").value(kJitterKindNames.name(j.kind));
        if (j.kind == JitterSpec::Kind::Proportional) w.key("factor").value(j.factor);
        if (j.kind == JitterSpec::Kind::Additive) w.key("jitter_ms").value(j.jitterMs);
        if (!defaultCap) w.key("cap_after_jitter").value(j.capAfterJitter);
        w.endObject();
    }
}

void addBackoffFields(FieldSpecs& f)
{
    using namespace fields;
    const BackoffSpec defaults;
    f.push_back(choice("backoff.type", "Backoff", kBackoffKindNames, {},
                       "exponential: tenacity wait_exponential, resilience4j "
                       "IntervalFunction.ofExponentialBackoff, gRPC initialBackoff; "
                       "decorrelated: the AWS architecture blog; polly_decorrelated_v2: Polly v8's "
                       "default with jitter; urllib3: urllib3 Retry's backoff_factor; adaptive: "
                       "zenoo_rpc AdaptiveStrategy, steered by the recent success rate; envoy: "
                       "Envoy's retry_back_off, random() % an interval doubling from "
                       "base_interval (25 ms) to max_interval (10 × base), whole ms."));
    f.push_back(when(number("backoff.delay_ms", "    delay", "ms", "≥ 0", {},
                            "tenacity wait_fixed, resilience4j waitDuration."),
                     "backoff.type", {"constant"}));
    f.push_back(when(
        number("backoff.initial_ms", "    initial", "ms", "≥ 0", {},
               "The first delay: tenacity multiplier (in s), gRPC initialBackoff, "
               "Polly Delay, AWS base, Envoy base_interval (whole ms)."),
        "backoff.type",
        {"linear", "exponential", "decorrelated", "polly_decorrelated_v2", "adaptive", "envoy"}));
    f.push_back(when(number("backoff.factor_ms", "    factor", "ms", "≥ 0", {},
                            "urllib3 Retry backoff_factor (in s there): no wait before the first "
                            "retry, then factor·2ⁿ⁻¹."),
                     "backoff.type", {"urllib3"}));
    f.push_back(when(number("backoff.increment_ms", "    increment", "ms", "≥ 0", {},
                            "tenacity wait_incrementing increment."),
                     "backoff.type", {"linear"}));
    f.push_back(when(number("backoff.multiplier", "    multiplier", "× per retry", "≥ 1",
                            text(defaults.multiplier),
                            "tenacity exp_base, resilience4j multiplier, gRPC backoffMultiplier."),
                     "backoff.type", {"exponential"}));
    f.push_back(when(number("backoff.min_ms", "    min", "ms", "≥ 0", text(defaults.minMs),
                            "tenacity wait_exponential min."),
                     "backoff.type", {"linear", "exponential"}));
    f.push_back(when(number("backoff.success_threshold", "    success threshold", {}, "0 … 1",
                            text(kAdaptiveSuccessThreshold),
                            "zenoo success_threshold: below this recent success rate the delays "
                            "grow 3ⁿ⁻¹; above 0.95 they grow 1 + 0.5(n−1); between, 1.5ⁿ⁻¹."),
                     "backoff.type", {"adaptive"}));
    f.push_back(
        when(integer("backoff.window", "    window", "attempts", "≥ 1", text(kAdaptiveWindow),
                     "zenoo adaptation_window: the attempts the success rate is taken "
                     "over, shared by every call through this retry."),
             "backoff.type", {"adaptive"}));
    f.push_back(when(integer("backoff.min_samples", "    min samples", "attempts", "≥ 1",
                             text(kAdaptiveMinSamples),
                             "zenoo min_samples: with fewer attempts seen the delays grow 2ⁿ⁻¹."),
                     "backoff.type", {"adaptive"}));
    f.push_back(number("backoff.max_ms", "    max", "ms", "≥ initial", "none",
                       "The cap: tenacity max, gRPC maxBackoff, Polly MaxDelay, AWS cap, urllib3 "
                       "backoff_max (120000 when not given), zenoo max_delay (60000 when not "
                       "given for adaptive), Envoy max_interval (10 × initial when not given)."));
}

void addJitterFields(FieldSpecs& f)
{
    using namespace fields;
    f.push_back(choice("jitter", "Jitter", kJitterKindNames, "none",
                       "full: AWS full jitter / tenacity wait_random_exponential; equal: AWS equal "
                       "jitter; proportional: resilience4j randomizationFactor, gRPC ±20 %; "
                       "additive: tenacity wait_exponential_jitter."));
    f.push_back(when(number("jitter.factor", "    factor", {}, "0 … 1",
                            text(kDefaultProportionalJitterFactor),
                            "Proportional: delay × U(1 − f, 1 + f)."),
                     "jitter", {"proportional"}));
    f.push_back(when(number("jitter.jitter_ms", "    jitter", "ms", "≥ 0",
                            text(kDefaultAdditiveJitterMs), "Additive: delay + U(0, jitter)."),
                     "jitter", {"additive"}));
}

} // namespace reslab
