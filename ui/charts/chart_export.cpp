#include "chart_export.h"

#include "util/output_file.h"

#include <QBuffer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>
#include <QTableWidget>
#include <QWidget>

namespace reslab::ui {

namespace {
// Every export is drawn into memory and written atomically (util/output_file.h): a failed
// export leaves the file that was there as it was.
bool writeBytes(const QString& path, const QByteArray& bytes, QString* error)
{
    std::string problem;
    if (writeFileAtomically(path.toStdString(),
                            std::string_view(bytes.constData(), std::size_t(bytes.size())),
                            &problem))
        return true;
    if (error) *error = QString::fromStdString(problem);
    return false;
}
} // namespace

bool exportPng(QWidget* view, const QString& path, QString* error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!view->grab().save(&buffer, "PNG")) {
        if (error) *error = QObject::tr("%1: the view could not be encoded as PNG").arg(path);
        return false;
    }
    return writeBytes(path, bytes, error);
}

bool exportSvg(QWidget* view, const QString& path, const QString& title, QString* error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(view->size());
    svg.setViewBox(QRect(QPoint(0, 0), view->size()));
    svg.setTitle(title);
    svg.setDescription(QObject::tr("Exported from Resilience Lab"));
    QPainter painter;
    if (!painter.begin(&svg)) {
        if (error) *error = QObject::tr("%1: the view could not be drawn as SVG").arg(path);
        return false;
    }
    view->render(&painter);
    painter.end();
    return writeBytes(path, bytes, error);
}

bool exportText(const QString& text, const QString& path, QString* error)
{
    return writeBytes(path, text.toUtf8(), error);
}

QString csvField(const QString& text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) return text;
    QString quoted = text;
    quoted.replace('"', QStringLiteral("\"\""));
    return '"' + quoted + '"';
}

void exportViewInteractively(QWidget* view, const QString& suggestedName,
                             const std::function<QString()>& csv, QWidget* parent)
{
    const QString png = QObject::tr("PNG image (*.png)");
    const QString svg = QObject::tr("SVG drawing (*.svg)");
    const QString data = QObject::tr("CSV data (*.csv)");
    QStringList filters{png, svg};
    if (csv) filters << data;
    QString filter = png;
    QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export View"), suggestedName + ".png", filters.join(";;"), &filter);
    if (path.isEmpty()) return;
    QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != "png" && suffix != "svg" && suffix != "csv") {
        suffix = filter == svg ? "svg" : filter == data ? "csv" : "png";
        path += '.' + suffix;
    }
    QString error;
    bool ok = false;
    if (suffix == "svg")
        ok = exportSvg(view, path, suggestedName, &error);
    else if (suffix == "csv" && csv)
        ok = exportText(csv(), path, &error);
    else if (suffix == "csv")
        error = QObject::tr("This view has no data to export as CSV; choose PNG or SVG.");
    else
        ok = exportPng(view, path, &error);
    if (!ok) QMessageBox::warning(parent, QObject::tr("Export failed"), error);
}

QString tableCsv(const QTableWidget* table)
{
    QString out;
    for (int c = 0; c < table->columnCount(); ++c) {
        const QTableWidgetItem* h = table->horizontalHeaderItem(c);
        out += (c ? "," : "") + csvField(h ? h->text() : QString());
    }
    out += '\n';
    for (int r = 0; r < table->rowCount(); ++r) {
        for (int c = 0; c < table->columnCount(); ++c) {
            const QTableWidgetItem* item = table->item(r, c);
            out += (c ? "," : "") + csvField(item ? item->text().trimmed() : QString());
        }
        out += '\n';
    }
    return out;
}

} // namespace reslab::ui
