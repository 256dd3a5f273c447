#include "events_page.h"

#include "event_log.h"

#include <QComboBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace reslab::ui {

EventsPage::EventsPage(LiveModel& model, QWidget* parent) : Page(kId, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_picker.addTo(layout, m_model);
    m_stack = new QStackedWidget;
    layout->addWidget(m_stack, 1);
    connect(m_picker.combo(), &QComboBox::currentIndexChanged, m_stack,
            &QStackedWidget::setCurrentIndex);
    connect(&m_model, &LiveModel::runsChanged, this, &EventsPage::rebuild);
    connect(&m_model, &LiveModel::cleared, this, [this] {
        for (EventLogView* log : m_logs)
            log->clear();
    });
    connect(&m_model, &LiveModel::snapshotAdded, this, &EventsPage::append);
    // The log follows the time model's cursor (a click on the timeline or a chart).
    connect(&m_model.time(), &TimeModel::cursorChanged, this, [this](double t) {
        if (t >= 0.0 && !m_logs.empty()) log()->scrollToTime(t);
    });
    rebuild();
}

void EventsPage::rebuild()
{
    for (EventLogView* log : m_logs)
        delete log;
    m_logs.clear();
    QStringList endpoints;
    if (const Scenario* s = m_model.scenario())
        for (const EndpointSpec& e : s->endpoints)
            endpoints << QString::fromStdString(e.id);
    for (std::size_t r = 0; r < m_model.runCount(); ++r) {
        auto* log = new EventLogView;
        log->model()->setEndpointNames(endpoints);
        m_stack->addWidget(log);
        m_logs.push_back(log);
    }
    m_picker.refill(m_model);
    m_stack->setCurrentIndex(0);
}

void EventsPage::append(const LiveSnapshot& s)
{
    for (std::size_t r = 0; r < s.runs.size() && r < m_logs.size(); ++r) {
        m_logs[r]->model()->append(s.runs[r].recentAttempts, s.runs[r].transitions);
        m_logs[r]->addSkipped(s.runs[r].attemptsSkipped);
    }
}

EventLogView* EventsPage::log() const
{
    return m_logs.at(
        std::min<std::size_t>(std::size_t(m_stack->currentIndex()), m_logs.size() - 1));
}

QString EventsPage::csv() const
{
    return log()->csv();
}

} // namespace reslab::ui
