#include "policy/aws_adaptive.h"

#include <algorithm>
#include <cmath>

namespace reslab {

// ---- CubicCalculator (botocore/retries/throttling.py) -------------------------------------------

CubicCalculator::CubicCalculator(double startingMaxRate, double startTime, double scaleConstant,
                                 double beta)
    : m_wMax(startingMaxRate), m_scale(scaleConstant), m_beta(beta), m_lastFail(startTime)
{
    m_k = zeroPoint();
}

double CubicCalculator::zeroPoint() const
{
    // scaled_value ** (1 / 3.0): pow, not cbrt, to round as Python does.
    return std::pow(m_wMax * (1.0 - m_beta) / m_scale, 1.0 / 3.0);
}

double CubicCalculator::successReceived(double t) const
{
    const double dt = t - m_lastFail;
    return m_scale * std::pow(dt - m_k, 3.0) + m_wMax;
}

double CubicCalculator::errorReceived(double currentRate, double t)
{
    m_wMax = currentRate;
    m_k = zeroPoint();
    m_lastFail = t;
    return currentRate * m_beta;
}

// ---- RateClocker (botocore/retries/adaptive.py) -------------------------------------------------

RateClocker::RateClocker(double startTime, double smoothing, double bucketS)
    : m_smoothing(smoothing), m_scale(1.0 / bucketS), m_lastBucket(std::floor(startTime))
{
    // botocore starts from math.floor(now), a whole second, not a bucket boundary.
}

double RateClocker::record(double t, double amount)
{
    const double bucket = std::floor(t * m_scale) / m_scale;
    m_count += amount;
    if (bucket > m_lastBucket) {
        const double currentRate = m_count / (bucket - m_lastBucket);
        m_measured = currentRate * m_smoothing + m_measured * (1.0 - m_smoothing);
        m_count = 0.0;
        m_lastBucket = bucket;
    }
    return m_measured;
}

// ---- AwsTokenBucket (botocore/retries/bucket.py) ------------------------------------------------

AwsTokenBucket::AwsTokenBucket(double maxRate, double now, double minRate) : m_minRate(minRate)
{
    setMaxRate(maxRate, now);
}

void AwsTokenBucket::refill(double now)
{
    if (!m_started) {
        m_started = true;
        m_last = now;
        return;
    }
    const double fill = (now - m_last) * m_fillRate;
    m_capacity = std::min(m_maxCapacity, m_capacity + fill);
    m_last = now;
}

void AwsTokenBucket::setMaxRate(double rate, double now)
{
    // Tokens earned so far accrue at the old rate before the new one applies.
    refill(now);
    m_fillRate = std::max(rate, m_minRate);
    m_maxCapacity = rate >= 1.0 ? rate : 1.0;
    m_capacity = std::min(m_capacity, m_maxCapacity);
}

bool AwsTokenBucket::tryAcquire(double now, double amount)
{
    refill(now);
    if (amount <= m_capacity) {
        m_capacity -= amount;
        return true;
    }
    return false;
}

// ---- AwsClientRateLimiter (botocore/retries/adaptive.py) ----------------------------------------

AwsClientRateLimiter::AwsClientRateLimiter(const AwsAdaptiveSpec& spec, double startTime)
    : m_maxRateScale(spec.maxRateScale), m_cubic(0.0, startTime, spec.scaleConstant, spec.beta),
      m_clocker(startTime, spec.smoothing, spec.bucketS),
      m_bucket(1.0, startTime, spec.minFillRate) // register_retry_handler: TokenBucket(max_rate=1)
{
}

bool AwsClientRateLimiter::tryToSend(double now)
{
    return !m_enabled || m_bucket.tryAcquire(now);
}

void AwsClientRateLimiter::onResponse(double now, bool throttling)
{
    const double measured = m_clocker.record(now);
    double newRate;
    if (!throttling) {
        newRate = m_cubic.successReceived(now);
    } else {
        const double rateToUse = m_enabled ? std::min(measured, m_bucket.maxRate()) : measured;
        newRate = m_cubic.errorReceived(rateToUse, now);
        m_enabled = true;
    }
    m_bucket.setMaxRate(std::min(newRate, m_maxRateScale * measured), now);
}

} // namespace reslab
