#pragma once
// What a scenario says about where requests come from (model/workload.h runs it).

#include "policy/backoff.h"
#include "sim/distribution.h"
#include "trace/trace_source.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace reslab {

struct RatePoint
{
    double atS = 0.0;
    double ratePerS = 0.0;
    bool ramp = false; // true: rises or falls linearly from the previous point to this one
    bool operator==(const RatePoint&) const = default;
};

// zenoo_rpc BulkRetryManager, as its documentation gives it (max_attempts=3, base_delay=2.0,
// partial_success_threshold=0.8); the delays are its ExponentialBackoffStrategy's (×2, at most
// 60 s, full jitter), the strategies every zenoo retry is built from.
inline constexpr double kBulkPartialSuccessThreshold = 0.8;
inline constexpr int kBulkMaxAttempts = 3;
inline constexpr double kBulkInitialMs = 2000.0;
inline constexpr double kBulkMaxMs = 60'000.0;

// A request that carries `items` items, each sent as its own call through the client pipeline
// (run/bulk_requests.h). It succeeds once at least partial_success_threshold of its items have;
// until then, up to max_attempts rounds, each round resending only the items that failed.
struct BulkSpec
{
    int items = 1;
    double partialSuccessThreshold = kBulkPartialSuccessThreshold;
    int maxAttempts = kBulkMaxAttempts; // rounds, the first send included
    BackoffSpec backoff = defaultBackoff();
    JitterSpec jitter{JitterSpec::Kind::Full};
    bool operator==(const BulkSpec&) const = default;

    static BackoffSpec defaultBackoff()
    {
        BackoffSpec b;
        b.kind = BackoffSpec::Kind::Exponential;
        b.initialMs = kBulkInitialMs;
        b.multiplier = 2.0;
        b.maxMs = kBulkMaxMs;
        return b;
    }
};

struct WorkloadSpec
{
    enum class Type
    {
        Open,
        Closed,
        Batch,
        Trace
    };
    Type type = Type::Open;
    TraceSource trace;                                // trace: first attempts are the arrivals
    double ratePerS = 0.0;                            // open
    std::vector<RatePoint> rateSchedule;              // open
    int clients = 0;                                  // closed, batch
    Distribution think = Distribution::constant(0.0); // closed
    int requestsPerClient = 1;                        // batch
    std::optional<std::int64_t> maxRequests;          // stop arriving after this many
    std::optional<BulkSpec> bulk;                     // each request a bulk of items
    bool operator==(const WorkloadSpec&) const = default;
};

} // namespace reslab
