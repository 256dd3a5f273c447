#include "policy/circuit_breaker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace reslab {

namespace {
std::string percent(double rate)
{
    char buf[32];
    const double p = rate * 100.0;
    std::snprintf(buf, sizeof buf, p == std::floor(p) ? "%.0f %%" : "%.1f %%", p);
    return buf;
}
std::string calls(std::uint32_t n)
{
    return std::to_string(n) + (n == 1 ? " call" : " calls");
}
std::string millis(Time t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g ms", toMillis(t));
    return buf;
}
} // namespace

bool BreakerSpec::applyPreset(const std::string& preset, BreakerSpec& s)
{
    const std::string name = s.name;
    s = BreakerSpec{};
    s.name = name;
    s.preset = preset;
    if (preset == "resilience4j") return true; // the struct's defaults are resilience4j's
    if (preset == "polly") {
        s.window = Window::TimeBased;
        s.windowS = kPollySamplingDurationS;
        s.windowBuckets = kPollySubWindows;
        s.failureRate = kPollyFailureRatio;
        s.minCalls = kPollyMinimumThroughput;
        s.openMs = kPollyBreakMs;
        s.halfOpenCalls = 1; // one probe: its result decides
        s.slowCallMs = std::numeric_limits<double>::infinity();
        s.evaluate = Evaluate::OnFailure;  // AdvancedCircuitBehavior.OnActionFailure
        s.waitBoundary = WaitBoundary::At; // PermitHalfOpenCircuitTest: now >= _blockedUntil
        s.bucketStart = BucketStart::Call; // RollingHealthMetrics.UpdateCurrentWindow
        return true;
    }
    if (preset == "hystrix") {
        s.window = Window::TimeBased;
        s.windowS = kHystrixWindowS;
        s.windowBuckets = kHystrixBuckets;
        s.failureRate = kHystrixErrorPercentage;
        s.minCalls = kHystrixRequestVolume;
        s.openMs = kHystrixSleepWindowMs;
        s.halfOpenCalls = 1;
        s.slowCallMs = std::numeric_limits<double>::infinity();
        s.evaluate = Evaluate::Interval; // the health-counts stream's onNext
        s.evaluateIntervalMs = kHystrixHealthSnapshotMs;
        return true;
    }
    if (preset == "opossum") {
        s.mode = Mode::Fires;
        s.window = Window::TimeBased;
        s.windowS = kOpossumWindowS;
        s.windowBuckets = kOpossumBuckets;
        s.failureRate = kOpossumErrorThreshold;
        s.minCalls = kOpossumVolume;
        s.openMs = kOpossumResetMs;
        s.halfOpenCalls = 1;
        s.automaticHalfOpen = true;
        s.slowCallMs = std::numeric_limits<double>::infinity();
        s.waitBoundary = WaitBoundary::At; // its resetTimeout timer half-opens it
        return true;
    }
    return false;
}

namespace {
BreakerState initialState(BreakerSpec::Forced f)
{
    switch (f) {
    case BreakerSpec::Forced::ForcedOpen:
        return BreakerState::ForcedOpen;
    case BreakerSpec::Forced::Disabled:
        return BreakerState::Disabled;
    case BreakerSpec::Forced::MetricsOnly:
        return BreakerState::MetricsOnly;
    case BreakerSpec::Forced::None:
        break;
    }
    return BreakerState::Closed;
}
std::variant<CountWindow, TimeWindow, CallStartedWindow> makeWindow(const BreakerSpec& s)
{
    if (s.mode == BreakerSpec::Mode::Fires) {
        // opossum rotates its buckets every ⌊rollingCountTimeout ÷ rollingCountBuckets⌋ ms.
        const std::uint32_t buckets = std::max<std::uint32_t>(1, s.windowBuckets);
        const double widthMs = std::max(1.0, std::floor(s.windowS * 1000.0 / buckets));
        return TimeWindow(fromMillis(widthMs) * buckets, buckets);
    }
    if (s.window == BreakerSpec::Window::TimeBased &&
        s.bucketStart == BreakerSpec::BucketStart::Call)
        return CallStartedWindow(fromSeconds(s.windowS), s.windowBuckets);
    if (s.window == BreakerSpec::Window::TimeBased)
        return TimeWindow(fromSeconds(s.windowS), s.windowBuckets);
    return CountWindow(std::max<std::uint32_t>(1, s.windowSize));
}
} // namespace

