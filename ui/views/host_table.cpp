#include "host_table.h"

#include "colour_swatch.h"

#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
// The share's bar: drawn behind its percentage, in the host's colour, faint enough to read over.
// Bars are relative to the largest share (a fleet of ten has shares near 10 %: bars scaled to
// 100 % would all be slivers).
constexpr int kShareBarAlpha = 110;

constexpr int kHostSwatchPx = 12;             // the colour beside a host's name
constexpr int kCellPadPx = 10;                // either side of a cell's widest value together
constexpr int kShareRole = Qt::UserRole + 1;  // 0 … 1 of the largest share
constexpr int kColourRole = Qt::UserRole + 2; // the host's colour

class ShareDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* p, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        const double share = index.data(kShareRole).toDouble();
        QColor colour = index.data(kColourRole).value<QColor>();
        if (share > 0 && colour.isValid()) {
            colour.setAlpha(kShareBarAlpha);
            const QRectF bar = QRectF(option.rect).adjusted(2, 3, -2, -3);
            p->fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * std::min(1.0, share), bar.height()),
                colour);
        }
        QStyledItemDelegate::paint(p, option, index);
    }
};

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}
} // namespace

HostTable::HostTable(QWidget* parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName("hostTable");
    setHorizontalHeaderLabels({tr("Host"), tr("Calls"), tr("Share"), tr("Failed"), tr("Timeouts"),
                               tr("Latency"), tr("Ejected")});
    const char* tips[] = {
        QT_TR_NOOP("The host and its zone (after the dot); ticked, it has lines of its own on "
                   "every chart, unticked it is drawn in the grey band with the other hosts"),
        QT_TR_NOOP("Calls it received in the charts' visible range"),
        QT_TR_NOOP("Its share of the fleet's calls in the range: how the balancer spread them"),
        QT_TR_NOOP("Its answers other than ok, and their share of its calls"),
        QT_TR_NOOP("Attempts to it whose client gave up first (its timeout)"),
        QT_TR_NOOP("The mean latency of the attempts it answered (timeouts left out), ms"),
        QT_TR_NOOP("Time it was ejected in the range, and the ejections that began there; "
                   "bold: ejected now")};
    for (int c = 0; c < ColumnCount; ++c)
        horizontalHeaderItem(c)->setToolTip(tr(tips[c]));
    verticalHeader()->hide();
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setItemDelegateForColumn(Share, new ShareDelegate(this));
    horizontalHeader()->setSectionResizeMode(Share, QHeaderView::Fixed);
    // Columns sized once, for the widest value each can show: sized to their contents, every
    // redraw of a running fleet measured every cell again (15 % of the UI thread's time).
    horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const QFontMetrics fm = fontMetrics();
    // Room for the usual values at 1280×800 beside the ejection list (a longer one is elided),
    // and no more: the list beside needs what is left for its rows on two lines.
    const int pad = kCellPadPx;
    const QString widest[] = {{},
                              QStringLiteral("999999"),
                              {},
                              QStringLiteral("9999 (9.9 %)"),
                              QStringLiteral("9999"),
                              QStringLiteral("999.9 ms"),
                              QStringLiteral("99.9 s (9×)")};
    QFont boldFont = font(); // a host ejected now has its time ejected in bold
    boldFont.setBold(true);
    const QFontMetrics bm(boldFont);
    for (int c = Calls; c < ColumnCount; ++c)
        if (c != Share)
            setColumnWidth(c, std::max((c == Ejected ? bm : fm).horizontalAdvance(widest[c]),
                                       fm.horizontalAdvance(horizontalHeaderItem(c)->text())) +
                                  pad);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    setColumnWidth(Share, kShareColumnPx);
    connect(this, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == Host)
            emit shownChanged(std::size_t(item->row()), item->checkState() == Qt::Checked);
    });
}

