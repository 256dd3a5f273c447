#pragma once
// What the HTTP front of `serve` has seen, for the control API and the summary on stop.

#include <cstdint>

namespace reslab {

struct ServerCounters
{
    std::uint64_t connections = 0; // accepted and served
    std::uint64_t refused = 0;     // closed at once: maxConnections were open
    std::uint64_t open = 0;
    std::uint64_t requests = 0;  // read in full
    std::uint64_t malformed = 0; // answered 400, 408, 413, 431 or 501
    std::uint64_t unrouted = 0;  // answered 404
};

} // namespace reslab
