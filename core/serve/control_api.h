#pragma once
// serve's control API under /_reslab/ on the served port, like toxiproxy's (docs/serve.md,
// "Control API"): the state as JSON, Prometheus metrics, an endpoint's blocks changed while it
// serves, a phase started or stopped now, and a reset to the scenario as loaded.

#include <string>
#include <string_view>

namespace reslab {

class ServedModel;
struct ServerCounters;

inline constexpr std::string_view kControlPrefix = "/_reslab/";

struct ControlResponse
{
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::string allow; // for 405: the methods the path takes
};

class ControlApi
{
public:
    ControlApi(ServedModel& model, const ServerCounters& counters);

    // `method` as on the request line ("GET"); `target` starts with kControlPrefix.
    ControlResponse handle(std::string_view method, std::string_view target, std::string_view body);

    std::string stateJson() const;
    std::string metricsText() const;

private:
    ControlResponse changeEndpoint(std::string_view name, std::string_view body);
    ControlResponse movePhase(std::string_view name, std::string_view index,
                              std::string_view action, std::string_view query);

    ServedModel& m_model;
    const ServerCounters& m_counters;
};

} // namespace reslab
