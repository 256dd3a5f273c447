#include "trace_view.h"

#include "../palette.h"
#include "outcome_style.h"
#include "time_chart.h"

#include <QLabel>
#include <QPainter>
#include <QSplitter>
#include <QVBoxLayout>
#include <cmath>

namespace reslab::ui {

namespace {
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
    auto* split = new QSplitter(Qt::Vertical);
    m_load = new TimeChart(tr("Calls and failures"), tr("calls per second"));
    m_load->setXTitle(tr("seconds into the trace"));
    m_calls = m_load->addLine(tr("calls/s"), palette::kBlue);
    m_failed = m_load->addSecondaryLine(tr("failed"), palette::kRed, tr("failed calls (%)"), true);
    m_latency = new TimeChart(tr("Latency"), tr("ms"));
    m_latency->setXTitle(tr("seconds into the trace"));
    m_p50 = m_latency->addLine(tr("p50"), palette::kBlue);
    m_p90 = m_latency->addLine(tr("p90"), palette::kAmber);
    m_p99 = m_latency->addLine(tr("p99"), palette::kRed);
    split->addWidget(m_load);
    split->addWidget(m_latency);
    layout->addWidget(split, 1);
    m_mix = new OutcomeMixBar;
    layout->addWidget(m_mix);
}

void TraceView::setTrace(const TraceData& trace, const QString& file)
{
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
    m_load->setPoints(m_calls, series(h.t, h.callsPerS));
    m_load->setPoints(m_failed, series(h.t, h.failurePercent));
    m_latency->setPoints(m_p50, series(h.t, h.p50));
    m_latency->setPoints(m_p90, series(h.t, h.p90));
    m_latency->setPoints(m_p99, series(h.t, h.p99));
    const double end = std::max(1.0, h.t.empty() ? 1.0 : h.t.back());
    m_load->setRange(0, end, 1.0);
    m_latency->setRange(0, end, 1.0);
    m_mix->setCounts(h.outcomes);
}

} // namespace reslab::ui
