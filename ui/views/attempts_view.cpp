#include "attempts_view.h"

#include "outcome_style.h"
#include "palette.h"
#include "run/live_run.h"

#include <QPainter>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace reslab::ui {

namespace {
constexpr int kRowHeight = 16;
constexpr int kLabelWidth = 70; // "#123456"
constexpr int kAxisHeight = 40; // tick labels and the legend
constexpr int kTitleHeight = 22;

// A round tick step (1, 2 or 5 × 10ⁿ) giving about `ticks` ticks over `span`.
double niceStep(double span, int ticks)
{
    const double raw = span / std::max(1, ticks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

QString timeLabel(double seconds, double step)
{
    if (step < 1.0)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', step < 0.01 ? 3 : step < 0.1 ? 2 : 1);
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', 0);
}
} // namespace

AttemptsTimeline::AttemptsTimeline(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(160);
    setToolTip(tr("The latest requests, one per row: each attempt a bar in its outcome's colour, "
                  "the backoff before it a thin line."));
}

void AttemptsTimeline::setAttempts(const std::deque<AttemptRecord>& attempts)
{
    m_attempts = attempts;
    layoutRows();
    update();
}

int AttemptsTimeline::capacity() const
{
    return std::max(1, (height() - kAxisHeight - kTitleHeight) / kRowHeight);
}

void AttemptsTimeline::resizeEvent(QResizeEvent*)
{
    layoutRows();
}

void AttemptsTimeline::layoutRows()
{
    const int capacity = this->capacity();
    std::map<std::uint64_t, std::vector<AttemptRecord>> byRequest;
    for (auto it = m_attempts.rbegin(); it != m_attempts.rend(); ++it) {
        if (!byRequest.count(it->request) && int(byRequest.size()) >= capacity) {
            if (it->request < byRequest.begin()->first) continue;
            byRequest.erase(byRequest.begin());
        }
        byRequest[it->request].push_back(*it);
    }
    m_rows.clear();
    m_from = kTimeNever;
    m_to = 0;
    for (auto& [request, list] : byRequest) {
        std::reverse(list.begin(), list.end());
        for (const AttemptRecord& a : list) {
            m_from = std::min(m_from, a.start - a.wait);
            m_to = std::max(m_to, a.end);
        }
        m_rows.push_back(Row{request, std::move(list)});
    }
    if (m_rows.empty() || m_to <= m_from) {
        m_from = 0;
        m_to = kNanosPerSecond;
    }
}

void AttemptsTimeline::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Text));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRect(8, 2, width() - 16, kTitleHeight), Qt::AlignVCenter | Qt::AlignLeft,
               m_heading.isEmpty()
                   ? tr("Latest %n request(s) and their attempts", nullptr, int(m_rows.size()))
                   : m_heading.arg(m_rows.size()));
    p.setFont(font());
    const QRectF plot(kLabelWidth, kTitleHeight, width() - kLabelWidth - 16,
                      height() - kAxisHeight - kTitleHeight);
    const double span = toSeconds(m_to - m_from);
    auto xOf = [&](Time t) { return plot.left() + plot.width() * toSeconds(t - m_from) / span; };

    // Time ticks on round values.
    const double step = niceStep(span, std::max(2, int(plot.width() / 110)));
    const double from = toSeconds(m_from);
    p.setPen(palette().color(QPalette::Mid));
    for (double t = std::ceil(from / step) * step; t <= toSeconds(m_to) + 1e-9; t += step) {
        const double x = plot.left() + plot.width() * (t - from) / span;
        p.setPen(QPen(palette().color(QPalette::Midlight), 1, Qt::DotLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(palette().color(QPalette::Text));
        const QString label = timeLabel(t, step);
        p.drawText(QRectF(x - 50, plot.bottom() + 2, 100, 16), Qt::AlignHCenter | Qt::AlignTop,
                   label);
    }

    std::array<bool, kOutcomeCount> seen{};
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const double y = plot.top() + double(i) * kRowHeight;
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(4, y, kLabelWidth - 8, kRowHeight), Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("#%1").arg(m_rows[i].request));
        for (const AttemptRecord& a : m_rows[i].attempts) {
            if (a.wait > 0) {
                p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
                p.drawLine(QPointF(xOf(a.start - a.wait), y + kRowHeight / 2.0),
                           QPointF(xOf(a.start), y + kRowHeight / 2.0));
            }
            const double x0 = xOf(a.start);
            const double w = std::max(2.0, xOf(a.end) - x0);
            p.fillRect(QRectF(x0, y + 3, w, kRowHeight - 6), outcomeColor(a.result.outcome));
            // A hairline at each attempt's start, so back-to-back attempts read as separate bars.
            p.setPen(palette().color(QPalette::Base));
            p.drawLine(QPointF(x0, y + 3), QPointF(x0, y + kRowHeight - 3));
            seen[std::size_t(a.result.outcome)] = true;
        }
    }

    // Legend: the outcomes on screen, and what the thin line means.
    double x = kLabelWidth;
    const double y = height() - 18;
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
        if (!seen[o]) continue;
        p.fillRect(QRectF(x, y + 3, 12, 10), outcomeColor(Outcome(o)));
        const QString name = outcomeLabel(Outcome(o));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QPointF(x + 16, y + 12), name);
        x += 16 + p.fontMetrics().horizontalAdvance(name) + 14;
    }
    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    p.drawLine(QPointF(x, y + 8), QPointF(x + 20, y + 8));
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QPointF(x + 24, y + 12), tr("backoff wait"));
}

