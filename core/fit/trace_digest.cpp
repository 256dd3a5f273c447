#include "fit/trace_digest.h"

#include "sim/rng.h"
#include "sim/time.h"
#include "trace/trace_io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

namespace reslab {

std::optional<FitGroup> fitGroupOf(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ok:
        return FitGroup::Ok;
    case Outcome::Error:
    case Outcome::Rejected:
        return FitGroup::Error;
    case Outcome::Fatal:
    case Outcome::Conflict:
        return FitGroup::Fatal;
    case Outcome::Timeout:
        return FitGroup::Timeout;
    case Outcome::Reset:
        return FitGroup::Reset;
    case Outcome::RateLimited:
        return FitGroup::RateLimited;
    default:
        return std::nullopt; // cancelled, and what the client made itself
    }
}

Reservoir::Reservoir(std::size_t capacity, std::uint64_t key)
    : m_capacity(capacity), m_state(streamKey(key, "fit reservoir"))
{
}

void Reservoir::offer(BinnedValue v)
{
    ++m_seen;
    if (m_values.size() < m_capacity) {
        m_values.push_back(v);
        return;
    }
    // Keep the n-th value with probability capacity/n, in place of a uniformly chosen one.
    m_state += kGoldenGamma;
    const std::uint64_t j = splitmix64Mix(m_state) % m_seen;
    if (j < m_capacity) m_values[j] = v;
}

CallSource traceFileSource(const std::string& path, bool skipBad,
                           std::function<void(std::uint64_t, std::uint64_t)> progress)
{
    return [path, skipBad, progress](const CallVisitor& visit, std::string* error) {
        TraceReadOptions options;
        options.skipBad = skipBad;
        options.progress = progress;
        const TraceLoad load =
            streamTraceFile(path, options, [&](const TraceCall& call, const Trace& seen) {
                visit(call, seen.endpoints[call.endpoint]);
            });
        if (!load.trace) {
            if (error) *error = formatTraceProblems(path, load.problems);
            return false;
        }
        return true;
    };
}

CallSource traceMemorySource(const Trace& trace)
{
    return [&trace](const CallVisitor& visit, std::string*) {
        for (const TraceCall& call : trace.calls)
            visit(call, trace.endpoints[call.endpoint]);
        return true;
    };
}

namespace {
std::string shortNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}
} // namespace

