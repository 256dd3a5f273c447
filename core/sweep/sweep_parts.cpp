#include "sweep/sweep_parts.h"

#include "sweep/sweep.h"
#include "util/json_writer.h"
#include "util/strict_json.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <charconv>
#include <cmath>
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

namespace {

// A part's header line and row lines exactly as sweep writes them (without the newline): the
// merge rebuilds each line from what it read and refuses one that differs, so a part edited by
// hand, of another version or not a part at all never reaches the merged file.
std::string partHeaderLine(const std::string& fingerprint, std::size_t shard, std::size_t shards,
                           std::size_t points, const std::string& format,
                           const std::string& csvHeader)
{
    JsonWriter header(0);
    header.beginObject();
    header.key(kPartKey).value(1);
    header.key("fingerprint").value(fingerprint);
    header.key("shard").value(static_cast<std::uint64_t>(shard));
    header.key("shards").value(static_cast<std::uint64_t>(shards));
    header.key("points").value(static_cast<std::uint64_t>(points));
    header.key("format").value(format);
    header.key("header").value(csvHeader);
    header.endObject();
    std::string out = header.take();
    std::erase(out, '\n');
    return out;
}

std::string partRowLine(std::size_t point, const std::string& row)
{
    return "{\"point\": " + std::to_string(point) + ", \"row\": " + JsonWriter::quote(row) + "}";
}

std::optional<std::size_t> wholeNumberIn(const QJsonValue& v, std::size_t max)
{
    if (!v.isDouble()) return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= 0) || d > static_cast<double>(max) || d != std::floor(d)) return std::nullopt;
    return static_cast<std::size_t>(d);
}

// One CSV record's fields (RFC 4180 quoting, as sweep_output.cpp writes them); nullopt when the
// quoting is broken.
std::optional<std::size_t> csvFieldCount(std::string_view line)
{
    std::size_t fields = 1;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"')
                    ++i;
                else
                    quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            ++fields;
        }
    }
    if (quoted) return std::nullopt;
    return fields;
}

// A row (or the CSV header) is one line: its text and exactly one newline, at the end.
bool oneLine(const std::string& text)
{
    return !text.empty() && text.back() == '\n' && text.find_first_of("\r\n") == text.size() - 1;
}

} // namespace

