#include "serve/serve_panel.h"

#include "serve/serve_controller.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
enum Column
{
    ColEndpoint,
    ColRequests,
    ColRate,
    ColInFlight,
    ColQueue,
    ColOk,
    ColFailed,
    ColCount
};

QString snippetsFor(const QString& base, const QString& endpoint)
{
    const QString url = base + "/" + endpoint + "/";
    return QStringLiteral("# curl: one request, with the headers serve adds\n"
                          "curl -si %1\n\n"
                          "# Python (requests + urllib3's Retry, honouring Retry-After)\n"
                          "import requests\n"
                          "from requests.adapters import HTTPAdapter\n"
                          "from urllib3.util import Retry\n"
                          "s = requests.Session()\n"
                          "s.mount(\"http://\", HTTPAdapter(max_retries=Retry(\n"
                          "    total=3, backoff_factor=0.1, status_forcelist=[429, 500, 502, "
                          "503, 504])))\n"
                          "print(s.get(\"%1\", timeout=5).status_code)\n\n"
                          "# The state and Prometheus metrics\n"
                          "curl -s %2/_reslab/state\n"
                          "curl -s %2/_reslab/metrics\n")
        .arg(url, base);
}
} // namespace

ServePanel::ServePanel(ServeController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    m_state = new QLabel(this);
    m_state->setWordWrap(true);
    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setValue(kDefaultPort);
    m_port->setSpecialValueText(tr("any free"));
    m_port->setToolTip(tr("The port on 127.0.0.1 to serve on; 0 picks a free one"));
    m_toggle = new QPushButton(tr("Serve"), this);
    m_toggle->setCheckable(true);
    m_url = new QLineEdit(this);
    m_url->setReadOnly(true);
    m_copyUrl = new QPushButton(tr("Copy"), this);
    m_snippets = new QPlainTextEdit(this);
    m_snippets->setReadOnly(true);
    m_snippets->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_snippets->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_copySnippets = new QPushButton(tr("Copy snippets"), this);
    m_table = new QTableWidget(0, ColCount, this);
    m_table->setHorizontalHeaderLabels({tr("Endpoint"), tr("Requests"), tr("Req/s"),
                                        tr("In flight"), tr("Queue"), tr("OK"), tr("Failed")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ColEndpoint, QHeaderView::Stretch);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Port"), this));
    top->addWidget(m_port);
    top->addWidget(m_toggle);
    top->addStretch(1);
    auto* urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_copyUrl);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_state);
    layout->addLayout(urlRow);
    layout->addWidget(m_table, 2);
    layout->addWidget(m_snippets, 3);
    layout->addWidget(m_copySnippets, 0, Qt::AlignRight);

    connect(m_toggle, &QPushButton::clicked, this, [this](bool on) {
        if (on)
            emit startRequested(requestedPort());
        else
            emit stopRequested();
    });
    connect(m_copyUrl, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_url->text()); });
    connect(m_copySnippets, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_snippets->toPlainText()); });
    connect(&m_controller, &ServeController::started, this, &ServePanel::onStarted);
    connect(&m_controller, &ServeController::snapshot, this, &ServePanel::onSnapshot);
    connect(&m_controller, &ServeController::stopped, this, &ServePanel::onStopped);
    connect(&m_controller, &ServeController::failed, this, &ServePanel::onFailed);
    showIdle();
}

quint16 ServePanel::requestedPort() const
{
    return static_cast<quint16>(m_port->value());
}

void ServePanel::setRequestedPort(quint16 port)
{
    m_port->setValue(port);
}

QString ServePanel::url() const
{
    return m_url->text();
}

QString ServePanel::snippets() const
{
    return m_snippets->toPlainText();
}

QString ServePanel::cell(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item ? item->text() : QString();
}

int ServePanel::rows() const
{
    return m_table->rowCount();
}

void ServePanel::showIdle()
{
    m_toggle->setChecked(false);
    m_toggle->setText(tr("Serve"));
    m_port->setEnabled(true);
    m_url->clear();
    m_url->setPlaceholderText(tr("Not serving"));
    m_copyUrl->setEnabled(false);
    m_copySnippets->setEnabled(false);
    m_snippets->setPlainText(
        tr("Serve the open scenario: every endpoint becomes a real HTTP service on "
           "127.0.0.1, answering in real time from the same fault model a run simulates.\n"
           "Point your own client at it and watch its traffic here."));
}

void ServePanel::onStarted(const QString& host, quint16 port)
{
    m_toggle->setChecked(true);
    m_toggle->setText(tr("Stop"));
    m_port->setEnabled(false);
    const QString base = QStringLiteral("http://%1:%2").arg(host).arg(port);
    m_url->setText(base);
    m_copyUrl->setEnabled(true);
    m_copySnippets->setEnabled(true);
    m_state->setText(tr("Serving on %1 — every endpoint under /NAME/…").arg(base));
    m_previous.reset();
    m_table->setRowCount(0);
    m_snippets->setPlainText(QString());
}

void ServePanel::onSnapshot(const ServeSnapshot& s)
{
    if (m_snippets->toPlainText().isEmpty() && !s.endpoints.empty())
        m_snippets->setPlainText(
            snippetsFor(m_url->text(), QString::fromStdString(s.endpoints[0].id)));
    m_table->setRowCount(static_cast<int>(s.endpoints.size()));
    const double dt = m_previous ? s.uptimeS - m_previous->uptimeS : 0.0;
    for (std::size_t i = 0; i < s.endpoints.size(); ++i) {
        const ServeSnapshot::EndpointCounts& e = s.endpoints[i];
        const std::uint64_t ok = e.outcomes[static_cast<std::size_t>(Outcome::Ok)];
        std::uint64_t answered = 0;
        for (std::uint64_t n : e.outcomes)
            answered += n;
        QString rate = QStringLiteral("–");
        if (m_previous && i < m_previous->endpoints.size() && dt > 0.0)
            rate = QString::number(
                static_cast<double>(e.requests - m_previous->endpoints[i].requests) / dt, 'f', 1);
        const QString values[ColCount] = {QString::fromStdString(e.id),
                                          QString::number(e.requests),
                                          rate,
                                          QString::number(e.inFlight),
                                          QString::number(e.queue),
                                          QString::number(ok),
                                          QString::number(answered - ok + e.abandoned)};
        for (int c = 0; c < ColCount; ++c) {
            auto* item = new QTableWidgetItem(values[c]);
            if (c != ColEndpoint) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(static_cast<int>(i), c, item);
        }
    }
    m_state->setText(tr("Serving for %1 s · %2 requests on %3 connections · %4 malformed")
                         .arg(QString::number(s.uptimeS, 'f', 0))
                         .arg(s.server.requests)
                         .arg(s.server.connections)
                         .arg(s.server.malformed));
    m_previous = s;
}

void ServePanel::onStopped(const ServeSnapshot& last)
{
    onSnapshot(last);
    showIdle();
    m_state->setText(tr("Stopped after %1 requests.").arg(last.server.requests));
}

void ServePanel::onFailed(const QString& message)
{
    showIdle();
    m_state->setText(message);
}

} // namespace reslab::ui
