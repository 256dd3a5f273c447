#include "model/upstream.h"

#include <charconv>

namespace reslab {

std::optional<Upstream> parseUpstream(std::string_view url, std::string* why)
{
    auto fail = [&](const std::string& reason) -> std::optional<Upstream> {
        if (why)
            *why = "\"" + std::string(url) + "\" is not an upstream: " + reason +
                   " (expected http://HOST:PORT, optionally with a path prefix)";
        return std::nullopt;
    };
    constexpr std::string_view kScheme = "http://";
    if (url.starts_with("https://")) return fail("https is not supported, only plain http");
    if (!url.starts_with(kScheme)) return fail("it must start with http://");
    std::string_view rest = url.substr(kScheme.size());
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    Upstream u;
    if (slash != std::string_view::npos) {
        std::string_view prefix = rest.substr(slash);
        while (prefix.size() > 1 && prefix.back() == '/')
            prefix.remove_suffix(1);
        if (prefix != "/") u.prefix = std::string(prefix);
        if (u.prefix.find_first_of("?# \t") != std::string::npos)
            return fail("the path prefix may not hold a query, a fragment or spaces");
    }
    if (authority.find('@') != std::string_view::npos) return fail("credentials are not allowed");
    std::string_view portText;
    if (authority.starts_with("[")) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return fail("an IPv6 host needs its closing ]");
        u.host = std::string(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(":")) return fail("junk after the IPv6 host");
        portText = after.empty() ? std::string_view() : after.substr(1);
    } else {
        const std::size_t colon = authority.rfind(':');
        u.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) portText = authority.substr(colon + 1);
    }
    if (u.host.empty()) return fail("it names no host");
    if (!portText.empty()) {
        unsigned port = 0;
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc() || end != portText.data() + portText.size() || port == 0 ||
            port > 65535)
            return fail("the port must be a number from 1 to 65535");
        u.port = static_cast<std::uint16_t>(port);
    }
    return u;
}

} // namespace reslab
