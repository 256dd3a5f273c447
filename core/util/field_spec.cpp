#include "util/field_spec.h"

#include <cstdio>

namespace reslab::fields {

std::string text(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

namespace {
FieldSpec make(std::string key, std::string label, FieldSpec::Kind kind, std::string unit,
               std::string range, std::string defaultText, std::string tooltip)
{
    FieldSpec f;
    f.key = std::move(key);
    f.label = std::move(label);
    f.kind = kind;
    f.unit = std::move(unit);
    f.range = std::move(range);
    f.defaultText = std::move(defaultText);
    f.tooltip = std::move(tooltip);
    return f;
}
} // namespace

FieldSpec number(std::string key, std::string label, std::string unit, std::string range,
                 std::string defaultText, std::string tooltip)
{
    return make(std::move(key), std::move(label), FieldSpec::Kind::Number, std::move(unit),
                std::move(range), std::move(defaultText), std::move(tooltip));
}

FieldSpec integer(std::string key, std::string label, std::string unit, std::string range,
                  std::string defaultText, std::string tooltip)
{
    return make(std::move(key), std::move(label), FieldSpec::Kind::Integer, std::move(unit),
                std::move(range), std::move(defaultText), std::move(tooltip));
}

FieldSpec choice(std::string key, std::string label, std::vector<std::string> choices,
                 std::string defaultText, std::string tooltip)
{
    FieldSpec f = make(std::move(key), std::move(label), FieldSpec::Kind::Choice, {}, {},
                       std::move(defaultText), std::move(tooltip));
    f.choices = std::move(choices);
    return f;
}

FieldSpec boolean(std::string key, std::string label, std::string tooltip)
{
    return make(std::move(key), std::move(label), FieldSpec::Kind::Boolean, {}, {}, "false",
                std::move(tooltip));
}

FieldSpec list(std::string key, std::string label, std::string defaultText, std::string tooltip)
{
    return make(std::move(key), std::move(label), FieldSpec::Kind::List, {}, {},
                std::move(defaultText), std::move(tooltip));
}

FieldSpec string(std::string key, std::string label, std::string defaultText, std::string tooltip)
{
    return make(std::move(key), std::move(label), FieldSpec::Kind::Text, {}, {},
                std::move(defaultText), std::move(tooltip));
}

FieldSpec when(FieldSpec f, std::string showKey, std::vector<std::string> values)
{
    f.showKey = std::move(showKey);
    f.showValues = std::move(values);
    return f;
}

FieldSpec impliedBy(FieldSpec f, std::string key,
                    std::vector<std::pair<std::string, std::string>> implied)
{
    f.impliedBy = std::move(key);
    f.implied = std::move(implied);
    return f;
}

} // namespace reslab::fields
