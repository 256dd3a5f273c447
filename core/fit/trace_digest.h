#pragma once
// What `fit` needs of a trace, gathered in two streaming passes, so a trace of any size fits in
// bounded memory: the first pass finds the span and the endpoints, the second bins every call by
// its start (arrivals, outcomes, the log-latency of the successes) and keeps a fixed-size uniform
// sample (reservoir) of the latencies and Retry-Afters. Per minute it also keeps each endpoint's
// successes and a coarse latency histogram: the trace's health, to hold the fitted model to.

#include "fit/coarse_histogram.h"
#include "trace/trace.h"
#include "util/name_table.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

// Bins: a second wide, unless the trace is so long that more than kMaxFitBins would be needed;
// then as many whole seconds as keep it under (change points run in about linear time in bins).
inline constexpr std::size_t kMaxFitBins = 20'000;
// A sparse trace's bins are widened to at most this many per call (at least kMinSparseFitBins in
// all): where nothing happens, finer bins cost time and tell nothing.
inline constexpr std::size_t kMaxFitBinsPerCall = 10;
inline constexpr std::size_t kMinSparseFitBins = 100;
// The latencies kept for fitting a distribution, per endpoint: beyond this a uniform sample
// (the fit's standard errors are already below a percent).
inline constexpr std::size_t kLatencyReservoir = 200'000;
inline constexpr std::size_t kSmallReservoir = 20'000;  // Retry-After values, timed-out latencies
inline constexpr double kHealthWindowS = 60.0;          // the trace's health: per minute …
inline constexpr std::size_t kMaxHealthWindows = 2'000; // … or wider windows beyond 33 hours
// Each endpoint fitted holds its bins and health windows (a few MB at most); a trace with more
// endpoints than this is fitted one endpoint at a time (--endpoint).
inline constexpr std::size_t kMaxFitEndpoints = 64;

// The outcome groups a fitted endpoint can answer with (model/endpoint.cpp draws them), and which
// recorded outcome goes in which: a 503 from a full queue is an error to the fitted model, a 409
// conflict a fatal answer. Cancelled calls (the client let go) are left out.
enum class FitGroup
{
    Ok,
    Error,
    Fatal,
    Timeout,
    Reset,
    RateLimited
};
inline constexpr std::size_t kFitGroupCount = 6;
inline constexpr auto kFitGroupNames =
    makeNameTable<FitGroup>(std::pair{FitGroup::Ok, std::string_view("ok")},
                            std::pair{FitGroup::Error, std::string_view("error")},
                            std::pair{FitGroup::Fatal, std::string_view("fatal")},
                            std::pair{FitGroup::Timeout, std::string_view("timeout")},
                            std::pair{FitGroup::Reset, std::string_view("reset")},
                            std::pair{FitGroup::RateLimited, std::string_view("rate_limited")});
std::optional<FitGroup> fitGroupOf(Outcome outcome);

// A sample, with the bin it was recorded in.
struct BinnedValue
{
    std::uint32_t bin = 0;
    float ms = 0.0f;
};

// A uniform sample of at most `capacity` values (Vitter's algorithm R), from a seeded stream so a
// fit is reproducible.
class Reservoir
{
public:
    explicit Reservoir(std::size_t capacity, std::uint64_t key);
    void offer(BinnedValue v);
    const std::vector<BinnedValue>& values() const { return m_values; }
    std::uint64_t seen() const { return m_seen; }

private:
    std::size_t m_capacity;
    std::vector<BinnedValue> m_values;
    std::uint64_t m_seen = 0;
    std::uint64_t m_state;
};

struct FitBin
{
    double arrivals = 0; // first attempts (attempt 1, or no attempt recorded)
    std::array<double, kFitGroupCount> groups{};
    double okLogSum = 0, okLogSquares = 0; // ln(latency ms) of the successes
};

struct HealthMinute
{
    std::uint64_t calls = 0, ok = 0;
    CoarseHistogram latency; // every answered call's latency
};

struct EndpointDigest
{
    std::string id;
    std::uint64_t calls = 0;
    std::uint64_t retries = 0;   // calls recorded as attempt 2 or later
    std::uint64_t cancelled = 0; // left out
    Time first = 0, last = 0;    // starts
    std::vector<FitBin> bins;
    std::vector<HealthMinute> minutes;
    Reservoir okLatency{kLatencyReservoir, 1};
    Reservoir retryAfter{kSmallReservoir, 2};
    Reservoir timeoutLatency{kSmallReservoir, 3};
    std::array<std::vector<std::pair<int, std::uint64_t>>, kFitGroupCount> statuses; // status, n
};

struct TraceDigest
{
    std::uint64_t calls = 0;
    Time origin = 0; // the earliest start: fitted time 0
    Time span = 0;   // latest start − origin
    double binS = 1.0;
    std::size_t binCount = 0;
    double healthWindowS = kHealthWindowS;
    std::uint64_t otherEndpoints = 0; // endpoints seen but not digested (an endpoint was chosen)
    std::vector<EndpointDigest> endpoints; // in the order first seen
};

// A trace that can be read more than once: calls `visit` on every call; false with `error` set
// when it could not be read (the error names the file and line).
using CallVisitor = std::function<void(const TraceCall&, std::string_view endpoint)>;
using CallSource = std::function<bool(const CallVisitor& visit, std::string* error)>;

// `progress` (may be empty) hears the bytes read of each pass and the file's size.
CallSource traceFileSource(const std::string& path, bool skipBad,
                           std::function<void(std::uint64_t, std::uint64_t)> progress = {});
CallSource traceMemorySource(const Trace& trace); // the trace must outlive the source

// binS ≤ 0: chosen as above. `only` set: that endpoint alone is digested (the others are counted).
// False with `error` when the source fails, when `only` is not in the trace, or when more than
// kMaxFitEndpoints endpoints would be digested.
bool digestTrace(const CallSource& source, double binS, TraceDigest& out, std::string* error,
                 const std::optional<std::string>& only = std::nullopt);

} // namespace reslab
