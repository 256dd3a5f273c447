#pragma once
// Trace: a recorded or imported trace's health over time (load by outcome, latency).

#include "trace_view.h"
#include "widget_page.h"

namespace reslab::ui {

class TracePage final : public WidgetPage<TraceView, ViewId::Trace>
{
    Q_OBJECT
public:
    using WidgetPage::WidgetPage;
    QString title() const override { return tr("Trace"); }
};

} // namespace reslab::ui