bool digestTrace(const CallSource& source, double binS, TraceDigest& out, std::string* error,
                 const std::optional<std::string>& only)
{
    out = TraceDigest{};
    // Pass 1: the span and the endpoints.
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::uint64_t> seen; // calls per endpoint in this pass
    Time earliest = std::numeric_limits<Time>::max(), latest = std::numeric_limits<Time>::min();
    const bool read = source(
        [&](const TraceCall& c, std::string_view endpoint) {
            auto [it, added] = index.try_emplace(std::string(endpoint), out.endpoints.size());
            if (added) {
                out.endpoints.emplace_back();
                out.endpoints.back().id = it->first;
                out.endpoints.back().first = c.t;
                out.endpoints.back().last = c.t;
            }
            EndpointDigest& e = out.endpoints[it->second];
            if (seen.size() <= it->second) seen.resize(it->second + 1, 0);
            ++seen[it->second];
            e.first = std::min(e.first, c.t);
            e.last = std::max(e.last, c.t);
            earliest = std::min(earliest, c.t);
            latest = std::max(latest, c.t);
            ++out.calls;
        },
        error);
    if (!read) return false;
    if (out.calls == 0) return true;
    std::uint64_t digested = out.calls; // the calls of the endpoints fitted
    if (only) {
        const auto it = index.find(*only);
        if (it == index.end()) {
            std::string known;
            for (std::size_t i = 0; i < out.endpoints.size() && i < 10; ++i)
                known += (known.empty() ? "" : ", ") +
                         (out.endpoints[i].id.empty() ? std::string("\"\"") : out.endpoints[i].id);
            if (out.endpoints.size() > 10) known += ", …";
            if (error)
                *error = "the trace has no endpoint \"" + *only + "\" (it has " + known + ")";
            return false;
        }
        digested = seen[it->second];
        EndpointDigest kept = std::move(out.endpoints[it->second]);
        out.otherEndpoints = out.endpoints.size() - 1;
        out.endpoints.clear();
        out.endpoints.push_back(std::move(kept));
        index = {{*only, 0}};
        earliest = out.endpoints.front().first; // its own span: the others' calls are not fitted
        latest = out.endpoints.front().last;
    } else if (out.endpoints.size() > kMaxFitEndpoints) {
        const auto busiest =
            static_cast<std::size_t>(std::max_element(seen.begin(), seen.end()) - seen.begin());
        if (error)
            *error = "the trace has " + std::to_string(out.endpoints.size()) +
                     " endpoints, more than the " + std::to_string(kMaxFitEndpoints) +
                     " fit takes at once: fit one with --endpoint NAME (the busiest is \"" +
                     out.endpoints[busiest].id + "\", " + std::to_string(seen[busiest]) + " calls)";
        return false;
    }
    out.origin = earliest;
    out.span = latest - earliest;
    const double spanS = toSeconds(out.span);
    // A sparse trace gets at most kMaxFitBinsPerCall bins per call digested (and at least
    // kMinSparseFitBins): the change points' cost is quadratic in the bins where nothing
    // changes, and ten calls over 20,000 bins took seconds per endpoint to say nothing.
    const double bins =
        std::min(static_cast<double>(kMaxFitBins),
                 std::max(static_cast<double>(kMinSparseFitBins),
                          static_cast<double>(kMaxFitBinsPerCall) * static_cast<double>(digested)));
    out.binS = binS > 0 ? binS : std::max(1.0, std::ceil(spanS / bins));
    // A call at the very end gets a bin of its own: bins cover [0, span].
    const double binCount = std::floor(spanS / out.binS) + 1;
    if (binCount > static_cast<double>(kMaxFitBins)) {
        if (error)
            *error = "--bin-s " + shortNumber(out.binS) + " over the trace's span of " +
                     std::to_string(std::llround(spanS)) + " s makes " +
                     std::to_string(std::llround(binCount)) + " bins, more than the " +
                     std::to_string(kMaxFitBins) + " fit takes: give --bin-s of at least " +
                     std::to_string(std::llround(std::ceil(spanS / (kMaxFitBins - 1)))) +
                     ", or leave it out";
        return false;
    }
    out.binCount = static_cast<std::size_t>(binCount);
    out.healthWindowS =
        kHealthWindowS *
        std::max(1.0, std::ceil(spanS / kHealthWindowS / static_cast<double>(kMaxHealthWindows)));
    const auto minutes = static_cast<std::size_t>(std::floor(spanS / out.healthWindowS)) + 1;
    for (std::size_t i = 0; i < out.endpoints.size(); ++i) {
        EndpointDigest& e = out.endpoints[i];
        e.bins.assign(out.binCount, FitBin{});
        e.minutes.assign(minutes, HealthMinute{});
        // Each endpoint's samples from its own stream, so adding an endpoint changes no other.
        e.okLatency = Reservoir(kLatencyReservoir, fnv1a64(e.id) ^ 1);
        e.retryAfter = Reservoir(kSmallReservoir, fnv1a64(e.id) ^ 2);
        e.timeoutLatency = Reservoir(kSmallReservoir, fnv1a64(e.id) ^ 3);
    }

    // Pass 2: the bins, the minutes and the samples.
    std::array<std::unordered_map<int, std::uint64_t>, kFitGroupCount> noStatuses;
    std::vector<std::array<std::unordered_map<int, std::uint64_t>, kFitGroupCount>> statuses(
        out.endpoints.size(), noStatuses);
    const bool again = source(
        [&](const TraceCall& c, std::string_view endpoint) {
            const auto it = index.find(std::string(endpoint));
            if (it == index.end()) return; // the source changed between the passes
            EndpointDigest& e = out.endpoints[it->second];
            const double atS = toSeconds(c.t - out.origin);
            const auto bin =
                std::min(out.binCount - 1, static_cast<std::size_t>(std::max(0.0, atS / out.binS)));
            const auto minute =
                std::min(e.minutes.size() - 1,
                         static_cast<std::size_t>(std::max(0.0, atS / out.healthWindowS)));
            ++e.calls;
            if (c.attempt > 1) ++e.retries;
            const auto group = fitGroupOf(c.outcome);
            if (!group) {
                ++e.cancelled;
                return;
            }
            FitBin& b = e.bins[bin];
            if (c.attempt <= 1) b.arrivals += 1;
            b.groups[static_cast<std::size_t>(*group)] += 1;
            ++statuses[it->second][static_cast<std::size_t>(*group)][c.status];
            const double ms = toMillis(c.latency);
            HealthMinute& m = e.minutes[minute];
            ++m.calls;
            if (*group == FitGroup::Ok) ++m.ok;
            m.latency.record(ms);
            const auto where = static_cast<std::uint32_t>(bin);
            switch (*group) {
            case FitGroup::Ok: {
                const double y = std::log(std::max(ms, 1e-3));
                b.okLogSum += y;
                b.okLogSquares += y * y;
                e.okLatency.offer({where, static_cast<float>(ms)});
                break;
            }
            case FitGroup::Timeout:
                e.timeoutLatency.offer({where, static_cast<float>(ms)});
                break;
            case FitGroup::RateLimited:
                if (c.retryAfter >= 0)
                    e.retryAfter.offer({where, static_cast<float>(toMillis(c.retryAfter))});
                break;
            default:
                break;
            }
        },
        error);
    if (!again) return false;
    for (std::size_t i = 0; i < out.endpoints.size(); ++i)
        for (std::size_t g = 0; g < kFitGroupCount; ++g) {
            auto& list = out.endpoints[i].statuses[g];
            list.assign(statuses[i][g].begin(), statuses[i][g].end());
            std::sort(list.begin(), list.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second; });
        }
    return true;
}

} // namespace reslab
