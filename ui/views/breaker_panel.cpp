#include "breaker_panel.h"

#include "outcome_style.h"
#include "palette.h"
#include "text.h"

#include <QPainter>

namespace reslab::ui {

namespace {
constexpr int kCardWidth = 330;
constexpr int kCardHeight = 132;
constexpr int kGap = 8;
} // namespace

QColor breakerStateColor(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed:
        return palette::kGreen;
    case BreakerState::HalfOpen:
        return palette::kAmber;
    case BreakerState::Open:
    case BreakerState::ForcedOpen:
        return palette::kRed;
    case BreakerState::Disabled:
    case BreakerState::MetricsOnly:
        break;
    }
    return palette::kGrey;
}

BreakerPanel::BreakerPanel(QWidget* parent) : QWidget(parent)
{
    setToolTip(tr("Each breaker now: state, failure and slow-call rates in its window against the "
                  "thresholds, "
                  "and the calls of the last %1 virtual seconds by outcome.")
                   .arg(kRollingSeconds));
}

QSize BreakerPanel::sizeHint() const
{
    return {int(std::max<std::size_t>(1, m_cards.size())) * (kCardWidth + kGap),
            kCardHeight + 2 * kGap};
}

void BreakerPanel::setCards(std::vector<BreakerCard> cards)
{
    const bool resized = cards.size() != m_cards.size();
    m_cards = std::move(cards);
    if (resized) updateGeometry();
    update();
}

void BreakerPanel::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = p.fontMetrics();
    if (m_cards.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter,
                   tr("This scenario's pipelines have no circuit breaker."));
        return;
    }
    const int perRow = std::max(1, (width() - kGap) / (kCardWidth + kGap));
    for (std::size_t i = 0; i < m_cards.size(); ++i) {
        const BreakerCard& c = m_cards[i];
        const QRectF card(kGap + double(int(i) % perRow) * (kCardWidth + kGap),
                          kGap + double(int(i) / perRow) * (kCardHeight + kGap), kCardWidth,
                          kCardHeight);
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(palette().color(QPalette::Base));
        p.drawRoundedRect(card, 4, 4);

        // Title and state pill.
        const QString state = stateName(c.gauge.state).replace('_', '-').toUpper();
        const int pillWidth = fm.horizontalAdvance(state) + 14;
        const QRectF pill(card.right() - pillWidth - 8, card.top() + 7, pillWidth, fm.height() + 4);
        p.setPen(Qt::NoPen);
        p.setBrush(breakerStateColor(c.gauge.state));
        p.drawRoundedRect(pill, 8, 8);
        p.setPen(Qt::white);
        p.drawText(pill, Qt::AlignCenter, state);
        QFont bold = p.font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(card.left() + 8, card.top() + 7, pill.left() - card.left() - 14,
                          fm.height() + 4),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   fm.elidedText(QString::fromStdString(c.gauge.name), Qt::ElideRight,
                                 int(pill.left() - card.left() - 14)));
        p.setFont(font());

        // The rates that decide, against their thresholds.
        const double y = card.top() + fm.height() + 16;
        const bool failing = c.gauge.failureRate >= c.gauge.failureThreshold && c.gauge.calls > 0;
        p.setPen(failing ? palette::kRed : palette().color(QPalette::Text));
        QString rates = tr("failures %1 % (opens at %2 %)")
                            .arg(100.0 * c.gauge.failureRate, 0, 'f', 1)
                            .arg(100.0 * c.gauge.failureThreshold, 0, 'g', 3);
        p.drawText(QPointF(card.left() + 8, y + fm.ascent()), rates);
        p.setPen(palette().color(QPalette::Text));
        QString slow = tr("slow %1 %").arg(100.0 * c.gauge.slowRate, 0, 'f', 1);
        if (c.gauge.slowThreshold > 0)
            slow += tr(" (opens at %1 %)").arg(100.0 * c.gauge.slowThreshold, 0, 'g', 3);
        p.drawText(QPointF(card.left() + 8, y + fm.height() + fm.ascent()), slow);
        p.drawText(QPointF(card.left() + 8, y + 2 * fm.height() + fm.ascent()),
                   tr("%L1 calls in the window").arg(c.gauge.calls));

        // Rolling counts by outcome, in their colours (Hystrix prints them in a coloured column).
        double x = card.left() + 8;
        double rowY = y + 3 * fm.height() + 8;
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QPointF(x, rowY + fm.ascent()), tr("last %1 s:").arg(kRollingSeconds));
        x += fm.horizontalAdvance(tr("last %1 s:").arg(kRollingSeconds)) + 8;
        bool any = false;
        for (std::size_t o = 0; o < kOutcomeCount; ++o) {
            if (!c.rolling[o]) continue;
            any = true;
            const QString item =
                QStringLiteral("%L1 %2").arg(c.rolling[o]).arg(outcomeLabel(Outcome(o)));
            const int w = fm.horizontalAdvance(item);
            if (x + w > card.right() - 8) {
                x = card.left() + 8;
                rowY += fm.height();
                if (rowY + fm.height() > card.bottom()) break;
            }
            p.setPen(outcomeColor(Outcome(o)));
            p.drawText(QPointF(x, rowY + fm.ascent()), item);
            x += w + 10;
        }
        if (!any) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(QPointF(x, rowY + fm.ascent()), tr("no calls"));
        }
    }
}

} // namespace reslab::ui
