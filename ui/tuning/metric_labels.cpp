#include "metric_labels.h"

#include "tuning_result.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>
#include <cmath>

namespace reslab::ui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("MetricLabels", text);
}

QString capitalised(QString s)
{
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

// A path segment's words and unit: "timeout_ms" → ("timeout", "ms"), "peak_attempts_per_s" →
// ("peak attempts", "/s").
std::pair<QString, QString> wordsAndUnit(QString segment)
{
    static const std::pair<const char*, const char*> kSuffixes[] = {
        {"_per_s", "/s"}, {"_ms", "ms"}, {"_s", "s"}, {"_pct", "%"}};
    QString unit;
    for (const auto& [suffix, shown] : kSuffixes)
        if (segment.endsWith(QLatin1String(suffix))) {
            segment.chop(qsizetype(std::char_traits<char>::length(suffix)));
            unit = QLatin1String(shown);
            break;
        }
    return {segment.replace('_', ' '), unit};
}
} // namespace

MetricUnit metricUnit(const std::string& metric)
{
    const QString m = QString::fromStdString(metric);
    if (m == QLatin1String("success_rate")) return {tr("Success rate"), QStringLiteral("%"), 100};
    if (m == QLatin1String("attempts.per_request")) return {tr("Attempts per request"), {}, 1};
    if (m.startsWith(QLatin1String("latency_ms."))) {
        const QString stat = m.section('.', 1);
        if (stat == QLatin1String("mean")) return {tr("Mean latency"), QStringLiteral("ms"), 1};
        if (stat == QLatin1String("max")) return {tr("Maximum latency"), QStringLiteral("ms"), 1};
        return {tr("Latency %1").arg(stat), QStringLiteral("ms"), 1};
    }
    if (m.startsWith(QLatin1String("endpoints."))) {
        // endpoints.<id>.<measure>; the id may itself hold dots.
        const QString measure = m.section('.', -1);
        const QString id = m.mid(10, m.size() - 10 - measure.size() - 1);
        if (measure == QLatin1String("utilization"))
            return {tr("%1 utilization").arg(id), QStringLiteral("%"), 100};
        if (measure == QLatin1String("peak_attempts_per_s"))
            return {tr("%1 peak attempts").arg(id), QStringLiteral("/s"), 1};
        if (measure == QLatin1String("max_queue")) return {tr("%1 longest queue").arg(id), {}, 1};
        return {QStringLiteral("%1 %2").arg(id, wordsAndUnit(measure).first), {}, 1};
    }
    if (m.startsWith(QLatin1String("breakers.")) && m.endsWith(QLatin1String(".open_s")))
        return {tr("Breaker %1 open").arg(m.mid(9, m.size() - 9 - 7)), QStringLiteral("s"), 1};
    if (m == QLatin1String("recovery_s")) return {tr("Recovery time"), QStringLiteral("s"), 1};
    return {m, {}, 1};
}

QString metricTitle(const std::string& metric)
{
    const MetricUnit u = metricUnit(metric);
    return u.unit.isEmpty() ? u.label : QStringLiteral("%1 (%2)").arg(u.label, u.unit);
}

QString metricValue(const std::string& metric, double value)
{
    const MetricUnit u = metricUnit(metric);
    const QString number = metricText(value * u.scale);
    if (u.unit.isEmpty() || std::isnan(value)) return number;
    return u.unit == QLatin1String("/s") ? number + u.unit : number + ' ' + u.unit;
}

QString paramTitle(const std::string& path)
{
    const QString p = QString::fromStdString(path);
    QStringList parts = p.split('.');
    if (parts.isEmpty()) return p;
    const auto [words, unit] = wordsAndUnit(parts.takeLast());
    QString title = capitalised(words);
    if (!unit.isEmpty()) title += QStringLiteral(" (%1)").arg(unit);
    // Where it is, innermost first: "backoff, pipeline step 2".
    static const QRegularExpression indexed(QStringLiteral("^(\\w+)\\[(\\d+)\\]$"));
    QStringList where;
    for (qsizetype k = 0; k < parts.size(); ++k) {
        const QString& part = parts[k];
        const QRegularExpressionMatch match = indexed.match(part);
        if (part == QLatin1String("endpoints") && k + 1 < parts.size()) {
            where.prepend(tr("endpoint %1").arg(parts[++k])); // endpoints.<id>
            continue;
        }
        if (!match.hasMatch()) {
            where.prepend(QString(part).replace('_', ' '));
            continue;
        }
        const QString list = match.captured(1);
        const int number = match.captured(2).toInt() + 1;
        if (list == QLatin1String("pipeline"))
            where.prepend(tr("pipeline step %1").arg(number));
        else if (list == QLatin1String("endpoints"))
            where.prepend(tr("endpoint %1").arg(number));
        else if (list == QLatin1String("phases"))
            where.prepend(tr("phase %1").arg(number));
        else
            where.prepend(QStringLiteral("%1 %2").arg(QString(list).replace('_', ' ')).arg(number));
    }
    return where.isEmpty() ? title
                           : title + QStringLiteral(", ") + where.join(QStringLiteral(", "));
}

} // namespace reslab::ui
