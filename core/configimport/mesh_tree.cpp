#include "configimport/mesh_tree.h"

#include "configimport/durations.h"

#include <QString>
#include <cmath>
#include <set>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace reslab {

namespace {

SourcePlace yamlMarkPlace(const std::string& file, const YAML::Mark& mark)
{
    if (mark.is_null()) return {file, 0, 0};
    return {file, mark.line + 1, mark.column + 1};
}

class TreeBuilder
{
public:
    TreeBuilder(MeshDocument& d, ConfigProblems& problems) : m_d(d), m_problems(problems) {}

    std::optional<QJsonValue> convert(const YAML::Node& node, const std::string& path, int depth)
    {
        if (depth > kMaxConfigDepth)
            return fail(node.Mark(),
                        "nested deeper than " + std::to_string(kMaxConfigDepth) + " levels");
        if (++m_count > kMaxConfigProperties)
            return fail(node.Mark(), "more than " + std::to_string(kMaxConfigProperties) +
                                         " values (aliases included): not a configuration");
        m_d.places.emplace(path, yamlMarkPlace(m_d.file, node.Mark()));
        switch (node.Type()) {
        case YAML::NodeType::Map: {
            QJsonObject o;
            std::set<std::string> seen;
            for (const auto& entry : node) {
                if (!entry.first.IsScalar())
                    return fail(entry.first.Mark(), "a key that is not a plain name");
                const std::string& key = entry.first.Scalar();
                if (!seen.insert(key).second)
                    return fail(entry.first.Mark(), "duplicate key \"" + key + "\"");
                const std::string p = meshPath(path, key);
                auto v = convert(entry.second, p, depth + 1);
                if (!v) return std::nullopt;
                o.insert(QString::fromStdString(key), *v);
            }
            return QJsonValue(o);
        }
        case YAML::NodeType::Sequence: {
            QJsonArray a;
            std::size_t i = 0;
            for (const YAML::Node& item : node) {
                auto v = convert(item, path + "[" + std::to_string(i++) + "]", depth + 1);
                if (!v) return std::nullopt;
                a.append(*v);
            }
            return QJsonValue(a);
        }
        case YAML::NodeType::Scalar:
            return scalar(node);
        default:
            return QJsonValue(QJsonValue::Null);
        }
    }

private:
    static QJsonValue scalar(const YAML::Node& node)
    {
        const std::string& t = node.Scalar();
        const QString text = QString::fromStdString(t);
        if (node.Tag() != "?") return text; // quoted (or tagged): a string as written
        if (t == "~" || t == "null" || t == "Null" || t == "NULL" || t.empty())
            return QJsonValue(QJsonValue::Null);
        if (t == "true" || t == "True" || t == "TRUE") return true;
        if (t == "false" || t == "False" || t == "FALSE") return false;
        if (const auto d = parseDecimal(t)) return *d;
        return text;
    }
    std::nullopt_t fail(const YAML::Mark& mark, std::string message)
    {
        m_problems.push_back(problemAt(yamlMarkPlace(m_d.file, mark), std::move(message)));
        return std::nullopt;
    }

    MeshDocument& m_d;
    ConfigProblems& m_problems;
    std::size_t m_count = 0;
};

} // namespace

