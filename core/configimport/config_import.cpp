#include "configimport/config_import.h"

#include "configimport/format_importers.h"
#include "configimport/scenario_builder.h"

#include <QFileInfo>
#include <QJsonArray>
#include <cctype>
#include <cmath>

namespace reslab {

std::string configFormatTitle(ConfigFormat format)
{
    switch (format) {
    case ConfigFormat::Resilience4j:
        return "resilience4j (Spring Boot)";
    case ConfigFormat::Polly:
        return "Polly (Microsoft.Extensions.Http.Resilience)";
    case ConfigFormat::Grpc:
        return "gRPC service config";
    case ConfigFormat::Aws:
        return "AWS shared config";
    case ConfigFormat::Envoy:
        return "Envoy";
    case ConfigFormat::Istio:
        return "Istio";
    case ConfigFormat::Linkerd:
        return "Linkerd";
    }
    return "";
}

std::vector<std::string> sourcePaths(const std::vector<ConfigSource>& files)
{
    std::vector<std::string> paths;
    for (const ConfigSource& f : files)
        paths.push_back(f.path);
    return paths;
}

QJsonArray everyFailureOutcome()
{
    return QJsonArray{"error",         "fatal",     "timeout",          "rate_limited",
                      "rejected",      "reset",     "conflict",         "breaker_open",
                      "bulkhead_full", "throttled", "budget_exhausted", "limited"};
}

namespace {

std::string lowerCopy(std::string_view t)
{
    std::string s(t);
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

std::optional<ConfigFormat> detectConfigFormat(const QByteArray& bytes, const std::string& path)
{
    std::string_view text(bytes.constData(), std::size_t(bytes.size()));
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    // The first line that is not blank or a comment.
    std::string_view first;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
            line.remove_prefix(1);
        if (line.empty() || line.front() == '#' || line.front() == ';' || line.substr(0, 2) == "//")
            continue;
        first = line;
        break;
    }
    const std::string lower =
        lowerCopy(text.substr(0, std::min<std::size_t>(text.size(), 1 << 20)));
    const auto has = [&](const char* marker) { return lower.find(marker) != std::string::npos; };
    // Kubernetes resources name their API group; Envoy's files have keys no other format has
    // (snake_case proto names, the admin's ConfigDump types).
    const bool istio = has("networking.istio.io");
    const bool linkerd = has("linkerd.io/") || has("linkerd.io\"");
    const bool envoy = has("envoy.admin.") || has("static_resources") || has("virtual_hosts") ||
                       has("retry_policy") || has("hedge_policy") || has("outlier_detection") ||
                       has("lb_policy");
    if (istio) return ConfigFormat::Istio;
    if (linkerd) return ConfigFormat::Linkerd;
    if (!first.empty() && first.front() == '{') {
        for (const char* key : {"\"methodconfig\"", "\"retrythrottling\"",
                                "\"loadbalancingconfig\"", "\"loadbalancingpolicy\""})
            if (lower.find(key) != std::string::npos) return ConfigFormat::Grpc;
        if (envoy) return ConfigFormat::Envoy;
        return ConfigFormat::Polly;
    }
    if (envoy && lower.find("resilience4j") == std::string::npos) return ConfigFormat::Envoy;
    if (!first.empty() && first.front() == '[') return ConfigFormat::Aws;
    if (lower.find("resilience4j") != std::string::npos) return ConfigFormat::Resilience4j;
    const std::string suffix =
        lowerCopy(QFileInfo(QString::fromStdString(path)).suffix().toStdString());
    if (suffix == "yml" || suffix == "yaml") return ConfigFormat::Resilience4j;
    return std::nullopt;
}

ConfigImport importConfigFiles(const std::vector<std::string>& paths,
                               const ConfigImportOptions& options)
{
    ConfigImport result;
    if (paths.empty()) {
        result.problems.push_back({"", 0, 0, "no file to import"});
        return result;
    }
    std::vector<ConfigSource> files;
    for (const std::string& path : paths) {
        auto bytes = readConfigFile(path, result.problems);
        if (bytes) files.push_back({path, std::move(*bytes)});
    }
    if (!result.problems.empty()) return result;
    ConfigFormat format;
    if (options.format) {
        format = *options.format;
    } else {
        const auto detected = detectConfigFormat(files.front().bytes, files.front().path);
        if (!detected) {
            result.problems.push_back(
                {files.front().path, 0, 0,
                 "cannot tell which configuration this is: give --format (resilience4j, polly, "
                 "grpc, aws, envoy, istio or linkerd)"});
            return result;
        }
        format = *detected;
        for (std::size_t i = 1; i < files.size(); ++i)
            if (const auto other = detectConfigFormat(files[i].bytes, files[i].path);
                other && *other != format)
                result.problems.push_back({files[i].path, 0, 0,
                                           "a " + std::string(kConfigFormatNames.name(*other)) +
                                               " file beside a " +
                                               std::string(kConfigFormatNames.name(format)) +
                                               " one: the files of one import are of one format"});
        if (!result.problems.empty()) return result;
    }
    ImportedConfig config;
    bool ok = false;
    switch (format) {
    case ConfigFormat::Resilience4j:
        ok = importResilience4j(files, options, config, result.problems);
        break;
    case ConfigFormat::Polly:
        ok = importPolly(files, options, config, result.problems);
        break;
    case ConfigFormat::Grpc:
        ok = importGrpc(files, options, config, result.problems);
        break;
    case ConfigFormat::Aws:
        ok = importAws(files, options, config, result.problems);
        break;
    case ConfigFormat::Envoy:
        ok = importEnvoy(files, options, config, result.problems);
        break;
    case ConfigFormat::Istio:
        ok = importIstio(files, options, config, result.problems);
        break;
    case ConfigFormat::Linkerd:
        ok = importLinkerd(files, options, config, result.problems);
        break;
    }
    if (ok && result.problems.empty()) result.config = std::move(config);
    return result;
}

namespace {

std::string placeText(const SourcePlace& p)
{
    if (p.file.empty()) return "";
    std::string t = QFileInfo(QString::fromStdString(p.file)).fileName().toStdString();
    if (p.line > 0) t += ":" + std::to_string(p.line);
    return t + "  ";
}

std::string number(double v)
{
    return QString::number(v, 'g', 10).toStdString();
}

} // namespace

std::string importReportText(const ImportedConfig& c, const std::string& output)
{
    std::string files;
    for (const std::string& f : c.files)
        files += (files.empty() ? "" : ", ") +
                 QFileInfo(QString::fromStdString(f)).fileName().toStdString();
    std::string out = "Imported " + files + " (" + configFormatTitle(c.format) +
                      (c.instance.empty() ? "" : ", \"" + c.instance + "\"") + ")" +
                      (output.empty() ? "" : " into " + output) + ".\n";
    out += "Pipeline, outermost first: ";
    for (std::size_t i = 0; i < c.pipelineTitles.size(); ++i)
        out += (i ? " → " : "") + c.pipelineTitles[i];
    out += "\n";
    out += "Defaults filled in, which the file did not say (" + std::to_string(c.defaults.size()) +
           "):\n";
    for (const FilledDefault& d : c.defaults)
        out +=
            "  " + d.scenarioKey + " = " + d.value + "  (" + d.sourceKey + ": " + d.origin + ")\n";
    std::size_t unknown = 0;
    for (const ImportNote& n : c.notes)
        unknown += n.unknownKey;
    out += "Not modelled (" + std::to_string(c.notes.size() - unknown) + "):\n";
    for (const ImportNote& n : c.notes)
        if (!n.unknownKey) out += "  " + placeText(n.place) + n.sourceKey + ": " + n.reason + "\n";
    if (unknown) {
        out += "Unknown keys (" + std::to_string(unknown) + "):\n";
        for (const ImportNote& n : c.notes)
            if (n.unknownKey)
                out += "  " + placeText(n.place) + n.sourceKey + ": " + n.reason + "\n";
    }
    out +=
        "The endpoint \"" + c.skeletonEndpoint +
        "\" is a skeleton fault model to edit (the file has none): " +
        (c.skeletonReplicas > 1 ? std::to_string(c.skeletonReplicas) + " hosts, " : std::string()) +
        number(kSkeletonRatePerS) + " requests/s for " + number(kSkeletonDurationS) +
        " s, lognormal latency (median " + number(kSkeletonMedianMs) + " ms, p99 " +
        number(kSkeletonP99Ms) + " ms), " + number(kSkeletonErrorRate * 100) + " % errors, " +
        number(kSkeletonIncidentErrorRate * 100) + " % from " + number(kSkeletonIncidentStartS) +
        " s to " + number(kSkeletonIncidentEndS) + " s.\n";
    return out;
}

} // namespace reslab
