#include "run/work_estimate.h"

#include "policy/strategy_kind.h"
#include "policy/tps_budget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <unistd.h>

namespace reslab {

namespace {

// Three significant digits: an estimate is not more precise than that.
std::string roughNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

// How long the run can last, in ms, at most: its arrivals (duration_s; without it the hour a
// batch is given, run/simulation.cpp, or for a replayed trace the longest a trace's arrivals
// span, not read here: an estimate runs per sweep point) and drain_s.
double runMsOf(const Scenario& s)
{
    double arrivalsS = 3600.0;
    if (s.durationS)
        arrivalsS = *s.durationS;
    else if (s.workload.type == WorkloadSpec::Type::Trace)
        arrivalsS = 2.0 * kMaxDurationMs / 1000.0; // ±100 years (trace/trace_io.h)
    return (arrivalsS + s.drainS) * 1000.0;
}

// The workload's arrivals, integrated over the duration: requests, and the highest rate.
struct Arrivals
{
    double requests = 0.0;
    double peakRate = 0.0;
    std::string driver;
};

Arrivals arrivals(const Scenario& s)
{
    const WorkloadSpec& w = s.workload;
    const double duration = s.durationS.value_or(0.0);
    Arrivals a;
    switch (w.type) {
    case WorkloadSpec::Type::Open: {
        // Knots as the workload builds them (model/workload.cpp): a point at 0 sets the start.
        struct Knot
        {
            double at, rate;
            bool ramp;
        };
        std::vector<Knot> knots{{0.0, w.ratePerS, false}};
        for (const RatePoint& p : w.rateSchedule) {
            if (p.atS <= 0.0)
                knots.front().rate = p.ratePerS;
            else
                knots.push_back({p.atS, p.ratePerS, p.ramp});
        }
        for (std::size_t k = 0; k < knots.size(); ++k) {
            const double from = std::min(knots[k].at, duration);
            const double to = k + 1 < knots.size() ? std::min(knots[k + 1].at, duration) : duration;
            const bool ramp = k + 1 < knots.size() && knots[k + 1].ramp;
            const double end = ramp ? knots[k + 1].rate : knots[k].rate;
            a.requests += (to - from) * (ramp ? (knots[k].rate + end) / 2.0 : knots[k].rate);
            a.peakRate = std::max({a.peakRate, knots[k].rate, ramp ? end : 0.0});
        }
        a.driver = w.rateSchedule.empty()
                       ? "workload.rate_per_s " + roughNumber(w.ratePerS) + " × duration_s " +
                             roughNumber(duration)
                       : "workload.rate_schedule (peak " + roughNumber(a.peakRate) + "/s) over " +
                             roughNumber(duration) + " s";
        break;
    }
    case WorkloadSpec::Type::Closed: {
        // Each client's cycle: think, then the request (at least the target's latency).
        const EndpointSpec* target = s.endpoint(s.target);
        const double instant = target ? target->failures.reset : 0.0; // resets skip the work
        // A cycle is at most the run's length (a heavy tail's infinite mean included): each
        // client starts at least one request.
        const double runMs = runMsOf(s);
        double cycleMs = w.think.meanMs() + (target ? 2.0 * target->network.meanMs() +
                                                          (1.0 - instant) * target->latency.meanMs()
                                                    : 0.0);
        if (!(cycleMs <= runMs) && runMs > 0.0) cycleMs = runMs;
        a.requests = cycleMs > 0.0 ? w.clients * duration * 1000.0 / cycleMs
                                   : std::numeric_limits<double>::infinity();
        a.peakRate = cycleMs > 0.0 ? w.clients * 1000.0 / cycleMs : a.requests;
        a.driver = "workload.clients " + std::to_string(w.clients) + " × duration_s " +
                   roughNumber(duration) + " ÷ a cycle of " + roughNumber(cycleMs) +
                   " ms (think + the target's latency)";
        break;
    }
    case WorkloadSpec::Type::Batch:
        a.requests = double(w.clients) * double(w.requestsPerClient);
        a.peakRate = a.requests; // all at once
        a.driver = "workload.clients " + std::to_string(w.clients) + " × requests_per_client " +
                   std::to_string(w.requestsPerClient);
        break;
    case WorkloadSpec::Type::Trace:
        a.requests = w.trace.data ? double(w.trace.data->calls.size()) : 0.0;
        a.peakRate = duration > 0.0 ? a.requests / duration : a.requests;
        a.driver = "the trace's " + roughNumber(a.requests) + " recorded calls";
        break;
    }
    if (w.maxRequests && double(*w.maxRequests) < a.requests) {
        a.requests = double(*w.maxRequests);
        a.driver = "workload.max_requests " + std::to_string(*w.maxRequests);
    }
    return a;
}

// The share of an endpoint's attempts that fail in a way a retry retries, over the run: its own
// failures, and each phase's for the time it lasts.
double failureShare(const EndpointSpec& e, double duration)
{
    auto failing = [](const FailureSpec& f) {
        return std::clamp(f.error + f.timeout + f.reset, 0.0, 1.0);
    };
    const double base = failing(e.failures);
    if (duration <= 0.0 || e.phases.empty()) return base;
    double weighted = base * duration;
    for (const PhaseSpec& p : e.phases) {
        if (!p.failures) continue;
        const double length = std::clamp(std::min(p.endS, duration) - p.startS, 0.0, duration);
        weighted += (failing(*p.failures) - base) * length;
    }
    return std::clamp(weighted / duration, 0.0, 1.0);
}

// Attempts one pass through `pipeline` makes against an endpoint failing with probability p.
double attemptsThrough(const std::vector<StrategySpec>& pipeline, double p, const std::string& path,
                       std::vector<std::string>* drivers)
{
    double attempts = 1.0;
    for (std::size_t i = 0; i < pipeline.size(); ++i) {
        double factor = 1.0;
        if (const auto* r = std::get_if<RetrySpec>(&pipeline[i])) {
            const double n = std::max(1, r->maxAttempts);
            factor = p >= 1.0 ? n : (1.0 - std::pow(p, n)) / (1.0 - p);
            // A linkerd_budget: a pass deposits at most once (its answer not retried), so its
            // retries are at most deposit ÷ withdraw per pass. Its reserve adds at most about
            // 2 · min_retries_per_s retries a second in all, whatever the rate: left out.
            if (r->linkerdBudget) {
                const auto a = TpsBudget::amounts(static_cast<float>(r->linkerdBudget->retryRatio));
                factor = std::min(factor, 1.0 + double(a.deposit) / double(a.withdraw));
            }
        } else if (const auto* h = std::get_if<HedgeSpec>(&pipeline[i])) {
            factor = 1.0 + std::max(0, h->maxHedgedAttempts); // at most
        }
        attempts *= factor;
        if (drivers && factor >= 2.0)
            drivers->push_back(path + "[" + std::to_string(i) + "] (" +
                               std::string(strategyKind(pipeline[i]).name) +
                               "): " + roughNumber(factor) +
                               " attempts per pass against an endpoint failing " +
                               roughNumber(100.0 * p) + " % of the time");
    }
    return attempts;
}

// A call's mean time, as Little's law takes it: no call is in flight longer than the run lasts
// (its arrivals and drain), so a heavy tail whose mean is infinite or beyond the run (a Pareto
// of shape ≤ 1) counts as the run's length, not as unboundedly many calls in flight.
double meanCallMs(const EndpointSpec& e, double runMs)
{
    const double mean = 2.0 * e.network.meanMs() + e.latency.meanMs();
    return std::isnan(mean) ? runMs : std::min(mean, runMs);
}

} // namespace

WorkEstimate estimateWork(const Scenario& s)
{
    WorkEstimate out;
    const double duration = s.durationS.value_or(0.0);
    const Arrivals a = arrivals(s);
    out.requests = a.requests;
    out.drivers.push_back(a.driver + ": " + readableCount(a.requests) + " requests");
    const EndpointSpec* target = s.endpoint(s.target);
    if (!target) return out;

    // Calls each call at an endpoint makes below it, every layer down (the call graph has no
    // cycles and at most kMaxCallDepth layers: the validator checked).
    std::map<std::string, double> below;
    std::function<double(const EndpointSpec&)> callsBelow = [&](const EndpointSpec& e) {
        if (auto it = below.find(e.id); it != below.end()) return it->second;
        double n = 0.0;
        for (std::size_t c = 0; c < e.calls.size(); ++c) {
            const EndpointSpec* callee = s.endpoint(e.calls[c].endpoint);
            if (!callee) continue;
            const double perCall = attemptsThrough(
                e.calls[c].pipeline, failureShare(*callee, duration),
                "endpoints." + e.id + ".calls[" + std::to_string(c) + "].pipeline", &out.drivers);
            n += perCall * (1.0 + callsBelow(*callee));
        }
        below[e.id] = n;
        return n;
    };
    out.clientAttemptsPerRequest =
        attemptsThrough(s.pipeline, failureShare(*target, duration), "pipeline", &out.drivers);
    if (const auto& bulk = s.workload.bulk) {
        // N items in the first round, and the failed share of them again in each further round
        // (taking a pass to fail as often as an attempt does: an upper bound).
        const double p = failureShare(*target, duration);
        const double rounds = std::max(1, bulk->maxAttempts);
        const double perItem = p >= 1.0 ? rounds : (1.0 - std::pow(p, rounds)) / (1.0 - p);
        const double factor = bulk->items * perItem;
        out.clientAttemptsPerRequest *= factor;
        if (factor >= 2.0)
            out.drivers.push_back("workload.bulk: " + roughNumber(factor) +
                                  " item calls per request");
    }
    const double perRequest = out.clientAttemptsPerRequest * (1.0 + callsBelow(*target));
    if (perRequest > out.clientAttemptsPerRequest * 1.5)
        out.drivers.push_back("the calls below " + target->id + ": " + roughNumber(perRequest) +
                              " endpoint calls per request through every layer");
    out.endpointCalls = out.requests * perRequest;
    out.events = out.endpointCalls * kEventsPerCall + out.requests * kEventsPerRequest;

    // In flight: Little's law at the target, plus the backlog of an unbounded queue that
    // arrivals outrun; a closed workload holds at most one request per client.
    const double callRate = a.peakRate * out.clientAttemptsPerRequest;
    const double callMs = std::max(meanCallMs(*target, runMsOf(s)), 1e-3);
    double inFlight = callRate * callMs / 1000.0;
    if (target->capacity.workers && !target->capacity.queue) {
        const double served = *target->capacity.workers * 1000.0 / callMs;
        if (callRate > served) {
            inFlight += (callRate - served) * duration;
            out.drivers.push_back("endpoints." + target->id +
                                  ".capacity: " + roughNumber(*target->capacity.workers) +
                                  " workers serve " + roughNumber(served) + "/s of " +
                                  roughNumber(callRate) + "/s, and the queue is unbounded");
        }
    }
    if (s.workload.type == WorkloadSpec::Type::Closed)
        inFlight = std::min(inFlight, double(s.workload.clients) * perRequest);
    if (s.workload.type == WorkloadSpec::Type::Batch) inFlight = out.requests * perRequest;
    // Never more in flight than the workload sends in all: the calls are all there are.
    out.peakInFlight = std::min(inFlight * (1.0 + callsBelow(*target)), out.endpointCalls);
    out.memoryBytes = out.peakInFlight * kBytesPerInFlightCall;
    return out;
}

std::optional<std::string> workRefusal(const WorkEstimate& e, const WorkLimits& limits)
{
    // --allow-large runs even this (the engine stops a loop in zero time when it sees one).
    if (limits.allowLarge) return std::nullopt;
    if (!std::isfinite(e.requests))
        return "this run would never end: " + e.drivers.front() +
               ".\nA closed workload's clients start their next request as soon as one ends; "
               "give workload.think a mean above 0, or the target endpoint a latency.";
    double memoryLimit = limits.maxMemoryBytes;
    if (memoryLimit <= 0.0)
        memoryLimit = 0.5 * double(::sysconf(_SC_PHYS_PAGES)) * double(::sysconf(_SC_PAGESIZE));
    const bool tooManyEvents = !(e.events <= limits.maxEvents);
    const bool tooMuchMemory = !(e.memoryBytes <= memoryLimit);
    if (!tooManyEvents && !tooMuchMemory) return std::nullopt;
    std::string out = "this run is too large to start: estimated " + readableCount(e.requests) +
                      " requests, " + readableCount(e.endpointCalls) + " endpoint calls, " +
                      readableCount(e.events) + " events";
    if (tooManyEvents)
        out += " (the limit is " + readableCount(limits.maxEvents) +
               ", about three minutes of engine time)";
    out += "; up to " + readableCount(e.peakInFlight) + " calls in flight, " +
           readableBytes(e.memoryBytes) + " of memory";
    if (tooMuchMemory) out += " (this machine allows " + readableBytes(memoryLimit) + ")";
    out += ".\nWhat drives it:\n";
    for (const std::string& d : e.drivers)
        out += "  - " + d + "\n";
    out += "Shorten duration_s, lower the rate or the attempts, or raise the limit with "
           "--max-events N (or --allow-large to run it anyway).";
    return out;
}

std::string readableCount(double n)
{
    if (!std::isfinite(n)) return "unboundedly many";
    if (n < 1e6) return roughNumber(std::round(n));
    if (n < 1e9) return roughNumber(n / 1e6) + " million";
    if (n < 1e12) return roughNumber(n / 1e9) + " billion";
    return roughNumber(n);
}

std::string readableBytes(double bytes)
{
    if (!std::isfinite(bytes)) return "unbounded";
    if (bytes < 1024.0 * 1024.0) return roughNumber(bytes / 1024.0) + " KiB";
    if (bytes < 1024.0 * 1024.0 * 1024.0) return roughNumber(bytes / 1024.0 / 1024.0) + " MiB";
    return roughNumber(bytes / 1024.0 / 1024.0 / 1024.0) + " GiB";
}

} // namespace reslab
