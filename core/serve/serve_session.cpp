#include "serve/serve_session.h"

#include "scenario/scenario.h"
#include "serve/http_server.h"
#include "serve/served_model.h"
#include "trace/trace_io.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
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
    std::optional<boost::asio::signal_set> stopSignals; // while run(true) waits for them
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
        s.trace.write(call, s.model.endpointId(endpoint));
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
        m_state->server.listen(host, port);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = e.what();
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

void ServeSession::run(bool stopOnSignals)
{
    State& s = *m_state;
    if (stopOnSignals) {
        s.stopSignals.emplace(s.io, SIGINT, SIGTERM);
        s.stopSignals->async_wait([this](const boost::system::error_code& ec, int) {
            if (!ec) stop();
        });
    }
    s.io.run();
    s.stopSignals.reset();
}

void ServeSession::stop()
{
    // The server and the model live on the io thread: stop them there.
    State& s = *m_state;
    boost::asio::post(s.io, [&s] {
        s.server.stop();
        s.model.stop();
        if (s.stopSignals) s.stopSignals->cancel(); // nothing may keep run() waiting
    });
}

bool ServeSession::finish(std::string* error)
{
    State& s = *m_state;
    if (!s.trace.isOpen()) return true;
    s.recorded = s.trace.written();
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
