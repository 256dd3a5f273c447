#pragma once
// How the fault model's answers look on the wire (docs/serve.md, "Answers"): the outcome's status
// (the endpoint's own `statuses` for error and fatal), a Retry-After on 429, and two headers that
// name the call, so a client's log can be matched to the simulation's. `reset` is not a response
// but a TCP reset; `timeout` is no response at all.

#include "metrics/outcome.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reslab {

enum class WireAction : std::uint8_t
{
    Respond, // write an HTTP response
    Reset,   // abort the connection (RST)
    Hold,    // write nothing; the client's own timeout ends it
};

struct WireAnswer
{
    WireAction action = WireAction::Respond;
    int status = 200;
    std::optional<std::int64_t> retryAfterSeconds;
    std::string body; // JSON
};

struct ServedAnswer;
WireAnswer wireAnswer(std::string_view endpoint, const ServedAnswer& answer);

// Retry-After in whole seconds (RFC 9110 §10.2.3 delay-seconds), rounded up so that a client
// honouring it never comes back before the bucket has a token.
std::int64_t retryAfterSeconds(Time retryAfter);

// Retry-After as an HTTP date (RFC 9110 §5.6.7 IMF-fixdate), `retryAfter` after `nowUnixMs`,
// rounded up to the next whole second so that a client honouring it never comes back early:
// "Wed, 02 Dec 2026 04:00:01 GMT".
std::string retryAfterHttpDate(std::int64_t nowUnixMs, Time retryAfter);

// A versioned_record's version as an entity tag ("\"v7\"") and back. An If-Match names the
// version a write expects: its first tag of ours (weak or strong); `*` or no header expects
// none (the write checks the version its service starts on, as in the simulation); a tag that
// is not ours expects a version that never exists, so the write conflicts.
std::string entityTag(std::uint64_t version);
struct IfMatch
{
    std::optional<std::uint64_t> expected;
};
IfMatch parseIfMatch(std::string_view header);
inline constexpr std::uint64_t kNoSuchVersion = ~std::uint64_t{0};

// The endpoint a request target names: its first path segment ("/api/orders/7?x=1" → "api");
// empty when there is none.
std::string_view targetEndpoint(std::string_view target);

// Headers the served answers carry.
inline constexpr std::string_view kCallHeader = "X-Reslab-Call";
inline constexpr std::string_view kOutcomeHeader = "X-Reslab-Outcome";
// A header a client may send with each attempt, naming the request it belongs to, so that a
// recorded trace has requests and attempts (compare --recorded compares them with the
// simulation's).
inline constexpr std::string_view kRequestHeader = "X-Reslab-Request";

// The request id an X-Reslab-Request value stands for: a decimal number as itself, any other
// token (a UUID, say) by its 63-bit FNV-1a hash; none for an empty value.
std::optional<std::uint64_t> clientRequestId(std::string_view value);

} // namespace reslab
