#include "run_picker.h"

#include "picker_row.h"

#include <QPainter>
#include <QPixmap>

namespace reslab::ui {

QIcon runSwatch(const RunStyle& style)
{
    QPixmap pixmap(24, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    QPen pen(style.color, 3);
    pen.setStyle(style.dash);
    p.setPen(pen);
    p.drawLine(1, 6, 23, 6);
    return QIcon(pixmap);
}

void RunPicker::addTo(QVBoxLayout* layout, LiveModel& model)
{
    // The row (label and combo) in a widget of its own, so that it hides with its label.
    auto* row = new QWidget;
    auto* rowLayout = new QVBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    m_combo = addPickerRow(rowLayout, QObject::tr("Run"), QObject::tr("The run this view shows"));
    layout->addWidget(row);
    refill(model);
}

void RunPicker::refill(const LiveModel& model)
{
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    for (std::size_t r = 0; r < model.runCount(); ++r)
        m_combo->addItem(runSwatch(model.style(r)), model.style(r).name);
    // The picker row shows only when there is something to pick.
    m_combo->parentWidget()->setVisible(model.runCount() > 1);
}

std::size_t RunPicker::current() const
{
    return std::size_t(std::max(0, m_combo->currentIndex()));
}

} // namespace reslab::ui
