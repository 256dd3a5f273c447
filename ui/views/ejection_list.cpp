#include "ejection_list.h"

#include "colour_swatch.h"
#include "host_annotations.h"
#include "palette.h"

#include <QPixmap>
#include <QResizeEvent>
#include <QScrollBar>
#include <algorithm>

namespace reslab::ui {

namespace {
constexpr int kSwatchPx = 10;
// The second line's indent, in spaces: enough to read it as the first line's continuation.
constexpr int kWhatIndent = 3;
// Room a row takes besides its text: the swatch, its gap, the item's margins and the frame.
constexpr int kRowChromePx = kSwatchPx + 4 + 12;
} // namespace

EjectionList::EjectionList(QWidget* parent) : QListWidget(parent)
{
    setObjectName("ejectionList");
    setWordWrap(false); // rows are laid out on one line or two, never broken mid-phrase
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTextElideMode(Qt::ElideRight); // narrower still than two lines: cut, with the tooltip
    setAlternatingRowColors(true);    // two-line rows read as one event each
    setIconSize(QSize(kSwatchPx, kSwatchPx));
    setToolTip(tr("Every ejection and return to rotation; click one to put the cursor there"));
}

void EjectionList::setRecords(std::vector<HostEjectionRecord> records,
                              std::vector<std::string> zones)
{
    m_records = std::move(records);
    m_zones = std::move(zones);
    const QSignalBlocker block(this);
    clear();
    for (const HostEjectionRecord& r : m_records) {
        const std::string zone = r.host < m_zones.size() ? m_zones[r.host] : std::string();
        auto* item =
            new QListWidgetItem(colourSwatch(palette::hostColor(r.host), kSwatchPx), QString());
        item->setToolTip(ejectionLine(r, zone));
        addItem(item);
    }
    if (m_records.empty()) addItem(tr("No host ejected yet."));
    m_widestText = 0;
    m_widestLine = 0;
    const QString indent(kWhatIndent, QLatin1Char(' '));
    for (int i = 0; i < int(m_records.size()); ++i) {
        const HostEjectionRecord& r = m_records[std::size_t(i)];
        const std::string zone = r.host < m_zones.size() ? m_zones[r.host] : std::string();
        const QFontMetrics fm = fontMetrics();
        m_widestText = std::max(m_widestText, fm.horizontalAdvance(item(i)->toolTip()));
        m_widestLine = std::max({m_widestLine, fm.horizontalAdvance(ejectionWhen(r, zone)),
                                 fm.horizontalAdvance(indent + ejectionWhat(r))});
    }
    relayout(true);
}

int EjectionList::oneLineWidth() const
{
    return m_widestText + kRowChromePx + 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
}

int EjectionList::twoLineWidth() const
{
    return m_widestLine + kRowChromePx + 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
}

void EjectionList::resizeEvent(QResizeEvent* event)
{
    QListWidget::resizeEvent(event);
    relayout(false);
}

void EjectionList::relayout(bool force)
{
    if (m_records.empty()) return;
    const bool two = oneLineWidth() > width();
    if (two == m_twoLines && !force) return;
    m_twoLines = two;
    const QString indent(kWhatIndent, QLatin1Char(' '));
    for (std::size_t i = 0; i < m_records.size(); ++i) {
        const HostEjectionRecord& r = m_records[i];
        const std::string zone = r.host < m_zones.size() ? m_zones[r.host] : std::string();
        item(int(i))->setText(two ? ejectionWhen(r, zone) + QLatin1Char('\n') + indent +
                                        ejectionWhat(r)
                                  : ejectionLine(r, zone));
    }
}

} // namespace reslab::ui
