// The Hosts page against what the run says: fleet presets run through a LiveRun stepped in the
// test's thread (as the window's worker would deliver its snapshots), then the page's table over
// the whole run is checked host by host against the run's summary (calls received, failed
// answers, ejections), every ejection band against the rows under it (the host got no call and
// was marked ejected there), the endpoint picker with two fleets, and the host series through
// RunHistory's downsampling and bounds. Screenshots of the window on the page at both sizes and
// themes go to build/release/tests/screenshots/hosts-*.png.

#include "chart_annotations.h"
#include "ejection_list.h"
#include "gui_testing.h"
#include "host_table.h"
#include "pages/host_standout.h"
#include "pages/hosts_page.h"
#include "palette.h"
#include "policy/outlier_detector.h"
#include "run/live_run.h"
#include "run_history.h"
#include "scenario/scenario_io.h"
#include "time_chart.h"
#include "timeline_strip.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace reslab;
using namespace reslab::ui;

namespace {

QJsonObject preset(const QString& name)
{
    QFile f(":/presets/" + name + ".json");
    if (!f.open(QIODevice::ReadOnly)) qFatal("no preset %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The one-bad-pod preset with max_ejection_percent raised from Envoy's 10 % (which keeps one
// pod of five from ever being ejected) to 20 %: pod 2 is ejected within a sweep of 10 s, for
// 30 s, then 60 s, …
QJsonObject badPodEjecting()
{
    QJsonObject doc = preset("one-bad-pod-of-five");
    QJsonArray pipeline = doc["pipeline"].toArray();
    QJsonObject lb = pipeline[1].toObject();
    QJsonObject od = lb["outlier_detection"].toObject();
    od["max_ejection_percent"] = 20;
    lb["outlier_detection"] = od;
    pipeline[1] = lb;
    doc["pipeline"] = pipeline;
    doc["view"] = "traffic";
    return doc;
}

// Two fleets: the client balances over "api" (3 hosts in two zones), each api host calls "db"
// (2 hosts) through its fleet's own round robin.
constexpr const char* kTwoFleets = R"({
  "format": "resilience-lab.scenario/1", "name": "two fleets", "seed": 4, "duration_s": 20,
  "workload": {"type": "open", "rate_per_s": 100}, "target": "api",
  "pipeline": [{"type": "load_balancer", "policy": "round_robin"}],
  "endpoints": {
    "api": {"replicas": 3, "zones": ["a", "b"], "latency": {"dist": "constant", "ms": 5},
            "calls": [{"endpoint": "db", "pipeline": []}]},
    "db": {"replicas": 2, "latency": {"dist": "constant", "ms": 2}}
  }
})";

// Ten hosts in two zones under round robin: host 3 fails every call from 20 s to 40 s, host 7 is
// 3.5 times slower throughout, the others alike. No outlier detection: nothing is ejected.
constexpr const char* kTenHosts = R"({
  "format": "resilience-lab.scenario/1", "name": "ten hosts", "seed": 7, "duration_s": 60,
  "workload": {"type": "open", "rate_per_s": 400}, "target": "api",
  "pipeline": [{"type": "load_balancer", "policy": "round_robin"}],
  "endpoints": {
    "api": {"replicas": 10, "zones": ["a", "b"], "latency": {"dist": "constant", "ms": 10},
            "capacity": {"workers": 64},
            "hosts": [{"index": 7, "latency": {"dist": "constant", "ms": 35}}],
            "phases": [{"start_s": 20, "end_s": 40, "hosts": [3], "failures": {"error": 1}}]}
  }
})";

Scenario parse(const QJsonObject& doc)
{
    ScenarioLoad load = parseScenario(doc);
    if (!load.scenario)
        qFatal("scenario does not load: %s", formatDiagnostics("test", load.diagnostics).c_str());
    return *load.scenario;
}

