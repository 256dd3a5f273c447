#pragma once
// The values a sweep gives a parameter, as `--param PATH=VALUES` writes them (docs/sweep.md):
//   1,2,4              a list (numbers, true/false, or names: none,full,equal)
//   100..2000/20       20 values evenly spaced from 100 to 2000, both included
//   10..10000*x2       10, 20, 40, … up to 10000 (a geometric range by its factor)
//   log:10..10000/12   12 values evenly spaced on a log scale from 10 to 10000

#include "scenario/param_path.h"

#include <QJsonValue>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

// One parameter can take at most this many values (a range that asks for more is refused).
inline constexpr std::size_t kMaxParamValues = 100'000;

struct ParamSpec
{
    ParamPath path;
    std::vector<QJsonValue> values; // in the order given
};

std::optional<std::vector<QJsonValue>> parseParamValues(const std::string& text,
                                                        std::string& error);
// "PATH=VALUES".
std::optional<ParamSpec> parseParamSpec(const std::string& text, std::string& error);

// A value as the output writes it: numbers in their shortest round-trip form, names as they are.
std::string paramValueText(const QJsonValue& value);

} // namespace reslab
