#include "page.h"

namespace reslab::ui {

Page::Page(ViewId id, LiveModel& model, QWidget* parent) : QWidget(parent), m_model(model), m_id(id)
{
    // Only the page on screen redraws; the window redraws a page as it comes on screen.
    connect(&m_model, &LiveModel::redrawDue, this, [this] {
        if (isVisible()) redraw();
    });
}

} // namespace reslab::ui
