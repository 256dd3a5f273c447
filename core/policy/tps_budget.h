#pragma once
// tower's retry budget on virtual time: TpsBudget (tower/src/retry/budget/tps_budget.rs at
// tower-rs/tower 8358ee71, unchanged since 6a3ab07b), the same arithmetic as tower 0.4.13's
// retry::Budget (tower/src/retry/budget.rs), which linkerd2-proxy builds for a ServiceProfile's
// retryBudget (service-profiles/src/proto.rs convert_retry_budget). Only the retry strategy's
// `linkerd_budget` uses it (policy/retry_stage.h); it knows nothing of the pipeline.
//
// The rules, as the source has them (docs/semantics.md, "Linkerd"):
//  - amounts from the f32 ratio: 0 → deposit 0, withdraw 1; ≤ 1 → 1 and (1 / ratio) as an
//    integer (truncated); > 1 → 1000 and (1000 / ratio) truncated;
//  - reserve = min_per_sec × whole seconds of ttl × withdraw amount, always there;
//  - ten slots of ttl / 10 (the window) and a writer that deposits and withdrawals go to;
//  - expire(), before every deposit and withdrawal: nothing until a window has passed since the
//    last expiry; then the writer is committed into the current slot, the index moves on one,
//    and while the time since the last expiry is still MORE than a window, the slot at the index
//    is zeroed and the index moves on again, one window off the time each turn; the expiry time
//    becomes now (not a window boundary). So an expiry a little over one window after the last
//    (the usual case when requests come at random times) moves two slots, not one;
//  - withdraw: if writer + slots + reserve (saturating) ≥ the withdraw amount, the writer loses
//    it (it may go negative) and the retry may go; otherwise nothing changes.

#include "sim/time.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace reslab {

// TpsBudget::new's assertions ("taken from finagle"): 1 s ≤ ttl ≤ 60 s, 0 ≤ retry_percent ≤ 1000,
// min_per_sec < i32::MAX. The scenario reader holds a linkerd_budget to them.
inline constexpr double kTpsBudgetMinTtlS = 1.0;
inline constexpr double kTpsBudgetMaxTtlS = 60.0;
inline constexpr double kTpsBudgetMaxRatio = 1000.0;
inline constexpr std::int64_t kTpsBudgetMaxMinPerSec = 2'147'483'646; // i32::MAX − 1

class TpsBudget
{
public:
    // tower: `let windows = 10u32`.
    static constexpr std::size_t kSlots = 10;

    struct Amounts
    {
        std::int64_t deposit = 0;
        std::int64_t withdraw = 0;
        bool operator==(const Amounts&) const = default;
    };
    // What one deposit adds and one withdrawal takes, from the ratio as the proxy holds it (an
    // f32: the proto's retry_ratio is a float).
    static Amounts amounts(float retryRatio);

    // What the budget did, as linkerd2-proxy's retry metrics count it (incr_retryable(withdrew)).
    struct Stats
    {
        std::uint64_t deposits = 0;    // answers not retried
        std::uint64_t withdrawals = 0; // retries the budget let go
        std::uint64_t refusals = 0;    // retries it refused
    };

    // `created`: the time the budget is made (tower: Instant::now() in new()), the first expiry's
    // origin. Preconditions: the limits above (the reader checks them).
    TpsBudget(Time ttl, std::uint32_t minPerSec, float retryRatio, Time created);

    void deposit(Time now);
    // True when the retry may go (the amount is taken); false leaves the budget as it was, but
    // for the expiry.
    bool withdraw(Time now);

    // TpsBucket::sum: writer + slots + reserve, saturating, as it stands (no expiry).
    std::int64_t balance() const;
    const Amounts& amountsUsed() const { return m_amounts; }
    std::int64_t reserve() const { return m_reserve; }
    Time window() const { return m_window; }
    const Stats& stats() const { return m_stats; }

private:
    void expire(Time now);

    Amounts m_amounts;
    std::int64_t m_reserve;
    Time m_window;
    Time m_generationTime;        // Generation::time: the last expiry (or the creation)
    std::size_t m_generation = 0; // Generation::index: the slot the writer is committed into
    std::int64_t m_writer = 0;
    std::array<std::int64_t, kSlots> m_slots{};
    Stats m_stats;
};

} // namespace reslab
