#pragma once
// One HTTP/1.1 message read from bytes as they come, by Beast's parser under serve's limits
// (docs/serve.md, "Limits"): the request a client sends, or the answer a proxy endpoint's
// upstream gives. Beast alone counts its header limit per call and not at all for chunk
// extensions and trailers, and throws (std::length_error) on a trailer field over 64 KiB; so the
// bytes are given to it in windows no larger than the header limit, and what is not body is
// counted here across the whole message:
//   - the start line, the header fields, every chunk extension and the trailer fields together
//     are at most maxHeaderBytes, and the fields (trailers included) at most maxHeaderFields;
//   - a chunk-size line may carry kChunkLineBytes of its own (its CRLFs and up to 16 hex digits),
//     more (leading zeros, whitespace) is counted as header bytes too;
//   - the framing is RFC 9112's, and only it: a Transfer-Encoding other than a lone "chunked", or
//     with a Content-Length beside it, or in an HTTP/1.0 message, is refused (§6.1, §6.3).
// Trailer fields are read, counted and then dropped: they never become header fields of the
// request the model or an upstream sees. A message refused stays refused; what the parser had
// taken of the bytes is consumed, the rest is the caller's to discard (the connection closes).

#include "serve/serve_limits.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace reslab {

// A chunk-size line's own bytes: the CRLF ending the chunk before it, 16 hex digits (a 64-bit
// size) and its CRLF.
inline constexpr std::size_t kChunkLineBytes = 2 + 16 + 2;

enum class ReadState : std::uint8_t
{
    NeedMore, // everything given was taken; the message goes on
    Done,     // one whole message; bytes after it are left in the buffer
    Refused,  // status() and reason() say why
};

template <bool isRequest> class MessageReader
{
public:
    using Parser = boost::beast::http::parser<isRequest, boost::beast::http::string_body>;
    using Message = typename Parser::value_type;

    // `headOnly`: a response to a HEAD request, which has no body whatever its headers say.
    explicit MessageReader(const ServeLimits& limits, bool headOnly = false);
    MessageReader(const MessageReader&) = delete; // the parser holds a reference to this
    MessageReader& operator=(const MessageReader&) = delete;

    // Parses what `in` holds, consuming what the message takes.
    ReadState feed(boost::beast::flat_buffer& in);
    // The peer closed its side: a message whose end is the connection's end is done now.
    ReadState atEnd();
    bool begun() const { return m_parser.got_some(); }
    Message release() { return m_parser.release(); }
    // When refused: 400 (malformed, bad framing), 413 (body), 431 (header bytes or fields),
    // 501 (a transfer coding other than chunked), and the reason in words.
    int status() const { return m_status; }
    const std::string& reason() const { return m_reason; }

private:
    ReadState refuse(int status, std::string reason);
    ReadState refuseParse(const boost::system::error_code& ec);
    ReadState checkFraming();
    ReadState finish();
    void onChunkHeader(std::uint64_t size, boost::beast::string_view extensions,
                       boost::system::error_code& ec);

    ServeLimits m_limits;
    Parser m_parser;
    // Parser::on_chunk_header keeps a reference to its callback: this one lives as long.
    std::function<void(std::uint64_t, boost::beast::string_view, boost::system::error_code&)>
        m_chunkHeader;
    std::size_t m_headerBytes = 0;    // counted against maxHeaderBytes
    std::size_t m_extensionBytes = 0; // chunk extensions seen in the current put
    std::size_t m_headerFields = 0;   // fields of the header proper, the rest are trailers
    int m_status = 0;
    std::string m_reason;
};

extern template class MessageReader<true>;
extern template class MessageReader<false>;
using RequestReader = MessageReader<true>;
using ResponseReader = MessageReader<false>;

} // namespace reslab
