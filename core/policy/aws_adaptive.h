#pragma once
// The AWS SDKs' adaptive retry mode, client side, as botocore 1.29 implements it
// (botocore/retries/adaptive.py, throttling.py, bucket.py; docs/semantics.md):
//  - CubicCalculator: the send rate after a throttling response is β·rate and W_max = rate; after
//    any other response it is C·(t − t_fail − K)³ + W_max with K = ∛(W_max·(1 − β)/C).
//  - RateClocker: the measured rate, counted per response in buckets of 0.5 s and smoothed
//    (0.8 of the new bucket's rate, 0.2 of the old).
//  - AwsTokenBucket: fill rate max(rate, 0.5/s), capacity max(rate, 1), refilled when read.
//  - AwsClientRateLimiter: off until the first throttling response; then every attempt takes a
//    token first. Each response sets the bucket's rate to min(new rate, 2 · measured rate).
// Times are seconds as doubles, as botocore's clock gives them, so the arithmetic is the same
// operation for operation (tests/check_aws_adaptive.py compares with botocore's own classes).

#include "policy/guard_specs.h"

namespace reslab {

class CubicCalculator
{
public:
    CubicCalculator(double startingMaxRate, double startTime, double scaleConstant, double beta);
    // The rate CUBIC allows at `t` after a response that was not throttled.
    double successReceived(double t) const;
    // A throttling response at `t` while sending at `currentRate`: the new, lower rate.
    double errorReceived(double currentRate, double t);

    double wMax() const { return m_wMax; }
    double k() const { return m_k; }
    double lastFail() const { return m_lastFail; }

private:
    double zeroPoint() const;
    double m_wMax;
    double m_scale;
    double m_beta;
    double m_k;
    double m_lastFail;
};

class RateClocker
{
public:
    RateClocker(double startTime, double smoothing, double bucketS);
    // Counts one response at `t`; the measured rate after it.
    double record(double t, double amount = 1.0);
    double measuredRate() const { return m_measured; }

private:
    double m_measured = 0.0;
    double m_smoothing;
    double m_scale; // buckets per second
    double m_lastBucket;
    double m_count = 0.0;
};

class AwsTokenBucket
{
public:
    AwsTokenBucket(double maxRate, double now, double minRate);
    // Sets the fill rate (refilling at the old one up to `now` first), as botocore's setter does.
    void setMaxRate(double rate, double now);
    // Takes `amount` tokens if they are there at `now`.
    bool tryAcquire(double now, double amount = 1.0);
    // Seconds until `amount` tokens are there at the current fill rate (≤ 0: they are).
    double sleepAmount(double amount = 1.0) const { return (amount - m_capacity) / m_fillRate; }

    double maxRate() const { return m_fillRate; }
    double maxCapacity() const { return m_maxCapacity; }
    double availableCapacity() const { return m_capacity; }

private:
    void refill(double now);
    double m_fillRate = 0.0;
    double m_maxCapacity = 0.0;
    double m_capacity = 0.0;
    double m_minRate;
    double m_last = 0.0;
    bool m_started = false; // botocore's _last_timestamp is None until the first refill
};

class AwsClientRateLimiter
{
public:
    AwsClientRateLimiter(const AwsAdaptiveSpec& spec, double startTime);
    // An attempt is about to be sent at `now`: true when it may go (a token taken, or the
    // limiter is not on yet); false when it must wait bucket().sleepAmount() and ask again.
    bool tryToSend(double now);
    // A response at `now`; `throttling` when it was a throttling error.
    void onResponse(double now, bool throttling);

    bool enabled() const { return m_enabled; }
    const AwsTokenBucket& bucket() const { return m_bucket; }
    const CubicCalculator& cubic() const { return m_cubic; }
    double measuredRate() const { return m_clocker.measuredRate(); }

private:
    double m_maxRateScale;
    CubicCalculator m_cubic;
    RateClocker m_clocker;
    AwsTokenBucket m_bucket;
    bool m_enabled = false;
};

} // namespace reslab