std::string sweepPart(const SweepPlan& plan, const SweepResult& result, SweepFormat format,
                      const std::string& fingerprint, const Shard& shard, std::size_t totalPoints)
{
    std::string out =
        partHeaderLine(fingerprint, shard.index, shard.count, totalPoints, formatName(format),
                       format == SweepFormat::Csv ? sweepCsvHeader(plan) : "");
    out += '\n';
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
        const std::string row = format == SweepFormat::Csv
                                    ? sweepCsvRow(plan, plan.points[p], result.points[p])
                                    : sweepJsonlRow(plan, plan.points[p], result.points[p]);
        out += partRowLine(plan.points[p].index, row) + '\n';
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
    std::size_t shards = 0, points = 0, csvFields = 0;
    std::map<std::size_t, std::string> shardFiles; // shard index → its file
    std::map<std::size_t, std::string> rows;       // point → row
    for (const PartFile& part : parts) {
        std::size_t lineNumber = 0;
        std::size_t begin = 0;
        std::size_t shard = 0;
        const auto fail = [&](const std::string& why) {
            error =
                part.path + (lineNumber ? ": line " + std::to_string(lineNumber) : "") + ": " + why;
            return std::nullopt;
        };
        while (begin < part.text.size()) {
            std::size_t end = part.text.find('\n', begin);
            if (end == std::string::npos) end = part.text.size();
            ++lineNumber;
            const std::string_view line = std::string_view(part.text).substr(begin, end - begin);
            const std::optional<QJsonValue> v = parseStrictJson(line);
            begin = end + 1;
            if (!v || !v->isObject()) return fail("not a line of a sweep part (a JSON object)");
            const QJsonObject o = v->toObject();
            if (lineNumber == 1) {
                if (o.value(kPartKey).toInt() != 1)
                    return fail("not a sweep part (written by sweep --shard I/N --out FILE)");
                const std::string fp = o.value("fingerprint").toString().toStdString();
                const auto n = wholeNumberIn(o.value("shards"), kMaxShards);
                const auto i = wholeNumberIn(o.value("shard"), kMaxShards);
                const auto total = wholeNumberIn(o.value("points"), kMaxSweepPoints);
                const std::string f = o.value("format").toString().toStdString();
                const std::string h = o.value("header").toString().toStdString();
                if (!n || !i || !total || *n == 0 || (f != "csv" && f != "jsonl") ||
                    fp.size() != 32 || fp.find_first_not_of("0123456789abcdef") != fp.npos ||
                    line != partHeaderLine(fp, *i, *n, *total, f, h))
                    return fail("not the header sweep writes for a part (edited, or not a part)");
                if (f == "csv" ? !oneLine(h) || !csvFieldCount(h) : !h.empty())
                    return fail(f == "csv" ? "the CSV header is not one line of CSV"
                                           : "a JSON Lines part carries a CSV header");
                if (fingerprint.empty()) {
                    fingerprint = fp;
                    shards = *n;
                    points = *total;
                    format = f;
                    csvHeader = h;
                    if (format == "csv")
                        csvFields = *csvFieldCount(csvHeader.substr(0, h.size() - 1));
                } else if (fp != fingerprint) {
                    return fail("a part of another sweep (the scenario, parameters, seeds or "
                                "format differ from " +
                                parts.front().path + "'s)");
                } else if (*n != shards) {
                    return fail("a shard of " + std::to_string(*n) + ", but " + parts.front().path +
                                " is one of " + std::to_string(shards));
                } else if (f != format || h != csvHeader || *total != points) {
                    return fail("its format, header or points differ from " + parts.front().path +
                                "'s (the same sweep writes the same)");
                }
                if (*i < 1 || *i > *n)
                    return fail("shard " + std::to_string(*i) + " of " + std::to_string(*n));
                if (const auto it = shardFiles.find(*i); it != shardFiles.end())
                    return fail("shard " + std::to_string(*i) + "/" + std::to_string(*n) +
                                " again (also " + it->second + ")");
                shardFiles[*i] = part.path;
                shard = *i;
                continue;
            }
            const auto point = wholeNumberIn(o.value("point"), kMaxSweepPoints);
            if (!point || !o.value("row").isString())
                return fail("a row needs \"point\" and \"row\"");
            const std::string row = o.value("row").toString().toStdString();
            if (line != partRowLine(*point, row))
                return fail("not a row as sweep writes it (edited, or not a part)");
            if (*point >= points)
                return fail("point " + std::to_string(*point) + " is beyond the sweep's " +
                            std::to_string(points));
            if (*point % shards != shard - 1)
                return fail("point " + std::to_string(*point) + " is not one of shard " +
                            std::to_string(shard) + "/" + std::to_string(shards) + "'s");
            if (!oneLine(row))
                return fail("point " + std::to_string(*point) +
                            ": a row is one line ending in a newline, and this one is not");
            const std::string_view body = std::string_view(row).substr(0, row.size() - 1);
            if (format == "csv") {
                if (csvFieldCount(body) != csvFields ||
                    !body.starts_with(std::to_string(*point) + ","))
                    return fail("point " + std::to_string(*point) +
                                ": not a CSV row of this sweep (its fields do not match the "
                                "header's " +
                                std::to_string(csvFields) + ")");
            } else {
                const auto object = parseStrictJson(body);
                if (!object || !object->isObject() ||
                    wholeNumberIn(object->toObject().value("point"), kMaxSweepPoints) != point)
                    return fail("point " + std::to_string(*point) +
                                ": not a JSON Lines row of this sweep");
            }
            if (!rows.emplace(*point, row).second)
                return fail("point " + std::to_string(*point) + " again");
        }
        if (lineNumber == 0) return fail("empty: not a sweep part");
        if (part.text.back() != '\n') return fail("cut short: its last line has no newline");
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
