#pragma once
// A view of the testbench: one page class per tab, each subscribed to the live model and drawing
// itself (hotspot's result pages). The window only arranges them: it shows the page a scenario
// names, tells the page that comes on screen to redraw, and exports the current one.

#include "live_model.h"
#include "util/name_table.h"

#include <QString>
#include <QWidget>

namespace reslab::ui {

enum class ViewId
{
    Traffic,
    Amplification,
    Latency,
    Breaker,
    Endpoint,
    Limit,
    Hosts,
    Attempts,
    Events,
    Summary,
    Designer,
    Trace,
    Tuning,
    Compare
};
// The scenario's "view" names (kScenarioViews) and the testbench's own, in tab order.
inline constexpr auto kViewNames =
    makeNameTable<ViewId>(std::pair{ViewId::Traffic, std::string_view("traffic")},
                          std::pair{ViewId::Amplification, std::string_view("amplification")},
                          std::pair{ViewId::Latency, std::string_view("latency")},
                          std::pair{ViewId::Breaker, std::string_view("breaker")},
                          std::pair{ViewId::Endpoint, std::string_view("endpoint")},
                          std::pair{ViewId::Limit, std::string_view("limit")},
                          std::pair{ViewId::Hosts, std::string_view("hosts")},
                          std::pair{ViewId::Attempts, std::string_view("attempts")},
                          std::pair{ViewId::Events, std::string_view("events")},
                          std::pair{ViewId::Summary, std::string_view("summary")},
                          std::pair{ViewId::Designer, std::string_view("designer")},
                          std::pair{ViewId::Trace, std::string_view("trace")},
                          std::pair{ViewId::Tuning, std::string_view("tuning")},
                          std::pair{ViewId::Compare, std::string_view("compare")});

class Page : public QWidget
{
    Q_OBJECT
public:
    Page(ViewId id, LiveModel& model, QWidget* parent = nullptr);

    ViewId id() const { return m_id; }
    virtual QString title() const = 0;
    // Draws the model's data; called when the page comes on screen and, while it is on screen,
    // at most every 33 ms during a run.
    virtual void redraw() {}
    // What File ▸ Export View writes as CSV (empty: the page has no data to export).
    virtual QString csv() const { return {}; }

protected:
    LiveModel& m_model;

private:
    ViewId m_id;
};

} // namespace reslab::ui
