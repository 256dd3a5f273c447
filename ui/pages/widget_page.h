#pragma once
// A page around a widget of its own that does not draw the live runs (the backoff designer,
// the trace view).

#include "page.h"

#include <QVBoxLayout>

namespace reslab::ui {

template <class Widget, ViewId Id> class WidgetPage : public Page
{
public:
    static constexpr ViewId kId = Id;
    explicit WidgetPage(LiveModel& model, QWidget* parent = nullptr)
        : Page(Id, model, parent), m_widget(new Widget)
    {
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_widget);
    }
    Widget* widget() const { return m_widget; }

private:
    Widget* m_widget;
};

} // namespace reslab::ui
