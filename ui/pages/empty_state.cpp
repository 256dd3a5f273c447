#include "empty_state.h"

#include <QEvent>

namespace reslab::ui {

EmptyState::EmptyState(QWidget* view, const QString& text) : QLabel(text, view)
{
    setObjectName("emptyState");
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    // Opaque in the window's colours: the empty axes under it are not seen through it.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setForegroundRole(QPalette::PlaceholderText);
    setGeometry(view->rect());
    view->installEventFilter(this);
}

bool EmptyState::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize && watched == parent()) {
        setGeometry(parentWidget()->rect());
        raise();
    }
    return QLabel::eventFilter(watched, event);
}

} // namespace reslab::ui
