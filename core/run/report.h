#pragma once
// What the CLI writes: the summary (JSON or a readable table) and the streaming CSV writers for
// attempts and the per-second timeline (docs/cli.md has the columns).

#include "metrics/records.h"
#include "metrics/summary.h"
#include "sim/millis.h"
#include "util/output_file.h"

#include <cstdio>
#include <string>
#include <vector>

namespace reslab {

// The summary JSON's format key (resources/schemas/summary.schema.json).
inline constexpr const char* kSummaryFormat = "resilience-lab.summary/1";

std::string summaryToJson(const Summary& summary);
std::string summaryToTable(const Summary& summary);

class AttemptsCsvWriter final : public RunObserver
{
public:
    AttemptsCsvWriter(OutputFile& file, std::vector<std::string> endpointIds);
    void onAttempt(const AttemptRecord& r) override;

private:
    OutputFile& m_file;
    std::vector<std::string> m_endpointIds;
    std::string m_line;
};

class TimelineCsvWriter final : public RunObserver
{
public:
    explicit TimelineCsvWriter(OutputFile& file);
    void onSecond(const TimelineRow& row) override;

private:
    OutputFile& m_file;
    std::string m_line;
};

} // namespace reslab
