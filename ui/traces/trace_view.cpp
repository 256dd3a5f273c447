#include "trace_view.h"

#include "chart_interaction.h"
#include "fit/latency_histogram.h"
#include "legend_fit.h"
#include "outcome_style.h"
#include "palette.h"
#include "time_chart.h"
#include "time_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
// The least height a trace chart is drawn at: room for its title, legend and axes and a plot that
// still shows a shape (without it, three charts at 1280×800 were squeezed to about 70 px each,
// their titles cut).
constexpr int kChartMinHeight = 240;

std::vector<QPointF> series(const std::vector<double>& t, const std::vector<double>& y)
{
    std::vector<QPointF> out;
    out.reserve(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
        if (!std::isnan(y[i])) out.emplace_back(t[i], y[i]); // a bucket without calls is a gap
    return out;
}
} // namespace

OutcomeMixBar::OutcomeMixBar(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(52);
    setToolTip(tr("The outcomes of every call in the trace"));
}

void OutcomeMixBar::setCounts(const std::array<std::uint64_t, kOutcomeCount>& counts)
{
    m_counts = counts;
    update();
}

void OutcomeMixBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    std::uint64_t total = 0;
    for (std::uint64_t c : m_counts)
        total += c;
    if (total == 0) return;
    const QRectF bar(8, 4, width() - 16, 18);
    double x = bar.left();
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
        if (!m_counts[o]) continue;
        const double w = bar.width() * double(m_counts[o]) / double(total);
        p.fillRect(QRectF(x, bar.top(), std::max(1.0, w), bar.height()), outcomeColor(Outcome(o)));
        x += w;
    }
    // The legend: every outcome present, with its count and share.
    x = bar.left();
    const double y = bar.bottom() + 6;
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
        if (!m_counts[o]) continue;
        const QString label = QStringLiteral("%1 %L2 (%3 %)")
                                  .arg(outcomeLabel(Outcome(o)))
                                  .arg(m_counts[o])
                                  .arg(100.0 * double(m_counts[o]) / double(total), 0, 'f',
                                       m_counts[o] * 1000 < total ? 2 : 1);
        p.fillRect(QRectF(x, y + 3, 10, 10), outcomeColor(Outcome(o)));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QPointF(x + 14, y + 12), label);
        x += 14 + p.fontMetrics().horizontalAdvance(label) + 16;
    }
}

