#include "trace_model.h"

#include "scenario/scenario_io.h"

#include <QFileInfo>
#include <QThread>

namespace reslab::ui {

TraceModelPtr modelTrace(const TraceData& trace, const QString& file)
{
    auto model = std::make_shared<TraceModel>();
    std::string error;
    if (!trace || !digestTrace(traceMemorySource(*trace), 0, model->digest, &error)) {
        model->summary = QObject::tr("Cannot model this trace: %1")
                             .arg(QString::fromStdString(error.empty() ? "no trace" : error));
        return model;
    }
    FitOptions options;
    options.source = QFileInfo(file).fileName().toStdString();
    model->fit = fitScenario(model->digest, options);
    if (!model->fit.scenario) {
        model->summary = QObject::tr("Cannot model this trace: %1")
                             .arg(QString::fromStdString(model->fit.error));
        return model;
    }
    model->scenarioJson = QByteArray::fromStdString(scenarioToJson(*model->fit.scenario));
    const EndpointFit& target = model->fit.endpoints[model->fit.target];
    const auto counted = [](std::size_t n, const QString& one, const QString& many) {
        return (n == 1 ? one : many).arg(n);
    };
    model->summary =
        QObject::tr("Fitted %1: %2, %3, latency %4 (KS %5)")
            .arg(QString::fromStdString(target.spec.id),
                 counted(target.rate.size(), QObject::tr("%1 rate segment"),
                         QObject::tr("%1 rate segments")),
                 counted(target.spec.phases.size(), QObject::tr("%1 phase"),
                         QObject::tr("%1 phases")),
                 QString::fromUtf8(distributionKindName(target.latency.chosen.kind).data()))
            .arg(target.latency.ks, 0, 'f', 3);
    return model;
}

void TraceModeller::start(const TraceData& trace, const QString& file)
{
    ++m_generation;
    if (m_running) { // one at a time: the latest is fitted when this one ends
        m_next = trace;
        m_nextFile = file;
        m_pending = true;
        return;
    }
    m_running = true;
    const quint64 generation = m_generation;
    auto result = std::make_shared<TraceModelPtr>();
    QThread* worker = QThread::create([=] { *result = modelTrace(trace, file); });
    connect(worker, &QThread::finished, this, [=, this] {
        worker->deleteLater();
        m_running = false;
        if (generation == m_generation) emit finished(*result, generation);
        if (m_pending) {
            m_pending = false;
            start(m_next, m_nextFile);
        }
    });
    worker->start();
}

} // namespace reslab::ui