CircuitBreaker::CircuitBreaker(BreakerSpec spec, Listener listener)
    : m_spec(std::move(spec)), m_listener(std::move(listener)),
      m_state(initialState(m_spec.forced)), m_window(makeWindow(m_spec)),
      m_probes(std::max<std::uint32_t>(1, m_spec.halfOpenCalls))
{
    if (m_spec.failureWindowS) {
        const double s = *m_spec.failureWindowS;
        m_failureWindow.emplace(fromSeconds(s),
                                static_cast<std::uint32_t>(std::clamp(std::ceil(s), 1.0, 1000.0)));
    }
}

WindowTotals CircuitBreaker::totals(Time now)
{
    if (auto* c = std::get_if<CountWindow>(&m_window)) return c->totals();
    if (auto* c = std::get_if<CallStartedWindow>(&m_window)) return c->totals(now);
    return std::get<TimeWindow>(m_window).totals(now);
}

Time CircuitBreaker::openDuration() const
{
    double ms =
        m_spec.openMs * std::pow(m_spec.openMultiplier, static_cast<double>(m_openings) - 1.0);
    if (m_spec.openMaxMs) ms = std::min(ms, *m_spec.openMaxMs);
    return fromMillis(ms);
}

CircuitBreaker::Permit CircuitBreaker::tryAcquire(Time now)
{
    // opossum counts every call as a fire before it looks at its state.
    if (m_spec.mode == BreakerSpec::Mode::Fires)
        std::get<TimeWindow>(m_window).add(now, WindowTotals{1, 0, 0});
    switch (m_state) {
    case BreakerState::ForcedOpen:
        return {false, m_epoch};
    case BreakerState::Closed:
    case BreakerState::Disabled:
    case BreakerState::MetricsOnly:
        return {true, m_epoch};
    case BreakerState::Open:
        if (now < m_openUntil ||
            (now == m_openUntil && m_spec.waitBoundary == BreakerSpec::WaitBoundary::After))
            return {false, m_epoch};
        transition(now, BreakerState::HalfOpen,
                   "first call after " + millis(openDuration()) +
                       " open: " + calls(m_spec.halfOpenCalls) + " may probe",
                   decision(BreakerRule::OpenWaitOver, {}, 0));
        [[fallthrough]];
    case BreakerState::HalfOpen:
        if (m_probesLeft == 0) return {false, m_epoch};
        --m_probesLeft;
        return {true, m_epoch};
    }
    return {false, m_epoch};
}

