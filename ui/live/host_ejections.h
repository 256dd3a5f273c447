#pragma once
// What the UI keeps of the balancers' outlier detections (policy/outlier_detector.h): every
// ejection and un-ejection, in bounded memory, so the Hosts page can shade each stretch a host
// was out of its balancer's rotation, and the detections that did not eject (not enforced, or
// held back by max_ejection_percent) as marks. Owned by a LiveStore, on the UI thread.

#include "metrics/records.h"

#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

namespace reslab::ui {

// A stretch of time a host was ejected by at least one balancer.
struct EjectionSpan
{
    std::uint16_t host = 0;
    double fromS = 0.0;
    double toS = 0.0;
    bool open = false;     // still ejected: it ends at the time asked for (now)
    std::uint8_t type = 0; // EjectionType of the ejection that began it
};

class HostEjections
{
public:
    // Ejections and un-ejections kept: the latest, as a breaker's summary keeps 10,000 of its
    // transitions (metrics/summary.h, kMaxTransitionsKept). A host ejected before the oldest kept
    // one is still known to be (the state at the cut is kept), so spans stay right after it.
    static constexpr std::size_t kMaxKept = 10'000;
    // The detections that did not eject, the latest (marks only: nothing depends on them).
    static constexpr std::size_t kMaxDetectionsKept = 10'000;

    void clear() { *this = HostEjections{}; }
    // A snapshot's records, in time order.
    void add(const std::vector<HostEjectionRecord>& records);

    const std::deque<HostEjectionRecord>& changes() const { return m_changes; }
    const std::deque<HostEjectionRecord>& detections() const { return m_detections; }
    // Ejections and un-ejections no longer kept (the oldest), and the instant before which
    // spans are no longer known in detail (0: all kept).
    std::uint64_t dropped() const { return m_dropped; }
    double keptFromS() const { return toSeconds(m_cut); }
    // Each stretch a host of `endpoint` was ejected, in the order they began; one still ejected
    // ends at `nowS`. A stretch that began before the oldest kept record begins at keptFromS().
    std::vector<EjectionSpan> spans(std::uint32_t endpoint, double nowS) const;
    // Ejections of host `host` of `endpoint` that began in [fromS, toS) (kept ones only).
    std::size_t ejectionsIn(std::uint32_t endpoint, std::uint16_t host, double fromS,
                            double toS) const;

private:
    static bool isChange(const HostEjectionRecord& r);
    using Key = std::pair<std::uint32_t, std::uint16_t>; // endpoint, host
    // Balancers that have (endpoint, host) ejected after `r` (from `before`).
    static int applied(int before, const HostEjectionRecord& r);

    std::deque<HostEjectionRecord> m_changes;
    std::deque<HostEjectionRecord> m_detections;
    std::map<Key, int> m_baseline; // balancers ejecting each host just before the oldest change
    std::map<Key, std::uint8_t> m_baselineType;
    Time m_cut = 0;
    std::uint64_t m_dropped = 0;
};

} // namespace reslab::ui
