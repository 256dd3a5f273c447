#pragma once
// The ejections of a fleet's hosts and their returns to rotation, a row each, oldest first, with
// the host's colour: when and which host, then what happened ("ejected (consecutive_5xx)"). Where
// the list is too narrow for a row on one line (beside the host table at 1280×800), every row
// takes two — when and whom, then what, indented — rather than wrapping wherever a word ends.

#include "host_ejections.h"

#include <QListWidget>
#include <string>
#include <vector>

namespace reslab::ui {

class EjectionList : public QListWidget
{
    Q_OBJECT
public:
    explicit EjectionList(QWidget* parent = nullptr);
    // The rows, in order; zones[h] is host h's zone (empty: none). No records: a line saying so.
    void setRecords(std::vector<HostEjectionRecord> records, std::vector<std::string> zones);
    const std::vector<HostEjectionRecord>& records() const { return m_records; }
    // Whether each row takes two lines at the list's present width.
    bool twoLines() const { return m_twoLines; }
    // The width a row needs on one line: the list is given it where there is room.
    int oneLineWidth() const;
    // The width a row needs on two lines (when and whom; what): the least the list is given.
    int twoLineWidth() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // Each row on one line or two, for the present width (again when `force`: new rows).
    void relayout(bool force);

    std::vector<HostEjectionRecord> m_records;
    std::vector<std::string> m_zones;
    bool m_twoLines = false;
    int m_widestText = 0; // the longest row on one line, in pixels
    int m_widestLine = 0; // the longest line of a row on two lines, in pixels
};

} // namespace reslab::ui
