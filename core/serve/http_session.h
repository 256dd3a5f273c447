#pragma once
// One client connection of `serve`. Requests are read as they come (pipelined ones too, up to
// ServeLimits::maxPipelined ahead) and each becomes one call to the fault model; answers are
// written in the order the requests came, as HTTP/1.1 requires. Reading goes on while answers
// are pending, so a client that hangs up while its call is in the model (a `timeout` fate) is
// noticed at once and its call abandoned at the endpoint.
//
// Timers: an idle kept-alive connection (nothing pending) is closed after keepAliveTimeout; once
// a request's first byte has come, the whole request must follow within requestReadTimeout
// (else 408); a response must be taken within writeTimeout.

#include "serve/served_model.h"
#include "serve/upstream_call.h"

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
    enum class Reading : std::uint8_t
    {
        No,
        FirstByte, // waiting for bytes: the next request, or a hang-up while calls are pending
        Request,   // reading a request that has begun
    };

    void readNext();
    void onFirstByte(const boost::system::error_code& ec, std::size_t bytes);
    void readRequest();
    void onRequest(const boost::system::error_code& ec);
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
    void armIdleTimer();
    void resetConnection();
    void shutdown(); // every path that ends the connection ends here

    HttpServer& m_server;
    ServedModel& m_model;
    boost::asio::ip::tcp::socket m_socket;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    std::deque<Exchange> m_exchanges;
    boost::asio::steady_timer m_readTimer;
    boost::asio::steady_timer m_writeTimer;
    std::uint64_t m_nextSerial = 0;
    Reading m_reading = Reading::No;
    bool m_readTimedOut = false;
    bool m_stopReading = false; // a response closes the connection after it
    bool m_writing = false;
    bool m_closed = false;
};

} // namespace reslab
