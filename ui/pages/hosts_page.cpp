#include "hosts_page.h"

#include "chart_annotations.h"
#include "ejection_list.h"
#include "empty_state.h"
#include "host_annotations.h"
#include "host_standout.h"
#include "host_table.h"
#include "palette.h"
#include "picker_row.h"
#include "policy/load_balancer_spec.h"
#include "policy/outlier_detector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

namespace reslab::ui {

namespace {
using HostLinesOf = LiveStore::HostLines;
// Per-host lines are one pixel wide: Qt strokes those with its fast cosmetic stroker, and five
// to ten of them share a chart (at 1.5 px, ten hosts took the UI thread 250 ms a redraw).
constexpr qreal kHostLineWidth = 1.0;
constexpr int kHostColumnPixels = 8;
constexpr int kHostMinColumns = 30;
// Below the charts: at least room for four ejections on two lines each and the detections'
// note, at most this share of the page (the charts are what the page is for).
constexpr int kMinBelowPx = 160;
constexpr double kMaxBelowShare = 0.4;
// The ejection list's least width: a row on two lines ("120.000 s   host 12 · b").
constexpr int kMinListPx = 180;

bool sameFleet(const FleetHosts& a, const FleetHosts& b)
{
    return a.endpoint == b.endpoint && a.first == b.first && a.shown == b.shown &&
           a.zones == b.zones;
}

bool hasFleet(const Scenario* s)
{
    return s && std::any_of(s->endpoints.begin(), s->endpoints.end(),
                            [](const EndpointSpec& e) { return e.replicas > 1; });
}

// How the client reaches the fleet, when it is the client's target: its balancer's policy.
QString balancing(const Scenario& s, const std::string& endpoint)
{
    if (endpoint != s.target) return {};
    for (const StrategySpec& spec : s.pipeline)
        if (const auto* lb = std::get_if<LoadBalancerSpec>(&spec)) {
            const auto name = kLbPolicyNames.name(lb->policy);
            const QString policy = QString::fromLatin1(name.data(), qsizetype(name.size()));
            return lb->outlierDetection ? HostsPage::tr("%1 with outlier detection").arg(policy)
                                        : policy;
        }
    return HostsPage::tr("the fleet's own round robin (no load_balancer)");
}

// Seconds of [from, to] inside [a, b].
double overlap(double a, double b, double from, double to)
{
    return std::max(0.0, std::min(b, to) - std::max(a, from));
}
} // namespace

HostsPage::HostsPage(LiveModel& model, QWidget* parent) : ChartPage(kId, model, parent)
{
    // The pickers and the heading stay above the charts, which are built again for each fleet.
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    m_runs.addTo(topLayout, m_model);
    m_pickRow = new QWidget;
    auto* pickLayout = new QVBoxLayout(m_pickRow);
    pickLayout->setContentsMargins(0, 0, 0, 0);
    m_pick = addPickerRow(pickLayout, tr("Endpoint"),
                          tr("The endpoints with replicas: the fleet this view shows"));
    m_pickRow->setVisible(false);
    topLayout->addWidget(m_pickRow);
    auto* headingRow = new QHBoxLayout;
    headingRow->setContentsMargins(0, 0, 8, 0);
    m_heading = new QLabel;
    m_heading->setContentsMargins(8, 4, 8, 2);
    m_heading->setWordWrap(true);
    headingRow->addWidget(m_heading, 1);
    m_auto = new QCheckBox(tr("Lines for the hosts that stand out"));
    m_auto->setToolTip(
        tr("A fleet of more than %1 hosts: the (at most %2) hosts unlike the rest over the "
           "visible range — failing, ejected, slower, given more or fewer calls — get lines of "
           "their own, the others share the grey band (from the least to the most of them). "
           "Tick hosts in the table to choose them yourself.")
            .arg(kEveryLineUpTo)
            .arg(kStandOutLines));
    m_auto->setVisible(false);
    connect(m_auto, &QCheckBox::toggled, this, [this](bool on) {
        m_autoPick = on;
        redraw();
    });
    headingRow->addWidget(m_auto);
    topLayout->addLayout(headingRow);
    layout()->addWidget(top);
    connect(m_runs.combo(), &QComboBox::currentIndexChanged, this, &HostsPage::redraw);
    connect(m_pick, &QComboBox::currentIndexChanged, this, &HostsPage::redraw);
    connect(&m_model, &LiveModel::runsChanged, this, [this] { m_runs.refill(m_model); });
    m_none = new EmptyState(
        this, tr("No fleet in this scenario.\n\nThis view shows the hosts behind an endpoint "
                 "with replicas. Give an endpoint \"replicas\": 5 (a host that differs in "
                 "\"hosts\", zones in \"zones\") and put a \"load_balancer\" strategy at the "
                 "bottom of the client's pipeline (round_robin, least_request, ring_hash, …; "
                 "its \"outlier_detection\" ejects failing hosts). The presets under Fleets "
                 "and service meshes have fleets."));
    m_none->setContentsMargins(40, 0, 40, 0);
    rebuild();
}

QLabel* HostsPage::noFleetNote() const
{
    return m_none;
}

const LiveStore& HostsPage::store() const
{
    return m_model.store(std::min(m_runs.current(), m_model.runCount() - 1));
}

const FleetHosts* HostsPage::picked() const
{
    const auto& fleets = store().fleets();
    const int i = m_pick->currentIndex();
    if (fleets.empty()) return nullptr;
    return &fleets[std::size_t(std::clamp(i, 0, int(fleets.size()) - 1))];
}

const FleetHosts* HostsPage::fleet() const
{
    return m_built ? &*m_built : nullptr;
}

QString HostsPage::hostSeriesName(std::size_t host) const
{
    const std::string zone =
        m_built && host < m_built->zones.size() ? m_built->zones[host] : std::string();
    return hostLabel(host, zone);
}

void HostsPage::build()
{
    m_series.clear();
    const FleetHosts* f = picked();
    if (f)
        m_built = *f;
    else if (!hasFleet(m_model.scenario()))
        m_built.reset(); // else keep the fleet drawn: its data comes with the next snapshot
    // A fleet small enough has every host's lines; a larger one, those of the hosts that stand
    // out (picked again at each redraw until the user ticks hosts of their own choosing).
    const std::size_t hosts = m_built ? m_built->shown : 0;
    m_own.assign(hosts, hosts <= kEveryLineUpTo);
    m_autoPick = hosts > kEveryLineUpTo;
    {
        const QSignalBlocker block(m_auto);
        m_auto->setChecked(m_autoPick);
    }
    m_auto->setVisible(hosts > kEveryLineUpTo);
    auto* split = new QSplitter(Qt::Vertical);
    auto* grid = new QWidget;
    auto* g = new QGridLayout(grid);
    g->setContentsMargins(0, 0, 0, 0);
    g->setSpacing(2);
    m_calls = makeChart("host-calls", tr("Calls received"), tr("calls/s"));
    m_failed = makeChart("host-failed", tr("Failed answers and timeouts"), tr("calls/s"));
    m_latency = makeChart("host-latency", tr("Latency of its answers (mean over 1 s)"), tr("ms"));
    m_inFlight =
        makeChart("host-in-flight", tr("In flight: busy + queued (mean over 1 s)"), tr("calls"));
    TimeChart* const charts[] = {m_calls, m_failed, m_latency, m_inFlight};
    for (int i = 0; i < 4; ++i) {
        TimeChart* c = charts[i];
        // The table under the charts is their legend (a host's row shows or hides its lines on
        // all four): four legends of the same hosts took a third of each small chart.
        c->chart()->legend()->hide();
        c->setMinimumSize(260, 160);
        // A point per two pixels (four per eight: first, lowest, highest, last): Qt Charts
        // strokes each line's outline again on every redraw, and forty lines at a point per
        // pixel took the UI thread 150 ms.
        c->setDecimation(kHostColumnPixels, kHostMinColumns);
        g->addWidget(c, i / 2, i % 2);
    }
    // The band first: drawn under the hosts' own lines (no series at all without a fleet).
    for (int i = 0; i < 4; ++i)
        m_band[i] =
            m_built ? charts[i]->addRangeBand(otherHostsName(), palette::kGrey) : SeriesId();
    std::vector<QString> names;
    std::vector<QColor> colours;
    if (m_built)
        for (std::size_t h = 0; h < m_built->shown; ++h) {
            const QString name = hostSeriesName(h);
            const QColor colour = palette::hostColor(h);
            m_series.push_back({m_calls->addLine(name, colour, Qt::SolidLine, kHostLineWidth),
                                m_failed->addLine(name, colour, Qt::SolidLine, kHostLineWidth),
                                m_latency->addLine(name, colour, Qt::SolidLine, kHostLineWidth),
                                m_inFlight->addLine(name, colour, Qt::SolidLine, kHostLineWidth)});
            names.push_back(name);
            colours.push_back(colour);
        }
    split->addWidget(grid);

    m_below = new QSplitter(Qt::Horizontal);
    m_table = new HostTable;
    m_table->setHosts(names, colours);
    m_table->setTicked(m_own);
    connect(m_table, &HostTable::shownChanged, this, &HostsPage::hostToggled);
    m_below->addWidget(m_table);
    auto* ejections = new QWidget;
    auto* el = new QVBoxLayout(ejections);
    el->setContentsMargins(4, 0, 4, 4);
    m_list = new EjectionList;
    el->addWidget(m_list, 1);
    m_detections = new QLabel;
    m_detections->setWordWrap(true);
    el->addWidget(m_detections);
    m_below->addWidget(ejections);
    m_below->setChildrenCollapsible(false);
    split->addWidget(m_below);
    split->setChildrenCollapsible(false);
    m_split = split;
    m_userSized = false;
    // Sized by placePanes() as the page's size changes, until the user drags a handle.
    for (QSplitter* s : {split, m_below}) {
        s->installEventFilter(this);
        connect(s, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    }
    content()->addWidget(split, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, &HostsPage::showEjection);
    m_listedFrom = {~0ull, 0};
}

bool HostsPage::eventFilter(QObject* watched, QEvent* event)
{
    // After the splitter has laid itself out for its new size (it would undo sizes set first).
    if (event->type() == QEvent::Resize && (watched == m_split || watched == m_below) &&
        !m_placing) {
        m_placing = true;
        QMetaObject::invokeMethod(this, &HostsPage::placePanes, Qt::QueuedConnection);
    }
    return ChartPage::eventFilter(watched, event);
}

void HostsPage::placePanes()
{
    m_placing = false;
    if (m_userSized || !m_split || !m_below) return;
    const QSize table = m_table->naturalSize();
    // Down: the table's rows under the charts, the charts the rest.
    const int tall = m_split->height() - m_split->handleWidth();
    const int below = std::min(std::max(table.height(), kMinBelowPx), int(tall * kMaxBelowShare));
    // Across: the table at its natural width, the list the rest — as wide as its rows on one
    // line want, and what is left beyond the table's widest (its share bars grown) as well.
    const int wide = m_below->width() - m_below->handleWidth();
    const int widestTable =
        table.width() + HostTable::kShareColumnMaxPx - HostTable::kShareColumnPx;
    const QMargins margins = m_list->parentWidget()->layout()->contentsMargins(); // its pane
    const int around = margins.left() + margins.right();
    const int listWants =
        std::max({kMinListPx, m_list->twoLineWidth(), m_list->oneLineWidth(), wide - widestTable});
    const int list =
        std::min(listWants + around, std::max(kMinListPx + around, wide - table.width()));
    const QSignalBlocker block(m_split), blockBelow(m_below);
    m_split->setSizes({tall - below, below});
    m_below->setSizes({wide - list, list});
}

void HostsPage::checkFleets()
{
    const auto& fleets = store().fleets();
    // The picker lists the fleets; it shows only when there is a choice.
    bool same = m_pick->count() == int(fleets.size());
    for (int i = 0; same && i < m_pick->count(); ++i)
        same = m_pick->itemData(i).toString() == QString::fromStdString(fleets[std::size_t(i)].id);
    if (!same && !fleets.empty()) {
        const QString was = m_pick->currentData().toString();
        const QSignalBlocker block(m_pick);
        m_pick->clear();
        for (const FleetHosts& f : fleets) {
            const QString id = QString::fromStdString(f.id);
            m_pick->addItem(tr("%1 (%2 hosts)").arg(id).arg(f.hostCount), id);
        }
        const int again = m_pick->findData(was);
        if (again >= 0) m_pick->setCurrentIndex(again);
    }
    m_pickRow->setVisible(fleets.size() > 1);
    const FleetHosts* f = picked();
    const bool stale =
        f ? !m_built || !sameFleet(*f, *m_built) : m_built && !hasFleet(m_model.scenario());
    if (stale) rebuild();
}

void HostsPage::hostToggled(std::size_t host, bool shown)
{
    // The user's choice holds from now on: no more automatic picks.
    if (host < m_own.size()) m_own[host] = shown;
    if (m_autoPick) {
        m_autoPick = false;
        const QSignalBlocker block(m_auto);
        m_auto->setChecked(false);
    }
    redraw();
}

QString HostsPage::otherHostsName()
{
    return tr("other hosts");
}

void HostsPage::redraw()
{
    checkFleets();
    const LiveStore& s = store();
    const bool fleetless = !m_built;
    m_none->setVisible(fleetless);
    if (fleetless) {
        m_none->raise();
        m_heading->clear();
        return;
    }
    const FleetHosts& f = *m_built;
    const bool haveRows = !s.fleets().empty();
    const double from = visibleFrom();
    const double to = visibleTo();
    const std::vector<EjectionSpan> spans = s.ejections().spans(f.endpoint, s.nowS());

    // The hosts over the visible range: what the table and the balancer's shares say, and
    // which hosts stand out.
    const auto totals =
        haveRows ? s.hostTotals(f, from, to) : std::vector<LiveStore::HostTotals>(f.shown);
    std::uint64_t calls = 0;
    for (const auto& t : totals)
        calls += t.calls;
    std::vector<HostTable::Values> values(f.shown);
    std::size_t ejectedNow = 0;
    for (std::size_t h = 0; h < f.shown; ++h) {
        HostTable::Values& v = values[h];
        v.calls = totals[h].calls;
        v.share = calls ? double(totals[h].calls) / double(calls) : 0.0;
        v.failed = totals[h].failed;
        v.timeouts = totals[h].timeouts;
        v.meanLatencyMs = totals[h].answered ? totals[h].meanLatencyMs() : -1.0;
        v.ejections = s.ejections().ejectionsIn(f.endpoint, std::uint16_t(h), from, to);
        for (const EjectionSpan& e : spans)
            if (e.host == h) {
                v.ejectedS += overlap(e.fromS, e.toS, from, to);
                v.ejectedNow = v.ejectedNow || e.open;
            }
        ejectedNow += v.ejectedNow;
    }
    m_own.resize(f.shown, false);
    if (m_autoPick) {
        m_own = pickStandOut(values, to - from, m_own, kStandOutLines);
        m_table->setTicked(m_own);
    }
    m_table->setValues(values);

    const LiveStore::FleetLines lines =
        haveRows ? s.hostLines(f.first, m_own) : LiveStore::FleetLines{};
    const HostLinesOf none; // a host in the band (or before the first rows): no line
    const auto lineOf = [&](std::size_t h) -> const HostLinesOf& {
        return h < lines.hosts.size() ? lines.hosts[h] : none;
    };
    // Each chart fed whole (TimeChart::setAll: every line laid out once, not once per axis).
    using Feed = std::vector<std::pair<SeriesId, const std::vector<QPointF>*>>;
    Feed callLines, failedLines, latencyLines, inFlightLines;
    for (std::size_t h = 0; h < m_series.size(); ++h) {
        callLines.emplace_back(m_series[h].calls, &lineOf(h).calls);
        failedLines.emplace_back(m_series[h].failed, &lineOf(h).failed);
        latencyLines.emplace_back(m_series[h].latency, &lineOf(h).latency);
        inFlightLines.emplace_back(m_series[h].inFlight, &lineOf(h).inFlight);
    }
    const bool banded = lines.banded > 0;
    TimeChart* const charts[] = {m_calls, m_failed, m_latency, m_inFlight};
    for (int i = 0; i < 4; ++i)
        charts[i]->setVisible(m_band[i], banded);
    const auto band = [&](int i, std::vector<QPointF> HostLinesOf::*line) {
        return std::vector<TimeChart::BandFeed>{
            {m_band[i], &(lines.low.*line), &(lines.high.*line)}};
    };
    // Ejections: a lane per ejected host on every chart (whether it has lines of its own or is
    // in the band), labelled on the first; detections as marks on it.
    const std::vector<bool> every(f.shown, true);
    m_calls->annotations()->setLanes(ejectionLanes(spans, every, from, to, true), true);
    m_calls->annotations()->setMarks(
        detectionMarks(s.ejections(), f.endpoint, every, from, to, kMaxDetectionMarks));
    for (TimeChart* c : {m_failed, m_latency, m_inFlight})
        c->annotations()->setLanes(ejectionLanes(spans, every, from, to, false), false);
    m_calls->setAll(callLines, from, to, 1.0, band(0, &HostLinesOf::calls));
    m_failed->setAll(failedLines, from, to, 1.0, band(1, &HostLinesOf::failed));
    m_latency->setAll(latencyLines, from, to, 1.0, band(2, &HostLinesOf::latency));
    m_inFlight->setAll(inFlightLines, from, to, 1.0, band(3, &HostLinesOf::inFlight));

    QString heading = tr("<b>%1</b>: %2 hosts")
                          .arg(QString::fromStdString(f.id).toHtmlEscaped())
                          .arg(f.hostCount);
    if (const Scenario* sc = m_model.scenario()) {
        const QString how = balancing(*sc, f.id);
        if (!how.isEmpty()) heading += tr(", balanced by %1").arg(how.toHtmlEscaped());
    }
    heading += tr(" — %n ejected now", nullptr, int(ejectedNow));
    if (f.shown < f.hostCount)
        heading += tr(" (series for the first %1; the Summary counts every host)").arg(f.shown);
    if (banded)
        heading += tr("; grey band: the other %n hosts, from the least to the most of them",
                      nullptr, int(lines.banded));
    if (heading != m_heading->text()) m_heading->setText(heading); // rich text: laid out anew
    fillEjections();
}

void HostsPage::fillEjections()
{
    const HostEjections& e = store().ejections();
    const std::pair<std::uint64_t, std::size_t> now{e.dropped(), e.changes().size()};
    if (now != m_listedFrom && m_built) {
        m_listedFrom = now;
        std::vector<HostEjectionRecord> listed;
        for (const HostEjectionRecord& r : e.changes())
            if (r.endpoint == m_built->endpoint) listed.push_back(r);
        const int wanted = m_list->oneLineWidth();
        m_list->setRecords(std::move(listed), m_built->zones);
        if (m_list->oneLineWidth() != wanted) placePanes();
    }
    // The detections that did not eject are counted here, and marked on the calls chart.
    std::size_t overflow = 0, notEnforced = 0;
    for (const HostEjectionRecord& r : e.detections()) {
        if (!m_built || r.endpoint != m_built->endpoint) continue;
        const auto kind = static_cast<EjectionEvent::Kind>(r.kind);
        overflow += kind == EjectionEvent::Kind::Overflow;
        notEnforced += kind == EjectionEvent::Kind::NotEnforced;
    }
    QStringList notes;
    if (overflow)
        notes << tr("%n detections held back by max_ejection_percent", nullptr, int(overflow));
    if (notEnforced) notes << tr("%n not enforced (enforcing_*)", nullptr, int(notEnforced));
    m_detections->setText(
        notes.isEmpty() ? QString() : tr("▼ marks: %1.").arg(notes.join(QStringLiteral("; "))));
    m_detections->setVisible(!notes.isEmpty());
}

void HostsPage::showEjection(int row)
{
    const auto& listed = m_list->records();
    if (row < 0 || row >= int(listed.size())) return;
    const double at = toSeconds(listed[std::size_t(row)].at);
    TimeModel& time = m_model.time();
    if (at < time.from() || at > time.to()) {
        const double half = time.span() / 2.0;
        time.setView(at - half, at + half);
    }
    time.setCursor(at);
}

} // namespace reslab::ui
