#pragma once
// The HTTP/1.1 front of `serve` (Boost.Beast): every endpoint of the scenario under
// /<endpoint>/… (any method, any path below it), keep-alive, pipelined requests answered in
// order, and the limits of ServeLimits so that slow or hostile clients cannot hold the server
// (docs/serve.md). One thread: the io_context's, which also runs the fault model.

#include "model/upstream.h"
#include "serve/control_api.h"
#include "serve/serve_limits.h"
#include "serve/server_counters.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace reslab {

class ServedModel;
class HttpSession;

class HttpServer
{
public:
    HttpServer(boost::asio::io_context& io, ServedModel& model, ServeLimits limits = {});
    ~HttpServer();

    // Binds and listens on address:port (port 0: a free one). Throws std::runtime_error naming
    // the address and the reason.
    void listen(const std::string& address, std::uint16_t port);
    // Resolves every proxy endpoint's upstream once, before serving. Throws std::runtime_error
    // naming the endpoint, its upstream and the reason.
    void resolveUpstreams();
    // A proxy endpoint's upstream and where it resolved to; nullptr for other endpoints.
    struct ResolvedUpstream
    {
        Upstream upstream;
        boost::asio::ip::tcp::endpoint address;
    };
    const ResolvedUpstream* upstream(std::uint32_t endpoint) const
    {
        return endpoint < m_upstreams.size() && m_upstreams[endpoint] ? &*m_upstreams[endpoint]
                                                                      : nullptr;
    }
    std::uint16_t port() const { return m_port; }
    // Stops accepting and closes every connection (their pending calls are abandoned).
    void stop();

    const ServerCounters& counters() const { return m_counters; }
    const ServeLimits& limits() const { return m_limits; }
    // Retry-After as an HTTP date instead of seconds (serve --retry-after-date).
    void setRetryAfterAsDate(bool on) { m_retryAfterAsDate = on; }
    bool retryAfterAsDate() const { return m_retryAfterAsDate; }
    ServedModel& model() { return m_model; }
    boost::asio::io_context& io() { return m_io; }
    ControlApi& control() { return m_control; }

private:
    friend class HttpSession;
    void accept();
    void onAccepted(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);
    void sessionClosed(HttpSession* session);

    boost::asio::io_context& m_io;
    ServedModel& m_model;
    ServeLimits m_limits;
    boost::asio::ip::tcp::acceptor m_acceptor;
    boost::asio::steady_timer m_retryAccept; // after EMFILE and the like
    std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> m_sessions;
    std::vector<std::optional<ResolvedUpstream>> m_upstreams; // by endpoint index
    ServerCounters m_counters;
    ControlApi m_control; // after m_counters, which it reads
    std::uint16_t m_port = 0;
    bool m_stopped = false;
    bool m_retryAfterAsDate = false;
};

} // namespace reslab
