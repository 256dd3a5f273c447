#include "serve/http_session.h"

#include "serve/beast_text.h"
#include "serve/http_answer.h"
#include "serve/http_server.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>

namespace reslab {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
std::int64_t unixNowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Bytes asked for when waiting for a request to begin.
constexpr std::size_t kReadChunk = 4096;
// Bytes read ahead of the request being parsed while maxPipelined exchanges are pending.
constexpr std::size_t kMaxReadAhead = 64 * 1024;
constexpr std::string_view kServerName = "resilience-lab";

bool peerWentAway(const boost::system::error_code& ec)
{
    return ec == http::error::end_of_stream || ec == http::error::partial_message ||
           ec == asio::error::eof || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == asio::error::operation_aborted;
}

std::string errorBody(std::string_view message)
{
    std::string out = "{\"error\": \"";
    for (char c : message) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    return out + "\"}\n";
}
std::string_view headerValue(const http::request<http::string_body>& request,
                             boost::beast::string_view name)
{
    const auto field = request.find(name);
    if (field == request.end()) return {};
    return std::string_view(field->value().data(), field->value().size());
}

// What a request tells the model beyond its endpoint. A versioned_record: GET and HEAD read it;
// other methods write, expecting the version their If-Match names. X-Reslab-Request: the client's
// request this attempt belongs to.
ServedCallInfo callInfoOf(const http::request<http::string_body>& request)
{
    ServedCallInfo info;
    info.access.readOnly =
        request.method() == http::verb::get || request.method() == http::verb::head;
    if (!info.access.readOnly && request.find(http::field::if_match) != request.end())
        info.access.expected =
            parseIfMatch(headerValue(request, http::to_string(http::field::if_match))).expected;
    if (request.find(bsv(kRequestHeader)) != request.end())
        info.request = clientRequestId(headerValue(request, bsv(kRequestHeader)));
    return info;
}

} // namespace

HttpSession::HttpSession(tcp::socket socket, HttpServer& server)
    : m_server(server), m_model(server.model()), m_socket(std::move(socket)),
      m_readTimer(m_socket.get_executor()), m_writeTimer(m_socket.get_executor())
{
    boost::system::error_code ignored;
    m_socket.set_option(tcp::no_delay(true), ignored); // answers are small: send them at once
}

HttpSession::~HttpSession()
{
    if (!m_closed) m_server.sessionClosed(this);
}

void HttpSession::start()
{
    readNext();
}

void HttpSession::close()
{
    shutdown();
}

void HttpSession::readNext()
{
    if (m_closed || m_reading != Reading::No) return;
    // Parse what has come when there is room for another exchange; otherwise (and after a
    // "Connection: close") keep a read going anyway, so that a client hanging up is noticed
    // while its calls are in the model — but take no more than kMaxReadAhead bytes ahead.
    const bool room = m_exchanges.size() < m_server.limits().maxPipelined;
    if (!m_stopReading && room && m_buffer.size() > 0) {
        readRequest();
        return;
    }
    if (m_buffer.size() >= kMaxReadAhead) return; // resumed once an exchange is written
    m_reading = Reading::FirstByte;
    armIdleTimer();
    m_socket.async_read_some(
        m_buffer.prepare(kReadChunk),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
            self->onFirstByte(ec, bytes);
        });
}

void HttpSession::armIdleTimer()
{
    if (m_reading != Reading::FirstByte || !m_exchanges.empty()) {
        m_readTimer.cancel();
        return;
    }
    m_readTimer.expires_after(m_server.limits().keepAliveTimeout);
    m_readTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self) return;
        if (self->m_reading == Reading::FirstByte && self->m_exchanges.empty()) self->shutdown();
    });
}

void HttpSession::onFirstByte(const boost::system::error_code& ec, std::size_t bytes)
{
    m_reading = Reading::No;
    m_readTimer.cancel();
    if (m_closed) return;
    if (ec) {
        shutdown(); // the client hung up (or the idle timer closed it)
        return;
    }
    m_buffer.commit(bytes);
    if (m_stopReading) m_buffer.consume(m_buffer.size()); // after "Connection: close": ignored
    readNext();
}

