#pragma once
// A proxy endpoint's upstream: "http://HOST:PORT" with an optional path prefix
// ("http://10.0.0.5:8080/v1"). Only plain HTTP: serve forwards on loopback and inside a network
// it trusts, and TLS would need certificates the scenario cannot carry.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reslab {

struct Upstream
{
    std::string host; // a name or an IP literal (IPv6 without its brackets)
    std::uint16_t port = 80;
    std::string prefix; // "" or "/v1": put before the forwarded path
};

// Parses an upstream URL; nullopt with the reason in `why` when it is not one.
std::optional<Upstream> parseUpstream(std::string_view url, std::string* why = nullptr);

} // namespace reslab