void CircuitBreaker::onResult(Time now, std::uint64_t epoch, Outcome outcome, Time duration)
{
    if (m_state == BreakerState::Disabled || m_state == BreakerState::ForcedOpen) return;
    if (m_spec.mode == BreakerSpec::Mode::Fires) { // opossum has no epochs: every result counts
        onFiresResult(now, outcome);
        return;
    }
    // A call admitted before the last transition: the libraries record it in the state they are
    // in now; `late_results: ignore` drops it.
    if (epoch != m_epoch && m_spec.lateResults == BreakerSpec::LateResults::Ignore) return;
    if (m_spec.ignore.contains(outcome)) {
        if (m_state == BreakerState::HalfOpen) ++m_probesLeft; // the permit goes back
        return;
    }
    const bool failure = m_spec.failureOn.contains(outcome);
    const bool slow = std::isfinite(m_spec.slowCallMs) && duration > fromMillis(m_spec.slowCallMs);

    if (m_spec.mode == BreakerSpec::Mode::Consecutive) {
        if (m_state == BreakerState::HalfOpen) {
            // failsafe's HalfOpenState.checkThreshold: it reopens once the failures leave too
            // few of the half_open_calls for the successes it needs — at the first failure when
            // they are equal (pybreaker, the seeds), at the third of three probes needing one.
            if (failure && ++m_probeFailures > m_spec.halfOpenCalls - m_spec.successThreshold) {
                transition(now, BreakerState::Open,
                           m_probeFailures == 1
                               ? "probe failed (" + std::string(outcomeName(outcome)) + ")"
                               : std::to_string(m_probeFailures) + " of " +
                                     std::to_string(m_spec.halfOpenCalls) + " probes failed",
                           decision(BreakerRule::ProbesFailed,
                                    {m_probeFailures + m_probeSuccesses, m_probeFailures, 0}, 0));
            } else if (failure) {
                // not yet: the remaining probes can still close it
            } else if (++m_probeSuccesses >= m_spec.successThreshold) {
                transition(now, BreakerState::Closed,
                           std::to_string(m_probeSuccesses) + " of " +
                               std::to_string(m_spec.successThreshold) + " probes succeeded",
                           decision(BreakerRule::ProbesPassed,
                                    {m_probeFailures + m_probeSuccesses, m_probeFailures, 0}, 0));
            }
            return;
        }
        if (m_failureWindow) {
            if (failure) m_failureWindow->record(now, true, false);
            const std::uint32_t recent = m_failureWindow->totals(now).failures;
            if (m_state == BreakerState::Closed && recent >= m_spec.failureThreshold) {
                char window[32];
                std::snprintf(window, sizeof window, "%g s", *m_spec.failureWindowS);
                transition(now, BreakerState::Open,
                           std::to_string(recent) + " failures within " + window + " ≥ " +
                               std::to_string(m_spec.failureThreshold),
                           decision(BreakerRule::FailuresInPeriod, {recent, recent, 0}, 0));
            }
            return;
        }
        m_consecutiveFailures = failure ? m_consecutiveFailures + 1 : 0;
        if (m_state == BreakerState::Closed && m_consecutiveFailures >= m_spec.failureThreshold)
            transition(now, BreakerState::Open,
                       std::to_string(m_consecutiveFailures) + " consecutive failures ≥ " +
                           std::to_string(m_spec.failureThreshold),
                       decision(BreakerRule::Consecutive,
                                {m_consecutiveFailures, m_consecutiveFailures, 0}, 0));
        return;
    }

    if (m_state == BreakerState::HalfOpen) {
        m_probes.record(failure, slow);
        // resilience4j's half-open metrics are a count window of the permitted calls whose
        // minimum is min(minimumNumberOfCalls, that size) (CircuitBreakerMetrics.forHalfOpen and
        // its constructor's Math.min): with fewer minimum calls it decides that much sooner.
        if (++m_probeResults >= std::min(m_spec.halfOpenCalls, std::max(1u, m_spec.minCalls)))
            evaluateHalfOpen(now);
        return;
    }
    record(now, failure, slow);
    if (m_state != BreakerState::Closed) return;
    switch (m_spec.evaluate) {
    case BreakerSpec::Evaluate::EveryCall:
        evaluateClosed(now, totals(now));
        break;
    case BreakerSpec::Evaluate::OnFailure:
        if (failure) evaluateClosed(now, totals(now));
        break;
    case BreakerSpec::Evaluate::Interval:
        armEvaluation(now);
        break;
    }
}

void CircuitBreaker::armEvaluation(Time now)
{
    // The next tick of the evaluation timer, on the interval's multiples (the stream starts with
    // the breaker, at time 0). Ticks run only while the window holds calls to look at.
    if (m_timerAt != kTimeNever) return;
    const Time interval = std::max<Time>(1, fromMillis(m_spec.evaluateIntervalMs));
    m_timerAt = (now / interval + 1) * interval;
}