TraceView::TraceView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(tr("No trace open. File ▸ Open Trace… or Import Trace…, or open a "
                            "scenario that replays one."));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    auto* fitRow = new QHBoxLayout;
    m_modelButton = new QPushButton(tr("Model This Trace"));
    m_modelButton->setToolTip(
        tr("Fit a scenario to the trace: its arrival rate, phases and latency (resilience-lab "
           "fit), so every what-if is an edit or a sweep"));
    m_modelButton->setEnabled(false);
    m_openFitted = new QPushButton(tr("Open Fitted Scenario"));
    m_openFitted->setToolTip(tr("Open the fitted scenario in the editor, to run, vary or save"));
    m_openFitted->setEnabled(false);
    m_busy = new QProgressBar;
    m_busy->setRange(0, 0); // fitting reads the trace twice; its length is not known up front
    m_busy->setMaximumWidth(160);
    m_busy->setVisible(false);
    m_fitSummary = new QLabel;
    m_fitSummary->setWordWrap(true);
    fitRow->addWidget(m_modelButton);
    fitRow->addWidget(m_openFitted);
    fitRow->addWidget(m_busy);
    fitRow->addWidget(m_fitSummary, 1);
    layout->addLayout(fitRow);
    m_modeller = new TraceModeller(this);
    connect(m_modelButton, &QPushButton::clicked, this, &TraceView::modelTrace);
    connect(m_openFitted, &QPushButton::clicked, this, [this] {
        if (m_model && !m_model->scenarioJson.isEmpty())
            emit openFittedScenario(m_model->scenarioJson);
    });
    connect(m_modeller, &TraceModeller::finished, this,
            [this](const TraceModelPtr& model, quint64) { showModel(model); });
    auto* split = new QSplitter(Qt::Vertical);
    m_load = new TimeChart(tr("Calls and failures"), tr("calls/s")); // "calls per second" was cut
    m_load->setXTitle(tr("seconds into the trace"));
    m_loadPhases = m_load->addBand(tr("fitted phase"), palette::kRed);
    m_calls = m_load->addLine(tr("calls/s"), palette::kBlue);
    m_fittedRate = m_load->addLine(tr("fitted first attempts/s"), palette::kOrange, Qt::DashLine);
    m_load->setVisible(m_fittedRate, false);
    m_load->setVisible(m_loadPhases, false);
    m_failed = m_load->addSecondaryLine(tr("failed"), palette::kRed, tr("failed calls (%)"), true);
    m_latency = new TimeChart(tr("Latency"), tr("ms"));
    m_latency->setXTitle(tr("seconds into the trace"));
    m_latencyPhases = m_latency->addBand(tr("fitted phase"), palette::kRed);
    m_latency->setVisible(m_latencyPhases, false);
    m_p50 = m_latency->addLine(tr("p50"), palette::kBlue);
    m_p90 = m_latency->addLine(tr("p90"), palette::kAmber);
    m_p99 = m_latency->addLine(tr("p99"), palette::kRed);
    m_distribution =
        new TimeChart(tr("Latency of the successes outside phases"), tr("share per bin"));
    m_distribution->setXTitle(tr("ms"));
    m_recordedShare = m_distribution->addLine(tr("recorded"), palette::kBlue);
    m_fittedShare = m_distribution->addLine(tr("fitted"), palette::kOrange, Qt::SolidLine, 2.5);
    m_distribution->hide();
    // The two time charts are questioned as the live ones are (zoom, pan, crosshair, legend
    // toggles), through the trace's own time model. Their plot areas are not aligned: a
    // PlotAligner fixes each chart's plot area, and one fixed while the view was hidden (a trace
    // is set before its view is shown) kept the charts at that size when the window grew.
    m_time = new TimeModel(this);
    for (TimeChart* chart : {m_load, m_latency}) {
        new ChartInteraction(*chart, *m_time);
        new LegendFit(*chart);
    }
    connect(m_time, &TimeModel::viewChanged, this, &TraceView::drawRange);
    // Following means the newest minutes of a run; a trace is whole from the start, so a
    // double-click (which asks to follow) shows all of it. Queued: follow() applies its own range
    // after announcing the mode.
    connect(
        m_time, &TimeModel::followChanged, this,
        [this](bool following) {
            if (following) m_time->setView(0.0, m_time->end());
        },
        Qt::QueuedConnection);
    new LegendFit(*m_distribution);
    split->addWidget(m_load);
    split->addWidget(m_latency);
    split->addWidget(m_distribution);
    split->setChildrenCollapsible(false);
    // With the fitted distribution shown there are three charts: each keeps room for its title,
    // legend and axes, and a page shorter than that scrolls instead of growing the window or
    // squeezing the charts to a sliver.
    for (TimeChart* chart : {m_load, m_latency, m_distribution})
        chart->setMinimumHeight(kChartMinHeight);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(split);
    layout->addWidget(scroll, 1);
    m_mix = new OutcomeMixBar;
    layout->addWidget(m_mix);
}

void TraceView::setTrace(const TraceData& trace, const QString& file)
{
    m_trace = trace;
    m_file = file;
    clearModel();
    m_modelButton->setEnabled(trace && !trace->calls.empty());
    m_health = trace ? traceHealth(*trace) : TraceHealth{};
    const TraceHealth& h = m_health;
    if (trace) {
        QStringList endpoints;
        for (const std::string& e : trace->endpoints)
            if (!e.empty()) endpoints << QString::fromStdString(e);
        const QString origin = trace->header.timeOrigin.empty()
                                   ? tr("simulated")
                                   : QString::fromStdString(trace->header.timeOrigin);
        m_title->setText(
            tr("<b>%1</b> — %L2 calls over %3 s from %4 (t = 0: %5)%6")
                .arg(file.toHtmlEscaped())
                .arg(h.calls)
                .arg(h.spanS, 0, 'f', 1)
                .arg(QString::fromStdString(trace->header.source).toHtmlEscaped(),
                     origin.toHtmlEscaped())
                .arg(endpoints.isEmpty()
                         ? QString()
                         : tr("; endpoints: %1").arg(endpoints.join(", ").toHtmlEscaped())));
    }
    m_kept.clear();
    keep(m_load, m_calls, series(h.t, h.callsPerS));
    keep(m_load, m_failed, series(h.t, h.failurePercent));
    keep(m_latency, m_p50, series(h.t, h.p50));
    keep(m_latency, m_p90, series(h.t, h.p90));
    keep(m_latency, m_p99, series(h.t, h.p99));
    const double end = std::max(1.0, h.t.empty() ? 1.0 : h.t.back());
    m_time->reset();
    m_time->setEnd(end);
    m_time->setView(0.0, end);
    drawRange();
    m_mix->setCounts(h.outcomes);
}

void TraceView::keep(TimeChart* chart, SeriesId series, std::vector<QPointF> points)
{
    for (Kept& k : m_kept)
        if (k.chart == chart && k.series == series) {
            k.points = std::move(points);
            return;
        }
    m_kept.push_back({chart, series, std::move(points)});
}