void HttpSession::readRequest()
{
    m_reading = Reading::Request;
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(m_server.limits().maxHeaderBytes));
    m_parser->body_limit(m_server.limits().maxBodyBytes);
    m_readTimedOut = false;
    m_readTimer.expires_after(m_server.limits().requestReadTimeout);
    m_readTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self || self->m_reading != Reading::Request) return;
        self->m_readTimedOut = true;
        boost::system::error_code ignored;
        self->m_socket.cancel(ignored);
    });
    http::async_read(m_socket, m_buffer, *m_parser,
                     [self = shared_from_this()](const boost::system::error_code& e, std::size_t) {
                         self->onRequest(e);
                     });
}

void HttpSession::onRequest(const boost::system::error_code& ec)
{
    m_reading = Reading::No;
    m_readTimer.cancel();
    if (m_closed) return;
    if (ec) {
        // A request that cannot be read is answered once, counted, and the connection closed.
        const auto refuse = [this](int status, const std::string& why) {
            ++m_server.m_counters.malformed;
            respondNow(Request{}, status, errorBody(why), false);
        };
        const ServeLimits& limits = m_server.limits();
        if (m_readTimedOut)
            refuse(408, "the request did not arrive in time");
        else if (peerWentAway(ec))
            shutdown();
        else if (ec == http::error::header_limit)
            refuse(431, "request headers over " + std::to_string(limits.maxHeaderBytes) + " bytes");
        else if (ec == http::error::body_limit)
            refuse(413, "request body over " + std::to_string(limits.maxBodyBytes) + " bytes");
        else
            refuse(400, "malformed request: " + ec.message());
        return;
    }
    ++m_server.m_counters.requests;
    dispatch(m_parser->release());
    readNext();
}

void HttpSession::dispatch(Request request)
{
    const bool keepAlive = request.keep_alive();
    if (!keepAlive) m_stopReading = true;
    const std::string_view target(request.target().data(), request.target().size());
    if (target.starts_with(kControlPrefix)) {
        const ControlResponse c = m_server.control().handle(
            std::string_view(request.method_string().data(), request.method_string().size()),
            target, request.body());
        Exchange& x = add();
        Response& r = x.response;
        r.version(request.version());
        r.result(static_cast<unsigned>(c.status));
        r.set(http::field::server, bsv(kServerName));
        r.set(http::field::content_type, c.contentType);
        if (!c.allow.empty()) r.set(http::field::allow, c.allow);
        r.keep_alive(keepAlive);
        if (request.method() == http::verb::head) {
            r.content_length(c.body.size());
        } else {
            r.body() = c.body;
            r.prepare_payload();
        }
        x.ready = true;
        writeNext();
        return;
    }
    const std::string_view name = targetEndpoint(target);
    const std::optional<std::uint32_t> index = m_model.endpointIndex(name);
    if (!index) {
        ++m_server.m_counters.unrouted;
        std::string served;
        for (std::uint32_t i = 0; i < m_model.endpointCount(); ++i)
            served += (i ? ", /" : "/") + m_model.endpointId(i) + "/";
        respondNow(request, 404,
                   errorBody("no endpoint \"" + std::string(name) + "\"; served: " + served),
                   keepAlive);
        return;
    }
    Exchange& x = add();
    x.endpoint = *index;
    x.head = request.method() == http::verb::head;
    x.response.version(request.version());
    x.response.keep_alive(keepAlive);
    if (m_server.upstream(*index)) x.forward = request;
    const std::uint64_t serial = x.serial;
    // The ticket is stored after call() returns; the answer cannot come before (it is posted).
    // The handler holds the session: a call in the model keeps its connection object alive
    // until it is answered, or abandoned when the connection ends (shutdown()).
    const ServedModel::Ticket ticket = m_model.call(
        *index,
        [self = shared_from_this(), serial](const ServedAnswer& answer) {
            self->onAnswer(serial, answer);
        },
        callInfoOf(request));
    for (Exchange& e : m_exchanges)
        if (e.serial == serial) e.ticket = ticket;
}

HttpSession::Exchange& HttpSession::add()
{
    m_exchanges.emplace_back();
    m_exchanges.back().serial = m_nextSerial++;
    armIdleTimer(); // something is pending: no idle close
    return m_exchanges.back();
}

