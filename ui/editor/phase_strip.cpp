#include "phase_strip.h"

#include <QJsonObject>
#include <QMouseEvent>
#include <QPainter>

namespace reslab::ui {

namespace {
constexpr int kStripAxisHeight = 16; // room for the tick labels under the strip
constexpr int kStripMinHeight = 44;
constexpr int kStripHeight = 48;
constexpr int kLaneHeight = 20; // each further lane of overlapping phases: a line of text
constexpr int kMargin = 4;

QString phaseLabel(const QJsonObject& phase)
{
    QStringList parts;
    const QJsonObject failures = phase.value("failures").toObject();
    for (const char* k : {"error", "timeout", "reset", "fatal"})
        if (failures.contains(k))
            parts << QStringLiteral("%1 %2 %").arg(k).arg(100.0 * failures.value(k).toDouble(), 0,
                                                          'g', 3);
    for (const char* k : {"latency", "network", "capacity", "rate_limit"})
        if (phase.contains(k)) parts << k;
    // A fleet's phase names whom it hits: overlapping phases on different hosts tell apart.
    QStringList hosts;
    for (const QJsonValue& h : phase.value("hosts").toArray())
        hosts << QString::number(h.toInt());
    QString whom;
    if (!hosts.isEmpty())
        whom = (hosts.size() == 1 ? QStringLiteral("host ") : QStringLiteral("hosts ")) +
               hosts.join(',');
    if (phase.value("zone").isString())
        whom += (whom.isEmpty() ? QString() : QStringLiteral(" ")) +
                QStringLiteral("zone %1").arg(phase.value("zone").toString());
    const QString what = parts.join(", ");
    return whom.isEmpty() ? what : QStringLiteral("%1: %2").arg(whom, what);
}
} // namespace

PhaseStrip::PhaseStrip(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(kStripMinHeight);
    setToolTip(tr("Phases over the run: while one lasts, the blocks it gives replace the "
                  "endpoint's. Click one to edit it."));
}

QSize PhaseStrip::sizeHint() const
{
    return {200, kStripHeight + kLaneHeight * (m_laneCount - 1)};
}

void PhaseStrip::setPhases(const QJsonArray& phases, double durationS)
{
    m_phases = phases;
    m_durationS = durationS;
    // Phases that overlap in time (a fleet's, on different hosts or zones) go in lanes of their
    // own, each phase in the first lane free at its start, so none hides another.
    m_lanes.assign(std::size_t(phases.size()), 0);
    std::vector<double> laneEnds;
    for (qsizetype i = 0; i < phases.size(); ++i) {
        const QJsonObject p = phases.at(i).toObject();
        const double start = p.value("start_s").toDouble(), end = p.value("end_s").toDouble();
        std::size_t lane = 0;
        while (lane < laneEnds.size() && laneEnds[lane] > start)
            ++lane;
        if (lane == laneEnds.size()) laneEnds.push_back(end);
        laneEnds[lane] = std::max(laneEnds[lane], end);
        m_lanes[std::size_t(i)] = int(lane);
    }
    m_laneCount = std::max(1, int(laneEnds.size()));
    setMinimumHeight(kStripMinHeight + kLaneHeight * (m_laneCount - 1));
    updateGeometry();
    update();
}

void PhaseStrip::setSelected(int index)
{
    m_selected = index;
    update();
}

double PhaseStrip::spanS() const
{
    double span = m_durationS;
    for (const QJsonValue& p : m_phases)
        span = std::max(span, p.toObject().value("end_s").toDouble());
    return span > 0 ? span : 1.0;
}

QRectF PhaseStrip::blockRect(int index) const
{
    const QJsonObject p = m_phases.at(index).toObject();
    const double w = width() - 2 * kMargin;
    const double x0 = kMargin + w * p.value("start_s").toDouble() / spanS();
    const double x1 = kMargin + w * p.value("end_s").toDouble() / spanS();
    const double laneHeight = (height() - kStripAxisHeight - 2.0 * kMargin) / m_laneCount;
    const int lane = index < int(m_lanes.size()) ? m_lanes[std::size_t(index)] : 0;
    return QRectF(x0, kMargin + lane * laneHeight, std::max(3.0, x1 - x0), laneHeight);
}

void PhaseStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF track(kMargin, kMargin, width() - 2 * kMargin,
                       height() - kStripAxisHeight - 2 * kMargin);
    painter.fillRect(track, palette().color(QPalette::AlternateBase));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(track);
    for (int i = 0; i < m_phases.size(); ++i) {
        const QRectF r = blockRect(i);
        painter.fillRect(r, QColor(214, 39, 40, i == m_selected ? 200 : 130));
        if (i == m_selected) {
            painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
            painter.drawRect(r);
        }
        painter.setPen(Qt::white);
        painter.drawText(r.adjusted(3, 0, -3, 0),
                         Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                         painter.fontMetrics().elidedText(phaseLabel(m_phases.at(i).toObject()),
                                                          Qt::ElideRight, int(r.width()) - 6));
    }
    painter.setPen(palette().color(QPalette::WindowText));
    const double span = spanS();
    for (double t : {0.0, span / 2, span}) {
        const double x = kMargin + (width() - 2 * kMargin) * t / span;
        const QString label = QStringLiteral("%1 s").arg(t, 0, 'g', 4);
        const int w = painter.fontMetrics().horizontalAdvance(label);
        painter.drawText(QPointF(std::clamp(x - w / 2.0, 0.0, double(width() - w)), height() - 3),
                         label);
    }
}

void PhaseStrip::mousePressEvent(QMouseEvent* event)
{
    for (int i = 0; i < m_phases.size(); ++i)
        if (blockRect(i).contains(event->position())) emit phaseClicked(i);
}

} // namespace reslab::ui
