#pragma once
// Streams the elements of every array stored under a given key ("entries" in a HAR file,
// "spans" in OTLP/JSON) out of a JSON document of any size, one element at a time, in fixed
// memory: the scanner tracks strings and nesting only, and hands each element's text (up to
// kMaxElementBytes) to the callback, with the line it starts on. Scalar elements (42, null, "x")
// are handed on too (the importer refuses them: an entry is an object), and text after the
// document's end is reported, not ignored.

#include <QFile>
#include <functional>
#include <string>
#include <string_view>

namespace reslab::detail {

class JsonArrayStream
{
public:
    static constexpr std::size_t kMaxElementBytes = 64u << 20;

    struct Result
    {
        bool foundKey = false;
        bool truncated = false; // the file ended inside an element or the array
        bool tooLarge = false;  // an element longer than kMaxElementBytes (skipped)
        std::uint64_t elements = 0;
        std::uint64_t truncatedLine = 0;
        bool trailingText = false; // something other than whitespace after the document
        std::uint64_t trailingLine = 0;
    };
    // The callback returns false to stop.
    using Element =
        std::function<bool(std::string_view text, std::uint64_t line, std::uint64_t index)>;

    static Result scan(QFile& file, std::string_view key, const Element& element);
};

} // namespace reslab::detail
