#include "trace/json_array_stream.h"

#include <vector>

namespace reslab::detail {

JsonArrayStream::Result JsonArrayStream::scan(QFile& file, std::string_view key,
                                              const Element& element)
{
    Result result;
    constexpr qint64 kChunk = 1 << 20;
    std::vector<char> chunk(static_cast<std::size_t>(kChunk));
    bool inString = false, escape = false;
    std::string lastString; // the most recent string token (a key candidate)
    bool collectingString = false;
    bool expectColon = false; // just after a string: a ':' makes it a key
    bool keyMatched = false;  // the key we want, followed by ':'
    int depth = 0;            // nesting of { and [
    int arrayDepth = -1;      // depth inside the target array (its '[' raised depth to this)
    std::string current;      // the element being collected
    bool collecting = false, skipping = false;
    std::uint64_t line = 1, elementLine = 0;
    // A scalar element (42, null, "x") of the target array: handed on like any other, so that
    // the importer says it is not an object instead of passing over it.
    bool scalar = false, scalarIsString = false;
    std::string scalarText;
    std::uint64_t scalarLine = 0;
    bool rootDone = false; // the document's outermost value has ended
    auto emitScalar = [&] {
        scalar = false;
        const bool go = element(scalarText, scalarLine, result.elements);
        ++result.elements;
        return go;
    };

    for (;;) {
        const qint64 n = file.read(chunk.data(), kChunk);
        if (n <= 0) break;
        for (qint64 i = 0; i < n; ++i) {
            const char c = chunk[static_cast<std::size_t>(i)];
            if (c == '\n') ++line;
            const bool inElement = collecting && depth > arrayDepth;
            if (inElement && !skipping) {
                if (current.size() >= kMaxElementBytes) {
                    skipping = true;
                    result.tooLarge = true;
                    current.clear();
                    current.shrink_to_fit();
                } else {
                    current += c;
                }
            }
            if (scalar && scalarText.size() < 256 && (scalarIsString || c > ' ') && c != ',' &&
                (scalarIsString || c != ']'))
                scalarText += c;
            if (inString) {
                if (escape)
                    escape = false;
                else if (c == '\\')
                    escape = true;
                else if (c == '"') {
                    inString = false;
                    collectingString = false;
                    expectColon = true;
                    if (scalar && scalarIsString && !emitScalar()) return result;
                } else if (collectingString && lastString.size() < 256) {
                    lastString += c;
                }
                continue;
            }
            if (rootDone && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                result.trailingText = true;
                result.trailingLine = line;
                return result;
            }
            if (scalar && !scalarIsString &&
                (c == ',' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') &&
                !emitScalar())
                return result;
            switch (c) {
            case '"':
                if (collecting && depth == arrayDepth) {
                    scalar = scalarIsString = true;
                    scalarText.assign(1, c);
                    scalarLine = line;
                }
                inString = true;
                // Only short strings outside elements can be the key we look for.
                collectingString = !collecting;
                lastString.clear();
                break;
            case ':':
                keyMatched = expectColon && !collecting && lastString == key;
                expectColon = false;
                break;
            case '{':
            case '[': {
                expectColon = false;
                ++depth;
                if (c == '[' && keyMatched && !collecting) {
                    collecting = true;
                    result.foundKey = true;
                    arrayDepth = depth;
                } else if (collecting && depth == arrayDepth + 1) {
                    // An element starts: restart the buffer with its opening brace.
                    current.assign(1, c);
                    skipping = false;
                    elementLine = line;
                }
                keyMatched = false;
                break;
            }
            case '}':
            case ']':
                expectColon = false;
                keyMatched = false;
                if (collecting && depth == arrayDepth + 1) {
                    if (!skipping && !element(current, elementLine, result.elements)) return result;
                    ++result.elements;
                    current.clear();
                }
                if (collecting && depth == arrayDepth && c == ']') {
                    collecting = false;
                    arrayDepth = -1;
                }
                --depth;
                rootDone = depth == 0;
                break;
            case ' ':
            case '\t':
            case '\r':
            case '\n':
                break;
            default:
                expectColon = false;
                keyMatched = false;
                if (collecting && depth == arrayDepth && !scalar && c != ',') {
                    scalar = true;
                    scalarIsString = false;
                    scalarText.assign(1, c);
                    scalarLine = line;
                }
                break;
            }
        }
    }
    if (collecting || inString || depth > 0) {
        result.truncated = true;
        result.truncatedLine = collecting ? elementLine : line;
    }
    return result;
}

} // namespace reslab::detail
