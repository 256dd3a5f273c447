#include "legend_fit.h"

#include "time_chart.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLegend>
#include <QLegendMarker>

namespace reslab::ui {

namespace {
// Per entry beside its label's text: the marker (a square of the font's height), the gap to the
// label and the spacing to the next entry, as Qt Charts 6.4's legend lays them out, rounded up.
constexpr int kEntryPaddingPx = 28;
// The chart's margins and the legend's own, both sides.
constexpr int kChartPaddingPx = 40;
} // namespace

LegendFit::LegendFit(TimeChart& chart) : QObject(&chart), m_chart(chart)
{
    chart.installEventFilter(this);
    connect(&chart, &TimeChart::redrawn, this, &LegendFit::fit);
}

int LegendFit::rowWidth() const
{
    const QLegend* legend = m_chart.chart()->legend();
    const QFontMetrics metrics(legend->font());
    int width = 0;
    for (QLegendMarker* marker : legend->markers())
        if (marker->isVisible())
            width +=
                metrics.horizontalAdvance(marker->label()) + metrics.height() + kEntryPaddingPx;
    return width;
}

void LegendFit::fit()
{
    QLegend* legend = m_chart.chart()->legend();
    const Qt::Alignment want =
        rowWidth() + kChartPaddingPx <= m_chart.width() ? Qt::AlignTop : Qt::AlignRight;
    if (legend->alignment() != want) legend->setAlignment(want);
}

bool LegendFit::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == &m_chart && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        fit();
    return false;
}

} // namespace reslab::ui