// Runs `scenario` to its end into `model`, second by second, as tst_pages does.
void feed(LiveModel& model, const Scenario& scenario)
{
    model.setRuns(scenario, {runStyle(0, "A")});
    LiveRun run;
    QObject::connect(&run, &LiveRun::snapshotReady, &model,
                     [&model](const LiveSnapshot& s) { model.add(s); });
    run.load({scenario}, scenario.seed);
    for (int second = 0; second < 100'000 && !model.finished(); ++second)
        run.step();
}

const EndpointSummary& summaryOf(const LiveModel& model, const std::string& id)
{
    const Summary& s = *model.first().summary();
    for (const EndpointSummary& e : s.endpoints)
        if (e.id == id) return e;
    qFatal("no endpoint %s", id.c_str());
}

std::uint64_t leadingNumber(const QString& text)
{
    return text.section(' ', 0, 0).toULongLong();
}

// A row of a synthetic run for the history test: `hosts` hosts, host 0 ejected from 600 s to
// 660 s, one in-flight spike on host 1.
TimelineRow hostRow(std::int64_t i, std::size_t hosts)
{
    TimelineRow r;
    r.index = i;
    r.width = kLiveTimelineStep;
    r.start = i * r.width;
    r.hosts.resize(hosts);
    for (std::size_t h = 0; h < hosts; ++h) {
        TimelineRow::Host& x = r.hosts[h];
        x.calls = std::uint32_t(h + 1);
        x.failed = h == 0 ? 1 : 0;
        x.answered = x.calls;
        x.latencyMs = float(10 * (h + 1)) * float(x.calls);
        x.inFlight = 2;
    }
    if (i >= 6000 && i < 6600) {
        r.hosts[0].ejected = 1;
        r.hosts[0].calls = 0;
    }
    if (i == 20'005) r.hosts[1].inFlight = 900;
    return r;
}

} // namespace

class TestHostsPage : public QObject
{
    Q_OBJECT

private slots:
    void pageMatchesTheSummary_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("ejections"); // the least the run must make (summary: exact)
        QTest::addColumn<bool>("overflow"); // detections max_ejection_percent held back
        QTest::addRow("one bad pod, ejected at 20 %%")
            << QJsonDocument(badPodEjecting()).toJson() << 2 << false;
        QTest::addRow("one bad pod, Istio's 10 %%: never ejected")
            << QJsonDocument(preset("one-bad-pod-of-five")).toJson() << 0 << true;
        QTest::addRow("slow host, least request")
            << QJsonDocument(preset("slow-host-round-robin-vs-least-request")).toJson() << 0
            << false;
        QTest::addRow("zone outage, two zones ejected")
            << QJsonDocument(preset("zone-outage-panic-threshold")).toJson() << 4 << false;
    }

    void pageMatchesTheSummary()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, ejections);
        QFETCH(bool, overflow);
        const Scenario scenario = parse(QJsonDocument::fromJson(json).object());
        LiveModel model;
        HostsPage page(model);
        page.resize(1000, 700);
        feed(model, scenario);
        QVERIFY(model.finished());
        model.time().setView(0.0, model.nowS()); // the whole run
        page.redraw();

        const FleetHosts* fleet = page.fleet();
        QVERIFY(fleet);
        QCOMPARE(fleet->id, scenario.target);
        const EndpointSpec* spec = scenario.endpoint(scenario.target);
        QCOMPARE(fleet->shown, std::size_t(spec->replicas));
        QVERIFY(!page.noFleetNote()->isVisibleTo(&page));
        QVERIFY(!page.endpointPicker()->isVisibleTo(&page)); // one fleet: nothing to pick
        QVERIFY(page.heading()->text().contains(QString::fromStdString(scenario.target)));

        // The table over the whole run, host by host, is the summary's.
        const EndpointSummary& summary = summaryOf(model, scenario.target);
        QCOMPARE(summary.hosts.size(), fleet->shown);
        HostTable* table = page.table();
        QCOMPARE(table->rowCount(), int(fleet->shown));
        double shares = 0.0;
        std::uint64_t allEjections = 0;
        for (int h = 0; h < table->rowCount(); ++h) {
            const HostSummary& host = summary.hosts[std::size_t(h)];
            QCOMPARE(leadingNumber(table->item(h, HostTable::Calls)->text()), host.attempts);
            QCOMPARE(leadingNumber(table->item(h, HostTable::Failed)->text()), host.failed);
            QCOMPARE(table->item(h, HostTable::Host)->text(), page.hostSeriesName(std::size_t(h)));
            if (!host.zone.empty())
                QVERIFY(table->item(h, HostTable::Host)
                            ->text()
                            .endsWith(QStringLiteral(" · ") + QString::fromStdString(host.zone)));
            shares += table->item(h, HostTable::Share)->text().section(' ', 0, 0).toDouble();
            allEjections += host.ejections;
            // Up to six hosts, every host has a line on every chart; in a larger fleet the
            // hosts that stand out do, ticked, and the others are in the band.
            const bool own = page.ownLines()[std::size_t(h)];
            QCOMPARE(own || fleet->shown > HostsPage::kEveryLineUpTo, true);
            QCOMPARE(table->shown(std::size_t(h)), own);
            for (TimeChart* chart : page.charts())
                QVERIFY2((chart->pointCount(page.hostSeriesName(std::size_t(h))) > 0) == own,
                         qPrintable(chart->chart()->title()));
        }
        QVERIFY2(std::abs(shares - 100.0) < 0.3, qPrintable(QString::number(shares)));
        QVERIFY2(allEjections >= std::uint64_t(ejections),
                 qPrintable(QString::number(allEjections)));
        if (overflow) QVERIFY(summary.hosts[2].ejectionsOverflow > 0);

        // A band where the records say: each host's stretches as kept, one per ejection the
        // summary counts, and under each the host got no call and its rows say it was ejected.
        const LiveStore& store = model.first();
        const auto spans = store.ejections().spans(fleet->endpoint, model.nowS());
        std::vector<std::uint64_t> perHost(fleet->shown, 0);
        for (const EjectionSpan& s : spans) {
            ++perHost[s.host];
            QVERIFY(s.toS > s.fromS);
            for (const TimelineRow* r : store.history().rows(s.fromS, s.toS, 0.0)) {
                const double start = toSeconds(r->start), end = toSeconds(r->start + r->width);
                if (start < s.fromS + 0.1 || end > s.toS) continue; // rows wholly inside
                QCOMPARE(r->hosts[fleet->first + s.host].calls, 0u);
                QVERIFY(r->hosts[fleet->first + s.host].ejected >= 1);
            }
        }
        for (std::size_t h = 0; h < fleet->shown; ++h)
            QCOMPARE(perHost[h], summary.hosts[h].ejections);
        // Out of rotation a host answers nothing: its latency line has a gap there, not a line
        // drawn across to its next answer.
        for (const EjectionSpan& s : spans) {
            if (s.toS - s.fromS < 3.0 || !page.ownLines()[s.host]) continue;
            const QList<QPointF> latency =
                page.charts()[2]->pointsNamed(page.hostSeriesName(s.host));
            QVERIFY(std::any_of(latency.begin(), latency.end(), [&s](const QPointF& p) {
                return p.x() > s.fromS && p.x() < s.toS && std::isnan(p.y());
            }));
        }
        // Every chart has a lane per ejected host holding its stretches (none shaded over the
        // plot, where a phase is), labelled on the first; the list lists every ejection and
        // return.
        std::vector<std::vector<std::pair<double, double>>> stretches(fleet->shown);
        for (const EjectionSpan& s : spans)
            stretches[s.host].emplace_back(s.fromS, s.toS);
        std::size_t ejectedHosts = 0;
        for (const auto& host : stretches)
            ejectedHosts += !host.empty();
        for (TimeChart* chart : page.charts()) {
            const ChartAnnotations* notes = chart->annotations();
            QVERIFY(notes->stateSpans().empty());
            QCOMPARE(notes->lanes().size(), ejectedHosts);
            QCOMPARE(notes->laneHeight() > 0, ejectedHosts > 0);
            for (const TimeLane& lane : notes->lanes()) {
                const auto host = std::size_t(
                    std::find(palette::kHosts.begin(), palette::kHosts.end(), lane.color) -
                    palette::kHosts.begin());
                QVERIFY(host < fleet->shown);
                QCOMPARE(lane.stretches, stretches[host]);
                QCOMPARE(lane.label.contains("ejected"), chart == page.charts().front());
            }
        }
        if (spans.empty())
            QCOMPARE(page.ejectionList()->count(), 1); // "No host ejected yet."
        else
            QCOMPARE(page.ejectionList()->count(), int(store.ejections().changes().size()));
        // Detections that did not eject are marked and counted: those held back by
        // max_ejection_percent are the summary's ejections_overflow, host by host.
        std::vector<std::uint64_t> heldBack(fleet->shown, 0);
        for (const HostEjectionRecord& r : store.ejections().detections())
            if (r.kind == std::uint8_t(EjectionEvent::Kind::Overflow)) ++heldBack[r.host];
        for (std::size_t h = 0; h < fleet->shown; ++h)
            QCOMPARE(heldBack[h], summary.hosts[h].ejectionsOverflow);
        const bool detections = !store.ejections().detections().empty();
        QCOMPARE(page.detectionNote()->isVisibleTo(&page), detections);
        QCOMPARE(page.charts().front()->annotations()->marks().empty(), !detections);
        if (overflow) QVERIFY(page.detectionNote()->text().contains("max_ejection_percent"));

        // Six hosts or fewer: every host has its lines, there is no band. Unticking a host
        // takes its lines off every chart and puts it in the band; ticking it brings them back.
        if (fleet->shown > HostsPage::kEveryLineUpTo) {
            QVERIFY(page.autoPick()->isVisibleTo(&page));
            QVERIFY(std::count(page.ownLines().begin(), page.ownLines().end(), true) <=
                    std::ptrdiff_t(HostsPage::kStandOutLines));
            return;
        }
        QVERIFY(!page.autoPick()->isVisibleTo(&page));
        for (TimeChart* chart : page.charts())
            QVERIFY(!chart->shown(HostsPage::otherHostsName()));
        table->item(0, HostTable::Host)->setCheckState(Qt::Unchecked);
        QVERIFY(!page.ownLines()[0]);
        for (TimeChart* chart : page.charts()) {
            QCOMPARE(chart->pointCount(page.hostSeriesName(0)), 0);
            QVERIFY(chart->shown(HostsPage::otherHostsName()));
            QVERIFY(chart->pointCount(HostsPage::otherHostsName()) > 0);
        }
        QVERIFY(page.heading()->text().contains("band"));
        table->item(0, HostTable::Host)->setCheckState(Qt::Checked);
        for (TimeChart* chart : page.charts()) {
            QVERIFY(chart->pointCount(page.hostSeriesName(0)) > 0);
            QVERIFY(!chart->shown(HostsPage::otherHostsName()));
        }
    }

    void theRangeCutsTheTable()
    {
        // The bad pod's table over 20 – 30 s: pod 2 ejected for part of it, its share below
        // the others'; over the whole run the counts are the summary's (above).
        const Scenario scenario = parse(badPodEjecting());
        LiveModel model;
        HostsPage page(model);
        page.resize(1000, 700);
        feed(model, scenario);
        const auto spans = model.first().ejections().spans(0, model.nowS());
        QVERIFY(!spans.empty());
        const EjectionSpan first = spans.front();
        QCOMPARE(first.host, std::uint16_t(2));
        // Ejected within one interval (10 s) of its first failures at 10 s, for base 30 s.
        QVERIFY2(first.fromS >= 10.0 && first.fromS <= 21.0,
                 qPrintable(QString::number(first.fromS)));
        QVERIFY2(first.toS - first.fromS >= 29.9 && first.toS - first.fromS <= 41.0,
                 qPrintable(QString::number(first.toS - first.fromS)));
        model.time().setView(first.fromS + 1.0, first.toS - 1.0);
        page.redraw();
        HostTable* table = page.table();
        QCOMPARE(leadingNumber(table->item(2, HostTable::Calls)->text()), std::uint64_t(0));
        QVERIFY(table->item(2, HostTable::Ejected)
                    ->text()
                    .startsWith(QString::number(first.toS - first.fromS - 2.0, 'f', 1)));
        for (int h : {0, 1, 3, 4})
            QVERIFY(leadingNumber(table->item(h, HostTable::Calls)->text()) > 0);
        // A click on the first ejection puts the cursor there.
        page.ejectionList()->setCurrentRow(0);
        QVERIFY(model.time().hasCursor());
        QCOMPARE(model.time().cursor(), first.fromS);
    }

    void severalFleetsArePicked()
    {
        const Scenario scenario = parse(QJsonDocument::fromJson(kTwoFleets).object());
        LiveModel model;
        HostsPage page(model);
        page.resize(1000, 700);
        feed(model, scenario);
        model.time().setView(0.0, model.nowS());
        page.redraw();
        QVERIFY(page.endpointPicker()->isVisibleTo(&page));
        QCOMPARE(page.endpointPicker()->count(), 2);
        QCOMPARE(page.fleet()->id, std::string("api"));
        QCOMPARE(page.table()->rowCount(), 3);
        QCOMPARE(page.hostSeriesName(1), QStringLiteral("host 1 · b"));
        page.endpointPicker()->setCurrentIndex(1);
        QCOMPARE(page.fleet()->id, std::string("db"));
        QCOMPARE(page.table()->rowCount(), 2);
        QCOMPARE(page.table()->item(0, HostTable::Host)->text(), QStringLiteral("host 0"));
        // Every db host's calls are the summary's, and so are both fleets' in all.
        const EndpointSummary& db = summaryOf(model, "db");
        for (int h = 0; h < 2; ++h)
            QCOMPARE(leadingNumber(page.table()->item(h, HostTable::Calls)->text()),
                     db.hosts[std::size_t(h)].attempts);
        QVERIFY(db.hosts[0].attempts > 0);
    }

    void noFleetCostsNothing()
    {
        // Without replicas the rows carry no host series and the snapshots no fleet.
        TraceCache traces;
        const Scenario scenario =
            *loadScenarioFile(":/presets/outage-and-recovery.json", traces).scenario;
        LiveModel model;
        feed(model, scenario);
        QVERIFY(model.first().fleets().empty());
        for (const TimelineRow& r : model.first().history().recent())
            QVERIFY(r.hosts.empty());
    }

    void hostHistoryBounded_data()
    {
        QTest::addColumn<double>("hours");
        QTest::addColumn<int>("hosts");
        QTest::newRow("1 h, 5 hosts") << 1.0 << 5;
        QTest::newRow("48 h, 32 hosts (the most a run keeps)") << 48.0 << int(kMaxLiveHosts);
    }
    // The host series through RunHistory's levels: counts stay exact, the ejection at 600 s and
    // an in-flight spike survive as the envelope's top, and memory stays within what
    // kMaxLiveHosts promises.
    void hostHistoryBounded()
    {
        QFETCH(double, hours);
        QFETCH(int, hosts);
        RunHistory h;
        const auto rows = std::int64_t(hours * 36000);
        std::vector<std::uint64_t> calls(std::size_t(hosts), 0);
        for (std::int64_t i = 0; i < rows; ++i) {
            const TimelineRow r = hostRow(i, std::size_t(hosts));
            for (int x = 0; x < hosts; ++x)
                calls[std::size_t(x)] += r.hosts[std::size_t(x)].calls;
            h.add(r);
        }
        QVERIFY(h.rowCount() <= RunHistory::kMaxRows);
        std::vector<std::uint64_t> seen(std::size_t(hosts), 0);
        std::uint32_t peak = 0;
        bool ejectedSeen = false;
        double latency = 0.0, answered = 0.0;
        for (const TimelineRow* r : h.rows(0, hours * 3600.0, 0)) {
            for (int x = 0; x < hosts; ++x)
                seen[std::size_t(x)] += r->hosts[std::size_t(x)].calls;
            peak = std::max(peak, r->hosts[1].inFlight);
            // The ejection (600 – 660 s) stays visible as the top of the buckets over it, at
            // whatever level they are by now.
            const bool over =
                r->start < fromSeconds(660.0) && r->start + r->width > fromSeconds(600.0);
            ejectedSeen = ejectedSeen || (over && r->hosts[0].ejected);
            if (!over) QCOMPARE(r->hosts[0].ejected, std::uint8_t(0));
            latency += r->hosts[2].latencyMs;
            answered += r->hosts[2].answered;
        }
        for (int x = 0; x < hosts; ++x)
            QCOMPARE(seen[std::size_t(x)], calls[std::size_t(x)]);
        QVERIFY(ejectedSeen);
        if (rows > 20'005) QCOMPARE(peak, 900u);
        QVERIFY2(std::abs(latency / answered - 30.0) < 0.01,
                 qPrintable(QString::number(latency / answered)));
        qInfo("%zu rows, %zu bytes", h.rowCount(), h.bytes());
        // kMaxLiveHosts' promise: 28 bytes a host a row over at most kMaxRows rows, beside the
        // row itself (tst_instrument bounds a row without hosts at 16 MB a run).
        QVERIFY(sizeof(TimelineRow::Host) <= 28);
        QVERIFY2(h.bytes() < (16u << 20) + RunHistory::kMaxRows * 28 * std::size_t(hosts),
                 qPrintable(QString::number(h.bytes())));
    }

    void standOutScore_data()
    {
        // One host's values against a fleet of 10 whose median latency is 20 ms, over 100 s.
        QTest::addColumn<quint64>("calls");
        QTest::addColumn<quint64>("failed");
        QTest::addColumn<double>("ejectedS");
        QTest::addColumn<double>("latencyMs");
        QTest::addColumn<double>("share");
        QTest::addColumn<double>("score");
        QTest::newRow("healthy, an even share") << 1000ull << 0ull << 0.0 << 20.0 << 0.1 << 0.0;
        QTest::newRow("every call failed") << 1000ull << 1000ull << 0.0 << 20.0 << 0.1 << 1.0;
        QTest::newRow("half of the range ejected")
            << 500ull << 0ull << 50.0 << 20.0 << 0.05 << 0.5 + 0.5;
        QTest::newRow("2x slower") << 1000ull << 0ull << 0.0 << 40.0 << 0.1 << 1.0;
        QTest::newRow("100x slower: capped")
            << 1000ull << 0ull << 0.0 << 2000.0 << 0.1 << kMostLatencyScore;
        QTest::newRow("given 1.5x its share") << 1500ull << 0ull << 0.0 << 20.0 << 0.15 << 0.5;
        QTest::newRow("no calls, no latency") << 0ull << 0ull << 0.0 << -1.0 << 0.0 << 1.0;
    }
    void standOutScore()
    {
        QFETCH(quint64, calls);
        QFETCH(quint64, failed);
        QFETCH(double, ejectedS);
        QFETCH(double, latencyMs);
        QFETCH(double, share);
        QFETCH(double, score);
        HostTable::Values v;
        v.calls = calls;
        v.failed = failed;
        v.ejectedS = ejectedS;
        v.meanLatencyMs = latencyMs;
        v.share = share;
        QVERIFY2(std::abs(reslab::ui::standOutScore(v, 20.0, 10, 100.0) - score) < 1e-9,
                 qPrintable(QString::number(reslab::ui::standOutScore(v, 20.0, 10, 100.0))));
    }

    void pickStandOut_data()
    {
        // Ten hosts; `scores` sets each host's failed share (its score), `before` the hosts
        // picked at the last redraw; at most `most` picked.
        QTest::addColumn<QList<double>>("scores");
        QTest::addColumn<QList<int>>("before");
        QTest::addColumn<int>("most");
        QTest::addColumn<QList<int>>("picked");
        const QList<double> calm(10, 0.02);
        QList<double> one = calm;
        one[3] = 1.0;
        QList<double> four = calm;
        four[1] = 0.5;
        four[4] = 0.9;
        four[6] = 0.3;
        four[8] = 0.7;
        QList<double> nearBar = calm;
        nearBar[5] = 0.2; // under kPickScore, over kKeepScore
        QTest::newRow("a calm fleet: no lines, all in the band")
            << calm << QList<int>{} << 3 << QList<int>{};
        QTest::newRow("the failing host") << one << QList<int>{} << 3 << QList<int>{3};
        QTest::newRow("four stand out: the three worst")
            << four << QList<int>{} << 3 << QList<int>{1, 4, 8};
        QTest::newRow("near the bar: not picked") << nearBar << QList<int>{} << 3 << QList<int>{};
        QTest::newRow("near the bar: kept once picked")
            << nearBar << QList<int>{5} << 3 << QList<int>{5};
        QTest::newRow("calm again: dropped") << calm << QList<int>{5} << 3 << QList<int>{};
    }
    void pickStandOut()
    {
        QFETCH(QList<double>, scores);
        QFETCH(QList<int>, before);
        QFETCH(int, most);
        QFETCH(QList<int>, picked);
        std::vector<HostTable::Values> hosts(std::size_t(scores.size()));
        std::vector<bool> was(hosts.size(), false);
        for (int b : before)
            was[std::size_t(b)] = true;
        for (std::size_t h = 0; h < hosts.size(); ++h) {
            hosts[h].calls = 10000;
            hosts[h].failed = std::uint64_t(scores[int(h)] * 10000);
            hosts[h].meanLatencyMs = 20.0;
            hosts[h].share = 0.1;
        }
        const std::vector<bool> got =
            reslab::ui::pickStandOut(hosts, 100.0, was, std::size_t(most));
        QList<int> gotList;
        for (std::size_t h = 0; h < got.size(); ++h)
            if (got[h]) gotList << int(h);
        QCOMPARE(gotList, picked);
    }

    void bigFleetDrawsTheStandOuts_data()
    {
        // The ten hosts over a range: the hosts that get lines of their own, the rest banded.
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<QList<int>>("own");
        QTest::newRow("whole run: the failing host and the slow one")
            << 0.0 << 60.0 << QList<int>{3, 7};
        QTest::newRow("before the failures: the slow one") << 2.0 << 18.0 << QList<int>{7};
        QTest::newRow("during them: both") << 22.0 << 38.0 << QList<int>{3, 7};
    }
    void bigFleetDrawsTheStandOuts()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(QList<int>, own);
        const Scenario scenario = parse(QJsonDocument::fromJson(kTenHosts).object());
        LiveModel model;
        HostsPage page(model);
        page.resize(1000, 700);
        feed(model, scenario);
        model.time().setView(from, to);
        page.redraw();
        QCOMPARE(page.table()->rowCount(), 10);
        QVERIFY(page.autoPick()->isVisibleTo(&page));
        QVERIFY(page.autoPick()->isChecked());
        QList<int> got;
        for (std::size_t h = 0; h < page.ownLines().size(); ++h)
            if (page.ownLines()[h]) got << int(h);
        QCOMPARE(got, own);
        // Lines for those, ticked in the table; the band for the others, over the whole range,
        // from the least to the most of them.
        for (int h = 0; h < 10; ++h) {
            const bool mine = own.contains(h);
            QCOMPARE(page.table()->shown(std::size_t(h)), mine);
            for (TimeChart* chart : page.charts())
                QCOMPARE(chart->pointCount(page.hostSeriesName(std::size_t(h))) > 0, mine);
        }
        TimeChart* calls = page.charts().front();
        QVERIFY(calls->shown(HostsPage::otherHostsName()));
        const QList<QPointF> high = calls->pointsNamed(HostsPage::otherHostsName());
        QVERIFY(high.size() > 10);
        // Round robin gives every host 40 calls/s: the band's top is a host's rate (the most of
        // eight hosts' over a second each), not the fleet's (400/s), nor nothing.
        for (const QPointF& p : high)
            if (p.x() > from + 1.5)
                QVERIFY2(p.y() > 20 && p.y() < 70, qPrintable(QString::number(p.y())));
        QVERIFY(
            page.heading()->text().contains(QString("the other %1 hosts").arg(10 - own.size())));
        QVERIFY(calls->csv().contains(HostsPage::otherHostsName() + " (least)"));

        // A host ticked by hand gets its lines and the picks stop: they hold on a new range.
        page.table()->item(0, HostTable::Host)->setCheckState(Qt::Checked);
        QVERIFY(!page.autoPick()->isChecked());
        QVERIFY(page.ownLines()[0]);
        QVERIFY(calls->pointCount(page.hostSeriesName(0)) > 0);
        model.time().setView(0.0, 10.0);
        page.redraw();
        QVERIFY(page.ownLines()[0]);
        for (int h : own)
            QVERIFY(page.ownLines()[std::size_t(h)]);
        // Picking again drops host 0 (it does not stand out).
        page.autoPick()->setChecked(true);
        QVERIFY(!page.ownLines()[0]);
    }

    void layoutFitsTheWindow_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("twoLines"); // the ejection list's rows on two lines
        const QByteArray pod = QJsonDocument(badPodEjecting()).toJson();
        const QByteArray zone = QJsonDocument(preset("zone-outage-panic-threshold")).toJson();
        QTest::newRow("bad pod 1280x800") << QSize(1280, 800) << pod << true;
        QTest::newRow("bad pod 1920x1080") << QSize(1920, 1080) << pod << false;
        QTest::newRow("zone outage 1280x800") << QSize(1280, 800) << zone << true;
        QTest::newRow("zone outage 1920x1080") << QSize(1920, 1080) << zone << false;
        QTest::newRow("ten hosts 1280x800, none ejected")
            << QSize(1280, 800) << QByteArray(kTenHosts) << false;
    }
    // In the window at the sizes the GUI is judged at: the table whole (no column cut, every
    // row shown), the ejection list beside it on one line a row where there is room and on two
    // where not (never wrapped at a word), the charts with most of the height.
    void layoutFitsTheWindow()
    {
        QFETCH(QSize, size);
        QFETCH(QByteArray, json);
        QFETCH(bool, twoLines);
        QTemporaryDir dir;
        const QString path = testing::writeScenarioFile(dir, "fleet.json", json.constData());
        MainWindow window;
        window.show();
        window.resize(size);
        QVERIFY(window.openScenario(path));
        window.showView(ViewId::Hosts);
        QVERIFY(testing::runToEnd(window));
        window.redrawNow();
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        auto* page = window.page<HostsPage>();
        HostTable* table = page->table();
        QVERIFY2(
            table->width() >= table->naturalSize().width(),
            qPrintable(QString("%1 < %2").arg(table->width()).arg(table->naturalSize().width())));
        QVERIFY(!table->horizontalScrollBar()->isVisible());
        QVERIFY2(
            !table->verticalScrollBar()->isVisible(),
            qPrintable(QString("%1 < %2").arg(table->height()).arg(table->naturalSize().height())));
        EjectionList* list = page->ejectionList();
        qInfo("table %d (natural %d), list %d (one line %d, two lines %d)", table->width(),
              table->naturalSize().width(), list->width(), list->oneLineWidth(),
              list->twoLineWidth());
        QCOMPARE(list->twoLines(), twoLines);
        QVERIFY(!list->wordWrap());
        QVERIFY(list->width() >= 180);
        if (!twoLines) QVERIFY(list->width() >= list->oneLineWidth());
        // Each chart at least 180 px, its plot laid out for its size (the title, the x axis
        // and the margins take about 90 px: a plot far shorter was aligned at another size).
        for (TimeChart* chart : page->charts()) {
            QVERIFY2(chart->height() >= 180, qPrintable(QString::number(chart->height())));
            QVERIFY2(chart->chart()->plotArea().height() > chart->height() - 110,
                     qPrintable(QString("%1 in %2")
                                    .arg(chart->chart()->plotArea().height())
                                    .arg(chart->height())));
        }
    }

    void screenshots_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ejects"); // the run ejects a host
        // The Fleets and service meshes presets (the bad pod ejected, as the Tuning page's
        // sweep shows it at max_ejection_percent 20) at both sizes the GUI is judged at, light
        // and dark (as testing::addScreenshotRows).
        const struct
        {
            const char* name;
            QByteArray json;
            bool ejects;
        } presets[] = {
            {"bad-pod", QJsonDocument(badPodEjecting()).toJson(), true},
            {"zone-outage", QJsonDocument(preset("zone-outage-panic-threshold")).toJson(), true},
            {"slow-host", QJsonDocument(preset("slow-host-round-robin-vs-least-request")).toJson(),
             false},
            // A fleet of ten: the hosts that stand out as lines, the others as the band.
            {"ten-hosts", QByteArray(kTenHosts), false}};
        for (const auto& p : presets)
            for (const char* row :
                 {"1280x800-light", "1280x800-dark", "1920x1080-light", "1920x1080-dark"}) {
                const bool dark = QByteArray(row).endsWith("dark");
                const QSize size =
                    QByteArray(row).startsWith("1280") ? QSize(1280, 800) : QSize(1920, 1080);
                QTest::addRow("%s %s", p.name, row) << size << dark << p.json << p.name << p.ejects;
            }
    }
    void screenshots()
    {
        // The fleet presets on the Hosts view, for a person to look at.
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        QFETCH(QByteArray, json);
        QFETCH(QString, name);
        QFETCH(bool, ejects);
        QTemporaryDir dir;
        const QString path = testing::writeScenarioFile(dir, name + ".json", json.constData());
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.show();
        window.resize(size);
        QVERIFY(window.openScenario(path));
        window.showView(ViewId::Hosts);
        QVERIFY(testing::runToEnd(window));
        window.setTheme(dark ? Theme::Dark : Theme::Light);
        window.redrawNow();
        // Twice: the page sizes its panes once laid out (a queued call), and the charts are
        // aligned for their new size after that (a zero timer).
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        auto* page = window.page<HostsPage>();
        for (TimeChart* chart : page->charts())
            QVERIFY(chart->chart()->plotArea().height() > chart->height() - 110);
        QVERIFY(page->fleet());
        if (ejects) QVERIFY(!page->charts().front()->annotations()->lanes().empty());
        const QString file = QStringLiteral("hosts-%1-%2x%3-%4.png")
                                 .arg(name)
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(dark ? "dark" : "light");
        QVERIFY(window.grab().save(QDir(testing::screenshotDir()).filePath(file)));
        window.setTheme(Theme::Light);
    }
};

RESLAB_UI_TEST_MAIN(TestHostsPage)
#include "tst_hosts_page.moc"
