#pragma once
// The "aws_adaptive" strategy's stage: botocore's client rate limiter between a retry and the
// call (policy/aws_adaptive.h). Every attempt, first or retry, passes it; once a throttling
// response has switched the limiter on, an attempt without a token waits for one.
//
// botocore's blocked threads all sleep on one condition and race for each token as it fills;
// a token goes to someone the moment the bucket holds one. Here the waiters form a line, and
// only the first has a timer: it wakes when its token is due at the current rate, and looks again
// whenever a response changes the rate (botocore's Condition.notify() in the rate setter). So a
// token is granted at the instant botocore would grant it, to the attempt that has waited
// longest, and the work per token is constant rather than one wake-up per waiter.

#include "policy/aws_adaptive.h"
#include "policy/pipeline.h"

#include <list>
#include <unordered_map>

namespace reslab {

class AwsAdaptiveStage final : public Stage
{
public:
    explicit AwsAdaptiveStage(const AwsAdaptiveSpec& spec);
    void start(Pipeline& p, ExecId e) override;
    void onTimer(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;

    const AwsClientRateLimiter& limiter() const { return m_limiter; }
    std::size_t waiting() const { return m_waiters.size(); }

private:
    // Sends the waiters whose tokens are there now, in line order, then arms the first one left.
    void serveLine(Pipeline& p);
    void forget(ExecId e);

    AwsAdaptiveSpec m_spec;
    AwsClientRateLimiter m_limiter;
    std::list<ExecId> m_waiters; // in the order they began to wait
    std::unordered_map<ExecId, std::list<ExecId>::iterator> m_waiterAt;
};

} // namespace reslab
