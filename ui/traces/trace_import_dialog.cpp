#include "trace_import_dialog.h"

#include "trace/status_map.h"
#include "trace/trace_io.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {

constexpr int kPreviewRows = 8;
// The delimiters offered: what CSV exports use.
constexpr std::pair<char, const char*> kDelimiters[] = {
    {',', ","}, {';', ";"}, {'\t', "tab"}, {'|', "|"}};

QString roleLabel(CsvRole role)
{
    switch (role) {
    case CsvRole::StartTime:
        return QObject::tr("Time");
    case CsvRole::Latency:
        return QObject::tr("Latency (ms)");
    case CsvRole::Status:
        return QObject::tr("Status");
    case CsvRole::Outcome:
        return QObject::tr("Outcome");
    case CsvRole::Endpoint:
        return QObject::tr("Endpoint");
    case CsvRole::RetryAfter:
        return QObject::tr("Retry-After (ms)");
    default:
        return QString::fromUtf8(kCsvRoleNames.name(role).data());
    }
}

} // namespace

TraceImportDialog::TraceImportDialog(const QString& input, const QString& output, QWidget* parent)
    : QDialog(parent), m_input(input)
{
    setWindowTitle(tr("Import Trace"));
    auto* layout = new QVBoxLayout(this);

    auto* files = new QFormLayout;
    auto* inputLabel = new QLabel(QFileInfo(input).fileName());
    inputLabel->setToolTip(input);
    files->addRow(tr("File:"), inputLabel);
    auto* outputRow = new QHBoxLayout;
    m_output = new QLineEdit(output);
    auto* browse = new QPushButton(tr("Browse…"));
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(browse);
    files->addRow(tr("Save the trace as:"), outputRow);
    m_format = new QComboBox;
    m_format->addItem(tr("HAR 1.2 (a browser's network log)"), int(ImportFormat::Har));
    m_format->addItem(tr("OpenTelemetry OTLP/JSON spans"), int(ImportFormat::Otlp));
    m_format->addItem(tr("CSV with a header row"), int(ImportFormat::Csv));
    m_format->addItem(tr("Trace file (JSONL), checked and normalised"), int(ImportFormat::Jsonl));
    const ImportFormat detected = importFormatOf(input.toStdString()).value_or(ImportFormat::Otlp);
    m_format->setCurrentIndex(m_format->findData(int(detected)));
    files->addRow(tr("Format:"), m_format);
    layout->addLayout(files);

    m_csv = new QGroupBox(tr("CSV columns"));
    auto* grid = new QGridLayout(m_csv);
    for (std::size_t i = 0; i < kMappedRoles.size(); ++i) {
        m_columns[i] = new QComboBox;
        m_columns[i]->setMinimumContentsLength(14);
        const int row = int(i / 2), column = int(i % 2) * 2;
        grid->addWidget(new QLabel(roleLabel(kMappedRoles[i])), row, column);
        grid->addWidget(m_columns[i], row, column + 1);
    }
    const int after = int((kMappedRoles.size() + 1) / 2);
    m_timeFormat = new QComboBox;
    m_timeFormat->addItem(tr("told from the values"), int(CsvMapping::TimeFormat::Auto));
    m_timeFormat->addItem(tr("epoch seconds"), int(CsvMapping::TimeFormat::EpochSeconds));
    m_timeFormat->addItem(tr("epoch milliseconds"), int(CsvMapping::TimeFormat::EpochMillis));
    m_timeFormat->addItem(tr("ISO-8601"), int(CsvMapping::TimeFormat::Iso8601));
    grid->addWidget(new QLabel(tr("Time unit")), after, 0);
    grid->addWidget(m_timeFormat, after, 1);
    m_delimiter = new QComboBox;
    for (const auto& [c, name] : kDelimiters)
        m_delimiter->addItem(QString::fromLatin1(name), int(c));
    grid->addWidget(new QLabel(tr("Delimiter")), after, 2);
    grid->addWidget(m_delimiter, after, 3);
    m_preview = new QTableWidget;
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setMinimumHeight(190);
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    grid->addWidget(m_preview, after + 1, 0, 1, 4);
    m_previewNote = new QLabel;
    m_previewNote->setWordWrap(true);
    grid->addWidget(m_previewNote, after + 2, 0, 1, 4);
    layout->addWidget(m_csv, 1);

    auto* statuses = new QGroupBox(tr("Status → outcome"));
    auto* statusLayout = new QVBoxLayout(statuses);
    m_statusMap = new QLineEdit;
    m_statusMap->setPlaceholderText(tr("overrides, e.g. 503=rejected,404=ok,5xx=error"));
    m_statusNote = new QLabel;
    m_statusNote->setWordWrap(true);
    statusLayout->addWidget(m_statusMap);
    statusLayout->addWidget(m_statusNote);
    layout->addWidget(statuses);

    auto* bad = new QGroupBox(tr("Malformed records"));
    auto* badLayout = new QHBoxLayout(bad);
    m_skip = new QRadioButton(tr("Skip them and list them below"));
    m_stop = new QRadioButton(tr("Stop at the first"));
    m_skip->setChecked(true);
    auto* group = new QButtonGroup(this);
    group->addButton(m_skip);
    group->addButton(m_stop);
    badLayout->addWidget(m_skip);
    badLayout->addWidget(m_stop);
    badLayout->addStretch(1);
    layout->addWidget(bad);

    auto* resultRow = new QHBoxLayout;
    m_busy = new QProgressBar;
    m_busy->setRange(0, 0); // the importers stream; the record count is not known up front
    m_busy->setMaximumWidth(160);
    m_busy->setVisible(false);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    resultRow->addWidget(m_busy);
    resultRow->addWidget(m_result, 1);
    layout->addLayout(resultRow);
    m_problems = new QPlainTextEdit;
    m_problems->setReadOnly(true);
    m_problems->setPlaceholderText(tr("Malformed records are listed here, by line"));
    m_problems->setMaximumHeight(120);
    m_problems->setVisible(false);
    layout->addWidget(m_problems);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_import = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_import->setDefault(true);
    layout->addWidget(m_buttons);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the Trace As"),
                                                          m_output->text(), tr("Traces (*.jsonl)"));
        if (!path.isEmpty()) m_output->setText(path);
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] { updateState(); });
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, [this] { refreshPreview(); });
    for (QComboBox* box : m_columns)
        connect(box, &QComboBox::currentIndexChanged, this, [this] { updateState(); });
    connect(m_statusMap, &QLineEdit::textChanged, this, [this] { updateState(); });
    connect(m_output, &QLineEdit::textChanged, this, [this] { updateState(); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_import, &QPushButton::clicked, this, &TraceImportDialog::startImport);
    // Import is ours to handle: the box's accepted() would close the dialog before it ran.
    disconnect(m_buttons, &QDialogButtonBox::accepted, this, nullptr);

    refreshPreview();
    resize(820, 760);
}

