#pragma once
// A picker above a page's content: "Breaker [▾]", "Endpoint [▾]", "Run [▾]".

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace reslab::ui {

inline QComboBox* addPickerRow(QVBoxLayout* layout, const QString& label, const QString& tooltip)
{
    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 4, 8, 0);
    top->addWidget(new QLabel(label));
    auto* pick = new QComboBox;
    pick->setMinimumContentsLength(24);
    pick->setToolTip(tooltip);
    top->addWidget(pick);
    top->addStretch();
    layout->addLayout(top);
    return pick;
}

} // namespace reslab::ui
