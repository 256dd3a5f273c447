#include "serve/http_session.h"

#include "serve/beast_text.h"
#include "serve/http_answer.h"
#include "serve/http_server.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
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

// Bytes read ahead of the request being parsed while maxPipelined exchanges are pending.
constexpr std::size_t kMaxReadAhead = 64 * 1024;
// After the answer that closes a connection, its client's further bytes are read and dropped this
// long at most (nginx's lingering_close; its lingering_timeout is 5 s).
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::string_view kServerName = "resilience-lab";

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
      m_requestTimer(m_socket.get_executor()), m_idleTimer(m_socket.get_executor()),
      m_writeTimer(m_socket.get_executor())
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
    pump();
}

void HttpSession::close()
{
    shutdown();
}

void HttpSession::readMore()
{
    // A read stays pending while answers are (so that a client hanging up is noticed while its
    // calls are in the model), but no more than kMaxReadAhead bytes wait to be parsed.
    if (m_closed || m_readPending || m_in.size() >= kMaxReadAhead) return;
    m_readPending = true;
    m_socket.async_read_some(
        asio::buffer(m_chunk),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
            self->onRead(ec, bytes);
        });
}

void HttpSession::onRead(const boost::system::error_code& ec, std::size_t bytes)
{
    m_readPending = false;
    if (m_closed) return;
    if (ec) {
        shutdown(); // the client hung up (or the connection is being closed)
        return;
    }
    if (!m_stopReading) { // after "Connection: close" or a refusal, what comes is ignored
        asio::buffer_copy(m_in.prepare(bytes), asio::buffer(m_chunk.data(), bytes));
        m_in.commit(bytes);
    }
    pump();
}

void HttpSession::pump()
{
    const ServeLimits& limits = m_server.limits();
    while (!m_closed && !m_stopReading && m_exchanges.size() < limits.maxPipelined &&
           m_in.size() > 0) {
        if (!m_reader) {
            m_reader.emplace(limits);
            m_requestTimer.expires_after(limits.requestReadTimeout);
            m_requestTimer.async_wait([weak = weak_from_this(), generation = ++m_timerGeneration](
                                          const boost::system::error_code& ec) {
                if (auto self = weak.lock(); self && !ec) self->onRequestTimeout(generation);
            });
        }
        const ReadState state = m_reader->feed(m_in);
        if (state == ReadState::NeedMore) break;
        m_requestTimer.cancel();
        if (state == ReadState::Refused) {
            refuse(m_reader->status(), m_reader->reason());
            break;
        }
        ++m_server.m_counters.requests;
        Request request = m_reader->release();
        m_reader.reset();
        dispatch(std::move(request));
    }
    if (m_stopReading) m_in.consume(m_in.size());
    readMore();
    updateIdleTimer();
}

void HttpSession::refuse(int status, std::string why)
{
    // A request that cannot be read is answered once, counted, and the connection closed.
    ++m_server.m_counters.malformed;
    m_reader.reset();
    m_requestTimer.cancel();
    respondNow(Request{}, status, errorBody(why), false);
}

void HttpSession::onRequestTimeout(std::uint64_t generation)
{
    if (m_closed || !m_reader || generation != m_timerGeneration) return;
    refuse(408, "the request did not arrive in time");
    m_in.consume(m_in.size());
    updateIdleTimer();
}

void HttpSession::updateIdleTimer()
{
    if (m_lingering) return; // the linger timer runs
    const bool idle = !m_closed && m_exchanges.empty() && !m_reader;
    if (idle == m_idle) return;
    m_idle = idle;
    if (!idle) {
        m_idleTimer.cancel();
        return;
    }
    m_idleTimer.expires_after(m_server.limits().keepAliveTimeout);
    m_idleTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self || !self->m_idle) return;
        self->shutdown();
    });
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
    updateIdleTimer(); // something is pending: no idle close
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
        // Closing with the client's bytes unread would send a reset, which can destroy the
        // answer before the client reads it (a 431 for a request still arriving): read and
        // drop them until the client closes too, for kLingerTime at most.
        m_lingering = true;
        m_idleTimer.cancel();
        m_idleTimer.expires_after(kLingerTime);
        m_idleTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& e) {
            if (auto self = weak.lock(); self && !e) self->shutdown();
        });
        readMore();
        return;
    }
    writeNext();
    pump(); // requests waiting while maxPipelined answers were pending
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
    m_requestTimer.cancel();
    m_idleTimer.cancel();
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
