#pragma once
// Backoff designer: the delays of the selected retry (or the scenario's first), beside a
// comparison, and the herd of many clients.

#include "backoff_designer.h"
#include "widget_page.h"

namespace reslab::ui {

class DesignerPage final : public WidgetPage<BackoffDesigner, ViewId::Designer>
{
    Q_OBJECT
public:
    using WidgetPage::WidgetPage;
    QString title() const override { return tr("Backoff designer"); }
};

} // namespace reslab::ui
