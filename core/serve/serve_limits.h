#pragma once
// What a served connection may take (docs/serve.md, "Limits"). The defaults follow nginx, which
// most of the services people point their clients at sit behind.

#include <chrono>
#include <cstddef>

namespace reslab {

struct ServeLimits
{
    // A request's line and headers together: nginx's large_client_header_buffers 4 × 8k allows
    // 8 KB per line; Node's http server 16 KB for all of them. We take Node's, and count a chunked
    // body's extensions and trailer fields in it too, as Node does (message_reader.h). The same
    // for an upstream's answer to a proxy endpoint.
    std::size_t maxHeaderBytes = 16 * 1024;
    // Header fields of one message, trailer fields included: Apache's LimitRequestFields 100.
    std::size_t maxHeaderFields = 100;
    // nginx client_max_body_size 1m; also the most of an upstream's answer a proxy endpoint
    // takes (it holds the answer whole before relaying it).
    std::size_t maxBodyBytes = 1024 * 1024;
    // From a request's first byte to its last: nginx client_header_timeout 60 s is for headers
    // alone; a test bench has no business waiting that long for a client that trickles bytes.
    std::chrono::milliseconds requestReadTimeout{10'000};
    // An idle kept-alive connection is closed after nginx's keepalive_timeout 75 s.
    std::chrono::milliseconds keepAliveTimeout{75'000};
    // Writing one response (a client that stops reading).
    std::chrono::milliseconds writeTimeout{10'000};
    // A proxy endpoint's forwarded request, connect to last byte: nginx's proxy_read_timeout 60 s.
    std::chrono::milliseconds upstreamTimeout{60'000};
    // Open connections at once; more are closed as soon as they are accepted.
    std::size_t maxConnections = 4096;
    // Requests read ahead on one connection before its earlier answers are written.
    std::size_t maxPipelined = 16;
};

} // namespace reslab
