// The strategy descriptors and the name tables: every kind is registered once, under a unique
// name, and what the editor adds reads, writes and reads back to the same strategy; every table
// maps each value to one name and back.

#include "export/export.h"
#include "policy/outlier_detector.h"
#include "policy/strategy_kind.h"
#include "sim/distribution.h"
#include "testing.h"

#include <QJsonDocument>
#include <QTest>
#include <set>

using namespace reslab;

namespace {
template <class Table> void checkTable(const Table& table, std::size_t enumCount)
{
    QCOMPARE(table.size(), enumCount);
    std::set<std::string_view> names;
    for (const auto& [value, name] : table.entries) {
        QVERIFY2(names.insert(name).second, std::string(name).c_str());
        QCOMPARE(table.name(value), name);
        QVERIFY(table.find(name) == value);
    }
    QVERIFY(!table.find("no such name"));
}
} // namespace

class TestDescriptors : public QObject
{
    Q_OBJECT
private slots:
    void kindsAreRegisteredOnce()
    {
        QCOMPARE(strategyKinds().size(), std::variant_size_v<StrategySpec>);
        std::set<std::string_view> names;
        for (const StrategyKind* k : strategyKinds()) {
            QVERIFY2(names.insert(k->name).second, std::string(k->name).c_str());
            QCOMPARE(strategyKindNamed(k->name), k);
            QVERIFY(!k->title.empty());
        }
        QVERIFY(!strategyKindNamed("no_such_strategy"));
    }

    void newStrategyRoundTrips_data()
    {
        QTest::addColumn<QString>("type");
        for (const StrategyKind* k : strategyKinds())
            QTest::newRow(std::string(k->name).c_str()) << QString::fromUtf8(k->name.data());
    }
    void newStrategyRoundTrips()
    {
        QFETCH(QString, type);
        const StrategyKind* kind = strategyKindNamed(type.toStdString());
        QVERIFY(kind);
        QJsonObject object = QJsonDocument::fromJson(
                                 QByteArray(kind->newJson.data(), qsizetype(kind->newJson.size())))
                                 .object();
        object.insert("type", type);
        Diagnostics d;
        const auto spec = readStrategy(object, "pipeline[0]", d);
        QVERIFY2(spec, d.empty() ? "" : d.front().message.c_str());
        QCOMPARE(&strategyKind(*spec), kind);
        JsonWriter w;
        writeStrategy(w, *spec, "pipeline[0]");
        const QJsonDocument written = QJsonDocument::fromJson(QByteArray::fromStdString(w.text()));
        QVERIFY(written.isObject());
        QCOMPARE(written.object().value("type").toString(), type);
        const auto again = readStrategy(written.object(), "pipeline[0]", d);
        QVERIFY2(again, d.empty() ? "" : d.front().message.c_str());
        QVERIFY(*again == *spec);
        // Every field the editor shows has a key and a label.
        for (const FieldSpec& f : kind->fields())
            QVERIFY2(!f.key.empty() && !f.label.empty(), f.key.c_str());
    }

    void unknownTypeListsEveryKind()
    {
        Diagnostics d;
        QJsonObject object;
        object.insert("type", "retyr");
        QVERIFY(!readStrategy(object, "pipeline[3]", d));
        QCOMPARE(d.size(), std::size_t{1});
        QCOMPARE(d.front().path, std::string("pipeline[3].type"));
        for (const StrategyKind* k : strategyKinds())
            QVERIFY2(d.front().message.find(std::string(k->name)) != std::string::npos,
                     d.front().message.c_str());
    }

    void nameTablesCoverTheirEnums()
    {
        checkTable(kBackoffKindNames, 8);
        checkTable(kEnvoyResetAsNames, 3);
        checkTable(kAdaptiveRegimeNames, 4);
        checkTable(kJitterKindNames, 5);
        checkTable(kExportTargetNames, static_cast<int>(ExportTarget::Linkerd) + 1);
        checkTable(kDistributionKindNames, 8);
        checkTable(kBreakerStateNames, 6);
        checkTable(kBreakerModeNames, 3);
        checkTable(kBreakerWindowNames, 2);
        checkTable(kBreakerForcedNames, 4);
        checkTable(kBreakerEvaluateNames, 3);
        checkTable(kBreakerWaitBoundaryNames, 2);
        checkTable(kBreakerBucketStartNames, 2);
        checkTable(kBreakerLateResultNames, 2);
        checkTable(kFallbackKindNames, 2);
        checkTable(kRateLimiterKindNames, 2);
        checkTable(kLimitAlgorithmNames, 4);
        checkTable(kLimitQueueNames, 3);
        checkTable(kLbPolicyNames, static_cast<int>(LbPolicy::PeakEwma) + 1);
        checkTable(kEjectionTypeNames, static_cast<int>(EjectionType::Readiness) + 1);
    }
};

QTEST_GUILESS_MAIN(TestDescriptors)
#include "tst_descriptors.moc"