void CircuitBreaker::onFiresResult(Time now, Outcome outcome)
{
    // opossum's errorFilter turns an error into a success; `ignore` is that filter here.
    const bool failure = m_spec.failureOn.contains(outcome) && !m_spec.ignore.contains(outcome);
    if (m_state == BreakerState::HalfOpen && !failure) {
        transition(now, BreakerState::Closed,
                   "a call succeeded while half-open (" + std::string(outcomeName(outcome)) + ")",
                   decision(BreakerRule::ProbesPassed, {1, 0, 0}, 0));
        return;
    }
    if (!failure) return;
    auto& window = std::get<TimeWindow>(m_window);
    window.add(now, WindowTotals{0, 1, 0});
    if (m_state == BreakerState::HalfOpen) {
        transition(now, BreakerState::Open,
                   "a call failed while half-open (" + std::string(outcomeName(outcome)) + ")",
                   decision(BreakerRule::ProbesFailed, {1, 1, 0}, 0));
        return;
    }
    if (m_state != BreakerState::Closed) return;
    const WindowTotals t = window.totals(now);
    if (t.calls < m_spec.minCalls) return;
    // failures ÷ fires, strictly above: with no fire left in the window it is infinite (opossum).
    const double rate = t.calls == 0 ? std::numeric_limits<double>::infinity()
                                     : static_cast<double>(t.failures) / t.calls;
    if (rate > m_spec.failureRate)
        transition(now, BreakerState::Open,
                   std::to_string(t.failures) + " failures of " + std::to_string(t.calls) +
                       " fires" + (t.calls == 0 ? "" : " (" + percent(rate) + ")") + " > " +
                       percent(m_spec.failureRate),
                   decision(BreakerRule::FiresRate, t, m_spec.minCalls));
}

void CircuitBreaker::record(Time now, bool failure, bool slow)
{
    if (auto* c = std::get_if<CountWindow>(&m_window))
        c->record(failure, slow);
    else if (auto* p = std::get_if<CallStartedWindow>(&m_window))
        p->record(now, failure, slow);
    else
        std::get<TimeWindow>(m_window).record(now, failure, slow);
}

void CircuitBreaker::evaluateClosed(Time now, WindowTotals t)
{
    // resilience4j clamps minimumNumberOfCalls to the size of a count-based window.
    const std::uint32_t minimum = m_spec.window == BreakerSpec::Window::CountBased
                                      ? std::min(m_spec.minCalls, m_spec.windowSize)
                                      : m_spec.minCalls;
    if (t.calls == 0 || t.calls < minimum) return;
    const double failureRate = static_cast<double>(t.failures) / t.calls;
    const double slowRate = static_cast<double>(t.slow) / t.calls;
    if (failureRate >= m_spec.failureRate) {
        transition(now, BreakerState::Open,
                   "failure rate " + percent(failureRate) + " ≥ " + percent(m_spec.failureRate) +
                       " over " + calls(t.calls),
                   decision(BreakerRule::FailureRate, t, minimum));
    } else if (std::isfinite(m_spec.slowCallMs) && slowRate >= m_spec.slowCallRate) {
        transition(now, BreakerState::Open,
                   "slow-call rate " + percent(slowRate) + " ≥ " + percent(m_spec.slowCallRate) +
                       " over " + calls(t.calls) + " (slow: > " +
                       millis(fromMillis(m_spec.slowCallMs)) + ")",
                   decision(BreakerRule::SlowCallRate, t, minimum));
    }
}

void CircuitBreaker::evaluateHalfOpen(Time now)
{
    const WindowTotals t = m_probes.totals();
    const std::uint32_t minimum = std::min(m_spec.halfOpenCalls, std::max(1u, m_spec.minCalls));
    const double failureRate = static_cast<double>(t.failures) / t.calls;
    const double slowRate = static_cast<double>(t.slow) / t.calls;
    if (failureRate >= m_spec.failureRate) {
        transition(now, BreakerState::Open,
                   "probes: failure rate " + percent(failureRate) + " ≥ " +
                       percent(m_spec.failureRate) + " over " + calls(t.calls),
                   decision(BreakerRule::ProbesFailed, t, minimum));
    } else if (std::isfinite(m_spec.slowCallMs) && slowRate >= m_spec.slowCallRate) {
        transition(now, BreakerState::Open,
                   "probes: slow-call rate " + percent(slowRate) + " ≥ " +
                       percent(m_spec.slowCallRate) + " over " + calls(t.calls),
                   decision(BreakerRule::ProbesFailed, t, minimum));
    } else {
        transition(now, BreakerState::Closed,
                   "probes: failure rate " + percent(failureRate) + " < " +
                       percent(m_spec.failureRate) + " over " + calls(t.calls),
                   decision(BreakerRule::ProbesPassed, t, minimum));
    }
}