HttpSession::Exchange* HttpSession::exchange(std::uint64_t serial)
{
    for (Exchange& e : m_exchanges)
        if (e.serial == serial) return &e;
    return nullptr;
}

void HttpSession::onAnswer(std::uint64_t serial, const ServedAnswer& answer)
{
    if (m_closed) return;
    Exchange* x = exchange(serial);
    if (!x) return;
    x->ticket.reset();
    if (x->forward && answer.result.outcome == Outcome::Ok) {
        forward(*x, answer);
        return;
    }
    const WireAnswer wire = wireAnswer(m_model.endpointId(x->endpoint), answer);
    switch (wire.action) {
    case WireAction::Hold:
        return; // never answered: the client's own timeout ends it
    case WireAction::Reset:
        x->ready = true;
        x->reset = true;
        break;
    case WireAction::Respond: {
        Response& r = x->response;
        r.result(static_cast<unsigned>(wire.status));
        r.set(http::field::server, bsv(kServerName));
        r.set(http::field::content_type, "application/json");
        r.set(bsv(kCallHeader), std::to_string(answer.call));
        r.set(bsv(kOutcomeHeader), bsv(outcomeName(answer.result.outcome)));
        if (wire.retryAfterSeconds)
            r.set(http::field::retry_after,
                  m_server.retryAfterAsDate()
                      ? retryAfterHttpDate(unixNowMs(), answer.result.retryAfter)
                      : std::to_string(*wire.retryAfterSeconds));
        if (answer.version) r.set(http::field::etag, entityTag(*answer.version));
        if (x->head) {
            r.content_length(wire.body.size());
        } else {
            r.body() = wire.body;
            r.prepare_payload();
        }
        x->ready = true;
        break;
    }
    }
    writeNext();
}

void HttpSession::respondNow(const Request& request, int status, std::string body, bool keepAlive)
{
    if (!keepAlive) m_stopReading = true;
    Exchange& x = add();
    Response& r = x.response;
    r.version(request.version() ? request.version() : 11);
    r.result(static_cast<unsigned>(status));
    r.set(http::field::server, bsv(kServerName));
    r.set(http::field::content_type, "application/json");
    r.keep_alive(keepAlive);
    r.body() = std::move(body);
    r.prepare_payload();
    x.ready = true;
    writeNext();
}

void HttpSession::writeNext()
{
    if (m_writing || m_closed || m_exchanges.empty() || !m_exchanges.front().ready) return;
    if (m_exchanges.front().reset) {
        resetConnection();
        return;
    }
    m_writing = true;
    m_writeTimer.expires_after(m_server.limits().writeTimeout);
    m_writeTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (!ec && self && self->m_writing) self->shutdown(); // it stopped reading
    });
    const bool keepAlive = m_exchanges.front().response.keep_alive();
    // The response stays where it is (the front of a deque) until the write is done.
    http::async_write(
        m_socket, m_exchanges.front().response,
        [self = shared_from_this(), keepAlive](const boost::system::error_code& ec, std::size_t) {
            self->onWritten(ec, keepAlive);
        });
}

void HttpSession::onWritten(const boost::system::error_code& ec, bool keepAlive)
{
    m_writing = false;
    m_writeTimer.cancel();
    if (m_closed) return;
    if (ec) {
        shutdown();
        return;
    }
    m_exchanges.pop_front();
    if (!keepAlive) {
        boost::system::error_code ignored;
        m_socket.shutdown(tcp::socket::shutdown_send, ignored); // a clean FIN after the answer
        shutdown();
        return;
    }
    writeNext();
    readNext(); // in case reading paused at maxPipelined
    armIdleTimer();
}

void HttpSession::resetConnection()
{
    boost::system::error_code ignored;
    // SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    m_socket.set_option(asio::socket_base::linger(true, 0), ignored);
    shutdown();
}

void HttpSession::shutdown()
{
    if (m_closed) return;
    m_closed = true;
    m_readTimer.cancel();
    m_writeTimer.cancel();
    for (Exchange& x : m_exchanges)
        if (x.ticket) {
            m_model.abandon(*x.ticket);
            x.ticket.reset();
        }
    boost::system::error_code ignored;
    m_socket.close(ignored);
    m_server.sessionClosed(this);
}

} // namespace reslab
