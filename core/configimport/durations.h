#pragma once
// The duration syntaxes of the configurations import-config reads, each as its own library
// parses it, in milliseconds. Each returns nullopt with the reason in `error` when the text is not
// one; none accepts a negative duration (none of the importers' settings takes one).

#include <optional>
#include <string>
#include <string_view>

namespace reslab {

// Spring Boot's java.time.Duration conversion (DurationStyle): "500ms", "10s", "1m", "2h", "1d",
// "100us", "100ns", a bare number of milliseconds (the default unit), or ISO-8601 "PT10S",
// "PT1.5S", "P1DT2H" (java.time.Duration.parse).
std::optional<double> springDurationMs(std::string_view text, std::string& error);

// .NET TimeSpan.Parse with the invariant culture: "[d.]hh:mm[:ss[.fffffff]]", or a bare whole
// number, which is a number of DAYS ("5" is five days, not five seconds; `bareDays` says so).
std::optional<double> timeSpanMs(std::string_view text, std::string& error,
                                 bool* bareDays = nullptr);

// A protobuf Duration in its JSON form (gRPC service config): decimal seconds with an "s"
// suffix, at most nine fractional digits: "0.5s", "30s".
std::optional<double> protoDurationMs(std::string_view text, std::string& error);

// A decimal number as Java's and .NET's parsers take it: [+-]digits[.digits][(e|E)[+-]digits],
// finite. NaN, Infinity, hexadecimal and empty text are refused.
std::optional<double> parseDecimal(std::string_view text);
// A whole number in [min, max] (leading '+' allowed, as Integer.parseInt and int.Parse take it).
std::optional<long long> parseWhole(std::string_view text, long long min, long long max);
// true/false in any case (Spring also takes YAML 1.1's yes/no/on/off: `yamlWords`).
std::optional<bool> parseBoolean(std::string_view text, bool yamlWords);

// "500 ms", "2 s", "1.5 min": a duration as people read it, for notes.
std::string msText(double ms);

} // namespace reslab
