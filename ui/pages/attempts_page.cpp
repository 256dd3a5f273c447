#include "attempts_page.h"

#include "attempts_view.h"

#include <QComboBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <set>

namespace reslab::ui {

namespace {
// How far from the cursor a request's other attempts are looked for (retries with backoff of a
// minute are rare; the timeline's scale would hide anything longer anyway).
constexpr double kRequestReachS = 60.0;
} // namespace

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
    const LiveStore& store = m_model.store(run);
    const TimeModel& time = m_model.time();
    if (time.hasCursor()) {
        // The requests nearest the cursor, each with all its attempts: first those in flight at
        // it (from an attempt's backoff to its end), then those ending just before or starting
        // just after it (a breaker's rejections take no time), as many as the view has rows.
        const Time t = fromSeconds(time.cursor());
        std::map<std::uint64_t, Time> distance; // per request: how far its attempts are from t
        const auto near =
            store.clientAttemptsIn(time.cursor() - kRequestReachS, time.cursor() + kRequestReachS);
        for (const AttemptRecord& a : near) {
            const Time d = a.end < t ? t - a.end : a.start - a.wait > t ? a.start - a.wait - t : 0;
            auto [it, fresh] = distance.emplace(a.request, d);
            if (!fresh) it->second = std::min(it->second, d);
        }
        std::vector<std::pair<Time, std::uint64_t>> order;
        for (const auto& [request, d] : distance)
            order.emplace_back(d, request);
        const auto keep = std::min(order.size(), std::size_t(m_timeline->capacity()));
        std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end());
        std::set<std::uint64_t> chosen;
        for (std::size_t i = 0; i < keep; ++i)
            chosen.insert(order[i].second);
        std::deque<AttemptRecord> shown;
        for (const AttemptRecord& a : near)
            if (chosen.count(a.request)) shown.push_back(a);
        // %1 stays for the view to fill with the count (a one-pass, multi-argument arg()).
        m_timeline->setHeading(
            tr("The %1 requests nearest the cursor (%2 s) and their attempts")
                .arg(QStringLiteral("%1"), QString::number(time.cursor(), 'f', 2)));
        m_timeline->setAttempts(shown);
    } else if (time.following()) {
        m_timeline->setHeading({});
        m_timeline->setAttempts(store.clientAttempts()); // the latest requests
    } else {
        m_timeline->setHeading(tr("The last %1 requests of the range %2 – %3 s and their attempts")
                                   .arg(QStringLiteral("%1"), QString::number(time.from(), 'f', 1),
                                        QString::number(time.to(), 'f', 1)));
        m_timeline->setAttempts(store.clientAttemptsIn(time.from(), time.to()));
    }
    m_histogram->setCounts(m_model.store(run).attemptsPerRequest());
}

} // namespace reslab::ui
