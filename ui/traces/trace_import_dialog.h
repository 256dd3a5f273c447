#pragma once
// File ▸ Import Trace…: the import made visible before it runs. The format is detected from the
// file name and can be changed; for a CSV the columns are mapped (time and its unit, latency,
// status or outcome, endpoint, Retry-After) over a preview of the first rows, each mapped column
// named in the preview's header; the status → outcome map takes overrides in `--status-map`
// syntax, checked as they are typed; and malformed records are either skipped and listed (line
// and reason) or stop the import at the first. The import runs in a worker thread with a busy
// bar; its report stays in the dialog.

#include "trace/csv_columns.h"
#include "trace/importer.h"

#include <QDialog>
#include <array>
#include <memory>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace reslab::ui {

class TraceImportDialog : public QDialog
{
    Q_OBJECT
public:
    // The CSV roles the dialog maps (the others are found by their usual names).
    static constexpr std::array<CsvRole, 6> kMappedRoles = {
        CsvRole::StartTime, CsvRole::Latency,  CsvRole::Status,
        CsvRole::Outcome,   CsvRole::Endpoint, CsvRole::RetryAfter};

    TraceImportDialog(const QString& input, const QString& output, QWidget* parent = nullptr);

    // What Import would run with; nullopt (and the reason in `why`) while the status map does not
    // parse.
    std::optional<ImportOptions> options(QString* why = nullptr) const;
    QString output() const;
    void startImport();
    const ImportReport* report() const { return m_report.get(); } // after an import ended

    QComboBox* formatBox() const { return m_format; }
    QComboBox* columnBox(CsvRole role) const;
    QComboBox* timeFormatBox() const { return m_timeFormat; }
    QComboBox* delimiterBox() const { return m_delimiter; }
    QTableWidget* preview() const { return m_preview; }
    QLineEdit* statusMapEdit() const { return m_statusMap; }
    QRadioButton* skipBadButton() const { return m_skip; }
    QRadioButton* stopAtBadButton() const { return m_stop; }
    QPlainTextEdit* problemsView() const { return m_problems; }
    QPushButton* importButton() const { return m_import; }

signals:
    void imported(const QString& output); // the trace is written (possibly with skipped records)
    void finished(bool ok);               // an import ended, written or not

private:
    void refreshPreview();
    void updateState();
    void showReport();

    QString m_input;
    QLineEdit* m_output = nullptr;
    QComboBox* m_format = nullptr;
    QGroupBox* m_csv = nullptr;
    QComboBox* m_delimiter = nullptr;
    QComboBox* m_timeFormat = nullptr;
    std::array<QComboBox*, kMappedRoles.size()> m_columns{};
    QTableWidget* m_preview = nullptr;
    QLabel* m_previewNote = nullptr;
    QLineEdit* m_statusMap = nullptr;
    QLabel* m_statusNote = nullptr;
    QRadioButton* m_skip = nullptr;
    QRadioButton* m_stop = nullptr;
    QPlainTextEdit* m_problems = nullptr;
    QLabel* m_result = nullptr;
    QProgressBar* m_busy = nullptr;
    QPushButton* m_import = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    CsvPreview m_csvPreview;
    std::shared_ptr<ImportReport> m_report;
    bool m_running = false;
};

} // namespace reslab::ui
