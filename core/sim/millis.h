#pragma once
// Virtual time as milliseconds in text, exactly, both ways: what the CSV, summary and trace files
// write and read. Nanoseconds print with up to six decimals and no trailing zeros, so a time
// written and read back is the same integer.

#include "sim/time.h"

#include <optional>
#include <string>
#include <string_view>

namespace reslab {

std::string formatMillis(Time t);
void appendMillis(std::string& out, Time t);
// "12.5" → 12'500'000 ns. Plain decimals are read exactly (digits past the sixth decimal are
// dropped); other number forms go through a double. Null for text that is no number or a time
// beyond ~126 years.
std::optional<Time> parseMillis(std::string_view number);

} // namespace reslab
