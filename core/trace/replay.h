#pragma once
// Answers from a recorded trace (the `trace` endpoint kind, docs/trace-format.md "Replay"):
//  sequence  the k-th call gets the k-th recorded call (in recorded call order, or by start
//            time when the trace does not number calls), wrapping around at the end;
//  timeline  a call at virtual time t gets one of the calls recorded within ± window of t, drawn
//            with the call's own random stream (common random numbers), or the nearest one when
//            none is that close — so a retry 10 s later sees the world as it was 10 s later.
// Times are shifted so that the earliest recorded call is at t = 0.

#include "scenario/scenario.h"
#include "trace/trace.h"

#include <vector>

namespace reslab {

class TraceReplay
{
public:
    TraceReplay(const ReplaySpec& spec, const std::string& endpointId);

    const TraceCall& answer(std::uint64_t k, Time now, double u) const;
    std::size_t size() const { return m_calls.size(); }
    Time span() const { return m_calls.empty() ? 0 : m_calls.back().t; }

private:
    std::vector<TraceCall> m_calls;
    ReplaySpec::Mode m_mode;
    Time m_window;
};

// The calls of `source` a replay answers from, or a trace workload's arrivals are taken from:
// those recorded for `source.endpoint` when given, else for `fallbackId` when the trace names
// it, else all of them.
std::vector<TraceCall> selectCalls(const TraceSource& source, const std::string& fallbackId);

// A trace workload's arrival times: the first attempts (attempt 0 or 1), sorted, the earliest at 0.
std::vector<Time> traceArrivals(const TraceSource& source, const std::string& target);

} // namespace reslab