std::string meshPath(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

SourcePlace MeshDocument::place(const std::string& path) const
{
    std::string p = path;
    for (;;) {
        if (const auto it = places.find(p); it != places.end()) return it->second;
        if (p.empty()) return {file, 1, 1};
        const std::size_t cut = p.find_last_of(".[");
        p = cut == std::string::npos ? std::string() : p.substr(0, cut);
    }
}

bool readMeshFiles(const std::vector<ConfigSource>& files, std::vector<MeshDocument>& out,
                   ConfigProblems& problems)
{
    for (const ConfigSource& f : files)
        if (!readMeshDocuments(f.path, f.bytes, out, problems)) return false;
    return true;
}

bool readMeshDocuments(const std::string& file, const QByteArray& bytes,
                       std::vector<MeshDocument>& out, ConfigProblems& problems)
{
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(bytes.constData(), std::size_t(bytes.size())));
    } catch (const YAML::DeepRecursion& e) {
        problems.push_back(problemAt(yamlMarkPlace(file, e.mark),
                                     "nested deeper than " + std::to_string(e.depth()) +
                                         " levels: not a configuration"));
        return false;
    } catch (const YAML::Exception& e) {
        problems.push_back(problemAt(yamlMarkPlace(file, e.mark), "not valid YAML: " + e.msg));
        return false;
    } catch (const std::exception& e) {
        problems.push_back({file, 0, 0, std::string("not valid YAML: ") + e.what()});
        return false;
    }
    try {
        for (const YAML::Node& node : documents) {
            if (node.IsNull()) continue;
            MeshDocument d;
            d.file = file;
            TreeBuilder builder(d, problems);
            auto root = builder.convert(node, "", 0);
            if (!root) return false;
            if (!root->isObject()) {
                problems.push_back(problemAt(yamlMarkPlace(file, node.Mark()),
                                             "a configuration is a mapping of keys, not a list "
                                             "or a single value"));
                return false;
            }
            d.root = *root;
            out.push_back(std::move(d));
        }
    } catch (const YAML::Exception& e) {
        problems.push_back(problemAt(yamlMarkPlace(file, e.mark), "not valid YAML: " + e.msg));
        return false;
    }
    return true;
}

void MeshReader::bad(const std::string& path, const std::string& why)
{
    m_problems.push_back(problemAt(m_d.place(path), path + ": " + why));
    m_failed = true;
}

QJsonObject MeshReader::object(const QJsonObject& o, const std::string& path, const char* key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return {};
    if (!v.isObject()) bad(meshPath(path, key), "must be a mapping");
    return v.toObject();
}

QJsonArray MeshReader::array(const QJsonObject& o, const std::string& path, const char* key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return {};
    if (!v.isArray()) bad(meshPath(path, key), "must be a list");
    return v.toArray();
}

std::optional<std::string> MeshReader::string(const QJsonObject& o, const std::string& path,
                                              const char* key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    if (v.isString()) return v.toString().toStdString();
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 17).toStdString();
    if (v.isBool()) return v.toBool() ? "true" : "false";
    bad(meshPath(path, key), "must be a string");
    return std::nullopt;
}

std::optional<double> MeshReader::number(const QJsonObject& o, const std::string& path,
                                         const char* key, double min, double max)
{
    QJsonValue v = o.value(key);
    std::string p = meshPath(path, key);
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    if (v.isObject() && v.toObject().contains("value")) { // google.protobuf wrappers, Percent
        v = v.toObject().value("value");
        p += ".value";
    } else if (v.isObject() && v.toObject().isEmpty()) {
        v = 0.0; // a wrapper whose value is 0 (the JSON mapping leaves the zero out: {})
    }
    std::optional<double> d;
    if (v.isDouble())
        d = v.toDouble();
    else if (v.isString())
        d = parseDecimal(v.toString().toStdString());
    if (!d) {
        bad(p, "must be a number");
        return std::nullopt;
    }
    if (*d < min || *d > max) {
        bad(p, "must be in [" + QString::number(min, 'g', 12).toStdString() + ", " +
                   QString::number(max, 'g', 12).toStdString() + "], got " +
                   QString::number(*d, 'g', 12).toStdString());
        return std::nullopt;
    }
    return d;
}

std::optional<long long> MeshReader::whole(const QJsonObject& o, const std::string& path,
                                           const char* key, long long min, long long max)
{
    const auto d = number(o, path, key, double(min), double(max));
    if (!d) return std::nullopt;
    if (*d != std::floor(*d)) {
        bad(meshPath(path, key), "must be a whole number");
        return std::nullopt;
    }
    return static_cast<long long>(*d);
}

