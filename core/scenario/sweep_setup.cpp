#include "scenario/sweep_setup.h"

#include "scenario/metric_names.h"
#include "scenario/param_values.h"

#include <QJsonArray>

namespace reslab {

namespace {
constexpr const char* kBlock = "sweep";
// A scenario's own sweep is for a page of the testbench and a quick look: a few parameters.
constexpr qsizetype kMaxSetupParams = 8;
} // namespace

std::optional<SweepSetup> readSweepSetup(const QJsonValue& value, Diagnostics& d)
{
    ObjectReader r(value, kBlock, d);
    if (!r.valid()) return std::nullopt;
    SweepSetup setup;
    r.requireKey("params");
    if (const auto params = r.array("params")) {
        if (params->isEmpty() || params->size() > kMaxSetupParams)
            r.error("params", "needs 1 to " + std::to_string(kMaxSetupParams) +
                                  " parameters, has " + std::to_string(params->size()));
        for (qsizetype i = 0; i < params->size(); ++i) {
            ObjectReader pr(params->at(i), indexPath(r.pathOf("params"), std::size_t(i)), d);
            if (!pr.valid()) continue;
            pr.requireKey("path");
            pr.requireKey("values");
            SweepSetup::Param p{pr.string("path").value_or(""), pr.string("values").value_or("")};
            pr.rejectUnknown();
            std::string error;
            if (!p.path.empty() && !parseParamPath(p.path, error))
                pr.error("path", error);
            else if (!p.values.empty() && !parseParamValues(p.values, error))
                pr.error("values", error);
            for (const SweepSetup::Param& q : setup.params)
                if (q.path == p.path && !p.path.empty()) pr.error("path", "is swept twice");
            setup.params.push_back(std::move(p));
        }
    }
    setup.metric = r.string("metric").value_or("");
    setup.maximize = r.boolean("maximize").value_or(false);
    if (const auto seeds = r.integer("seeds", 1, kMaxSweepSetupSeeds))
        setup.seeds = static_cast<int>(*seeds);
    r.rejectUnknown();
    return setup;
}

void checkSweepSetup(const Scenario& s, Diagnostics& d)
{
    if (!s.sweep || s.sweep->metric.empty() || isKnownMetric(s, s.sweep->metric)) return;
    std::string names;
    for (const std::string& n : metricNames(s))
        names += (names.empty() ? "" : ", ") + n;
    d.push_back({keyPath(kBlock, "metric"), "is \"" + s.sweep->metric +
                                                "\", not a metric of this scenario (expected one "
                                                "of: " +
                                                names + ")"});
}

void writeSweepSetup(JsonWriter& w, const SweepSetup& setup)
{
    w.key(kBlock).beginObject();
    w.key("params").beginArray();
    for (const SweepSetup::Param& p : setup.params) {
        w.beginObject();
        w.key("path").value(p.path);
        w.key("values").value(p.values);
        w.endObject();
    }
    w.endArray();
    if (!setup.metric.empty()) w.key("metric").value(setup.metric);
    if (setup.maximize) w.key("maximize").value(true);
    if (setup.seeds) w.key("seeds").value(*setup.seeds);
    w.endObject();
}

} // namespace reslab