void TraceView::drawRange()
{
    // Each series sliced to the range (and a point either side, so lines reach the edges), then
    // decimated by the chart to its width: zooming in shows the trace's own buckets.
    const double from = m_time->from(), to = m_time->to();
    for (const Kept& k : m_kept) {
        const auto byX = [](const QPointF& p, double x) { return p.x() < x; };
        auto first = std::lower_bound(k.points.begin(), k.points.end(), from, byX);
        auto last = std::lower_bound(first, k.points.end(), to, byX);
        if (first != k.points.begin()) --first;
        if (last != k.points.end()) ++last;
        k.chart->setPoints(k.series, std::vector<QPointF>(first, last));
    }
    m_load->setRange(from, to, 1.0);
    m_latency->setRange(from, to, 1.0);
}

void TraceView::setDark(bool dark)
{
    for (TimeChart* c : {m_load, m_latency, m_distribution})
        c->setDark(dark);
}

void TraceView::modelTrace()
{
    if (!m_trace) return;
    m_busy->setVisible(true);
    m_modelButton->setEnabled(false);
    m_fitSummary->setText(tr("Fitting a scenario to %L1 calls…").arg(m_trace->calls.size()));
    m_modeller->start(m_trace, m_file);
}

void TraceView::clearModel()
{
    m_model.reset();
    m_openFitted->setEnabled(false);
    m_fitSummary->clear();
    m_load->setVisible(m_loadPhases, false);
    m_load->setVisible(m_fittedRate, false);
    m_latency->setVisible(m_latencyPhases, false);
    m_distribution->hide();
}

void TraceView::showModel(const TraceModelPtr& model)
{
    m_busy->setVisible(false);
    m_modelButton->setEnabled(bool(m_trace));
    m_model = model;
    m_fitSummary->setText(model->summary);
    m_openFitted->setEnabled(!model->scenarioJson.isEmpty());
    if (!model->fit.scenario) {
        emit modelled();
        return;
    }
    const EndpointFit& target = model->fit.endpoints[model->fit.target];
    const EndpointDigest& recorded = model->digest.endpoints[model->fit.target];
    const double binS = model->digest.binS;
    const double end = std::max(1.0, m_health.t.empty() ? 1.0 : m_health.t.back());
    // The phases as bands reaching the top of each chart's data.
    auto bands = [&](double top) {
        std::vector<QPointF> p{{0, 0}};
        for (const PhaseSpec& phase : target.spec.phases) {
            p.insert(p.end(),
                     {{phase.startS, 0}, {phase.startS, top}, {phase.endS, top}, {phase.endS, 0}});
        }
        p.emplace_back(end, 0);
        return p;
    };
    auto top = [](const std::vector<double>& v) {
        double m = 0;
        for (double x : v)
            if (std::isfinite(x)) m = std::max(m, x);
        return m > 0 ? m : 1.0;
    };
    keep(m_load, m_loadPhases, bands(top(m_health.callsPerS)));
    keep(m_latency, m_latencyPhases, bands(top(m_health.p99)));
    std::vector<QPointF> rate;
    for (const CountSegment& s : target.rate) {
        rate.emplace_back(double(s.begin) * binS, s.rate / binS);
        rate.emplace_back(double(s.end) * binS, s.rate / binS);
    }
    keep(m_load, m_fittedRate, std::move(rate));
    m_load->setVisible(m_loadPhases, !target.spec.phases.empty());
    m_latency->setVisible(m_latencyPhases, !target.spec.phases.empty());
    m_load->setVisible(m_fittedRate, true);
    drawRange();

    const LatencyHistogram h = latencyHistogram(recorded, target);
    if (h.binMs > 0) {
        std::vector<QPointF> recordedSteps, fitted;
        double highest = 0;
        for (std::size_t i = 0; i < h.recorded.size(); ++i) {
            const double lo = double(i) * h.binMs;
            recordedSteps.emplace_back(lo, h.recorded[i]);
            recordedSteps.emplace_back(lo + h.binMs, h.recorded[i]);
            fitted.emplace_back(lo + h.binMs / 2, h.fitted[i]);
            highest = std::max({highest, h.recorded[i], h.fitted[i]});
        }
        m_distribution->chart()->setTitle(
            tr("Latency of the successes outside phases: recorded, and the fitted %1")
                .arg(QString::fromUtf8(distributionKindName(target.latency.chosen.kind).data())));
        m_distribution->setPoints(m_recordedShare, recordedSteps);
        m_distribution->setPoints(m_fittedShare, fitted);
        m_distribution->setRange(0, double(h.recorded.size()) * h.binMs, highest * 1.1);
        m_distribution->show();
    }
    emit modelled();
}

} // namespace reslab::ui