void CircuitBreaker::onTimer(Time now)
{
    if (m_timerAt == kTimeNever || now < m_timerAt) return;
    m_timerAt = kTimeNever;
    if (m_state == BreakerState::Closed && m_spec.evaluate == BreakerSpec::Evaluate::Interval) {
        // Hystrix: the health counts of the buckets completed by now.
        WindowTotals t;
        if (auto* w = std::get_if<TimeWindow>(&m_window))
            t = w->completedTotals(now);
        else
            t = totals(now);
        evaluateClosed(now, t);
        if (m_state == BreakerState::Closed && totals(now).calls > 0) armEvaluation(now);
    } else if (m_state == BreakerState::Open && m_spec.automaticHalfOpen && now >= m_openUntil) {
        transition(now, BreakerState::HalfOpen,
                   "automatically after " + millis(openDuration()) +
                       " open: " + calls(m_spec.halfOpenCalls) + " may probe",
                   decision(BreakerRule::OpenWaitOver, {}, 0));
    } else if (m_state == BreakerState::HalfOpen && m_spec.maxHalfOpenMs > 0.0) {
        transition(now, BreakerState::Open,
                   "half-open for " + millis(fromMillis(m_spec.maxHalfOpenMs)) +
                       " without a verdict",
                   decision(BreakerRule::HalfOpenTimeLimit, m_probes.totals(), 0));
    }
}

BreakerDecision CircuitBreaker::decision(BreakerRule rule, WindowTotals t,
                                         std::uint32_t minimum) const
{
    BreakerDecision d;
    d.rule = rule;
    d.calls = t.calls;
    d.failures = t.failures;
    d.slow = t.slow;
    d.minimum = minimum;
    d.failureRate = m_spec.failureRate;
    d.slowCallRate = m_spec.slowCallRate;
    d.slowCallMs = m_spec.slowCallMs;
    d.failureThreshold =
        m_spec.mode == BreakerSpec::Mode::Consecutive ? m_spec.failureThreshold : 0;
    return d;
}

void CircuitBreaker::transition(Time now, BreakerState to, std::string reason, BreakerDecision why)
{
    const BreakerState from = m_state;
    m_state = to;
    ++m_epoch;
    m_timerAt = kTimeNever;
    switch (to) {
    case BreakerState::Open:
        ++m_openings;
        m_openUntil = now + openDuration();
        if (m_spec.automaticHalfOpen) m_timerAt = m_openUntil;
        break;
    case BreakerState::HalfOpen:
        m_probesLeft = m_spec.halfOpenCalls;
        m_probes.clear();
        m_probeResults = 0;
        m_probeSuccesses = 0;
        m_probeFailures = 0;
        m_halfOpenSince = now;
        if (m_spec.maxHalfOpenMs > 0.0) m_timerAt = now + fromMillis(m_spec.maxHalfOpenMs);
        break;
    case BreakerState::Closed:
        if (m_spec.mode == BreakerSpec::Mode::Fires) {
            // opossum never clears its window.
        } else {
            std::visit([](auto& w) { w.clear(); }, m_window);
        }
        m_consecutiveFailures = 0;
        if (m_failureWindow) m_failureWindow->clear();
        m_openings = 0; // the wait interval starts over
        break;
    default:
        break;
    }
    if (m_listener) m_listener(BreakerChange{now, from, to, std::move(reason), why});
}

} // namespace reslab
