#pragma once
// Pages around a widget of their own: the backoff designer (the selected retry's delays) and the
// trace view (a trace's health). They do not draw the live runs.

#include "backoff_designer.h"
#include "page.h"
#include "trace_view.h"

#include <QVBoxLayout>

namespace reslab::ui {

template <class Widget, ViewId Id> class WidgetPage : public Page
{
public:
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

class DesignerPage final : public WidgetPage<BackoffDesigner, ViewId::Designer>
{
    Q_OBJECT
public:
    using WidgetPage::WidgetPage;
    QString title() const override { return tr("Backoff designer"); }
};

class TracePage final : public WidgetPage<TraceView, ViewId::Trace>
{
    Q_OBJECT
public:
    using WidgetPage::WidgetPage;
    QString title() const override { return tr("Trace"); }
};

} // namespace reslab::ui
