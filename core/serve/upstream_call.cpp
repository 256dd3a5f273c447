#include "serve/upstream_call.h"

#include "serve/beast_text.h"
#include "serve/message_reader.h"

#include <array>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>
#include <optional>
#include <vector>

namespace reslab {

namespace http = boost::beast::http;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;

namespace {
// What one read from the upstream takes.
constexpr std::size_t kUpstreamReadChunk = 16 * 1024;

class Call : public std::enable_shared_from_this<Call>
{
public:
    Call(boost::asio::io_context& io, http::request<http::string_body> request,
         const ServeLimits& limits, bool head, UpstreamDone done)
        : m_stream(io), m_request(std::move(request)), m_limits(limits), m_head(head),
          m_done(std::move(done))
    {
        m_reader.emplace(m_limits, m_head);
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
    // The answer is parsed as it comes (ResponseReader: the header limits, and the body limit
    // before the body is held), so no more than a read's worth waits unparsed.
    void read()
    {
        m_stream.async_read_some(
            boost::asio::buffer(m_chunk),
            [self = shared_from_this()](const beast::error_code& ec, std::size_t bytes) {
                self->onRead(ec, bytes);
            });
    }

    void onRead(const beast::error_code& ec, std::size_t bytes)
    {
        if (ec && ec != boost::asio::error::eof) return finish(ec);
        boost::asio::buffer_copy(m_in.prepare(bytes), boost::asio::buffer(m_chunk.data(), bytes));
        m_in.commit(bytes);
        for (;;) {
            ReadState state = m_reader->feed(m_in);
            if (state == ReadState::NeedMore && ec) state = m_reader->atEnd();
            if (state == ReadState::NeedMore) return read();
            if (state == ReadState::Refused)
                return fail("its answer was refused: " + m_reader->reason());
            auto response = m_reader->release();
            const unsigned status = response.result_int();
            if (status / 100 != 1) {
                UpstreamResult r;
                r.response = std::move(response);
                return done(std::move(r));
            }
            // An interim answer (100 Continue, 103 Early Hints) is the upstream's to its client,
            // not the answer: the final one follows on the same connection (RFC 9110 §15.2).
            // 101 would switch protocols, which a proxy endpoint never asks for.
            if (status == 101) return fail("it switched protocols (101)");
            m_reader.emplace(m_limits, m_head);
            if (ec) state = m_reader->atEnd(); // closed after the interim answer
            if (ec && state == ReadState::Refused) return fail("it closed after a 1xx answer");
        }
    }

    void fail(std::string why)
    {
        UpstreamResult r;
        r.error = std::move(why);
        done(std::move(r));
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
    ServeLimits m_limits;
    bool m_head;
    std::array<char, kUpstreamReadChunk> m_chunk;
    beast::flat_buffer m_in;
    std::optional<ResponseReader> m_reader;
    UpstreamDone m_done;
};
} // namespace

void stripHopByHop(http::fields& fields)
{
    // The fields a Connection header names are the connection's too (RFC 9110 §7.6.1).
    std::vector<std::string> named;
    const auto [first, last] = fields.equal_range(http::field::connection);
    for (auto f = first; f != last; ++f)
        for (const auto& token : http::token_list{f->value()})
            named.emplace_back(token.data(), token.size());
    for (const http::field f : kHopByHopFields)
        fields.erase(f);
    for (const std::string& name : named)
        fields.erase(bsv(name));
}

void forwardToUpstream(boost::asio::io_context& io, const tcp::endpoint& to,
                       http::request<http::string_body> request, const ServeLimits& limits,
                       bool head, UpstreamDone done)
{
    std::make_shared<Call>(io, std::move(request), limits, head, std::move(done))
        ->start(to, limits.upstreamTimeout);
}

http::request<http::string_body> upstreamRequest(const http::request<http::string_body>& client,
                                                 std::string_view endpoint,
                                                 const Upstream& upstream)
{
    http::request<http::string_body> r = client;
    stripHopByHop(r.base());
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
