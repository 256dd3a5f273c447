#pragma once
// "Model this trace": the trace fitted to a scenario (core/fit) in a worker thread, handed to the
// Trace view as one immutable snapshot — the fit, the digest it came from, the scenario as JSON
// for the editor, and a line that says what was found.

#include "fit/scenario_fit.h"
#include "trace/trace.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <memory>

namespace reslab::ui {

struct TraceModel
{
    TraceDigest digest;
    ScenarioFit fit;
    QByteArray scenarioJson; // empty when the trace could not be fitted
    QString summary;         // one line: segments, phases, latency kind; or why not
};
using TraceModelPtr = std::shared_ptr<const TraceModel>;

// Fits `trace` (named `file` in the scenario's description). Pure: safe on any thread.
TraceModelPtr modelTrace(const TraceData& trace, const QString& file);

// Runs modelTrace on a worker thread, one at a time; a trace set while one runs is fitted next
// and only the latest answer is delivered.
class TraceModeller : public QObject
{
    Q_OBJECT
public:
    explicit TraceModeller(QObject* parent = nullptr) : QObject(parent) {}
    void start(const TraceData& trace, const QString& file);
    bool busy() const { return m_running; }

signals:
    void finished(reslab::ui::TraceModelPtr model, quint64 generation);

private:
    bool m_running = false;
    quint64 m_generation = 0;
    TraceData m_next;
    QString m_nextFile;
    bool m_pending = false;
};

} // namespace reslab::ui

Q_DECLARE_METATYPE(reslab::ui::TraceModelPtr)
