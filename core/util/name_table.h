#pragma once
// One table per enum ↔ name mapping: what the scenario reader accepts, the writer writes, the
// editor offers, the CLI prints and the exporters read come from the same entries, so a name is
// spelled once. Order is the order users see (menus, "expected one of" lists).

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reslab {

template <class Enum, std::size_t N> struct NameTable
{
    std::array<std::pair<Enum, std::string_view>, N> entries;

    // Every value of the enum has an entry (checked by the tests of each table's owner), so an
    // unknown value is a programming error; it reads as "?" rather than crashing a report.
    constexpr std::string_view name(Enum value) const
    {
        for (const auto& [e, n] : entries)
            if (e == value) return n;
        return "?";
    }
    constexpr std::optional<Enum> find(std::string_view name) const
    {
        for (const auto& [e, n] : entries)
            if (n == name) return e;
        return std::nullopt;
    }
    std::vector<std::string_view> names() const
    {
        std::vector<std::string_view> out;
        for (const auto& entry : entries)
            out.push_back(entry.second);
        return out;
    }
    // "a, b, c": for messages ("expected one of: …").
    std::string list() const
    {
        std::string out;
        for (const auto& entry : entries) {
            if (!out.empty()) out += ", ";
            out += entry.second;
        }
        return out;
    }
    static constexpr std::size_t size() { return N; }
};

template <class Enum, class... Entries> constexpr auto makeNameTable(Entries... entries)
{
    return NameTable<Enum, sizeof...(Entries)>{{{entries...}}};
}

} // namespace reslab
