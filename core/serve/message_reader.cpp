#include "serve/message_reader.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <exception>
#include <iterator>

namespace reslab {

namespace http = boost::beast::http;

namespace {
// Beast stores a field's name and value lengths in 16 bits and throws past them: no window may
// hold a field that long. Far above any header limit serve uses.
constexpr std::size_t kMaxWindow = 60 * 1024;

std::string text(boost::beast::string_view s)
{
    return std::string(s.data(), s.size());
}
} // namespace

template <bool isRequest>
MessageReader<isRequest>::MessageReader(const ServeLimits& limits, bool headOnly) : m_limits(limits)
{
    m_parser.header_limit(static_cast<std::uint32_t>(limits.maxHeaderBytes));
    m_parser.body_limit(limits.maxBodyBytes);
    m_parser.eager(false); // one element per put: the header stops at its end
    if (headOnly) m_parser.skip(true);
    m_chunkHeader = [this](std::uint64_t size, boost::beast::string_view extensions,
                           boost::system::error_code& ec) { onChunkHeader(size, extensions, ec); };
    m_parser.on_chunk_header(m_chunkHeader);
}

template <bool isRequest>
void MessageReader<isRequest>::onChunkHeader(std::uint64_t, boost::beast::string_view extensions,
                                             boost::system::error_code& ec)
{
    m_extensionBytes += extensions.size();
    ec = {};
}

template <bool isRequest> ReadState MessageReader<isRequest>::feed(boost::beast::flat_buffer& in)
{
    if (m_status) return ReadState::Refused;
    const std::size_t fullWindow = std::min(m_limits.maxHeaderBytes + kChunkLineBytes, kMaxWindow);
    while (!m_parser.is_done()) {
        if (in.size() == 0) return ReadState::NeedMore;
        const std::size_t window = std::min(in.size(), fullWindow);
        const bool headerDone = m_parser.is_header_done();
        const std::size_t bodyBefore = headerDone ? m_parser.get().body().size() : 0;
        m_extensionBytes = 0;
        boost::system::error_code ec;
        std::size_t used = 0;
        try {
            used = m_parser.put(boost::asio::buffer(in.data().data(), window), ec);
        } catch (const std::exception& e) {
            // Not expected within a window (kMaxWindow), but a parser's complaint is the
            // message's problem, never the process's.
            return refuse(400, std::string("malformed message: ") + e.what());
        }
        in.consume(used);
        if (!headerDone) {
            m_headerBytes += used; // with eager off, a put ends where the header does
        } else {
            const std::size_t body = m_parser.get().body().size() - bodyBefore;
            const std::size_t framing = used - std::min(used, body);
            const std::size_t line = framing - std::min(framing, m_extensionBytes);
            // The last chunk's put holds the trailer fields: all of it counts.
            m_headerBytes += m_extensionBytes +
                             (m_parser.is_done() ? line : line - std::min(line, kChunkLineBytes));
        }
        if (m_headerBytes > m_limits.maxHeaderBytes)
            return refuse(431, "header fields, chunk extensions and trailers over " +
                                   std::to_string(m_limits.maxHeaderBytes) + " bytes");
        if (ec == http::error::need_more) {
            if (window < fullWindow) return ReadState::NeedMore;
            if (used == 0)
                return refuse(431, "a header line, chunk line or trailer over " +
                                       std::to_string(m_limits.maxHeaderBytes) + " bytes");
            continue; // whole fields were taken: the next window
        }
        if (ec) return refuseParse(ec);
        if (!headerDone && m_parser.is_header_done()) {
            if (checkFraming() == ReadState::Refused) return ReadState::Refused;
        }
    }
    return finish();
}

template <bool isRequest> ReadState MessageReader<isRequest>::atEnd()
{
    if (m_status) return ReadState::Refused;
    if (m_parser.is_done()) return ReadState::Done;
    if (!m_parser.got_some()) return refuse(400, "the connection closed before a message");
    boost::system::error_code ec;
    m_parser.put_eof(ec);
    if (ec) return refuseParse(ec);
    return finish();
}

template <bool isRequest> ReadState MessageReader<isRequest>::checkFraming()
{
    const Message& m = m_parser.get();
    const auto fields = static_cast<std::size_t>(std::distance(m.begin(), m.end()));
    if (fields > m_limits.maxHeaderFields)
        return refuse(431, std::to_string(fields) + " header fields, more than " +
                               std::to_string(m_limits.maxHeaderFields));
    m_headerFields = fields;
    if (m.find(http::field::transfer_encoding) == m.end()) return ReadState::NeedMore;
    // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing cannot be trusted.
    if (m.version() < 11)
        return refuse(400, "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1)");
    if (m.find(http::field::content_length) != m.end())
        return refuse(400, "both Transfer-Encoding and Content-Length (RFC 9112 §6.1)");
    std::vector<std::string> codings;
    const auto [first, last] = m.equal_range(http::field::transfer_encoding);
    for (auto f = first; f != last; ++f) {
        const http::opt_token_list list{f->value()};
        if (!http::validate_list(list))
            return refuse(400, "Transfer-Encoding is not a list of codings: " + text(f->value()));
        for (const auto& t : list)
            codings.push_back(text(t));
    }
    const auto isChunked = [](const std::string& c) {
        return boost::beast::iequals(c, boost::beast::string_view("chunked"));
    };
    if (codings.empty() || !isChunked(codings.back()))
        return refuse(400, "Transfer-Encoding without chunked last: the body's length cannot be "
                           "known (RFC 9112 §6.3)");
    if (std::count_if(codings.begin(), codings.end(), isChunked) > 1)
        return refuse(400, "chunked applied more than once (RFC 9112 §7)");
    if (codings.size() > 1)
        return refuse(501, "the transfer coding " + codings.front() + " is not implemented");
    return ReadState::NeedMore;
}

template <bool isRequest> ReadState MessageReader<isRequest>::finish()
{
    Message& m = m_parser.get();
    const auto fields = static_cast<std::size_t>(std::distance(m.begin(), m.end()));
    if (fields > m_limits.maxHeaderFields)
        return refuse(431, std::to_string(fields) + " header and trailer fields, more than " +
                               std::to_string(m_limits.maxHeaderFields));
    // Trailers were counted; they are no header of the message (RFC 9110 §6.5.1).
    auto trailer = std::next(m.begin(), static_cast<std::ptrdiff_t>(m_headerFields));
    while (trailer != m.end())
        trailer = m.erase(trailer);
    return ReadState::Done;
}

template <bool isRequest>
ReadState MessageReader<isRequest>::refuseParse(const boost::system::error_code& ec)
{
    if (ec == http::error::header_limit)
        return refuse(431, "header over " + std::to_string(m_limits.maxHeaderBytes) + " bytes");
    if (ec == http::error::body_limit)
        return refuse(413, "body over " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    return refuse(400, "malformed message: " + ec.message());
}

template <bool isRequest> ReadState MessageReader<isRequest>::refuse(int status, std::string reason)
{
    m_status = status;
    m_reason = std::move(reason);
    return ReadState::Refused;
}

template class MessageReader<true>;
template class MessageReader<false>;

} // namespace reslab
