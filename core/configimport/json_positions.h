#pragma once
// Where each value of a JSON document is, for messages that name a line: QJsonValue keeps no
// positions, so after parseStrictJson has accepted a document, one pass over its text records the
// offset of every value by its path. It reads only text the strict reader accepted, so it has no
// errors of its own to find.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reslab {

// Paths as "methodConfig[0].retryPolicy.maxAttempts" (keys as written between their quotes);
// the document itself is "".
std::map<std::string, std::size_t> jsonValueOffsets(std::string_view json);

// 1-based line and column of a byte offset; a column counts characters (UTF-8 sequences as one).
std::pair<int, int> lineAndColumn(std::string_view text, std::size_t offset);

// The same for many offsets of one text: each costs a binary search and a scan of at most
// kStride bytes, not a scan from the start (a 16 MiB file's 100,000 keys, or one minified line).
class TextIndex
{
public:
    explicit TextIndex(std::string_view text);
    // `text` is the text the index was made of (the index keeps no view of it, so the string
    // may move).
    std::pair<int, int> at(std::string_view text, std::size_t offset) const;

private:
    static constexpr std::size_t kStride = 256;
    // Characters before the byte offset.
    std::size_t charsBefore(std::string_view text, std::size_t offset) const;
    std::vector<std::size_t> m_lineStarts;
    std::vector<std::size_t> m_charsAtStride; // characters before offset k · kStride
};

// .NET's JSON configuration reader takes comments (// and /* */) and trailing commas
// (JsonDocumentOptions CommentHandling.Skip, AllowTrailingCommas): they are replaced by spaces,
// newlines kept, so every offset, line and column stays where it was for the strict reader.
std::string blankCommentsAndTrailingCommas(std::string_view json);

} // namespace reslab