AttemptsHistogram::AttemptsHistogram(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(120);
    setToolTip(tr("How many attempts the requests that ended took, over the whole run."));
}

void AttemptsHistogram::setCounts(const std::vector<std::uint64_t>& counts)
{
    m_counts = counts;
    update();
}

std::uint64_t AttemptsHistogram::total() const
{
    std::uint64_t n = 0;
    for (std::uint64_t c : m_counts)
        n += c;
    return n;
}

void AttemptsHistogram::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    const std::uint64_t n = total();
    p.drawText(QRect(8, 2, width() - 16, kTitleHeight), Qt::AlignVCenter | Qt::AlignLeft,
               tr("Attempts per request (%L1 requests ended)").arg(n));
    p.setFont(font());
    if (n == 0) return;
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(8, height() - 18, 60, 16), Qt::AlignLeft | Qt::AlignVCenter, tr("attempts"));
    p.setPen(palette().color(QPalette::Text));
    std::size_t first = 0;
    while (first + 1 < m_counts.size() && m_counts[first] == 0)
        ++first;
    const std::size_t last = m_counts.size() - 1;
    const std::uint64_t top = *std::max_element(m_counts.begin(), m_counts.end());
    const int bars = int(last - first + 1);
    const QRectF plot(70, kTitleHeight + 18, width() - 86, height() - kTitleHeight - 40);
    const double slot = plot.width() / bars;
    for (std::size_t k = first; k <= last; ++k) {
        const double h = plot.height() * double(m_counts[k]) / double(top);
        const QRectF bar(plot.left() + double(k - first) * slot + slot * 0.15, plot.bottom() - h,
                         slot * 0.7, h);
        p.fillRect(bar, k <= 1 ? palette::kGreen : palette::kPurple);
        p.setPen(palette().color(QPalette::Text));
        const QString share = QStringLiteral("%1 %").arg(100.0 * double(m_counts[k]) / double(n), 0,
                                                         'f', m_counts[k] * 1000 < n ? 2 : 1);
        p.drawText(QRectF(bar.left() - 20, bar.top() - 16, bar.width() + 40, 14),
                   Qt::AlignHCenter | Qt::AlignBottom, share);
        const QString label =
            k + 1 == kAttemptsPerRequestBins ? QStringLiteral("≥%1").arg(k) : QString::number(k);
        p.drawText(QRectF(bar.left() - 20, plot.bottom() + 2, bar.width() + 40, 16),
                   Qt::AlignHCenter | Qt::AlignTop, label);
    }
}

} // namespace reslab::ui