void HostTable::setHosts(const std::vector<QString>& names, const std::vector<QColor>& colors)
{
    const QSignalBlocker block(this);
    setRowCount(int(names.size()));
    for (int r = 0; r < int(names.size()); ++r) {
        auto* host = new QTableWidgetItem(colourSwatch(colors[std::size_t(r)], kHostSwatchPx),
                                          names[std::size_t(r)]);
        host->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        host->setCheckState(Qt::Checked);
        setItem(r, Host, host);
        for (int c = Calls; c < ColumnCount; ++c)
            setItem(r, c, cell({}));
        item(r, Share)->setData(kColourRole, colors[std::size_t(r)]);
    }
    // The names are known now and do not change; a host ejected now is shown in bold.
    resizeColumnToContents(Host);
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics normal(font()), wide(bold);
    int extra = 0;
    for (const QString& name : names)
        extra = std::max(extra, wide.horizontalAdvance(name) - normal.horizontalAdvance(name));
    setColumnWidth(Host, columnWidth(Host) + extra);
}

void HostTable::setValues(const std::vector<Values>& values)
{
    const QSignalBlocker block(this);
    double most = 0.0;
    for (const Values& v : values)
        most = std::max(most, v.share);
    for (int r = 0; r < rowCount() && std::size_t(r) < values.size(); ++r) {
        const Values& v = values[std::size_t(r)];
        item(r, Calls)->setText(QString::number(v.calls));
        item(r, Share)->setText(QStringLiteral("%1 %").arg(100.0 * v.share, 0, 'f', 1));
        item(r, Share)->setData(kShareRole, most > 0 ? v.share / most : 0.0);
        item(r, Failed)->setText(
            v.calls && v.failed ? QStringLiteral("%1 (%2 %)")
                                      .arg(v.failed)
                                      .arg(100.0 * double(v.failed) / double(v.calls), 0, 'f', 1)
                                : QString::number(v.failed));
        item(r, TimedOut)->setText(QString::number(v.timeouts));
        item(r, Latency)
            ->setText(v.meanLatencyMs < 0
                          ? QStringLiteral("–")
                          : QStringLiteral("%1 ms").arg(v.meanLatencyMs, 0, 'f', 1));
        item(r, Ejected)
            ->setText(v.ejectedS > 0 || v.ejections
                          ? tr("%1 s (%2×)").arg(v.ejectedS, 0, 'f', 1).arg(v.ejections)
                          : QStringLiteral("–"));
        QFont font = item(r, Ejected)->font();
        font.setBold(v.ejectedNow);
        item(r, Ejected)->setFont(font);
        item(r, Host)->setFont(font);
    }
}

QSize HostTable::naturalSize() const
{
    int width = 2 * frameWidth();
    for (int c = 0; c < ColumnCount; ++c)
        width += c == Share ? kShareColumnPx : columnWidth(c);
    const int height = 2 * frameWidth() + horizontalHeader()->sizeHint().height() +
                       rowCount() * verticalHeader()->defaultSectionSize();
    return {width, height};
}

void HostTable::resizeEvent(QResizeEvent* event)
{
    QTableWidget::resizeEvent(event);
    int others = 0;
    for (int c = 0; c < ColumnCount; ++c)
        if (c != Share) others += columnWidth(c);
    setColumnWidth(Share,
                   std::clamp(viewport()->width() - others, kShareColumnPx, kShareColumnMaxPx));
}

void HostTable::setTicked(const std::vector<bool>& ticked)
{
    const QSignalBlocker block(this);
    for (int r = 0; r < rowCount() && std::size_t(r) < ticked.size(); ++r)
        if (QTableWidgetItem* it = item(r, Host);
            it && (it->checkState() == Qt::Checked) != ticked[std::size_t(r)])
            it->setCheckState(ticked[std::size_t(r)] ? Qt::Checked : Qt::Unchecked);
}

bool HostTable::shown(std::size_t host) const
{
    const QTableWidgetItem* it = item(int(host), Host);
    return it && it->checkState() == Qt::Checked;
}

std::vector<bool> HostTable::shownHosts() const
{
    std::vector<bool> out(static_cast<std::size_t>(rowCount()));
    for (std::size_t h = 0; h < out.size(); ++h)
        out[h] = shown(h);
    return out;
}

} // namespace reslab::ui
