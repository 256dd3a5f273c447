#include "trace/status_map.h"

#include <charconv>

namespace reslab {

std::optional<Outcome> importedOutcome(std::string_view name)
{
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return outcomeFromName(lower);
}

Outcome StatusMap::outcomeOf(int status) const
{
    if (auto it = m_single.find(status); it != m_single.end()) return it->second;
    if (auto it = m_class.find(status / 100); it != m_class.end()) return it->second;
    if (status == 0) return Outcome::Reset;
    if (status == 408 || status == 504) return Outcome::Timeout;
    if (status == 409) return Outcome::Conflict;
    if (status == 429) return Outcome::RateLimited;
    if (status >= 200 && status < 400) return Outcome::Ok;
    if (status >= 400 && status < 500) return Outcome::Fatal;
    if (status >= 500 && status < 600) return Outcome::Error;
    return Outcome::Error; // 1xx or out of range: not an answer the client could use
}

namespace {
// "\"503:error\": expected STATUS=OUTCOME", appended piece by piece (GCC 12 at -O3 warns wrongly,
// -Wrestrict, about `"literal" + std::string`).
std::string problem(std::string_view item, std::string_view message)
{
    std::string out;
    out.reserve(item.size() + message.size() + 4);
    out += '"';
    out += item;
    out += "\": ";
    out += message;
    return out;
}
} // namespace

std::optional<std::string> StatusMap::parseOverrides(std::string_view text, StatusMap& into)
{
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        start = end + 1;
        if (item.empty()) continue;
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos) return problem(item, "expected STATUS=OUTCOME");
        const std::string_view code = item.substr(0, eq);
        const auto outcome = importedOutcome(item.substr(eq + 1));
        if (!outcome)
            return problem(item, "unknown outcome \"" + std::string(item.substr(eq + 1)) + "\"");
        if (code.size() == 3 && (code.substr(1) == "xx" || code.substr(1) == "XX") &&
            code[0] >= '1' && code[0] <= '5') {
            into.setClass(code[0] - '0', *outcome);
            continue;
        }
        int status = -1;
        const auto r = std::from_chars(code.data(), code.data() + code.size(), status);
        if (r.ec != std::errc() || r.ptr != code.data() + code.size() || status < 0 || status > 999)
            return problem(item, "expected a status (0 … 999) or a class (1xx … 5xx)");
        into.set(status, *outcome);
        if (start > text.size()) break;
    }
    return std::nullopt;
}

} // namespace reslab
