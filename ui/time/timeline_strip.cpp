#include "timeline_strip.h"

#include "live_model.h"
#include "outcome_style.h"
#include "palette.h"
#include "policy/outlier_detector.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
constexpr int kStripMargin = 6;      // left and right, so the first and last instants can be hit
constexpr int kStripTickHeight = 6;  // transition ticks along the top
constexpr int kStripDragPixels = 3;  // a press that moves less is a click
constexpr int kStripShiftSteps = 10; // Shift+arrow: a second of 100 ms steps
} // namespace

TimelineStrip::TimelineStrip(LiveModel& model, QWidget* parent)
    : QWidget(parent), m_model(model), m_time(model.time())
{
    setObjectName("timelineStrip");
    setFixedHeight(kHeight);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setToolTip(tr("The whole run: attempts (grey) and failures (red) per moment, breaker "
                  "transitions and host ejections (purple) as ticks, the charts' range as the "
                  "band. Drag to show a range, click to move the cursor, ←/→ to step it "
                  "(Shift: 1 s), F to follow the run."));
    connect(&m_model, &LiveModel::redrawDue, this, &TimelineStrip::refresh);
    connect(&m_model, &LiveModel::cleared, this, &TimelineStrip::refresh);
    connect(&m_model, &LiveModel::runsChanged, this, &TimelineStrip::refresh);
    connect(&m_time, &TimeModel::viewChanged, this, qOverload<>(&QWidget::update));
    connect(&m_time, &TimeModel::cursorChanged, this, qOverload<>(&QWidget::update));
}

double TimelineStrip::timeAt(double x) const
{
    const double w = std::max(1, width() - 2 * kStripMargin);
    return std::clamp((x - kStripMargin) / w, 0.0, 1.0) * std::max(m_time.end(), 1.0);
}

double TimelineStrip::xAt(double t) const
{
    const double w = std::max(1, width() - 2 * kStripMargin);
    return kStripMargin + t / std::max(m_time.end(), 1.0) * w;
}

void TimelineStrip::refresh()
{
    // One column per pixel over the whole run, from every level of the history: a 24-hour run
    // is about 20,000 rows, a few hundred microseconds of sums.
    const int columns = std::max(1, width() - 2 * kStripMargin);
    m_columns.assign(std::size_t(columns), Column{});
    m_extent = std::max(m_time.end(), 1.0);
    const LiveStore& store = m_model.first();
    for (const TimelineRow* r : store.history().rows(0.0, m_extent, 0.0)) {
        const double t = toSeconds(r->start);
        const auto c = std::size_t(std::clamp(int(t / m_extent * columns), 0, columns - 1));
        m_columns[c].attempts += double(r->attempts);
        m_columns[c].failures += double(r->attempts - r->byOutcome[0]);
    }
    m_peak = 1.0;
    for (const Column& c : m_columns)
        m_peak = std::max(m_peak, c.attempts);
    update();
}

void TimelineStrip::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    refresh();
}

