#include "serve/serve_session.h"

#include "scenario/scenario.h"
#include "serve/http_server.h"
#include "serve/served_live_feed.h"
#include "serve/served_model.h"
#include "trace/trace_io.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

namespace reslab {

struct ServeSession::State
{
    State(const Scenario& scenario, std::optional<std::uint64_t> seed, ServeLimits limits)
        : io(1), model(scenario, io, seed), server(io, model, limits), scenarioName(scenario.name)
    {
    }
    boost::asio::io_context io;
    ServedModel model;
    HttpServer server;
    std::string scenarioName;
    TraceWriter trace;
    std::uint64_t recorded = 0;
    std::string recordProblem; // the first served call the trace could not hold ("": none)
    std::optional<boost::asio::signal_set> stopSignals; // while run(true) waits for them
    std::chrono::milliseconds snapshotEvery{0};
    std::function<void(const ServeSnapshot&)> snapshotListener;
    std::optional<boost::asio::steady_timer> snapshotTimer;
    std::unique_ptr<ServedLiveFeed> live;
    std::chrono::steady_clock::time_point lastSummary{};
    bool stopping = false;
};

ServeSession::ServeSession(const Scenario& scenario, std::optional<std::uint64_t> seed,
                           ServeLimits limits)
    : m_state(std::make_unique<State>(scenario, seed, limits))
{
}

ServeSession::~ServeSession() = default;

bool ServeSession::record(const std::string& path, std::string* error)
{
    State& s = *m_state;
    if (!s.trace.open(
            path, TraceHeader{"resilience-lab serve", s.model.startedAt(), s.scenarioName}, error))
        return false;
    s.model.setRecorder([&s](std::uint32_t endpoint, const TraceCall& call) {
        // The writer holds every call to the trace limits; one beyond them fails the recording
        // when serving stops (finish), never a call left out silently.
        if (auto problem = s.trace.write(call, s.model.endpointId(endpoint));
            problem && s.recordProblem.empty())
            s.recordProblem = "call " + std::to_string(call.call) + ": " + *problem;
    });
    return true;
}

void ServeSession::setRetryAfterAsDate(bool on)
{
    m_state->server.setRetryAfterAsDate(on);
}

bool ServeSession::listen(const std::string& host, std::uint16_t port, std::string* error)
{
    try {
        m_state->server.resolveUpstreams();
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
    try {
        m_state->server.listen(host, port);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = std::string("cannot listen on ") + e.what();
        return false;
    }
}

std::uint16_t ServeSession::port() const
{
    return m_state->server.port();
}

std::uint64_t ServeSession::seed() const
{
    return m_state->model.seed();
}

std::vector<std::string> ServeSession::endpointIds() const
{
    std::vector<std::string> ids;
    for (std::uint32_t i = 0; i < m_state->model.endpointCount(); ++i)
        ids.push_back(m_state->model.endpointId(i));
    return ids;
}

void ServeSession::setSnapshotListener(std::chrono::milliseconds every,
                                       std::function<void(const ServeSnapshot&)> listener)
{
    m_state->snapshotEvery = every;
    m_state->snapshotListener = std::move(listener);
}

void ServeSession::enableLiveFeed()
{
    State& s = *m_state;
    if (s.live) return;
    s.live = std::make_unique<ServedLiveFeed>(s.model, s.scenarioName, s.model.seed());
    s.model.setObserver(s.live.get());
}

ServeSnapshot ServeSession::takeSnapshot(bool withSummary)
{
    ServeSnapshot out = snapshot();
    if (m_state->live) out.live = m_state->live->take(withSummary);
    return out;
}

ServeSnapshot ServeSession::snapshot() const
{
    const State& s = *m_state;
    ServeSnapshot out;
    out.uptimeS = toSeconds(s.model.now());
    out.server = s.server.counters();
    for (std::uint32_t i = 0; i < s.model.endpointCount(); ++i) {
        const ServedEndpointStats& st = s.model.stats(i);
        ServeSnapshot::EndpointCounts e;
        e.id = s.model.endpointId(i);
        e.requests = st.requests;
        e.inFlight = st.inFlight;
        e.queue = s.model.endpoint(i).queueDepth();
        e.abandoned = st.abandoned;
        e.outcomes = st.outcomes;
        e.latencySumS = st.latencySumS;
        out.endpoints.push_back(std::move(e));
    }
    return out;
}

void ServeSession::run(bool stopOnSignals)
{
    State& s = *m_state;
    if (s.snapshotListener && s.snapshotEvery.count() > 0) {
        s.snapshotTimer.emplace(s.io);
        tick();
    }
    if (stopOnSignals) {
        s.stopSignals.emplace(s.io, SIGINT, SIGTERM);
        s.stopSignals->async_wait([this](const boost::system::error_code& ec, int) {
            if (!ec) stop();
        });
    }
    s.io.run();
    s.stopSignals.reset();
    s.snapshotTimer.reset();
}

void ServeSession::stop()
{
    // The server and the model live on the io thread: stop them there.
    State& s = *m_state;
    boost::asio::post(s.io, [&s] {
        s.stopping = true;
        if (s.snapshotTimer) s.snapshotTimer->cancel();
        s.server.stop();
        s.model.stop();
        if (s.stopSignals) s.stopSignals->cancel(); // nothing may keep run() waiting
    });
}

void ServeSession::tick()
{
    State& s = *m_state;
    if (s.stopping) return;
    // The Summary view's numbers are worth working out a few times a second, not every tick.
    const auto now = std::chrono::steady_clock::now();
    const bool summary = now - s.lastSummary >= std::chrono::milliseconds(kLiveSummaryIntervalMs);
    if (summary) s.lastSummary = now;
    s.snapshotListener(takeSnapshot(summary));
    s.snapshotTimer->expires_after(s.snapshotEvery);
    s.snapshotTimer->async_wait([this](const boost::system::error_code& ec) {
        if (!ec) tick();
    });
}

bool ServeSession::finish(std::string* error)
{
    State& s = *m_state;
    if (!s.trace.isOpen()) return true;
    s.recorded = s.trace.written();
    if (!s.recordProblem.empty()) {
        s.trace.discard();
        if (error) *error = "cannot record what was served: " + s.recordProblem;
        return false;
    }
    return s.trace.close(error);
}

ServerCounters ServeSession::counters() const
{
    return m_state->server.counters();
}

std::uint64_t ServeSession::recordedCalls() const
{
    return m_state->trace.isOpen() ? m_state->trace.written() : m_state->recorded;
}

} // namespace reslab
