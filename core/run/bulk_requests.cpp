#include "run/bulk_requests.h"

#include <algorithm>

namespace reslab {

BulkRequests::BulkRequests(const BulkSpec& spec, std::uint64_t seed)
    : m_spec(spec), m_rng(Rng::named(seed, "bulk/jitter"))
{
}

std::uint32_t BulkRequests::open(std::uint64_t request, std::uint64_t workloadToken, Time now)
{
    std::uint32_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_bulks.size());
        m_bulks.emplace_back();
    }
    Bulk& b = m_bulks[slot];
    b = Bulk{};
    b.request = request;
    b.workloadToken = workloadToken;
    b.start = now;
    b.pending = m_spec.items;
    m_itemCalls += static_cast<std::uint64_t>(m_spec.items);
    return slot;
}

bool BulkRequests::thresholdMet(int succeeded) const
{
    // The share of the items, as a Python len(successful) / len(operations) >= threshold reads
    // it (7 of 10 meets 0.7, which ⌈0.7·10⌉ = 8 in floating point would not).
    return static_cast<double>(succeeded) / static_cast<double>(m_spec.items) >=
           m_spec.partialSuccessThreshold;
}

std::optional<BulkRequests::RoundEnd> BulkRequests::itemDone(std::uint32_t slot,
                                                             const RequestRecord& item, Time now)
{
    Bulk& b = m_bulks[slot];
    b.attempts += item.attempts;
    if (item.result.ok()) {
        ++b.succeeded;
        ++m_itemsSucceeded;
    } else {
        ++b.failed;
        ++b.failedBy[static_cast<std::size_t>(item.result.outcome)];
    }
    if (--b.pending > 0) return std::nullopt;
    if (thresholdMet(b.succeeded)) return close(slot, now, true);
    if (b.round >= m_spec.maxAttempts) return close(slot, now, false);
    RoundEnd end;
    end.resend = b.failed;
    end.after = fromMillis(nextDelayMs(m_spec.backoff, m_spec.jitter, b.round, b.backoff, m_rng));
    return end;
}

int BulkRequests::beginResend(std::uint32_t slot)
{
    Bulk& b = m_bulks[slot];
    ++b.round;
    const int n = b.failed;
    b.pending = n;
    b.failed = 0;
    b.failedBy = {};
    m_itemCalls += static_cast<std::uint64_t>(n);
    return n;
}

BulkRequests::RoundEnd BulkRequests::close(std::uint32_t slot, Time now, bool ok)
{
    const Bulk& b = m_bulks[slot];
    RoundEnd end;
    end.done = true;
    end.workloadToken = b.workloadToken;
    end.record.request = b.request;
    end.record.start = b.start;
    end.record.end = now;
    end.record.attempts = b.attempts;
    if (!ok) {
        const auto most = std::max_element(b.failedBy.begin(), b.failedBy.end());
        end.record.result = Result::of(static_cast<Outcome>(most - b.failedBy.begin()));
    }
    m_free.push_back(slot);
    return end;
}

} // namespace reslab
