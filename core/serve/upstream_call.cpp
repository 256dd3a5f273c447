#include "serve/upstream_call.h"

#include "serve/beast_text.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>

namespace reslab {

namespace http = boost::beast::http;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;

namespace {
class Call : public std::enable_shared_from_this<Call>
{
public:
    Call(boost::asio::io_context& io, http::request<http::string_body> request,
         std::size_t maxBodyBytes, bool head, UpstreamDone done)
        : m_stream(io), m_request(std::move(request)), m_done(std::move(done))
    {
        m_parser.body_limit(maxBodyBytes);
        m_parser.skip(head);
    }

    void start(const tcp::endpoint& to, std::chrono::milliseconds timeout)
    {
        m_stream.expires_after(timeout); // one deadline for connect, write and read
        m_stream.async_connect(to, [self = shared_from_this()](const beast::error_code& ec) {
            if (ec) return self->finish(ec);
            http::async_write(self->m_stream, self->m_request,
                              [self](const beast::error_code& e, std::size_t) {
                                  if (e) return self->finish(e);
                                  self->read();
                              });
        });
    }

private:
    void read()
    {
        http::async_read(m_stream, m_buffer, m_parser,
                         [self = shared_from_this()](const beast::error_code& ec, std::size_t) {
                             if (ec) return self->finish(ec);
                             UpstreamResult r;
                             r.response = self->m_parser.release();
                             self->done(std::move(r));
                         });
    }

    void finish(const beast::error_code& ec)
    {
        UpstreamResult r;
        r.timedOut = ec == beast::error::timeout;
        r.error = r.timedOut ? "no answer in time" : ec.message();
        done(std::move(r));
    }

    void done(UpstreamResult r)
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        if (m_done) std::exchange(m_done, {})(std::move(r));
    }

    beast::tcp_stream m_stream;
    http::request<http::string_body> m_request;
    beast::flat_buffer m_buffer;
    http::response_parser<http::string_body> m_parser;
    UpstreamDone m_done;
};
} // namespace

void forwardToUpstream(boost::asio::io_context& io, const tcp::endpoint& to,
                       http::request<http::string_body> request, std::chrono::milliseconds timeout,
                       std::size_t maxBodyBytes, bool head, UpstreamDone done)
{
    std::make_shared<Call>(io, std::move(request), maxBodyBytes, head, std::move(done))
        ->start(to, timeout);
}

http::request<http::string_body> upstreamRequest(const http::request<http::string_body>& client,
                                                 std::string_view endpoint,
                                                 const Upstream& upstream)
{
    http::request<http::string_body> r = client;
    for (const http::field f : kHopByHopFields)
        r.erase(f);
    // "/api/orders/7?x=1" → prefix + "/orders/7?x=1"; "/api" → prefix + "/".
    const std::string_view target(client.target().data(), client.target().size());
    std::string_view rest = target.substr(std::min(target.size(), endpoint.size() + 1));
    std::string forwarded = upstream.prefix;
    if (rest.empty() || rest.front() != '/') forwarded += '/';
    forwarded += rest;
    r.target(bsv(forwarded));
    const bool ipv6 = upstream.host.find(':') != std::string::npos;
    r.set(http::field::host, bsv((ipv6 ? "[" + upstream.host + "]" : upstream.host) + ":" +
                                 std::to_string(upstream.port)));
    r.set(http::field::connection, "close");
    r.version(11);
    r.prepare_payload();
    return r;
}

} // namespace reslab
