// The "bulkhead" strategy: resilience4j Bulkhead, Polly concurrency limiter, asyncio.Semaphore
// (policy/bulkhead_stage.h).

#include "policy/bulkhead_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    BulkheadSpec s;
    s.maxConcurrent =
        static_cast<int>(r.integer("max_concurrent", 1, 1'000'000).value_or(s.maxConcurrent));
    s.maxWaitMs = r.number("max_wait_ms", 0.0, kDurationMsRule);
    if (const auto q = r.integer("max_queue", 0, 1'000'000'000)) s.maxQueue = static_cast<int>(*q);
    if (s.maxQueue && s.maxWaitMs == 0.0)
        r.error("max_queue", "has no effect unless max_wait_ms > 0");
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& b = std::get<BulkheadSpec>(spec);
    w.key("max_concurrent").value(b.maxConcurrent);
    if (b.maxWaitMs > 0) w.key("max_wait_ms").value(b.maxWaitMs);
    if (b.maxQueue) w.key("max_queue").value(*b.maxQueue);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {integer("max_concurrent", "Max concurrent", "calls", "≥ 1",
                    text(kR4jBulkheadMaxConcurrent),
                    "resilience4j maxConcurrentCalls; asyncio.Semaphore(n)."),
            number("max_wait_ms", "Max wait", "ms", "≥ 0", "0",
                   "resilience4j maxWaitDuration: how long a caller waits for a place."),
            integer("max_queue", "Max waiting", "callers", "≥ 0", "unbounded",
                    "Polly MaxQueuingActions.")};
}
} // namespace

const StrategyKind BulkheadSpec::descriptor{
    "bulkhead",  "Bulkhead", R"({"max_concurrent": 25})",
    read,        write,      makeStageFromSpec<BulkheadStage, BulkheadSpec>,
    editorFields};

} // namespace reslab
