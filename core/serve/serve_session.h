#pragma once
// One run of `serve` as the CLI and the GUI start it: the served model, its HTTP front and the
// trace it records, on one io_context the caller's thread runs. The header keeps Asio and Beast
// out of its users (their compile time is most of the serve layer's).

#include "metrics/outcome.h"
#include "run/live_snapshot.h"
#include "serve/serve_limits.h"
#include "serve/server_counters.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

struct Scenario;

// What serving has seen so far, taken on the serving thread and handed over whole: an immutable
// value for another thread (the GUI's Serve panel) to show.
struct ServeSnapshot
{
    struct EndpointCounts
    {
        std::string id;
        std::uint64_t requests = 0;
        std::uint64_t inFlight = 0;
        std::uint64_t queue = 0; // waiting for a worker
        std::uint64_t abandoned = 0;
        std::array<std::uint64_t, kOutcomeCount> outcomes{};
        double latencySumS = 0.0; // over the answered calls
    };
    double uptimeS = 0.0;
    ServerCounters server;
    std::vector<EndpointCounts> endpoints;
    // With enableLiveFeed(): the traffic since the previous snapshot as the live views take it.
    std::optional<RunSnapshot> live;
};

class ServeSession
{
public:
    ServeSession(const Scenario& scenario, std::optional<std::uint64_t> seed, ServeLimits limits);
    ~ServeSession();
    ServeSession(const ServeSession&) = delete;
    ServeSession& operator=(const ServeSession&) = delete;

    // Records every served call into a trace at `path` (written beside it, renamed into place
    // by finish()). False with the reason when the file cannot be started.
    bool record(const std::string& path, std::string* error);
    // Retry-After as an HTTP date rather than seconds (both are RFC 9110's; clients must read
    // either).
    void setRetryAfterAsDate(bool on);
    // Binds and listens (port 0: a free one). False with the address and the reason.
    bool listen(const std::string& host, std::uint16_t port, std::string* error);

    std::uint16_t port() const;
    std::uint64_t seed() const;
    std::vector<std::string> endpointIds() const;

    // While run() serves: `listener` is called on the serving thread every `every` with a
    // snapshot (set before run()).
    void setSnapshotListener(std::chrono::milliseconds every,
                             std::function<void(const ServeSnapshot&)> listener);
    // The snapshots carry the traffic for the live views (ServedLiveFeed); before run().
    void enableLiveFeed();
    // A snapshot now (on the serving thread, or when it does not run); the counts only.
    ServeSnapshot snapshot() const;
    // A snapshot with the live traffic since the previous one (and the summary so far when
    // `withSummary`); on the serving thread, or after run() has returned.
    ServeSnapshot takeSnapshot(bool withSummary);

    // Serves on the calling thread until stop(), or SIGINT/SIGTERM when `stopOnSignals`.
    void run(bool stopOnSignals);
    // From any thread: makes run() return once open connections are closed.
    void stop();
    // After run(): completes the trace. False with the reason when it could not be.
    bool finish(std::string* error);

    ServerCounters counters() const;
    std::uint64_t recordedCalls() const;

private:
    void tick(); // a snapshot to the listener, and the next one armed
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace reslab
