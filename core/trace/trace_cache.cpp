// Resolving the trace files a scenario names: read once per (file, size, modification time) and
// shared, so the editor's validation on every keystroke does not re-read a million-line trace.

#include "scenario/scenario_io.h"
#include "trace/replay.h"
#include "trace/trace_io.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <map>
#include <mutex>

namespace reslab {

namespace {
struct CacheKey
{
    std::string path;
    qint64 size = 0;
    qint64 modified = 0;
    bool operator<(const CacheKey& o) const
    {
        return std::tie(path, size, modified) < std::tie(o.path, o.size, o.modified);
    }
};

std::mutex g_cacheMutex;
std::map<CacheKey, std::weak_ptr<const Trace>> g_cache;

TraceData loadShared(const std::string& file, const std::string& baseDir, std::string& error,
                     std::string& resolved)
{
    QString path = QString::fromStdString(file);
    if (QFileInfo(path).isRelative() && !baseDir.empty()) // cleaned: ":/presets/../traces/x" too
        path = QDir::cleanPath(QDir(QString::fromStdString(baseDir)).filePath(path));
    const QFileInfo info(path);
    if (!info.isFile()) {
        error = "cannot read \"" + file + "\": no such file" +
                (baseDir.empty() ? "" : " (looked in " + baseDir + ")");
        return nullptr;
    }
    const CacheKey key{info.absoluteFilePath().toStdString(), info.size(),
                       info.lastModified().toMSecsSinceEpoch()};
    resolved = key.path;
    {
        const std::lock_guard lock(g_cacheMutex);
        if (auto it = g_cache.find(key); it != g_cache.end())
            if (TraceData cached = it->second.lock()) return cached;
    }
    TraceLoad load = readTraceFile(key.path);
    if (!load.trace) {
        error = formatTraceProblems(file, load.problems);
        while (!error.empty() && error.back() == '\n')
            error.pop_back();
        return nullptr;
    }
    if (load.trace->calls.empty()) {
        error = "\"" + file + "\" has no calls";
        return nullptr;
    }
    auto data = std::make_shared<const Trace>(std::move(*load.trace));
    const std::lock_guard lock(g_cacheMutex);
    g_cache[key] = data;
    return data;
}
} // namespace

void resolveTraces(Scenario& s, const std::string& baseDir, Diagnostics& d)
{
    std::string error;
    for (EndpointSpec& e : s.endpoints) {
        if (!e.replay) continue;
        e.replay->source.data =
            loadShared(e.replay->source.file, baseDir, error, e.replay->source.resolved);
        if (!e.replay->source.data)
            d.push_back({"endpoints." + e.id + ".file", error});
        else if (selectCalls(e.replay->source, e.id).empty())
            d.push_back(
                {"endpoints." + e.id + ".endpoint",
                 "the trace has no calls for endpoint \"" + e.replay->source.endpoint + "\""});
    }
    if (s.workload.type == WorkloadSpec::Type::Trace) {
        s.workload.trace.data =
            loadShared(s.workload.trace.file, baseDir, error, s.workload.trace.resolved);
        if (!s.workload.trace.data)
            d.push_back({"workload.file", error});
        else if (traceArrivals(s.workload.trace, s.target).empty())
            d.push_back({"workload.file", "the trace has no first attempts to replay as arrivals"});
    }
}

} // namespace reslab
