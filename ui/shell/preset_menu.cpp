#include "preset_menu.h"

#include "scenario/scenario_io.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QMenu>
#include <algorithm>

namespace reslab::ui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Presets", text);
}

// What each bundled preset demonstrates; a new preset file gets a line here (tst_main_window
// checks that none is left in kOtherPresets).
struct ThemeOf
{
    const char* file;
    const char* theme;
};
constexpr const char* kStart = QT_TRANSLATE_NOOP("Presets", "First steps");
constexpr const char* kStorms = QT_TRANSLATE_NOOP("Presets", "Retry storms and amplification");
constexpr const char* kLimits = QT_TRANSLATE_NOOP("Presets", "Rate limits, queues and concurrency");
constexpr const char* kTraces = QT_TRANSLATE_NOOP("Presets", "Traces and tuning");
constexpr const char* kClients = QT_TRANSLATE_NOOP("Presets", "Real clients' configurations");
constexpr const char* kFleets = QT_TRANSLATE_NOOP("Presets", "Fleets and service meshes");
constexpr const char* kThemeOrder[] = {kStart, kStorms, kLimits, kFleets, kTraces, kClients};
constexpr ThemeOf kThemes[] = {
    {"steady-flaky-api.json", kStart},
    {"outage-and-recovery.json", kStart},
    {"slow-calls-and-timeouts.json", kStart},
    {"retry-storm-overload.json", kStorms},
    {"retry-storm-with-backoff-and-budget.json", kStorms},
    {"retry-storm-with-adaptive-limit.json", kStorms},
    {"thundering-herd-after-outage.json", kStorms},
    {"layered-retries-amplifying.json", kStorms},
    {"rate-limited-api-retry-after.json", kLimits},
    {"aws-adaptive-throttled-api.json", kLimits},
    {"adaptive-limit-capacity-halves.json", kLimits},
    {"optimistic-concurrency-contention.json", kLimits},
    {"server-queue-spike.json", kLimits},
    {"one-bad-pod-of-five.json", kFleets},
    {"slow-host-round-robin-vs-least-request.json", kFleets},
    {"zone-outage-panic-threshold.json", kFleets},
    {"envoy-max-retries-vs-retry-budget.json", kFleets},
    {"replay-bad-day.json", kTraces},
    {"fitted-bad-day.json", kTraces},
    {"retry-storm-tuning.json", kTraces},
    {"seed-aiohttp-tenacity-semaphore.json", kClients},
    {"seed-httpx-timeouts-breaker-cache.json", kClients},
    {"seed-resilience-package.json", kClients},
    {"seed-retry-wrapper-3x2s.json", kClients},
    {"seed-rpc-adaptive-bulk.json", kClients},
    {"seed-rpc-network-policy.json", kClients},
};
} // namespace

namespace {
// A first sentence shorter than this takes the next one with it.
constexpr qsizetype kShortestLine = 30;
} // namespace

QString presetTheme(const QString& fileName)
{
    for (const ThemeOf& t : kThemes)
        if (fileName == QLatin1String(t.file)) return tr(t.theme);
    return kOtherPresets;
}

const std::vector<QString>& presetThemes()
{
    static const std::vector<QString> themes = [] {
        std::vector<QString> all;
        for (const char* t : kThemeOrder)
            all.push_back(tr(t));
        all.push_back(kOtherPresets);
        return all;
    }();
    return themes;
}

QString firstSentence(const QString& description)
{
    // Sentences until they say something: "Seed 000." alone does not.
    qsizetype end = -1;
    do {
        end = description.indexOf(QLatin1String(". "), end + 1);
        if (end < 0) return description;
    } while (end + 1 < kShortestLine);
    return description.left(end + 1);
}

std::vector<Preset> bundledPresets()
{
    std::vector<Preset> presets;
    const QDir dir(QStringLiteral(":/presets"));
    for (const QString& file : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(file);
        Diagnostics ignored; // a preset that does not parse is listed by its file name
        const std::optional<QByteArray> bytes = readScenarioBytes(path.toStdString(), ignored);
        const ScenarioLoad load = bytes ? parseScenario(*bytes) : ScenarioLoad{};
        Preset p{path, file, {}, presetTheme(file)};
        if (load.scenario) {
            p.name = QString::fromStdString(load.scenario->name);
            p.description = QString::fromStdString(load.scenario->description);
        }
        presets.push_back(std::move(p));
    }
    const std::vector<QString>& themes = presetThemes();
    auto rank = [&themes](const Preset& p) {
        return std::find(themes.begin(), themes.end(), p.theme) - themes.begin();
    };
    std::stable_sort(presets.begin(), presets.end(),
                     [&rank](const Preset& a, const Preset& b) { return rank(a) < rank(b); });
    return presets;
}

void addPresets(QMenu* menu, const std::function<void(const QString& path)>& open)
{
    QMenu* submenu = nullptr;
    for (const Preset& p : bundledPresets()) {
        if (!submenu || submenu->title() != p.theme) {
            submenu = menu->addMenu(p.theme);
            submenu->setToolTipsVisible(true);
        }
        QAction* a = submenu->addAction(p.name, submenu, [open, path = p.path] { open(path); });
        a->setStatusTip(firstSentence(p.description));
        a->setToolTip(p.description);
        a->setData(p.path);
    }
}

} // namespace reslab::ui