QComboBox* TraceImportDialog::columnBox(CsvRole role) const
{
    for (std::size_t i = 0; i < kMappedRoles.size(); ++i)
        if (kMappedRoles[i] == role) return m_columns[i];
    return nullptr;
}

void TraceImportDialog::refreshPreview()
{
    const char delimiter = char(m_delimiter->currentData().toInt());
    const bool csv = ImportFormat(m_format->currentData().toInt()) == ImportFormat::Csv;
    m_csvPreview = csv ? previewCsv(m_input.toStdString(), delimiter, kPreviewRows) : CsvPreview{};
    for (std::size_t i = 0; i < kMappedRoles.size(); ++i) {
        QComboBox* box = m_columns[i];
        const QSignalBlocker block(box);
        box->clear();
        const int found =
            m_csvPreview.header.empty() ? -1 : m_csvPreview.columns[std::size_t(kMappedRoles[i])];
        // "(none)" only where no usual name is found: the importer takes a column it finds.
        if (found < 0) box->addItem(tr("(none)"), -1);
        for (std::size_t c = 0; c < m_csvPreview.header.size(); ++c)
            box->addItem(QString::fromStdString(m_csvPreview.header[c]), int(c));
        if (found >= 0) box->setCurrentIndex(box->findData(found));
    }
    updateState();
}

std::optional<ImportOptions> TraceImportDialog::options(QString* why) const
{
    ImportOptions o;
    o.format = ImportFormat(m_format->currentData().toInt());
    o.skipBad = m_skip->isChecked();
    if (auto error = StatusMap::parseOverrides(m_statusMap->text().toStdString(), o.statuses)) {
        if (why) *why = QString::fromStdString(*error);
        return std::nullopt;
    }
    CsvMapping& m = o.csv;
    m.delimiter = char(m_delimiter->currentData().toInt());
    m.timeFormat = CsvMapping::TimeFormat(m_timeFormat->currentData().toInt());
    for (std::size_t i = 0; i < kMappedRoles.size(); ++i) {
        const int column = m_columns[i]->currentData().toInt();
        if (column < 0 || std::size_t(column) >= m_csvPreview.header.size()) continue;
        m.column(kMappedRoles[i]) = m_csvPreview.header[std::size_t(column)];
    }
    return o;
}

QString TraceImportDialog::output() const
{
    return m_output->text().trimmed();
}

