#pragma once
// An endpoint's server-side admission: the adaptive concurrency limiter of policy/
// concurrency_limiter.h at the server's door. A call arriving over the limit is answered 503
// (`rejected`) at once, as a full queue is. The sample is the call's time in the server, from
// admission to its answer. As Netflix's gRPC server interceptor does, an answer to a call whose
// client already gave up is a drop (DEADLINE_EXCEEDED), every other answer a success; a call
// that never answers gives no sample. Envoy samples every answer and cancels the rest.

#include "policy/concurrency_limiter.h"
#include "policy/pipeline.h"

#include <optional>
#include <string>

namespace reslab {

class EndpointAdmission
{
public:
    EndpointAdmission(const ConcurrencyLimitSpec& spec, Rng rng, Time start, RecordSink* sink,
                      std::string name);
    std::optional<LimitPermit> admit(Time now);
    // The server is done with an admitted call: it answered (abandoned: its client had gone)
    // or never will.
    void answered(Time now, const LimitPermit& permit, bool abandoned);
    void unanswered(Time now, const LimitPermit& permit);

    const ConcurrencyLimiter& limiter() const { return m_limiter; }
    std::uint64_t refused() const { return m_refused; }

private:
    bool m_envoy;
    ConcurrencyLimiter m_limiter;
    std::uint64_t m_refused = 0;
};

} // namespace reslab
