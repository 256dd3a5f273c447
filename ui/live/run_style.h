#pragma once
// How a run is told apart when several run side by side: its name, a colour and a dash. The
// first run (the scenario's own pipeline) draws solid lines in the metrics' colours; every other
// run draws its lines with its own dash, and where a chart has one line per run (amplification)
// in its own colour too. Tables, pickers and the run strip show the colour beside the name.

#include "palette.h"

#include <QColor>
#include <QString>
#include <array>

namespace reslab::ui {

struct RunStyle
{
    QString name;
    QColor color;
    Qt::PenStyle dash = Qt::SolidLine;
};

inline constexpr std::array<Qt::PenStyle, 6> kRunDashes = {
    Qt::SolidLine, Qt::DotLine, Qt::DashLine, Qt::DashDotLine, Qt::DashDotDotLine, Qt::DotLine};
inline const std::array<QColor, 6> kRunColors = {
    palette::kBlue,           palette::kPurple,         QColor(0x8c, 0x56, 0x4b),
    QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22)};

inline RunStyle runStyle(std::size_t index, const QString& name)
{
    const std::size_t i = index % kRunDashes.size();
    return RunStyle{name, kRunColors[i], kRunDashes[i]};
}

// A series' legend name: the metric alone for the first run, "metric (run)" for the others.
inline QString seriesName(const QString& metric, std::size_t run, const RunStyle& style)
{
    return run == 0 ? metric : QStringLiteral("%1 (%2)").arg(metric, style.name);
}

} // namespace reslab::ui
