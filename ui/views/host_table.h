#pragma once
// The hosts of the fleet the Hosts page shows, a row each: its colour and name with a check box
// that gives it lines of its own on every chart of the page or puts it in the band of the other
// hosts (the page's legend), its zone, and
// over the charts' visible range its calls and its share of the fleet's (a bar: how the balancer
// spread them), its failed answers and timeouts, the mean latency of its answers, and how long
// and how often it was ejected (bold while it is ejected now).

#include <QColor>
#include <QTableWidget>
#include <cstdint>
#include <vector>

namespace reslab::ui {

class HostTable : public QTableWidget
{
    Q_OBJECT
public:
    enum Column
    {
        Host, // its name with its zone ("host 2 · b"), its colour, shown or not
        Calls,
        Share,
        Failed,
        TimedOut,
        Latency,
        Ejected,
        ColumnCount
    };
    struct Values
    {
        std::uint64_t calls = 0;
        double share = 0.0; // of the fleet's calls in the range, 0 … 1
        std::uint64_t failed = 0;
        std::uint64_t timeouts = 0;
        double meanLatencyMs = -1.0; // negative: it answered nothing
        double ejectedS = 0.0;       // in the range
        std::size_t ejections = 0;   // that began in the range
        bool ejectedNow = false;
    };

    // The share column's width, so its bars compare at a glance (the largest share fills it),
    // and the most a wide table gives it: at 300 px, 1 % of the largest share is 3 px.
    static constexpr int kShareColumnPx = 68;
    static constexpr int kShareColumnMaxPx = 300;

    explicit HostTable(QWidget* parent = nullptr);
    // The hosts (their names and colours); every host is shown again.
    void setHosts(const std::vector<QString>& names, const std::vector<QColor>& colors);
    void setValues(const std::vector<Values>& values);
    // Ticks the hosts with lines of their own (no shownChanged: the page picked them).
    void setTicked(const std::vector<bool>& ticked);
    bool shown(std::size_t host) const;
    std::vector<bool> shownHosts() const;
    // The size every column and row takes at its natural width (the share's bar at its least),
    // with the frame: the page gives the table this much, and the rest of the row to the list.
    QSize naturalSize() const;
    QSize sizeHint() const override { return naturalSize(); }

signals:
    void shownChanged(std::size_t host, bool shown);

protected:
    // Width beyond the natural goes to the share's bar (up to kShareColumnMaxPx): on a wide
    // screen the balancer's spread is read off longer bars, not off blank space.
    void resizeEvent(QResizeEvent* event) override;
};

} // namespace reslab::ui
