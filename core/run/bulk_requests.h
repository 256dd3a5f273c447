#pragma once
// Bulk requests (the workload's "bulk", after zenoo_rpc's BulkRetryManager): a request carries N
// items, each sent as its own call through the client pipeline. When every call of a round has
// ended, the request succeeds if at least partial_success_threshold of its N items have succeeded
// so far; otherwise, while rounds are left, the items that failed are resent — only those —
// after the bulk's backoff. A request that runs out of rounds fails, with the outcome most of its
// failed items ended with in the last round.
//
// This class is the bookkeeping only; the simulation sends the calls and runs the timers.

#include "metrics/records.h"
#include "model/workload_spec.h"
#include "sim/rng.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace reslab {

class BulkRequests
{
public:
    BulkRequests(const BulkSpec& spec, std::uint64_t seed);

    // Opens a bulk request; returns its slot (the calls' pipeline token names it).
    std::uint32_t open(std::uint64_t request, std::uint64_t workloadToken, Time now);
    int items() const { return m_spec.items; }
    std::uint64_t request(std::uint32_t slot) const { return m_bulks[slot].request; }

    // What the end of a round decided.
    struct RoundEnd
    {
        bool done = false;
        RequestRecord record;        // done: the bulk request's record
        std::uint64_t workloadToken; // done: whom it was for
        int resend = 0;              // not done: items to send again …
        Time after = 0;              // … this long from now
    };
    // An item's call ended. Returns the round's end once its last call has.
    std::optional<RoundEnd> itemDone(std::uint32_t slot, const RequestRecord& item, Time now);
    // The resend is due: the items to send now (the round has begun).
    int beginResend(std::uint32_t slot);

    // Items sent and items that succeeded, over the run.
    std::uint64_t itemCalls() const { return m_itemCalls; }
    std::uint64_t itemsSucceeded() const { return m_itemsSucceeded; }

private:
    struct Bulk
    {
        std::uint64_t request = 0;
        std::uint64_t workloadToken = 0;
        Time start = 0;
        int round = 1;
        int pending = 0;   // calls of this round still running
        int succeeded = 0; // items that have succeeded, all rounds
        int failed = 0;    // items that failed in this round
        std::uint32_t attempts = 0;
        std::array<std::uint32_t, kOutcomeCount> failedBy{}; // this round's failures by outcome
        BackoffState backoff;
    };
    bool thresholdMet(int succeeded) const;
    RoundEnd close(std::uint32_t slot, Time now, bool ok);

    BulkSpec m_spec;
    Rng m_rng;
    std::vector<Bulk> m_bulks;
    std::vector<std::uint32_t> m_free;
    std::uint64_t m_itemCalls = 0;
    std::uint64_t m_itemsSucceeded = 0;
};

} // namespace reslab
