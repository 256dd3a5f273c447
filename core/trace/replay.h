#pragma once
// Answers from a recorded trace (the `trace` endpoint kind, docs/trace-format.md "Replay"):
//  sequence  the k-th call gets the k-th recorded call (in recorded call order, or by start
//            time when the trace does not number calls), wrapping around at the end;
//  timeline  a call at virtual time t gets one of the calls recorded within ± window of t, drawn
//            with the call's own random stream (common random numbers), or the nearest one when
//            none is that close — so a retry 10 s later sees the world as it was 10 s later.
// Times are shifted so that the trace's earliest call (of any endpoint) is at t = 0, for every
// replay and arrival taken from it, so replays of several endpoints stay aligned. The replay keeps
// 4-byte indices into the shared trace, not copies: a million calls cost 4 MB.

#include "trace/trace.h"
#include "trace/trace_source.h"

#include <vector>

namespace reslab {

class TraceReplay
{
public:
    TraceReplay(const ReplaySpec& spec, const std::string& endpointId);

    const TraceCall& answer(std::uint64_t k, Time now, double u) const;
    std::size_t size() const { return m_order.size(); }

private:
    const TraceCall& at(std::size_t i) const { return m_trace->calls[m_order[i]]; }

    TraceData m_trace;
    std::vector<std::uint32_t> m_order; // the selected calls, in replay order
    Time m_origin = 0;                  // the earliest selected call's t
    ReplaySpec::Mode m_mode;
    Time m_window;
};

// The calls of `source` that a replay answers from, or a trace workload takes its arrivals from:
// those recorded for `source.endpoint` when given, else for `fallbackId` when the trace names
// it, else all of them. Returns indices into the trace's calls, in file order.
std::vector<std::uint32_t> selectCalls(const TraceSource& source, const std::string& fallbackId);

// A trace workload's arrival times: the first attempts (attempt 0 or 1), sorted, on the
// trace's time (its earliest call at 0).
std::vector<Time> traceArrivals(const TraceSource& source, const std::string& target);

} // namespace reslab
