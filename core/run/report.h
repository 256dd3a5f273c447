#pragma once
// What the CLI writes: the summary (JSON or a readable table) and the streaming CSV writers for
// attempts and the per-second timeline (docs/cli.md has the columns).

#include "metrics/records.h"
#include "metrics/summary.h"
#include "sim/millis.h"

#include <cstdio>
#include <string>
#include <vector>

namespace reslab {

std::string summaryToJson(const Summary& summary);
std::string summaryToTable(const Summary& summary);

// Writes rows through a large buffer; a write error (disk full) is remembered and reported by
// close(), never ignored.
class CsvFile
{
public:
    CsvFile() = default;
    ~CsvFile();
    CsvFile(const CsvFile&) = delete;
    CsvFile& operator=(const CsvFile&) = delete;

    bool open(const std::string& path, std::string* error);
    void write(const std::string& line);
    bool close(std::string* error);
    bool isOpen() const { return m_file != nullptr; }

private:
    std::FILE* m_file = nullptr;
    std::vector<char> m_buffer;
    bool m_failed = false;
    std::string m_path;
};

class AttemptsCsvWriter final : public RunObserver
{
public:
    AttemptsCsvWriter(CsvFile& file, std::vector<std::string> endpointIds);
    void onAttempt(const AttemptRecord& r) override;

private:
    CsvFile& m_file;
    std::vector<std::string> m_endpointIds;
    std::string m_line;
};

class TimelineCsvWriter final : public RunObserver
{
public:
    explicit TimelineCsvWriter(CsvFile& file);
    void onSecond(const TimelineRow& row) override;

private:
    CsvFile& m_file;
    std::string m_line;
};

} // namespace reslab
