#include "serve/serve_controller.h"

#include "scenario/scenario.h"

#include <QMetaObject>
#include <QPointer>

namespace reslab::ui {

ServeController::ServeController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<ServeSnapshot>();
}

ServeController::~ServeController()
{
    if (m_session) m_session->stop();
    joinThread();
}

void ServeController::joinThread()
{
    if (m_thread.joinable()) m_thread.join();
}

bool ServeController::start(const Scenario& scenario, const QString& host, quint16 port)
{
    if (m_session) return true;
    joinThread(); // a previous session's thread, already finished
    auto session = std::make_unique<ServeSession>(scenario, std::nullopt, ServeLimits{});
    std::string error;
    if (!session->listen(host.toStdString(), port, &error)) {
        emit failed(tr("Cannot listen on %1:%2: %3")
                        .arg(host)
                        .arg(port)
                        .arg(QString::fromStdString(error)));
        return false;
    }
    session->enableLiveFeed();
    m_host = host;
    m_port = session->port();
    // Snapshots are taken on the serving thread and queued to this one as values.
    QPointer<ServeController> self(this);
    session->setSnapshotListener(std::chrono::milliseconds(kSnapshotMs),
                                 [self](const ServeSnapshot& s) {
                                     QMetaObject::invokeMethod(
                                         self,
                                         [self, s] {
                                             if (self) emit self->snapshot(s);
                                         },
                                         Qt::QueuedConnection);
                                 });
    m_session = std::move(session);
    ServeSession* running = m_session.get();
    m_thread = std::thread([self, running] {
        running->run(/*stopOnSignals=*/false);
        const ServeSnapshot last = running->takeSnapshot(/*withSummary=*/true);
        QMetaObject::invokeMethod(
            self,
            [self, last] {
                if (!self) return;
                self->joinThread();
                self->m_session.reset();
                emit self->stopped(last);
            },
            Qt::QueuedConnection);
    });
    emit started(m_host, m_port);
    return true;
}

void ServeController::stop()
{
    if (m_session) m_session->stop();
}

} // namespace reslab::ui
