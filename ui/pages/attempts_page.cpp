#include "attempts_page.h"

#include "attempts_view.h"

#include <QComboBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace reslab::ui {

AttemptsPage::AttemptsPage(LiveModel& model, QWidget* parent) : Page(kId, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_picker.addTo(layout, m_model);
    connect(m_picker.combo(), &QComboBox::currentIndexChanged, this, &AttemptsPage::redraw);
    connect(&m_model, &LiveModel::runsChanged, this, [this] { m_picker.refill(m_model); });
    auto* split = new QSplitter(Qt::Vertical);
    m_timeline = new AttemptsTimeline;
    m_histogram = new AttemptsHistogram;
    split->addWidget(m_timeline);
    split->addWidget(m_histogram);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
}

void AttemptsPage::redraw()
{
    const std::size_t run = std::min(m_picker.current(), m_model.runCount() - 1);
    m_timeline->setAttempts(m_model.store(run).clientAttempts());
    m_histogram->setCounts(m_model.store(run).attemptsPerRequest());
}

} // namespace reslab::ui
