#include "configimport/json_positions.h"

#include <algorithm>
#include <vector>

namespace reslab {

namespace {

bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class Scanner
{
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    std::map<std::string, std::size_t> run()
    {
        // A UTF-8 byte order mark, which the strict reader allows at the start.
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_at = 3;
        value("");
        return std::move(m_offsets);
    }

private:
    struct Frame
    {
        std::string path;
        bool object;
        std::size_t index = 0;
    };

    void skip()
    {
        while (m_at < m_text.size() && space(m_text[m_at]))
            ++m_at;
    }

    // The string starting at m_at (its quote); returns its raw content.
    std::string_view string()
    {
        const std::size_t start = ++m_at;
        while (m_at < m_text.size() && m_text[m_at] != '"')
            m_at += m_text[m_at] == '\\' ? 2 : 1;
        const std::string_view s = m_text.substr(start, m_at - start);
        ++m_at;
        return s;
    }

    // Iterative over containers, so a document at the strict reader's depth limit costs no stack.
    void value(const std::string& root)
    {
        std::vector<Frame> stack;
        std::string path = root;
        for (;;) {
            skip();
            if (m_at >= m_text.size()) return;
            m_offsets.emplace(path, m_at);
            const char c = m_text[m_at];
            if (c == '{' || c == '[') {
                ++m_at;
                stack.push_back({path, c == '{'});
                skip();
                if (m_at < m_text.size() && (m_text[m_at] == '}' || m_text[m_at] == ']')) {
                    ++m_at;
                    stack.pop_back();
                } else {
                    path = next(stack.back());
                    continue;
                }
            } else if (c == '"') {
                string();
            } else {
                while (m_at < m_text.size() && !space(m_text[m_at]) && m_text[m_at] != ',' &&
                       m_text[m_at] != '}' && m_text[m_at] != ']')
                    ++m_at;
            }
            // After a value: a comma continues its container, a bracket closes it.
            for (;;) {
                if (stack.empty()) return;
                skip();
                if (m_at >= m_text.size()) return;
                if (m_text[m_at] == ',') {
                    ++m_at;
                    path = next(stack.back());
                    break;
                }
                ++m_at; // '}' or ']'
                stack.pop_back();
            }
        }
    }

    // The path of the container's next member; for an object, reads its key and colon.
    std::string next(Frame& frame)
    {
        if (!frame.object) return frame.path + "[" + std::to_string(frame.index++) + "]";
        skip();
        const std::string_view key = string();
        skip();
        ++m_at; // ':'
        return frame.path.empty() ? std::string(key) : frame.path + "." + std::string(key);
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    std::map<std::string, std::size_t> m_offsets;
};

} // namespace

std::map<std::string, std::size_t> jsonValueOffsets(std::string_view json)
{
    return Scanner(json).run();
}

std::pair<int, int> lineAndColumn(std::string_view text, std::size_t offset)
{
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

TextIndex::TextIndex(std::string_view text)
{
    m_lineStarts.push_back(0);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i % kStride == 0) m_charsAtStride.push_back(chars);
        if (text[i] == '\n') m_lineStarts.push_back(i + 1);
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    }
    m_charsAtStride.push_back(chars);
}

std::size_t TextIndex::charsBefore(std::string_view text, std::size_t offset) const
{
    offset = std::min(offset, text.size());
    const std::size_t stride = offset / kStride;
    std::size_t chars = m_charsAtStride[std::min(stride, m_charsAtStride.size() - 1)];
    for (std::size_t i = stride * kStride; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    return chars;
}

std::pair<int, int> TextIndex::at(std::string_view text, std::size_t offset) const
{
    const auto line = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset) - 1;
    const std::size_t column = charsBefore(text, offset) - charsBefore(text, *line);
    return {int(line - m_lineStarts.begin()) + 1, int(column) + 1};
}

std::string blankCommentsAndTrailingCommas(std::string_view json)
{
    std::string out(json);
    std::size_t pendingComma = std::string::npos;
    std::size_t i = 0;
    const auto blank = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to && k < out.size(); ++k)
            if (out[k] != '\n' && out[k] != '\r') out[k] = ' ';
    };
    while (i < out.size()) {
        const char c = out[i];
        if (c == '"') {
            pendingComma = std::string::npos;
            ++i;
            while (i < out.size() && out[i] != '"' && out[i] != '\n')
                i += out[i] == '\\' ? 2 : 1;
            ++i;
        } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
            const std::size_t end = out.find('\n', i);
            blank(i, end == std::string::npos ? out.size() : end);
            i = end == std::string::npos ? out.size() : end;
        } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
            const std::size_t end = out.find("*/", i + 2);
            if (end == std::string::npos) return out; // unterminated: the strict reader says where
            blank(i, end + 2);
            i = end + 2;
        } else if (c == ',') {
            pendingComma = i++;
        } else if ((c == '}' || c == ']') && pendingComma != std::string::npos) {
            out[pendingComma] = ' ';
            pendingComma = std::string::npos;
            ++i;
        } else {
            if (!space(c)) pendingComma = std::string::npos;
            ++i;
        }
    }
    return out;
}

} // namespace reslab
