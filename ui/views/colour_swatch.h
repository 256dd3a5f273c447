#pragma once
// A small square of one colour, as an item's icon: a host's colour beside its name in the host
// table and in the ejection list.

#include <QColor>
#include <QIcon>
#include <QPixmap>

namespace reslab::ui {

inline QIcon colourSwatch(const QColor& colour, int px)
{
    QPixmap pixmap(px, px);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

} // namespace reslab::ui
