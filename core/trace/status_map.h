#pragma once
// From an HTTP status to an outcome, for imported traces: 2xx and 3xx ok, 408 and 504 timeout,
// 409 conflict, 429 rate_limited, other 4xx fatal, 5xx error; status 0 (no response) is a network
// failure, `reset`. Overrides ("503=rejected,404=ok,5xx=error") replace single statuses or classes.

#include "metrics/outcome.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace reslab {

// An outcome named in data from elsewhere (a CSV's outcome column, --status-map): any case, as
// monitoring exports write "OK" or "Timeout"; nullopt for a name that is no outcome.
std::optional<Outcome> importedOutcome(std::string_view name);

class StatusMap
{
public:
    // Parses "STATUS=OUTCOME,…" where STATUS is a code (503) or a class (5xx); an error names
    // the bad item.
    static std::optional<std::string> parseOverrides(std::string_view text, StatusMap& into);

    Outcome outcomeOf(int status) const;
    void set(int status, Outcome o) { m_single[status] = o; }
    void setClass(int hundreds, Outcome o) { m_class[hundreds] = o; }

private:
    std::map<int, Outcome> m_single;
    std::map<int, Outcome> m_class; // 1 … 5
};

} // namespace reslab
