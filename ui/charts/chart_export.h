#pragma once
// Exporting a view: as a PNG (what is on screen, at the screen's pixel ratio), as an SVG
// (vector, for slides and papers) and its data as CSV. Errors name the file and the reason.

#include <QString>
#include <functional>

class QWidget;

class QTableWidget;

namespace reslab::ui {

bool exportPng(QWidget* view, const QString& path, QString* error);
bool exportSvg(QWidget* view, const QString& path, const QString& title, QString* error);
bool exportText(const QString& text, const QString& path, QString* error);

// Asks for a file (PNG, SVG or CSV by the chosen filter or suffix) and writes it; a message box
// reports a failure. `csv` gives the view's data (empty function: no CSV for this view).
void exportViewInteractively(QWidget* view, const QString& suggestedName,
                             const std::function<QString()>& csv, QWidget* parent);

// A CSV field, quoted when it needs to be (RFC 4180).
QString csvField(const QString& text);
// A table's header and cells as CSV (the Summary and Compare pages).
QString tableCsv(const QTableWidget* table);

} // namespace reslab::ui