void TraceImportDialog::updateState()
{
    const bool csv = ImportFormat(m_format->currentData().toInt()) == ImportFormat::Csv;
    if (csv != !m_csvPreview.header.empty() && csv && m_csvPreview.error.empty()) {
        refreshPreview(); // switched to CSV: read the header now
        return;
    }
    m_csv->setEnabled(csv);
    // The preview: the first rows, each mapped column named by its role in the header.
    m_preview->clear();
    m_preview->setColumnCount(int(m_csvPreview.header.size()));
    m_preview->setRowCount(int(m_csvPreview.rows.size()));
    QStringList labels;
    for (std::size_t c = 0; c < m_csvPreview.header.size(); ++c) {
        QString label = QString::fromStdString(m_csvPreview.header[c]);
        for (std::size_t i = 0; i < kMappedRoles.size(); ++i)
            if (m_columns[i]->currentData().toInt() == int(c))
                label += "\n← " + roleLabel(kMappedRoles[i]).toLower();
        labels << label;
    }
    m_preview->setHorizontalHeaderLabels(labels);
    QStringList lines;
    for (std::size_t r = 0; r < m_csvPreview.rows.size(); ++r) {
        lines << tr("line %1").arg(m_csvPreview.rowLines[r]);
        for (std::size_t c = 0; c < m_csvPreview.rows[r].size(); ++c)
            m_preview->setItem(
                int(r), int(c),
                new QTableWidgetItem(QString::fromStdString(m_csvPreview.rows[r][c])));
    }
    m_preview->setVerticalHeaderLabels(lines);
    if (!csv)
        m_previewNote->setText(tr("The columns apply to CSV files only."));
    else if (!m_csvPreview.error.empty())
        m_previewNote->setText(
            tr("Cannot preview: %1").arg(QString::fromStdString(m_csvPreview.error)));
    else
        m_previewNote->setText((m_csvPreview.rows.size() == 1
                                    ? tr("The first row.")
                                    : tr("The first %1 rows.").arg(m_csvPreview.rows.size())) +
                               " " +
                               tr("Time and latency are needed, and a status or an outcome."));

    QString why;
    const auto o = options(&why);
    m_statusNote->setText(
        o ? tr("Unless overridden: 2xx and 3xx ok; 408 and 504 timeout; 409 conflict; 429 "
               "rate_limited; other 4xx fatal; 5xx error; 0 (no response) reset.")
          : tr("<span style=\"color:#d62728\">%1</span>").arg(why.toHtmlEscaped()));
    bool columnsOk = true;
    if (csv) {
        auto mapped = [&](CsvRole role) { return columnBox(role)->currentData().toInt() >= 0; };
        columnsOk = m_csvPreview.error.empty() && mapped(CsvRole::StartTime) &&
                    mapped(CsvRole::Latency) &&
                    (mapped(CsvRole::Status) || mapped(CsvRole::Outcome));
    }
    m_import->setEnabled(!m_running && o && columnsOk && !output().isEmpty());
}

void TraceImportDialog::startImport()
{
    const auto o = options();
    if (!o || m_running) return;
    m_running = true;
    m_report.reset();
    m_busy->setVisible(true);
    m_problems->setVisible(false);
    m_result->setText(tr("Importing %1…").arg(QFileInfo(m_input).fileName()));
    updateState();
    const std::string input = m_input.toStdString(), out = output().toStdString();
    auto report = std::make_shared<ImportReport>();
    QThread* worker = QThread::create([=] { *report = importTrace(input, out, *o); });
    connect(worker, &QThread::finished, this, [=, this] {
        worker->deleteLater();
        m_running = false;
        m_report = report;
        showReport();
    });
    worker->start();
}

void TraceImportDialog::showReport()
{
    m_busy->setVisible(false);
    const ImportReport& r = *m_report;
    const std::string name = QFileInfo(m_input).fileName().toStdString();
    const QString problems =
        QString::fromStdString(formatTraceProblems(name, r.problems) + r.outputError).trimmed();
    if (r.ok) {
        QString text = tr("Imported %L1 calls into %2.").arg(r.written).arg(output());
        if (r.skipped == 1)
            text += tr(" Skipped 1 malformed record, listed below.");
        else if (r.skipped > 1)
            text += tr(" Skipped %L1 malformed records (the first %L2 are listed below).")
                        .arg(r.skipped)
                        .arg(r.problems.size());
        if (r.ignored) text += tr(" %L1 records were not calls.").arg(r.ignored);
        m_result->setText(text);
        m_import->setText(tr("Import Again"));
    } else {
        m_result->setText(tr("<b>Not imported</b>: the output is as it was. %1")
                              .arg(!m_skip->isChecked() && !r.problems.empty()
                                       ? tr("Choose \"Skip them\" to import the rest.")
                                       : QString()));
    }
    m_problems->setPlainText(problems);
    m_problems->setVisible(!problems.isEmpty());
    updateState();
    if (r.ok) emit imported(output());
    emit finished(r.ok);
}

} // namespace reslab::ui
