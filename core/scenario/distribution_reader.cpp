#include "scenario/readers.h"

namespace reslab::detail {

namespace {
const NumberRule& kPositiveMs = kPositiveMsRule;
constexpr std::size_t kMaxEmpiricalValues = 1'000'000;
} // namespace

std::optional<std::string> readChoice(ObjectReader& r, std::string_view key,
                                      std::initializer_list<std::string_view> allowed)
{
    return r.choice(key, std::vector<std::string_view>(allowed));
}

std::optional<Distribution> readDistribution(const QJsonValue& v, const std::string& path,
                                             Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    r.requireKey("dist");
    const auto kind = r.choice("dist", kDistributionKindNames.names());
    const std::size_t errorsBefore = d.size();
    std::optional<Distribution> out;
    auto need = [&](std::string_view key, const NumberRule& rule) {
        r.requireKey(key);
        return r.number(key, rule);
    };
    if (!kind) {
        // Nothing more to check; unknown keys would only add noise.
        return std::nullopt;
    } else if (*kind == "constant") {
        const auto ms = need("ms", kDurationMsRule);
        if (ms) out = Distribution::constant(*ms);
    } else if (*kind == "uniform") {
        const auto lo = need("min_ms", kDurationMsRule);
        const auto hi = need("max_ms", kDurationMsRule);
        if (lo && hi) {
            if (*hi < *lo)
                r.error("max_ms", "must be ≥ min_ms");
            else
                out = Distribution::uniform(*lo, *hi);
        }
    } else if (*kind == "exponential") {
        const auto mean = need("mean_ms", kPositiveMs);
        if (mean) out = Distribution::exponential(*mean);
    } else if (*kind == "normal") {
        // Drawn values below 0 become 0: a duration cannot be negative.
        const auto mean = need("mean_ms", kDurationMsRule);
        const auto sd = need("sd_ms", kDurationMsRule);
        if (mean && sd) out = Distribution::normal(*mean, *sd);
    } else if (*kind == "lognormal") {
        const auto median = need("median_ms", kPositiveMs);
        const bool hasP99 = r.has("p99_ms");
        const bool hasSigma = r.has("sigma");
        if (hasP99 == hasSigma) {
            r.error(hasP99 ? "sigma" : "p99_ms", "give exactly one of p99_ms and sigma");
        } else if (hasP99) {
            const auto p99 = r.number("p99_ms", kPositiveMs);
            if (median && p99) {
                if (*p99 < *median)
                    r.error("p99_ms", "must be ≥ median_ms");
                else
                    out = Distribution::lognormalMedianP99(*median, *p99);
            }
        } else {
            const auto sigma = r.number("sigma", NumberRule::between(0.0, 20.0));
            if (median && sigma) out = Distribution::lognormalMedianSigma(*median, *sigma);
        }
    } else if (*kind == "pareto") {
        const auto scale = need("scale_ms", kPositiveMs);
        const auto shape = need("shape", NumberRule{0.0, 1e6, true});
        if (scale && shape) out = Distribution::pareto(*scale, *shape);
    } else if (*kind == "mixture") {
        r.requireKey("components");
        if (const auto parts = r.array("components")) {
            if (parts->isEmpty()) r.error("components", "must list at least one component");
            std::vector<double> weights;
            std::vector<Distribution> components;
            for (qsizetype i = 0; i < parts->size(); ++i) {
                const std::string p =
                    indexPath(r.pathOf("components"), static_cast<std::size_t>(i));
                // A component is a distribution object with one extra key, "weight".
                QJsonObject o = parts->at(i).toObject();
                const QJsonValue weight = o.take(QStringLiteral("weight"));
                if (!parts->at(i).isObject()) {
                    d.push_back({p, "must be an object, not " + jsonTypeName(parts->at(i))});
                    continue;
                }
                if (!weight.isDouble()) {
                    d.push_back({keyPath(p, "weight"),
                                 weight.isUndefined()
                                     ? std::string("is required")
                                     : "must be a number, not " + jsonTypeName(weight)});
                    continue;
                }
                if (auto c = checkNumber(weight.toDouble(), NumberRule{0.0, 1e12, true});
                    !c.empty()) {
                    d.push_back({keyPath(p, "weight"), c});
                    continue;
                }
                if (auto dist = readDistribution(o, p, d)) {
                    weights.push_back(weight.toDouble());
                    components.push_back(std::move(*dist));
                }
            }
            if (!components.empty() && components.size() == static_cast<std::size_t>(parts->size()))
                out = Distribution::mixture(std::move(weights), std::move(components));
        }
    } else if (*kind == "empirical") {
        r.requireKey("values_ms");
        if (const auto values = r.array("values_ms")) {
            std::vector<double> list;
            if (values->isEmpty()) r.error("values_ms", "must hold at least one value");
            if (static_cast<std::size_t>(values->size()) > kMaxEmpiricalValues)
                r.error("values_ms", "holds more than 1,000,000 values");
            for (qsizetype i = 0; i < values->size() && list.size() <= kMaxEmpiricalValues; ++i) {
                const std::string p = indexPath(r.pathOf("values_ms"), static_cast<std::size_t>(i));
                const QJsonValue x = values->at(i);
                if (!x.isDouble()) {
                    d.push_back({p, "must be a number, not " + jsonTypeName(x)});
                    continue;
                }
                if (auto c = checkNumber(x.toDouble(), kDurationMsRule); !c.empty()) {
                    d.push_back({p, c});
                    continue;
                }
                list.push_back(x.toDouble());
            }
            if (!list.empty() && list.size() == static_cast<std::size_t>(values->size()))
                out = Distribution::empirical(std::move(list));
        }
    }
    r.rejectUnknown();
    if (d.size() != errorsBefore) return std::nullopt;
    return out;
}

} // namespace reslab::detail
