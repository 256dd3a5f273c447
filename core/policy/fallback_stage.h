#pragma once
// Fallback (Polly Fallback, resilience4j's fallback methods, tenacity's retry_error_callback, the
// seeds' "graceful degradation to cached data"): when the call fails with an outcome it handles,
// answer `ok` in its place, marked as a fallback. A `cached` fallback can only do so once a call
// has succeeded (the cache is warm), and, with max_age_ms, only while that success is recent.

#include "policy/guard_specs.h"
#include "policy/pipeline.h"

namespace reslab {

class FallbackStage final : public Stage
{
public:
    explicit FallbackStage(const FallbackSpec& spec)
        : m_spec(spec), m_maxAge(spec.maxAgeMs ? fromMillis(*spec.maxAgeMs) : kTimeNever)
    {
    }

    void start(Pipeline& p, ExecId e) override { p.startChild(e, p.exec(e).wait, Then::Return); }
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override
    {
        const Time now = p.scheduler().now();
        if (r.ok()) {
            m_lastSuccess = now;
            p.finish(e, r, Then::Return);
            return;
        }
        const bool cacheUsable =
            m_lastSuccess >= 0 && (m_maxAge == kTimeNever || now - m_lastSuccess <= m_maxAge);
        if (!m_spec.handles.contains(r.outcome) ||
            (m_spec.kind == FallbackSpec::Kind::Cached && !cacheUsable)) {
            p.finish(e, r, Then::Return);
            return;
        }
        Result answered = Result::of(Outcome::Ok);
        answered.fallback = true;
        p.finish(e, answered, Then::Return);
    }

private:
    FallbackSpec m_spec;
    Time m_maxAge;
    Time m_lastSuccess = -1;
};

} // namespace reslab