std::optional<bool> MeshReader::boolean(const QJsonObject& o, const std::string& path,
                                        const char* key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    if (v.isBool()) return v.toBool();
    if (v.isObject() && v.toObject().value("value").isBool())
        return v.toObject().value("value").toBool();
    if (v.isString())
        if (const auto b = parseBoolean(v.toString().toStdString(), false)) return b;
    bad(meshPath(path, key), "must be true or false");
    return std::nullopt;
}

std::optional<double> MeshReader::protoDuration(const QJsonObject& o, const std::string& path,
                                                const char* key)
{
    const QJsonValue v = o.value(key);
    const std::string p = meshPath(path, key);
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    if (v.isObject()) { // the proto's own form: {seconds, nanos}
        const QJsonObject d = v.toObject();
        const auto s = number(d, p, "seconds", 0, 315'576'000'000.0);
        const auto n = number(d, p, "nanos", 0, 999'999'999.0);
        if (failed()) return std::nullopt;
        return s.value_or(0) * 1000.0 + n.value_or(0) / 1e6;
    }
    if (!v.isString()) {
        bad(p, "must be a Duration such as \"0.25s\"");
        return std::nullopt;
    }
    std::string error;
    const auto ms = protoDurationMs(v.toString().toStdString(), error);
    if (!ms) bad(p, error);
    return ms;
}

std::optional<double> MeshReader::goDuration(const QJsonObject& o, const std::string& path,
                                             const char* key)
{
    const QJsonValue v = o.value(key);
    const std::string p = meshPath(path, key);
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    if (!v.isString()) {
        bad(p, "must be a duration with its unit, such as \"300ms\" or \"2s\"");
        return std::nullopt;
    }
    std::string error;
    const auto ms = goDurationMs(v.toString().toStdString(), error);
    if (!ms) bad(p, error);
    return ms;
}

std::optional<double> goDurationMs(std::string_view text, std::string& error)
{
    const std::string original(text);
    const auto refuse = [&](const std::string& why) -> std::optional<double> {
        error = "not a duration: \"" + original + "\" (" + why + ")";
        return std::nullopt;
    };
    if (text == "0") return 0.0;
    if (text.empty()) return refuse("empty");
    double ms = 0;
    while (!text.empty()) {
        std::size_t i = 0;
        while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
            ++i;
        if (i == 0) return refuse("a number with a unit, such as 300ms, 2s, 1m, 1h");
        const auto value = parseDecimal(text.substr(0, i));
        if (!value) return refuse("a number with a unit, such as 300ms, 2s, 1m, 1h");
        text.remove_prefix(i);
        std::size_t u = 0;
        while (u < text.size() && !((text[u] >= '0' && text[u] <= '9') || text[u] == '.'))
            ++u;
        const std::string_view unit = text.substr(0, u);
        text.remove_prefix(u);
        double scale;
        if (unit == "ns")
            scale = 1e-6;
        else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
            scale = 1e-3;
        else if (unit == "ms")
            scale = 1;
        else if (unit == "s")
            scale = 1000;
        else if (unit == "m")
            scale = 60'000;
        else if (unit == "h")
            scale = 3'600'000;
        else
            return refuse(unit.empty() ? "the unit is missing: 5s, 200ms"
                                       : "unknown unit \"" + std::string(unit) + "\"");
        ms += *value * scale;
    }
    if (!std::isfinite(ms)) return refuse("too long");
    return ms;
}

std::string ejectionGateNote(int hosts, double maxEjectionPercent, bool alwaysEjectOneHost)
{
    if (alwaysEjectOneHost || hosts <= 0 || 100.0 / hosts <= maxEjectionPercent) return "";
    return "with " + std::to_string(hosts) + " hosts and max_ejection_percent " +
           QString::number(maxEjectionPercent).toStdString() +
           " no host is ever ejected: Envoy ejects only while 100 · (ejected + 1) ÷ hosts ≤ "
           "max_ejection_percent (outlier_detection_impl.cc ejectHost), so detections only count "
           "as ejections_overflow; set it to " +
           QString::number(std::ceil(100.0 / hosts)).toStdString() +
           " or more (Istio: maxEjectionPercent), or always_eject_one_host";
}

} // namespace reslab
