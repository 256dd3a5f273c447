#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace reslab::ui {

namespace {
QPalette darkPalette()
{
    // Qt Charts' dark theme background is #2e303a; the window around it matches it closely.
    const QColor window(0x2b, 0x2d, 0x35);
    const QColor base(0x23, 0x25, 0x2c);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window.lighter(115));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window.lighter(120));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x5e, 0xa8, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xc0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x62));
    p.setColor(QPalette::Midlight, QColor(0x44, 0x47, 0x50));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x20));
    p.setColor(QPalette::Light, QColor(0x60, 0x63, 0x6d));
    // The Disabled group: greyed text on the window's own colour, so a disabled field reads as
    // part of the background rather than as an input (with only the text greyed, an empty
    // disabled field looked like an enabled one).
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText,
                      QPalette::PlaceholderText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::AlternateBase, window);
    p.setColor(QPalette::Disabled, QPalette::Button, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x56));
    // Fusion draws disabled text with an offset copy in Light; the same colour as Window hides it.
    p.setColor(QPalette::Disabled, QPalette::Light, window);
    return p;
}
} // namespace

void applyTheme(Theme theme)
{
    if (QApplication::style()->name().compare("fusion", Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create("Fusion"));
    QApplication::setPalette(theme == Theme::Dark ? darkPalette()
                                                  : QApplication::style()->standardPalette());
}

} // namespace reslab::ui
