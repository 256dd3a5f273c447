#pragma once
// Where each value of a JSON document is, for messages that name a line: QJsonValue keeps no
// positions, so after parseStrictJson has accepted a document, one pass over its text records the
// offset of every value by its path. It reads only text the strict reader accepted, so it has no
// errors of its own to find.

#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace reslab {

// Paths as "methodConfig[0].retryPolicy.maxAttempts" (keys as written between their quotes);
// the document itself is "".
std::map<std::string, std::size_t> jsonValueOffsets(std::string_view json);

// 1-based line and column of a byte offset; a column counts characters (UTF-8 sequences as one).
std::pair<int, int> lineAndColumn(std::string_view text, std::size_t offset);

// .NET's JSON configuration reader takes comments (// and /* */) and trailing commas
// (JsonDocumentOptions CommentHandling.Skip, AllowTrailingCommas): they are replaced by spaces,
// newlines kept, so every offset, line and column stays where it was for the strict reader.
std::string blankCommentsAndTrailingCommas(std::string_view json);

} // namespace reslab
