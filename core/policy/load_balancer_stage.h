#pragma once
// The "load_balancer" strategy: picks the host of each attempt among the endpoint's replicas
// (policy/host_picker.h), keeps this client's active requests per host (least_request reads
// them), feeds every answer to its outlier detection (policy/outlier_detector.h) and leaves
// ejected hosts out of the choice — unless too few are healthy (Envoy's panic threshold: below
// healthy_panic_threshold % healthy, every host is eligible). Everything below it in the
// pipeline runs per host; a retry above it asks again, and with
// retry_host_predicate previous_hosts the balancer re-picks up to
// host_selection_retry_max_attempts times to avoid the hosts this request already tried
// (Envoy's chooseHost loop; the last pick stands if every one was tried).
//
// Results as Envoy's router reports them to the host's monitor: an answer by its HTTP status
// (ok 200, error its 5xx, rejected 503, rate_limited 429, fatal its 4xx, conflict 409); a
// timeout that ends the attempt (a timeout below the balancer, or one above cancelling it) as
// LocalOriginTimeout (504); reset as LocalOriginConnectFailed (503). Outcomes the client made
// below the balancer without calling (breaker_open, …) and lost hedges are not the host's.
//
// With policy peak_ewma, every call's end (an answer, whatever it says, or a cancel) gives the
// picker its round trip, measured from when this stage sent it (Exec::start); other policies
// skip that.
//
// With failure_accrual, each host also has Linkerd's consecutive-failures breaker: a shut host
// is not eligible, one on probation takes a single request (policy/failure_accrual.h).
//
// With no healthy host and the panic threshold at 0 (Istio's default minHealthPercent), the
// attempt fails at once as Envoy's "no healthy upstream" does: rejected, 503.

#include "policy/failure_accrual.h"
#include "policy/host_picker.h"
#include "policy/load_balancer_spec.h"
#include "policy/outlier_detector.h"
#include "policy/pipeline.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace reslab {

class LoadBalancerStage final : public Stage
{
public:
    LoadBalancerStage(const LoadBalancerSpec& spec, const CallTarget* target, Rng pickRng,
                      Rng detectorRng, Time start);

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;

    // For tests and views.
    const OutlierDetector* detector() const { return m_detector.get(); }
    const FailureAccrual* accrual() const { return m_accrual.get(); }
    std::uint32_t active(std::size_t host) const { return m_active[host]; }
    bool inPanic() const { return m_panic; }

private:
    // The detector's due sweeps and the accrual's ended backoffs, their events reported and the
    // eligible hosts rebuilt when anything changed.
    void catchUp(Pipeline& p, Time now);
    void report(Pipeline& p, std::vector<EjectionEvent>& events);
    void updateEligible();
    std::uint16_t choose(Pipeline& p, const Exec& x);

    LoadBalancerSpec m_spec;
    const CallTarget* m_target;
    std::uint64_t m_readyVersion = 0;
    const HostReadiness* m_ready = nullptr; // the target's, when its hosts are probed
    std::uint32_t m_endpoint;
    std::size_t m_hosts;
    HostPicker m_picker;
    std::unique_ptr<OutlierDetector> m_detector;
    std::unique_ptr<FailureAccrual> m_accrual;
    std::vector<std::uint32_t> m_active;
    std::vector<std::uint16_t> m_eligible;
    bool m_panic = false;
    bool m_ewma; // peak_ewma: each ended call's round trip goes to the picker
    // previous_hosts: the hosts each pass (by its root exec) has tried.
    std::unordered_map<std::uint64_t, std::vector<std::uint16_t>> m_tried;
};

} // namespace reslab
