#include "amplification_page.h"

#include "palette.h"

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <map>
#include <optional>

namespace reslab::ui {

namespace {

// Colours of the lower layers, deepest last (distinct from the client's purple).
const QColor& layerColor(int layer)
{
    static const std::vector<QColor> colors{palette::kBlue, palette::kOrange, palette::kRed,
                                            palette::kGreen, palette::kGrey};
    return colors[std::size_t(layer - 1) % colors.size()];
}

} // namespace

AmplificationPage::AmplificationPage(LiveModel& model, QWidget* parent)
    : ChartPage(kId, model, parent)
{
    rebuild();
}

void AmplificationPage::build()
{
    m_chart = makeChart("amplification",
                        tr("Amplification (each point over at least %1 requests: its second, "
                           "or up to %2 s; while requests arrive)")
                            .arg(LiveStore::kMinRatioRequests)
                            .arg(LiveStore::kMaxRatioWindowS),
                        tr("attempts per request"));
    m_runs.clear();
    m_layers.clear();
    // One line per run, in the run's colour and dash.
    for (std::size_t r = 0; r < m_model.runCount(); ++r) {
        const RunStyle& s = m_model.style(r);
        m_runs.push_back(m_chart->addLine(seriesName(tr("attempts ÷ requests"), r, s),
                                          r == 0 ? palette::kPurple : s.color, s.dash));
    }
    // A layered scenario: the calls each lower layer receives per client request (run A's; the
    // runs compared differ only in the client's pipeline).
    m_endpointLayers = m_model.scenario() ? m_model.scenario()->layers() : std::vector<int>{};
    std::map<int, QStringList> byLayer;
    for (std::size_t e = 0; e < m_endpointLayers.size(); ++e)
        if (m_endpointLayers[e] > 0)
            byLayer[m_endpointLayers[e]]
                << QString::fromStdString(m_model.scenario()->endpoints[e].id);
    for (const auto& [layer, names] : byLayer)
        m_layers.push_back(
            {layer,
             m_chart->addLine(tr("layer %1 (%2) calls ÷ requests").arg(layer).arg(names.join(", ")),
                              layerColor(layer), Qt::SolidLine, 1.5)});
    content()->addWidget(m_chart, 1);
    m_wholeRun = new QLabel;
    m_wholeRun->setWordWrap(true);
    m_wholeRun->setContentsMargins(8, 2, 8, 4);
    content()->addWidget(m_wholeRun);
}

void AmplificationPage::redraw()
{
    // Ratios stop where arrivals stop (duration_s): past it the retries of earlier requests go on
    // over a window with no new ones, and the ratio climbs to no purpose (the retry-storm preset
    // drew 20 attempts per request over its drain).
    const double end = m_model.scenario() && m_model.scenario()->durationS
                           ? *m_model.scenario()->durationS
                           : std::numeric_limits<double>::infinity();
    auto whileArriving = [end](std::vector<QPointF> points) {
        points.erase(std::remove_if(points.begin(), points.end(),
                                    [end](const QPointF& p) { return p.x() > end + 1e-9; }),
                     points.end());
        return points;
    };
    for (std::size_t r = 0; r < m_runs.size() && r < m_model.runCount(); ++r)
        m_chart->setPoints(m_runs[r], whileArriving(m_model.store(r).amplification()));
    for (const Layer& l : m_layers)
        m_chart->setPoints(
            l.line, whileArriving(m_model.first().layerAmplification(l.layer, m_endpointLayers)));
    m_chart->setRange(visibleFrom(), visibleTo(), 2.0);
    // The whole run's figures, from run A's summary (what `resilience-lab run` prints).
    QStringList parts;
    if (const auto& s = m_model.first().summary(); s && s->requests > 0) {
        parts << tr("client: %1 attempts per request").arg(s->attemptsPerRequest(), 0, 'f', 2);
        std::vector<std::size_t> byLayer; // the lower endpoints, top layer first
        for (std::size_t e = 0; e < s->endpoints.size() && e < m_endpointLayers.size(); ++e)
            if (m_endpointLayers[e] > 0) byLayer.push_back(e);
        std::stable_sort(byLayer.begin(), byLayer.end(), [this](std::size_t x, std::size_t y) {
            return m_endpointLayers[x] < m_endpointLayers[y];
        });
        for (std::size_t e : byLayer)
            parts << tr("%1 (layer %2): %3 calls per request")
                         .arg(QString::fromStdString(s->endpoints[e].id))
                         .arg(m_endpointLayers[e])
                         .arg(s->endpoints[e].amplification, 0, 'f', 2);
    }
    m_wholeRun->setVisible(!parts.isEmpty());
    m_wholeRun->setText(parts.isEmpty() ? QString()
                                        : tr("Over the whole run%1: %2.")
                                              .arg(m_model.finished() ? QString() : tr(" so far"))
                                              .arg(parts.join(QStringLiteral("; "))));
}

} // namespace reslab::ui
