#include "sweep/sweep_parts.h"

#include "util/json_writer.h"
#include "util/strict_json.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <charconv>
#include <map>

namespace reslab {

namespace {

constexpr const char* kPartKey = "resilience_lab_sweep_part";
constexpr std::size_t kMaxShards = 100'000;

const char* formatName(SweepFormat f)
{
    return f == SweepFormat::Csv ? "csv" : "jsonl";
}

bool wholeNumber(const std::string& text, std::size_t& out)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

} // namespace

std::optional<Shard> parseShard(const std::string& text, std::string& error)
{
    const std::size_t slash = text.find('/');
    Shard shard;
    if (slash == std::string::npos || !wholeNumber(text.substr(0, slash), shard.index) ||
        !wholeNumber(text.substr(slash + 1), shard.count) || shard.count == 0 ||
        shard.count > kMaxShards || shard.index < 1 || shard.index > shard.count) {
        error = "--shard must be I/N with 1 ≤ I ≤ N ≤ " + std::to_string(kMaxShards) + ", got \"" +
                text + "\"";
        return std::nullopt;
    }
    return shard;
}

std::string sweepFingerprint(const QJsonObject& document, const SweepPlan& plan, SweepFormat format)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QJsonDocument(document).toJson(QJsonDocument::Compact)); // keys sorted
    std::string text = std::string("\nformat ") + formatName(format) + "\nseeds";
    for (std::uint64_t s : plan.seeds)
        text += ' ' + std::to_string(s);
    for (const ParamSpec& p : plan.params)
        text += "\nparam " + p.path.text;
    for (const SweepPoint& point : plan.points) {
        text += "\npoint " + std::to_string(point.index);
        for (const QJsonValue& v : point.values)
            text += ' ' + paramValueText(v);
    }
    text += "\nmetrics";
    for (const std::string& m : plan.metrics)
        text += ' ' + m;
    hash.addData(QByteArray::fromStdString(text));
    return hash.result().toHex().left(32).toStdString();
}

void keepShard(SweepPlan& plan, const Shard& shard)
{
    std::vector<SweepPoint> kept;
    for (SweepPoint& p : plan.points)
        if (p.index % shard.count == shard.index - 1) kept.push_back(std::move(p));
    plan.points = std::move(kept);
}

std::string sweepPart(const SweepPlan& plan, const SweepResult& result, SweepFormat format,
                      const std::string& fingerprint, const Shard& shard, std::size_t totalPoints)
{
    JsonWriter header(0);
    header.beginObject();
    header.key(kPartKey).value(1);
    header.key("fingerprint").value(fingerprint);
    header.key("shard").value(static_cast<std::uint64_t>(shard.index));
    header.key("shards").value(static_cast<std::uint64_t>(shard.count));
    header.key("points").value(static_cast<std::uint64_t>(totalPoints));
    header.key("format").value(formatName(format));
    header.key("header").value(format == SweepFormat::Csv ? sweepCsvHeader(plan) : std::string());
    header.endObject();
    std::string out = header.take();
    std::erase(out, '\n');
    out += '\n';
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
        const std::string row = format == SweepFormat::Csv
                                    ? sweepCsvRow(plan, plan.points[p], result.points[p])
                                    : sweepJsonlRow(plan, plan.points[p], result.points[p]);
        out += "{\"point\": " + std::to_string(plan.points[p].index) +
               ", \"row\": " + JsonWriter::quote(row) + "}\n";
    }
    return out;
}

std::optional<std::string> mergeSweepParts(const std::vector<PartFile>& parts, std::string& error)
{
    if (parts.empty()) {
        error = "no parts to merge";
        return std::nullopt;
    }
    std::string fingerprint, format, csvHeader;
    std::size_t shards = 0, points = 0;
    std::map<std::size_t, std::string> shardFiles; // shard index → its file
    std::map<std::size_t, std::string> rows;       // point → row
    for (const PartFile& part : parts) {
        std::size_t lineNumber = 0;
        std::size_t begin = 0;
        const auto fail = [&](const std::string& why) {
            error =
                part.path + (lineNumber ? ": line " + std::to_string(lineNumber) : "") + ": " + why;
            return std::nullopt;
        };
        while (begin < part.text.size()) {
            std::size_t end = part.text.find('\n', begin);
            if (end == std::string::npos) end = part.text.size();
            ++lineNumber;
            const std::optional<QJsonValue> v =
                parseStrictJson(std::string_view(part.text).substr(begin, end - begin));
            begin = end + 1;
            if (!v || !v->isObject()) return fail("not a line of a sweep part (a JSON object)");
            const QJsonObject o = v->toObject();
            if (lineNumber == 1) {
                if (o.value(kPartKey).toInt() != 1)
                    return fail("not a sweep part (written by sweep --shard I/N --out FILE)");
                const std::string fp = o.value("fingerprint").toString().toStdString();
                const auto n = static_cast<std::size_t>(o.value("shards").toDouble());
                const auto i = static_cast<std::size_t>(o.value("shard").toDouble());
                if (fingerprint.empty()) {
                    fingerprint = fp;
                    shards = n;
                    points = static_cast<std::size_t>(o.value("points").toDouble());
                    format = o.value("format").toString().toStdString();
                    csvHeader = o.value("header").toString().toStdString();
                } else if (fp != fingerprint) {
                    return fail("a part of another sweep (the scenario, parameters, seeds or "
                                "format differ from " +
                                parts.front().path + "'s)");
                } else if (n != shards) {
                    return fail("a shard of " + std::to_string(n) + ", but " + parts.front().path +
                                " is one of " + std::to_string(shards));
                }
                if (i < 1 || i > n)
                    return fail("shard " + std::to_string(i) + " of " + std::to_string(n));
                if (const auto it = shardFiles.find(i); it != shardFiles.end())
                    return fail("shard " + std::to_string(i) + "/" + std::to_string(n) +
                                " again (also " + it->second + ")");
                shardFiles[i] = part.path;
                continue;
            }
            if (!o.value("point").isDouble() || !o.value("row").isString())
                return fail("a row needs \"point\" and \"row\"");
            const auto point = static_cast<std::size_t>(o.value("point").toDouble());
            if (!rows.emplace(point, o.value("row").toString().toStdString()).second)
                return fail("point " + std::to_string(point) + " again");
        }
        if (lineNumber == 0) return fail("empty: not a sweep part");
    }
    for (std::size_t i = 1; i <= shards; ++i)
        if (!shardFiles.count(i)) {
            error = "shard " + std::to_string(i) + "/" + std::to_string(shards) +
                    " is missing (give every part of the sweep)";
            return std::nullopt;
        }
    std::size_t expected = 0;
    for (const auto& [point, row] : rows) {
        if (point != expected) break;
        ++expected;
    }
    if (expected != points || rows.size() != points) {
        error = expected < points
                    ? "point " + std::to_string(expected) +
                          " is missing from the parts (a part cut short?)"
                    : "the parts hold points beyond the sweep's " + std::to_string(points);
        return std::nullopt;
    }
    std::string out = format == "csv" ? csvHeader : std::string();
    for (const auto& [point, row] : rows)
        out += row;
    return out;
}

} // namespace reslab
