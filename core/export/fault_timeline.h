#pragma once
// An endpoint's fault model as a timeline of steady stretches: the blocks that apply from the
// start of a run to the first phase, during each phase, between phases and after the last one.
// The fault exporters (toxiproxy, Envoy's fault filter, Chaos Mesh) configure each stretch,
// since none of those tools models phases that overlap or a "first phase wins" rule.

#include "model/endpoint_spec.h"

#include <limits>
#include <optional>
#include <vector>

namespace reslab::detail {

struct Notes;

// Notes what no fault injector can do with the endpoint — replay a trace, answer conflicts of a
// versioned_record, call other endpoints — and says whether it has a model to inject at all
// (false for a trace endpoint).
bool injectable(const EndpointSpec& e, Notes& notes);

struct FaultStretch
{
    double startS = 0.0;
    double endS = std::numeric_limits<double>::infinity();
    std::optional<std::size_t> phase; // the phase in force (its index), none for the base model
    Distribution network;
    Distribution latency;
    FailureSpec failures;
    CapacitySpec capacity;
    std::optional<RateLimitSpec> rateLimit;
};

// Ordered, without gaps, starting at 0 and ending at infinity; adjacent stretches under the same
// phase (or both under none) are merged. With the simulator's rule: the first phase covering an
// instant is the one in force.
std::vector<FaultStretch> faultTimeline(const EndpointSpec& e);

// Where a stretch's block comes from, for notes: "endpoints.api.phases[1].failures" when the
// phase in force gives it, else "endpoints.api.failures"; Block::Whole names the phase (or the
// endpoint) itself.
enum class Block
{
    Whole,
    Network,
    Latency,
    Failures,
    Capacity,
    RateLimit
};
std::string blockPath(const EndpointSpec& e, const FaultStretch& s, Block block);

// The whole time one answer takes in the model, network both ways and service time, as one
// distribution's moments.
struct DelayMoments
{
    double meanMs = 0.0;
    double sdMs = 0.0;
};
DelayMoments answerDelay(const FaultStretch& s);

// "lognormal (median 80 ms, p99 400 ms)"-style wording for notes.
std::string describeDistribution(const Distribution& d);

} // namespace reslab::detail
