#pragma once
// One request forwarded by a proxy endpoint to its real service: a connection of its own
// (Connection: close), the request written, the response read whole, all under one deadline.
// The caller hears once: the response, or why there is none (refused, reset, timed out, too big,
// malformed).

#include "model/upstream.h"
#include "serve/serve_limits.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace reslab {

// Hop-by-hop headers (RFC 9110 §7.6.1) are a connection's, not the message's: neither forwarded
// to the upstream nor relayed back — these, and every field a Connection header names.
inline constexpr boost::beast::http::field kHopByHopFields[] = {
    boost::beast::http::field::connection,       boost::beast::http::field::keep_alive,
    boost::beast::http::field::proxy_connection, boost::beast::http::field::te,
    boost::beast::http::field::trailer,          boost::beast::http::field::transfer_encoding,
    boost::beast::http::field::upgrade,          boost::beast::http::field::proxy_authorization};

// Drops the hop-by-hop fields: kHopByHopFields and those the Connection fields name.
void stripHopByHop(boost::beast::http::fields& fields);

struct UpstreamResult
{
    std::optional<boost::beast::http::response<boost::beast::http::string_body>> response;
    std::string error; // when there is no response: what happened
    bool timedOut = false;
};

using UpstreamDone = std::function<void(UpstreamResult)>;

// Forwards `request` (its target already rewritten for the upstream) to `to`, within
// limits.upstreamTimeout. The answer is read under the limits a request is (header bytes and
// fields, trailers and chunk extensions counted, maxBodyBytes of body), any 1xx answers before it
// skipped; past them there is no response but the reason. `head`: the request is a HEAD, whose
// response has no body whatever its Content-Length says.
void forwardToUpstream(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& to,
                       boost::beast::http::request<boost::beast::http::string_body> request,
                       const ServeLimits& limits, bool head, UpstreamDone done);

// The request a proxy endpoint sends upstream: the client's, with the endpoint's own path segment
// replaced by the upstream's prefix ("/api/orders/7?x=1" → "/v1/orders/7?x=1"), the Host the
// upstream's, hop-by-hop headers dropped and Connection: close.
boost::beast::http::request<boost::beast::http::string_body>
upstreamRequest(const boost::beast::http::request<boost::beast::http::string_body>& client,
                std::string_view endpoint, const Upstream& upstream);

} // namespace reslab
