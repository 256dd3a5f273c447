#pragma once
// Which hosts of a large fleet get lines of their own on the Hosts page, the others drawn
// together as a band: the hosts that stand out over the visible range. Forty lines on four
// small charts could not be told apart (nor drawn at 10 redraws a second); the hosts a reader
// looks for are the ones unlike the rest — failing, ejected, slower, or given more or fewer calls.

#include "host_table.h"

#include <vector>

namespace reslab::ui {

// How far a host is from the fleet's usual over the range: the share of its calls that failed
// or timed out, plus the share of the range it was ejected, plus how far its mean latency is
// from the fleet's median (|ratio − 1|, at most kMostLatencyScore), plus how far its share of
// the calls is from an even share (|share × hosts − 1|). A healthy host scores near 0; a host
// failing every call, or one 2× slower, scores 1.
double standOutScore(const HostTable::Values& host, double medianLatencyMs, std::size_t hosts,
                     double rangeS);
inline constexpr double kMostLatencyScore = 4.0; // a host 5× slower or worse: as bad as it gets
// A host is picked at this score, and stays picked down to kKeepScore (so a host near the bar
// does not flicker between a line and the band from one redraw to the next).
inline constexpr double kPickScore = 0.25;
inline constexpr double kKeepScore = 0.12;

// The hosts to draw on their own: the `most` with the highest scores at or above kPickScore
// (kKeepScore for those in `before`), in a vector as long as `hosts`.
std::vector<bool> pickStandOut(const std::vector<HostTable::Values>& hosts, double rangeS,
                               const std::vector<bool>& before, std::size_t most);

} // namespace reslab::ui
