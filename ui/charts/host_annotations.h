#pragma once
// What a fleet's outlier detections mean on a time chart: each host ejected in the visible range
// as a lane along the plot's bottom, solid in the host's colour where it was out ("host 2
// ejected"), the detections that did not eject as marks on the top edge, and a host's name with
// its zone. chart_annotations.h draws them; host_ejections.h keeps what they are made from.

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

// A lane per host of `shown` with an ejection overlapping [fromS, toS], in host order, its
// stretches those of `spans`; labelled ("host 2 ejected") or not (the charts after the first).
// Lanes rather than shading over the plot: a phase shades the whole plot from its start (a pod
// failing from 10 s on), and an ejection shaded over it could not be told from it.
std::vector<TimeLane> ejectionLanes(const std::vector<EjectionSpan>& spans,
                                    const std::vector<bool>& shown, double fromS, double toS,
                                    bool labelled);
// The detections of `endpoint` in [fromS, toS] that did not eject, as marks in the host's colour
// (at most `limit`, evenly thinned: a failing host can trip one every few calls).
std::vector<TimeMark> detectionMarks(const HostEjections& ejections, std::uint32_t endpoint,
                                     const std::vector<bool>& shown, double fromS, double toS,
                                     std::size_t limit);
// One line of the ejection list: "12.300 s   host 2 · b ejected (consecutive_5xx)", made of
// when and whom ("12.300 s   host 2 · b") and what ("ejected (consecutive_5xx)", "back in
// rotation"), which a narrow list puts on two lines.
QString ejectionLine(const HostEjectionRecord& r, const std::string& zone);
QString ejectionWhen(const HostEjectionRecord& r, const std::string& zone);
QString ejectionWhat(const HostEjectionRecord& r);

} // namespace reslab::ui
