#include "scenario/trace_loading.h"

#include "trace/replay.h"
#include "trace/trace_io.h"
#include "util/input_file.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace reslab {

TraceData TraceCache::load(const std::string& file, const std::string& baseDir, std::string& error,
                           std::string& resolved)
{
    QString path = QString::fromStdString(file);
    if (QFileInfo(path).isRelative() && !baseDir.empty()) // cleaned: ":/presets/../traces/x" too
        path = QDir::cleanPath(QDir(QString::fromStdString(baseDir)).filePath(path));
    const QFileInfo info(path);
    const std::string problem = path.startsWith(":/")
                                    ? std::string(info.isFile() ? "" : "no such file")
                                    : inputFileProblem(path.toStdString());
    if (!problem.empty()) {
        error = "cannot read \"" + file + "\": " + problem +
                (baseDir.empty() || !QFileInfo(QString::fromStdString(file)).isRelative()
                     ? ""
                     : " (looked in " + baseDir + ")");
        return nullptr;
    }
    const Key key{info.absoluteFilePath().toStdString(), info.size(),
                  info.lastModified().toMSecsSinceEpoch()};
    resolved = key.path;
    {
        const std::lock_guard lock(m_mutex);
        if (auto it = m_entries.find(key); it != m_entries.end())
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
    const std::lock_guard lock(m_mutex);
    m_entries[key] = data;
    return data;
}
void resolveTraces(Scenario& s, const std::string& baseDir, TraceCache& cache, Diagnostics& d)
{
    std::string error;
    for (EndpointSpec& e : s.endpoints) {
        if (!e.replay) continue;
        e.replay->source.data =
            cache.load(e.replay->source.file, baseDir, error, e.replay->source.resolved);
        if (!e.replay->source.data)
            d.push_back({"endpoints." + e.id + ".file", error});
        else if (selectCalls(e.replay->source, e.id).empty())
            d.push_back(
                {"endpoints." + e.id + ".endpoint",
                 "the trace has no calls for endpoint \"" + e.replay->source.endpoint + "\""});
    }
    if (s.workload.type == WorkloadSpec::Type::Trace) {
        s.workload.trace.data =
            cache.load(s.workload.trace.file, baseDir, error, s.workload.trace.resolved);
        if (!s.workload.trace.data)
            d.push_back({"workload.file", error});
        else if (traceArrivals(s.workload.trace, s.target).empty())
            d.push_back({"workload.file", "the trace has no first attempts to replay as arrivals"});
    }
}

void resolveTraces(ScenarioLoad& load, const std::string& baseDir, TraceCache& cache)
{
    if (!load.scenario) return;
    resolveTraces(*load.scenario, baseDir, cache, load.diagnostics);
    if (!load.diagnostics.empty()) load.scenario.reset();
}

} // namespace reslab
