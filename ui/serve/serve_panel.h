#pragma once
// The Serve dock: start and stop serving the open scenario on a port, the address to point a
// client at (copyable), ready-made curl and Python snippets, and the real traffic as it comes —
// per endpoint its requests, rate, in flight, queue and answers by outcome. It subscribes to a
// ServeController's snapshots; the rate is the difference between two of them.

#include "serve/serve_session.h"

#include <QWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace reslab::ui {

class ServeController;

class ServePanel final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDefaultPort = 8080; // serve's own default

    ServePanel(ServeController& controller, QWidget* parent = nullptr);

    quint16 requestedPort() const;
    void setRequestedPort(quint16 port);
    // The shown state, for tests: the URL and the table's cells.
    QString url() const;
    QString snippets() const;
    QString cell(int row, int column) const;
    int rows() const;

signals:
    // The user asked to start serving (the window knows the scenario) or to stop.
    void startRequested(quint16 port);
    void stopRequested();

private:
    void onStarted(const QString& host, quint16 port);
    void onSnapshot(const ServeSnapshot& s);
    void onStopped(const ServeSnapshot& last);
    void onFailed(const QString& message);
    void showIdle();

    ServeController& m_controller;
    QLabel* m_state;
    QSpinBox* m_port;
    QPushButton* m_toggle;
    QLineEdit* m_url;
    QPushButton* m_copyUrl;
    QPlainTextEdit* m_snippets;
    QPushButton* m_copySnippets;
    QTableWidget* m_table;
    std::optional<ServeSnapshot> m_previous; // for the rate
};

} // namespace reslab::ui
