#pragma once
// One client connection of `serve`. Requests are read as they come (pipelined ones too, up to
// ServeLimits::maxPipelined ahead) and each becomes one call to the fault model; answers are
// written in the order the requests came, as HTTP/1.1 requires. Reading goes on while answers
// are pending, so a client that hangs up while its call is in the model (a `timeout` fate) is
// noticed at once and its call abandoned at the endpoint.
//
// Requests are parsed from the bytes read (RequestReader: Beast's parser under serve's limits,
// message_reader.h) as soon as there is room for another exchange — also when they came in one
// write with more than maxPipelined others, which wait in the buffer until answers are out.
//
// Timers: an idle kept-alive connection (nothing pending) is closed after keepAliveTimeout; once
// a request's first byte is being parsed, the whole request must follow within
// requestReadTimeout (else 408); a response must be taken within writeTimeout.

#include "serve/message_reader.h"
#include "serve/served_model.h"
#include "serve/upstream_call.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <deque>
#include <memory>
#include <optional>

namespace reslab {

class HttpServer;
struct WireAnswer;

class HttpSession : public std::enable_shared_from_this<HttpSession>
{
public:
    HttpSession(boost::asio::ip::tcp::socket socket, HttpServer& server);
    ~HttpSession();

    void start();
    // Closes the connection now (the server is stopping); pending calls are abandoned.
    void close();

private:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;
    struct Exchange
    {
        std::uint64_t serial = 0;
        std::uint32_t endpoint = 0;
        bool head = false;                         // a HEAD request: headers only
        std::optional<ServedModel::Ticket> ticket; // while the model has the call
        bool ready = false;                        // response (or reset) decided
        bool reset = false;
        Response response;
        // A proxy endpoint's request, kept to forward when the model's answer is ok.
        std::optional<Request> forward;
    };
    // Reading: bytes as they come into m_in (a read always pending, so that a hang-up is
    // noticed, unless kMaxReadAhead bytes wait); requests parsed from it while there is room.
    void readMore();
    void onRead(const boost::system::error_code& ec, std::size_t bytes);
    void pump();
    void refuse(int status, std::string why);
    void onRequestTimeout(std::uint64_t generation);
    void updateIdleTimer();
    void dispatch(Request request);
    void onAnswer(std::uint64_t serial, const ServedAnswer& answer);
    Exchange* exchange(std::uint64_t serial);
    // http_session_proxy.cpp: an ok answer of a proxy endpoint is the upstream's.
    void forward(Exchange& x, const ServedAnswer& answer);
    void onUpstream(std::uint64_t serial, const ServedAnswer& answer, UpstreamResult result);
    void respondNow(const Request& request, int status, std::string body, bool keepAlive);
    Exchange& add();
    void writeNext();
    void onWritten(const boost::system::error_code& ec, bool keepAlive);
    void resetConnection();
    void shutdown(); // every path that ends the connection ends here

    HttpServer& m_server;
    ServedModel& m_model;
    boost::asio::ip::tcp::socket m_socket;
    std::array<char, 16 * 1024> m_chunk;   // what one read takes
    boost::beast::flat_buffer m_in;        // read, not yet parsed
    std::optional<RequestReader> m_reader; // the request being read
    std::deque<Exchange> m_exchanges;
    boost::asio::steady_timer m_requestTimer; // the request being read must arrive in time
    boost::asio::steady_timer m_idleTimer;    // nothing pending, nothing being read
    boost::asio::steady_timer m_writeTimer;
    std::uint64_t m_nextSerial = 0;
    std::uint64_t m_timerGeneration = 0; // a timer that fired after it was re-armed is stale
    bool m_readPending = false;
    bool m_idle = false;
    bool m_lingering = false;   // the closing answer is out: reading until the client closes
    bool m_stopReading = false; // a response closes the connection after it
    bool m_writing = false;
    bool m_closed = false;
};

} // namespace reslab
