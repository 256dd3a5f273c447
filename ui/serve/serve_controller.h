#pragma once
// Serves the open scenario from the testbench (issue 12's Serve toggle): a ServeSession on its
// own thread, so the GUI stays responsive whatever the clients do. The serving thread hands
// over immutable ServeSnapshots ten times a second, each with the traffic for the live views
// (ServedLiveFeed); this object re-emits them on the GUI thread. One session at a time.

#include "serve/serve_session.h"

#include <QObject>
#include <QString>
#include <memory>
#include <thread>

namespace reslab {
struct Scenario;
}

namespace reslab::ui {

class ServeController final : public QObject
{
    Q_OBJECT
public:
    // How often the panel and the live views hear of the traffic: once per live timeline step
    // (100 ms), so each snapshot brings the step just completed.
    static constexpr int kSnapshotMs = static_cast<int>(kLiveTimelineStep / kNanosPerMilli);

    explicit ServeController(QObject* parent = nullptr);
    ~ServeController() override; // stops serving and waits for the thread

    // Starts serving `scenario` (validated) on host:port (port 0: a free one). False, with
    // failed() emitted, when it cannot listen there.
    bool start(const Scenario& scenario, const QString& host, quint16 port);
    // Stops; stopped() follows once every connection is closed.
    void stop();
    bool serving() const { return m_session != nullptr; }
    quint16 port() const { return m_port; }
    QString host() const { return m_host; }

signals:
    void started(QString host, quint16 port);
    void snapshot(reslab::ServeSnapshot snapshot);
    void stopped(reslab::ServeSnapshot last);
    void failed(QString message);

private:
    void joinThread();

    std::unique_ptr<ServeSession> m_session;
    std::thread m_thread;
    QString m_host;
    quint16 m_port = 0;
};

} // namespace reslab::ui

Q_DECLARE_METATYPE(reslab::ServeSnapshot)
