#pragma once
// How an editor shows one key of a scenario block: its label, unit, range, default and a tooltip
// naming the knob in the library it comes from. Pure data, so the engine's descriptors
// (policy/strategy_kind.h) carry their fields and the testbench builds its forms from them.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reslab {

struct FieldSpec
{
    enum class Kind
    {
        Number, // a JSON number, typed as text (empty: the default applies)
        Integer,
        Boolean, // a checkbox; unchecked removes the key (every boolean defaults to false)
        Choice,  // one of `choices`; for a key holding {"type": …} or a bare name, either form
        Text,    // a JSON string
        List,    // a JSON array of strings or integers, typed comma-separated
        // An optional object (Envoy's outlier_detection): a box that adds it when ticked and
        // removes it, with everything in it, when unticked. The fields whose `parent` it is are
        // in the box, shown while the object is there.
        Group,
        Section, // a titled box of the fields whose `parent` it is; no key of its own in the JSON
        Flags,   // a string of names from `choices`, comma-separated (Envoy's retry_on)
    };
    std::string key; // a JSON path relative to the block: "backoff.multiplier"
    std::string label;
    Kind kind = Kind::Number;
    std::string unit;        // shown after the field: "ms", "s", "/s", "× per retry"
    std::string range;       // shown in the tooltip: "≥ 1", "0 … 1"
    std::string defaultText; // shown greyed in the empty field
    std::string tooltip;     // what it does and its name in the anchor library
    std::vector<std::string> choices;
    // Shown only while the field `showKey` (relative, a Choice) holds one of `showValues`.
    std::string showKey;
    std::vector<std::string> showValues;
    // A choice left out of the file takes the value another choice implies: a breaker's mode
    // is "fires" under preset "opossum". Pairs of (value of `impliedBy`, implied value).
    std::string impliedBy;
    std::vector<std::pair<std::string, std::string>> implied;
    // The key of the Group or Section this field sits in ("" for the form itself).
    std::string parent;
};
using FieldSpecs = std::vector<FieldSpec>;

namespace fields {

// A default as the editor shows it: 0.5, 25, 60000 (no trailing zeros).
std::string text(double value);

FieldSpec number(std::string key, std::string label, std::string unit, std::string range,
                 std::string defaultText, std::string tooltip);
FieldSpec integer(std::string key, std::string label, std::string unit, std::string range,
                  std::string defaultText, std::string tooltip);
FieldSpec choice(std::string key, std::string label, std::vector<std::string> choices,
                 std::string defaultText, std::string tooltip);
template <class Table>
FieldSpec choice(std::string key, std::string label, const Table& table, std::string defaultText,
                 std::string tooltip)
{
    std::vector<std::string> names;
    for (std::string_view n : table.names())
        names.emplace_back(n);
    return choice(std::move(key), std::move(label), std::move(names), std::move(defaultText),
                  std::move(tooltip));
}
FieldSpec boolean(std::string key, std::string label, std::string tooltip);
FieldSpec list(std::string key, std::string label, std::string defaultText, std::string tooltip);
FieldSpec string(std::string key, std::string label, std::string defaultText, std::string tooltip);
// The field, shown only while `showKey` holds one of `values` ("" stands for absent).
FieldSpec when(FieldSpec f, std::string showKey, std::vector<std::string> values);
// The choice, taking the value `implied` pairs with `key`'s while it is absent itself.
FieldSpec impliedBy(FieldSpec f, std::string key,
                    std::vector<std::pair<std::string, std::string>> implied);

} // namespace fields

} // namespace reslab
