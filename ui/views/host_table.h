#pragma once
// The hosts of the fleet the Hosts page shows, a row each: its colour and name with a check box
// that shows or hides its lines on every chart of the page (the page's legend), its zone, and
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

    explicit HostTable(QWidget* parent = nullptr);
    // The hosts (their names and colours); every host is shown again.
    void setHosts(const std::vector<QString>& names, const std::vector<QColor>& colors);
    void setValues(const std::vector<Values>& values);
    bool shown(std::size_t host) const;
    std::vector<bool> shownHosts() const;

signals:
    void shownChanged(std::size_t host, bool shown);
};

} // namespace reslab::ui
