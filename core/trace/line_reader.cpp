#include "trace/line_reader.h"

namespace reslab {

bool LineReader::refill()
{
    // Keep the unread tail, then append a chunk.
    m_buffer.erase(0, m_pos);
    m_pos = 0;
    if (m_eof) return false;
    const std::size_t old = m_buffer.size();
    m_buffer.resize(old + kChunkBytes);
    const qint64 n = m_file.read(m_buffer.data() + old, static_cast<qint64>(kChunkBytes));
    if (n <= 0) {
        m_buffer.resize(old);
        m_eof = true;
        return false;
    }
    m_buffer.resize(old + static_cast<std::size_t>(n));
    return true;
}

LineReader::Status LineReader::next(std::string_view& line)
{
    for (;;) {
        const std::size_t nl = m_buffer.find('\n', m_pos);
        if (nl != std::string::npos) {
            std::size_t end = nl;
            if (end > m_pos && m_buffer[end - 1] == '\r') --end;
            line = std::string_view(m_buffer).substr(m_pos, end - m_pos);
            m_consumed += nl + 1 - m_pos;
            m_pos = nl + 1;
            ++m_line;
            if (line.size() > kMaxLineBytes) return Status::TooLong;
            return Status::Line;
        }
        if (m_buffer.size() - m_pos > kMaxLineBytes) {
            // Too long: drop what we have and skip to the end of the line.
            ++m_line;
            for (;;) {
                m_consumed += m_buffer.size() - m_pos;
                m_pos = m_buffer.size();
                if (!refill()) return Status::TooLong;
                const std::size_t end = m_buffer.find('\n', m_pos);
                if (end != std::string::npos) {
                    m_consumed += end + 1 - m_pos;
                    m_pos = end + 1;
                    return Status::TooLong;
                }
            }
        }
        if (!refill()) {
            if (m_file.error() != QFileDevice::NoError) return Status::Error;
            if (m_pos < m_buffer.size()) { // a last line without '\n'
                line = std::string_view(m_buffer).substr(m_pos);
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                m_consumed += m_buffer.size() - m_pos;
                m_pos = m_buffer.size();
                ++m_line;
                return Status::Line;
            }
            return Status::End;
        }
    }
}

} // namespace reslab
