#pragma once
// What a fleet's outlier detections mean on a time chart: each stretch a host was ejected as a
// span in the host's colour ("host 2 ejected"; hosts ejected over the same stretch share one
// label), the detections that did not eject as marks on the top edge, and a host's name with its
// zone. chart_annotations.h draws them; host_ejections.h keeps what they are made from.

#include "chart_annotations.h"
#include "host_ejections.h"

#include <QString>
#include <string>
#include <vector>

namespace reslab::ui {

// "host 2 · b" (its zone after the dot), or "host 2" without zones.
QString hostLabel(std::size_t host, const std::string& zone);
// The ejection type's name as Envoy's admin output gives it ("consecutive_5xx").
QString ejectionTypeName(std::uint8_t type);

// The spans to shade, labelled (or not: the charts after the first need no label), limited to
// the hosts in `shown` (a host hidden from the charts is not shaded either). Hosts out over
// about the same stretch (within a second at both ends: one sweep's) share one span.
std::vector<TimeSpan> ejectionSpans(const std::vector<EjectionSpan>& spans,
                                    const std::vector<bool>& shown, bool labelled);
// The detections of `endpoint` in [fromS, toS] that did not eject, as marks in the host's colour
// (at most `limit`, evenly thinned: a failing host can trip one every few calls).
std::vector<TimeMark> detectionMarks(const HostEjections& ejections, std::uint32_t endpoint,
                                     const std::vector<bool>& shown, double fromS, double toS,
                                     std::size_t limit);
// One line of the ejection list: "12.300 s  host 2 · b ejected (consecutive_5xx)".
QString ejectionLine(const HostEjectionRecord& r, const std::string& zone);

} // namespace reslab::ui
