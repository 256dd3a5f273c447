#include "serve/http_answer.h"

#include "serve/served_model.h"

#include <cmath>

namespace reslab {

std::int64_t retryAfterSeconds(Time retryAfter)
{
    if (retryAfter <= 0) return 0;
    return (retryAfter + kNanosPerSecond - 1) / kNanosPerSecond;
}

WireAnswer wireAnswer(std::string_view endpoint, const ServedAnswer& answer)
{
    const Result& r = answer.result;
    WireAnswer w;
    if (r.outcome == Outcome::Reset) {
        w.action = WireAction::Reset;
        return w;
    }
    if (r.outcome == Outcome::Timeout) {
        w.action = WireAction::Hold;
        return w;
    }
    w.status = r.status > 0 ? r.status : kDefaultStatus[static_cast<std::size_t>(Outcome::Error)];
    if (r.outcome == Outcome::RateLimited && r.retryAfter >= 0)
        w.retryAfterSeconds = retryAfterSeconds(r.retryAfter);
    w.body = "{\"endpoint\": \"" + std::string(endpoint) +
             "\", \"call\": " + std::to_string(answer.call) + ", \"outcome\": \"" +
             std::string(outcomeName(r.outcome)) + "\"}\n";
    return w;
}

std::string_view targetEndpoint(std::string_view target)
{
    if (target.empty() || target.front() != '/') return {};
    target.remove_prefix(1);
    const std::size_t end = target.find_first_of("/?#");
    return target.substr(0, end);
}

} // namespace reslab
