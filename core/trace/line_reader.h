#pragma once
// Reads a text file line by line in fixed memory, however large the file: lines longer than
// kMaxLineBytes are reported (not read into memory) and skipped to their end. Line numbers are
// 1-based. A '\r' before the '\n' is dropped.

#include <QFile>
#include <cstdint>
#include <string>
#include <string_view>

namespace reslab {

class LineReader
{
public:
    static constexpr std::size_t kMaxLineBytes = 1 << 20; // 1 MiB
    static constexpr std::size_t kChunkBytes = 1 << 20;

    explicit LineReader(QFile& file) : m_file(file) {}

    enum class Status
    {
        Line,
        TooLong,
        End,
        Error
    };
    // The next line (valid until the next call).
    Status next(std::string_view& line);
    std::uint64_t lineNumber() const { return m_line; }
    std::uint64_t bytesRead() const { return m_consumed; }

private:
    bool refill();

    QFile& m_file;
    std::string m_buffer;
    std::size_t m_pos = 0;
    std::uint64_t m_line = 0;
    std::uint64_t m_consumed = 0;
    bool m_eof = false;
};

} // namespace reslab
