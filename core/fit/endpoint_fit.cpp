#include "fit/endpoint_fit.h"

#include "fit/fit_text.h"
#include "trace/change_points.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab {

namespace {

constexpr std::size_t kOk = static_cast<std::size_t>(FitGroup::Ok);
constexpr std::size_t kError = static_cast<std::size_t>(FitGroup::Error);
constexpr std::size_t kFatal = static_cast<std::size_t>(FitGroup::Fatal);
constexpr std::size_t kTimeout = static_cast<std::size_t>(FitGroup::Timeout);
constexpr std::size_t kReset = static_cast<std::size_t>(FitGroup::Reset);
constexpr std::size_t kRateLimited = static_cast<std::size_t>(FitGroup::RateLimited);
// A latency change is significant at this many standard errors of the difference of the means
// (and must also be practical, kPhaseMinLatencyRatio); successes fewer than this say nothing.
constexpr double kLatencySigmas = 4.0;
constexpr std::uint64_t kMinLatencyCalls = 20;
// A rate limit is modelled when at least this share of a segment's calls were told to wait.
constexpr double kMinRateLimitedShare = 0.001;

// What a run of bins adds up to: everything a segment's statistics are made of.
struct Sums
{
    std::array<double, kFitGroupCount> groups{};
    double okLog = 0, okLogSquares = 0;
    void add(const FitBin& b)
    {
        for (std::size_t g = 0; g < kFitGroupCount; ++g)
            groups[g] += b.groups[g];
        okLog += b.okLogSum;
        okLogSquares += b.okLogSquares;
    }
    void add(const Sums& o)
    {
        for (std::size_t g = 0; g < kFitGroupCount; ++g)
            groups[g] += o.groups[g];
        okLog += o.okLog;
        okLogSquares += o.okLogSquares;
    }
    double calls() const
    {
        double n = 0;
        for (double v : groups)
            n += v;
        return n;
    }
};

struct Piece
{
    std::size_t begin, end;
    Sums sums;
};

FittedSegment segmentOf(const Piece& p, double binS)
{
    FittedSegment s;
    s.begin = p.begin;
    s.end = p.end;
    s.startS = static_cast<double>(p.begin) * binS;
    s.endS = static_cast<double>(p.end) * binS;
    const double n = p.sums.calls();
    s.calls = static_cast<std::uint64_t>(n);
    for (std::size_t g = 0; g < kFitGroupCount; ++g)
        s.shares[g] = n > 0 ? p.sums.groups[g] / n : 0.0;
    const double m = p.sums.groups[kOk];
    s.okCount = static_cast<std::uint64_t>(m);
    if (m > 0) {
        s.okLogMean = p.sums.okLog / m;
        const double var = std::max(0.0, p.sums.okLogSquares / m - s.okLogMean * s.okLogMean);
        s.okLogStdError = std::sqrt(var / m);
    }
    return s;
}

struct Difference
{
    bool shares = false, latency = false;
    bool any() const { return shares || latency; }
};

Difference compare(const FittedSegment& a, const FittedSegment& b)
{
    Difference d;
    for (std::size_t g = 0; g < kFitGroupCount; ++g)
        if (std::abs(a.shares[g] - b.shares[g]) >= kPhaseMinShareChange) d.shares = true;
    if (a.okCount >= kMinLatencyCalls && b.okCount >= kMinLatencyCalls) {
        const double gap = std::abs(a.okLogMean - b.okLogMean);
        const double se = std::hypot(a.okLogStdError, b.okLogStdError);
        d.latency = gap > std::log(kPhaseMinLatencyRatio) && gap > kLatencySigmas * se;
    }
    return d;
}

// The engine draws one fate per call — error, fatal, timeout, reset or ok — and answers a reset
// before the rate limit, the rate limit before the rest (model/endpoint.cpp). So the recorded
// shares are: reset = p_reset; rate limited = (1 − p_reset)·q; error = p_error·(1 − q), and so
// on. Solved for the p's.
FailureSpec failuresFor(const std::array<double, kFitGroupCount>& share)
{
    FailureSpec f;
    f.reset = share[kReset];
    const double admitted = 1.0 - share[kReset] - share[kRateLimited];
    const double scale = admitted > 1e-12 ? (1.0 - share[kReset]) / admitted : 1.0;
    f.error = share[kError] * scale;
    f.fatal = share[kFatal] * scale;
    f.timeout = share[kTimeout] * scale;
    const double total = f.error + f.fatal + f.timeout + f.reset;
    if (total > 1.0) { // rounding only: the shares sum to 1
        f.error /= total;
        f.fatal /= total;
        f.timeout /= total;
        f.reset /= total;
    }
    return f;
}

FailureSpec roundedFailures(FailureSpec f)
{
    for (double* p : {&f.error, &f.fatal, &f.timeout, &f.reset})
        *p = significant(*p);
    // Rounding up may pass 1 (0.3334 + 0.6667): the largest gives back the excess, which is far
    // below it (four digits of each).
    const double total = f.error + f.fatal + f.timeout + f.reset;
    if (total > 1.0) {
        double* largest = &f.error;
        for (double* p : {&f.fatal, &f.timeout, &f.reset})
            if (*p > *largest) largest = p;
        *largest = std::max(0.0, *largest - (total - 1.0));
    }
    return f;
}

double median(std::vector<double> v)
{
    if (v.empty()) return std::nan("");
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

std::vector<double> samplesIn(const Reservoir& r, std::size_t begin, std::size_t end)
{
    std::vector<double> out;
    for (const BinnedValue& v : r.values())
        if (v.bin >= begin && v.bin < end) out.push_back(v.ms);
    return out;
}

std::optional<RateLimitSpec> rateLimitFor(const FittedSegment& s, const EndpointDigest& e)
{
    if (s.shares[kRateLimited] < kMinRateLimitedShare) return std::nullopt;
    // A bucket that lets through what went through: the calls that were not turned away, per
    // second, with a second's worth of burst.
    const double seconds = std::max(1e-9, s.endS - s.startS);
    const double passed =
        static_cast<double>(s.calls) * (1.0 - s.shares[kRateLimited] - s.shares[kReset]);
    RateLimitSpec rl;
    // Within what a scenario's rate_limit takes (endpoint_reader.cpp): up to 1e9 per second, and
    // a Retry-After up to the longest duration (a float sample may round past it).
    rl.ratePerS = std::min(significant(std::max(passed / seconds, 1e-3)), kMaxFitRatePerS);
    rl.burst = std::max(1.0, std::round(rl.ratePerS));
    const double ra = median(samplesIn(e.retryAfter, s.begin, s.end));
    if (std::isfinite(ra)) rl.retryAfterMs = std::min(significant(ra), kMaxDurationMs);
    return rl;
}

// The commonest status in [low, high] (a scenario's statuses.error is 500 … 599, .fatal 400 …
// 499); `otherwise` when the group answered none in range, and then a note names what it did
// answer, which the model cannot.
int commonestStatus(const std::vector<std::pair<int, std::uint64_t>>& statuses, int low, int high,
                    int otherwise, const char* group, std::vector<std::string>& notes)
{
    for (const auto& [status, n] : statuses)
        if (status >= low && status <= high) return status;
    if (!statuses.empty())
        notes.push_back(std::string(group) + " calls answered status " +
                        std::to_string(statuses.front().first) +
                        (statuses.size() > 1 ? " (and others)" : "") + ", which a scenario's " +
                        group + " cannot (" + std::to_string(low) + " … " + std::to_string(high) +
                        "); the model answers " + std::to_string(otherwise));
    return otherwise;
}

} // namespace

EndpointFit fitEndpoint(const TraceDigest& digest, const EndpointDigest& e)
{
    EndpointFit fit;
    fit.id = e.id;
    fit.calls = e.calls;
    fit.retries = e.retries;
    const std::size_t n = e.bins.size();
    std::vector<double> arrivals(n);
    for (std::size_t i = 0; i < n; ++i) {
        arrivals[i] = e.bins[i].arrivals;
        fit.arrivals += static_cast<std::uint64_t>(e.bins[i].arrivals);
    }
    ChangePointOptions rateOptions;
    rateOptions.minSegment = kMinFitSegmentBins;
    fit.rate = poissonSegments(arrivals, rateOptions);

    // Prefix sums for the phase cost.
    std::vector<Sums> prefix(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        prefix[i + 1] = prefix[i];
        prefix[i + 1].add(e.bins[i]);
    }
    auto between = [&](std::size_t s, std::size_t t) {
        Sums d = prefix[t];
        for (std::size_t g = 0; g < kFitGroupCount; ++g)
            d.groups[g] -= prefix[s].groups[g];
        d.okLog -= prefix[s].okLog;
        d.okLogSquares -= prefix[s].okLogSquares;
        return d;
    };
    // The pooled within-bin variance of ln latency: the noise a latency change must stand out of.
    double within = 0, okCalls = 0, okBins = 0;
    for (const FitBin& b : e.bins) {
        const double m = b.groups[kOk];
        if (m <= 0) continue;
        within += std::max(0.0, b.okLogSquares - b.okLogSum * b.okLogSum / m);
        okCalls += m;
        okBins += 1;
    }
    const double variance = okCalls > okBins ? within / (okCalls - okBins) : 0.0;
    const bool latencyTerm = variance > 1e-12;
    int groupsPresent = 0;
    for (std::size_t g = 0; g < kFitGroupCount; ++g)
        if (prefix[n].groups[g] > 0) ++groupsPresent;
    const int parameters = std::max(0, groupsPresent - 1) + (latencyTerm ? 1 : 0);

    std::vector<Piece> pieces;
    if (parameters == 0 || n < 2 * kMinFitSegmentBins) {
        pieces.push_back(Piece{0, n, prefix[n]});
    } else {
        auto cost = [&](std::size_t s, std::size_t t) {
            const Sums d = between(s, t);
            const double total = d.calls();
            double c = 0;
            for (double k : d.groups)
                if (k > 0) c -= 2.0 * k * std::log(k / total);
            const double m = d.groups[kOk];
            if (latencyTerm && m > 0)
                c += std::max(0.0, d.okLogSquares - d.okLog * d.okLog / m) / variance;
            return c;
        };
        for (auto [s, t] :
             peltSegmentation(n, cost, mbicPenalty(n, parameters), kMinFitSegmentBins))
            pieces.push_back(Piece{s, t, between(s, t)});
    }
    // Merge neighbours that differ by less than anyone would model, until none do.
    for (bool merged = true; merged && pieces.size() > 1;) {
        merged = false;
        for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {
            if (compare(segmentOf(pieces[i], digest.binS), segmentOf(pieces[i + 1], digest.binS))
                    .any())
                continue;
            pieces[i].end = pieces[i + 1].end;
            pieces[i].sums.add(pieces[i + 1].sums);
            pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            merged = true;
            break;
        }
    }
    for (const Piece& p : pieces)
        fit.segments.push_back(segmentOf(p, digest.binS));

    // The base: the longest segment — the trace's ordinary behaviour, which the others depart from.
    for (std::size_t i = 1; i < fit.segments.size(); ++i)
        if (fit.segments[i].end - fit.segments[i].begin >
            fit.segments[fit.base].end - fit.segments[fit.base].begin)
            fit.base = i;
    std::vector<double> baseLatency;
    std::uint64_t baseSuccesses = 0; // the successes the base's sample stands for
    for (FittedSegment& s : fit.segments) {
        const Difference d = compare(s, fit.segments[fit.base]);
        s.differs = &s != &fit.segments[fit.base] && d.any();
        s.latencyDiffers = s.differs && d.latency;
        s.failures = roundedFailures(failuresFor(s.shares));
        s.rateLimit = rateLimitFor(s, e);
        std::vector<double> mine = samplesIn(e.okLatency, s.begin, s.end);
        if (s.latencyDiffers) {
            s.latency = fitLatency(std::move(mine));
            s.latency.population = s.okCount;
        } else {
            baseLatency.insert(baseLatency.end(), mine.begin(), mine.end());
            baseSuccesses += s.okCount;
        }
    }
    fit.latency = fitLatency(std::move(baseLatency));
    fit.latency.population = baseSuccesses;
    // The endpoint's own blocks: every segment like the base, pooled (the day's ordinary
    // behaviour is all of its ordinary stretches, not only the longest).
    Piece ordinary{fit.segments[fit.base].begin, fit.segments[fit.base].end, {}};
    double ordinaryS = 0;
    for (std::size_t k = 0; k < pieces.size(); ++k)
        if (!fit.segments[k].differs) {
            ordinary.sums.add(pieces[k].sums);
            ordinaryS += fit.segments[k].endS - fit.segments[k].startS;
        }
    FittedSegment base = segmentOf(ordinary, digest.binS);
    base.startS = 0;
    base.endS = ordinaryS; // its length, for the rate limit's rate
    base.failures = roundedFailures(failuresFor(base.shares));
    base.rateLimit = rateLimitFor(base, e);

    EndpointSpec& spec = fit.spec;
    spec.id = e.id;
    spec.latency = fit.latency.chosen;
    spec.failures = base.failures;
    spec.rateLimit = base.rateLimit;
    spec.errorStatus = static_cast<std::int16_t>(
        commonestStatus(e.statuses[kError], 500, 599, 500, "error", fit.notes));
    spec.fatalStatus = static_cast<std::int16_t>(
        commonestStatus(e.statuses[kFatal], 400, 499, 400, "fatal", fit.notes));
    for (const FittedSegment& s : fit.segments) {
        if (!s.differs) continue;
        PhaseSpec phase;
        phase.startS = s.startS;
        phase.endS = s.endS;
        phase.failures = s.failures;
        if (s.latencyDiffers) phase.latency = s.latency.chosen;
        if (s.rateLimit != base.rateLimit) phase.rateLimit = s.rateLimit;
        if (base.rateLimit && !s.rateLimit)
            fit.notes.push_back("the phase from " + std::to_string(s.startS) +
                                " s had no rate limit; a phase cannot lift the endpoint's, so "
                                "it keeps it");
        spec.phases.push_back(std::move(phase));
    }

    const double timeout = median([&] {
        std::vector<double> v;
        for (const BinnedValue& t : e.timeoutLatency.values())
            v.push_back(t.ms);
        return v;
    }());
    if (std::isfinite(timeout)) fit.timeoutMs = std::min(timeout, kMaxDurationMs);
    if (e.retries > 0)
        fit.notes.push_back(std::to_string(e.retries) +
                            " calls were retries (attempt 2 or later): not arrivals; the "
                            "client pipeline makes them");
    if (e.cancelled > 0)
        fit.notes.push_back(std::to_string(e.cancelled) + " cancelled calls were left out");
    if (!e.statuses[kError].empty() && e.statuses[kError].size() > 1)
        fit.notes.push_back("errors answered " + std::to_string(e.statuses[kError].size()) +
                            " statuses; the model answers " + std::to_string(spec.errorStatus));
    return fit;
}

WorkloadSpec fittedWorkload(const TraceDigest& digest, const EndpointFit& fit)
{
    WorkloadSpec w;
    w.type = WorkloadSpec::Type::Open;
    if (fit.rate.empty()) return w;
    w.ratePerS = significant(fit.rate.front().rate / digest.binS);
    if (fit.rate.size() > 1)
        for (const CountSegment& s : fit.rate)
            w.rateSchedule.push_back(RatePoint{static_cast<double>(s.begin) * digest.binS,
                                               significant(s.rate / digest.binS), false});
    return w;
}

} // namespace reslab
