#include "serve/http_server.h"

#include "serve/http_session.h"

#include <boost/asio/ip/address.hpp>
#include <stdexcept>
#include <vector>

namespace reslab {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
// After accept() fails for want of file descriptors, try again this much later instead of
// spinning on the error.
constexpr std::chrono::milliseconds kAcceptRetry{50};
} // namespace

HttpServer::HttpServer(asio::io_context& io, ServedModel& model, ServeLimits limits)
    : m_io(io), m_model(model), m_limits(limits), m_acceptor(io), m_retryAccept(io),
      m_control(model, m_counters)
{
}

HttpServer::~HttpServer()
{
    stop();
}

void HttpServer::listen(const std::string& address, std::uint16_t port)
{
    const std::string where = address + ":" + std::to_string(port);
    boost::system::error_code ec;
    const asio::ip::address ip = asio::ip::make_address(address, ec);
    if (ec) throw std::runtime_error(where + ": not an IP address");
    const tcp::endpoint endpoint(ip, port);
    m_acceptor.open(endpoint.protocol(), ec);
    if (!ec) m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) m_acceptor.bind(endpoint, ec);
    if (!ec) m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error(where + ": " + ec.message());
    m_port = m_acceptor.local_endpoint().port();
    accept();
}

void HttpServer::resolveUpstreams()
{
    m_upstreams.assign(m_model.endpointCount(), std::nullopt);
    tcp::resolver resolver(m_io);
    for (std::uint32_t i = 0; i < m_model.endpointCount(); ++i) {
        const EndpointSpec& spec = m_model.endpoint(i).spec();
        if (spec.kind != EndpointSpec::Kind::Proxy) continue;
        std::string why;
        const std::optional<Upstream> u = parseUpstream(spec.upstream, &why);
        const std::string where = "endpoint " + spec.id + ": upstream " + spec.upstream;
        if (!u) throw std::runtime_error(where + ": " + why);
        boost::system::error_code ec;
        const auto found = resolver.resolve(u->host, std::to_string(u->port), ec);
        if (ec || found.empty())
            throw std::runtime_error(where + ": cannot resolve " + u->host + ": " +
                                     (ec ? ec.message() : std::string("no address")));
        m_upstreams[i] = ResolvedUpstream{*u, found.begin()->endpoint()};
    }
}

void HttpServer::accept()
{
    if (m_stopped) return;
    m_acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        onAccepted(ec, std::move(socket));
    });
}

void HttpServer::onAccepted(const boost::system::error_code& ec, tcp::socket socket)
{
    if (m_stopped || ec == asio::error::operation_aborted) return;
    if (ec) {
        // Out of descriptors, or the peer gave up before we got to it: wait a little, go on.
        m_retryAccept.expires_after(kAcceptRetry);
        m_retryAccept.async_wait([this](const boost::system::error_code& e) {
            if (!e) accept();
        });
        return;
    }
    if (m_counters.open >= m_limits.maxConnections) {
        ++m_counters.refused;
        boost::system::error_code ignored;
        socket.close(ignored);
    } else {
        ++m_counters.connections;
        ++m_counters.open;
        auto session = std::make_shared<HttpSession>(std::move(socket), *this);
        m_sessions.emplace(session.get(), session);
        session->start();
    }
    accept();
}

void HttpServer::sessionClosed(HttpSession* session)
{
    if (m_sessions.erase(session)) --m_counters.open;
}

void HttpServer::stop()
{
    if (m_stopped) return;
    m_stopped = true;
    boost::system::error_code ignored;
    m_acceptor.close(ignored);
    m_retryAccept.cancel();
    std::vector<std::shared_ptr<HttpSession>> open;
    for (auto& [raw, weak] : m_sessions)
        if (auto s = weak.lock()) open.push_back(std::move(s));
    for (auto& s : open)
        s->close();
}

} // namespace reslab