void TimelineStrip::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const int top = kStripTickHeight + 2, bottom = height() - 2;
    const double h = bottom - top;
    // The overview: attempts as grey columns, failures over them in red (log-free, scaled to
    // the busiest column, so an outage's wall of failures stands out).
    const double scale = m_extent / std::max(m_time.end(), 1.0);
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        const double x = kStripMargin + double(c) * scale;
        const double a = m_columns[c].attempts / m_peak * h;
        const double f = m_columns[c].failures / m_peak * h;
        if (a > 0) p.fillRect(QRectF(x, bottom - a, std::max(1.0, scale), a), palette::kGrey);
        if (f > 0)
            p.fillRect(QRectF(x, bottom - f, std::max(1.0, scale), f),
                       outcomeColor(Outcome::Error));
    }
    // Breaker transitions: a tick along the top in the colour of the state entered.
    for (const BreakerTransitionRecord& t : m_model.first().transitions()) {
        const QColor c = t.to == BreakerState::Open       ? palette::kRed
                         : t.to == BreakerState::HalfOpen ? palette::kAmber
                                                          : palette::kGreen;
        const double x = xAt(toSeconds(t.at));
        p.setPen(QPen(c, 2));
        p.drawLine(QPointF(x, 0), QPointF(x, kStripTickHeight));
    }
    // Hosts ejected by a balancer's outlier detection: a purple tick where one was ejected, a
    // half one where it came back into rotation (the Hosts view shades the stretch between).
    for (const HostEjectionRecord& e : m_model.first().ejections().changes()) {
        const bool ejected =
            static_cast<EjectionEvent::Kind>(e.kind) == EjectionEvent::Kind::Ejected;
        const double x = xAt(toSeconds(e.at));
        p.setPen(QPen(palette::kPurple, 2));
        p.drawLine(QPointF(x, 0), QPointF(x, ejected ? kStripTickHeight : kStripTickHeight / 2));
    }
    // The charts' range as a band; a pending drag as a second, stronger one.
    QColor band = pal.color(QPalette::Highlight);
    band.setAlpha(60);
    const double x0 = xAt(m_time.from()), x1 = xAt(std::min(m_time.to(), m_time.end()));
    p.fillRect(QRectF(x0, 0, std::max(2.0, x1 - x0), height()), band);
    p.setPen(QPen(pal.color(QPalette::Highlight), 1));
    p.drawRect(QRectF(x0, 0.5, std::max(2.0, x1 - x0), height() - 1.0));
    if (m_pressX >= 0 && m_dragX >= 0 && std::abs(m_dragX - m_pressX) >= kStripDragPixels) {
        band.setAlpha(110);
        p.fillRect(QRect(QPoint(std::min(m_pressX, m_dragX), 0),
                         QPoint(std::max(m_pressX, m_dragX), height())),
                   band);
    }
    if (m_time.hasCursor()) {
        p.setPen(QPen(pal.color(QPalette::Text), 1.5));
        const double x = xAt(m_time.cursor());
        p.drawLine(QPointF(x, 0), QPointF(x, height()));
    }
    if (hasFocus()) {
        p.setPen(QPen(pal.color(QPalette::Highlight), 1, Qt::DotLine));
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void TimelineStrip::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) return;
    m_pressX = m_dragX = int(event->position().x());
}

void TimelineStrip::mouseMoveEvent(QMouseEvent* event)
{
    if (m_pressX < 0) return;
    m_dragX = int(event->position().x());
    update();
}

void TimelineStrip::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_pressX < 0 || event->button() != Qt::LeftButton) return;
    const int x = int(event->position().x());
    if (std::abs(x - m_pressX) >= kStripDragPixels) {
        m_time.setView(timeAt(std::min(x, m_pressX)), timeAt(std::max(x, m_pressX)));
    } else {
        // A click moves the cursor; the range follows it when it falls outside.
        const double t = timeAt(x);
        m_time.setCursor(t);
        if (t < m_time.from() || t > m_time.to())
            m_time.setView(t - m_time.span() / 2, t + m_time.span() / 2);
    }
    m_pressX = m_dragX = -1;
    update();
}

void TimelineStrip::keyPressEvent(QKeyEvent* event)
{
    const int steps = event->modifiers() & Qt::ShiftModifier ? kStripShiftSteps : 1;
    switch (event->key()) {
    case Qt::Key_Left:
        m_time.stepCursor(-steps);
        break;
    case Qt::Key_Right:
        m_time.stepCursor(steps);
        break;
    case Qt::Key_F:
        m_time.follow();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

TimelineBar::TimelineBar(LiveModel& model, QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    m_strip = new TimelineStrip(model);
    m_follow = new QToolButton;
    m_follow->setObjectName("followButton");
    m_follow->setText(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(model.time().following());
    m_follow->setToolTip(tr("Keep the charts on the newest time of the run (F in the timeline). "
                            "Zooming or panning a chart, or choosing a range here, stops "
                            "following."));
    auto* range = new QLabel;
    range->setMinimumWidth(fontMetrics().horizontalAdvance("00:00:00 – 00:00:00"));
    layout->addWidget(m_strip, 1);
    layout->addWidget(range);
    layout->addWidget(m_follow);
    TimeModel& time = model.time();
    connect(m_follow, &QToolButton::clicked, this, [&time, this](bool on) {
        if (on)
            time.follow();
        else
            time.setView(time.from(), time.to());
        m_follow->setChecked(time.following());
    });
    connect(&time, &TimeModel::followChanged, m_follow, &QToolButton::setChecked);
    auto clock = [](double s) {
        const auto t = static_cast<long long>(std::floor(s));
        return QStringLiteral("%1:%2:%3")
            .arg(t / 3600, 2, 10, QLatin1Char('0'))
            .arg(t / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(t % 60, 2, 10, QLatin1Char('0'));
    };
    connect(&time, &TimeModel::viewChanged, range, [range, clock](double from, double to) {
        range->setText(QStringLiteral("%1 – %2").arg(clock(from), clock(to)));
    });
}

QWidget* withTimeline(QWidget* views, LiveModel& model)
{
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(views, 1);
    layout->addWidget(new TimelineBar(model));
    return central;
}

} // namespace reslab::ui
