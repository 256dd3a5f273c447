// serve's request path on any bytes: the RequestReader (Beast's parser under serve's limits,
// trailers and chunk extensions counted) on the bytes at once and in small reads, up to 8
// pipelined requests; the same bytes as an upstream's answer (ResponseReader, 1xx skipped); then
// what the server does with each request it reads — read its If-Match and X-Reslab-Request, build
// the request a proxy endpoint would forward, route it to an endpoint (one call into the fault
// model, abandoned) or to the control API (which puts a body through the scenario reader). Never a
// crash; a refusal is 400, 413, 431 or 501; a body is framed by Content-Length or chunked alone;
// the control API answers only with its statuses, its JSON answers parse, a forwarded target stays
// below the upstream's prefix.

#include "fuzz_input.h"
#include "scenario/scenario_io.h"
#include "serve/control_api.h"
#include "serve/http_answer.h"
#include "serve/http_server.h"
#include "serve/message_reader.h"
#include "serve/served_model.h"
#include "serve/upstream_call.h"

#include <QJsonDocument>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/string_body.hpp>

using namespace reslab;
namespace http = boost::beast::http;

namespace {
constexpr const char* kScenario = R"({"format": "resilience-lab.scenario/1", "name": "served",
  "seed": 1, "duration_s": 10, "workload": {"type": "open", "rate_per_s": 10}, "target": "api",
  "pipeline": [], "endpoints": {"api": {"latency": {"dist": "constant", "ms": 5},
  "phases": [{"start_s": 1, "end_s": 2, "failures": {"error": 1}}]},
  "db": {"capacity": {"workers": 1, "queue": 0}}}})";
constexpr int kMaxRequestsPerInput = 8; // pipelined requests in one input
constexpr std::size_t kPiece = 7;       // bytes per read when the input comes in pieces
const Upstream kUpstream{"127.0.0.1", 9000, "/v1"};
const boost::beast::string_view kRequestHeaderName(kRequestHeader.data(), kRequestHeader.size());

// The input as a connection brings it: in reads of `piece` bytes (0: all at once) into a buffer
// that the messages read one after another take from.
struct Source
{
    std::string_view unread;
    std::size_t piece = 0;
    boost::beast::flat_buffer in;
    bool more() const { return in.size() > 0 || !unread.empty(); }
};

template <bool isRequest> ReadState readMessage(MessageReader<isRequest>& reader, Source& source)
{
    for (;;) {
        ReadState state = reader.feed(source.in);
        if (state != ReadState::NeedMore) return state;
        if (source.unread.empty()) return reader.atEnd();
        const std::size_t n =
            source.piece ? std::min(source.piece, source.unread.size()) : source.unread.size();
        boost::asio::buffer_copy(source.in.prepare(n),
                                 boost::asio::buffer(source.unread.data(), n));
        source.in.commit(n);
        source.unread.remove_prefix(n);
    }
}

void requireRefusalStatus(int status)
{
    fuzz::require(status == 400 || status == 413 || status == 431 || status == 501,
                  "a refusal outside 400, 413, 431, 501");
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static boost::asio::io_context io;
    static ServedModel model(*parseScenario(QByteArray(kScenario)).scenario, io);
    static ServerCounters counters;
    static ControlApi control(model, counters);
    const ServeLimits limits;
    const std::string input(reinterpret_cast<const char*>(data), size);

    // The same bytes as an upstream's answer to a proxy endpoint: 1xx answers skipped, the
    // final one read under the same limits, in small reads.
    {
        Source source{input, kPiece, {}};
        for (int n = 0; n < kMaxRequestsPerInput && source.more(); ++n) {
            ResponseReader reader(limits);
            const ReadState state = readMessage(reader, source);
            if (state == ReadState::Refused) requireRefusalStatus(reader.status());
            if (state != ReadState::Done || reader.release().result_int() / 100 != 1) break;
        }
    }

    // Once with the whole input in one read, once in small reads (where limits counted per read
    // were once passed by sending a header in pieces).
    for (const std::size_t piece : {std::size_t{0}, kPiece}) {
        Source source{input, piece, {}};
        for (int n = 0; n < kMaxRequestsPerInput && source.more(); ++n) {
            RequestReader reader(limits);
            const ReadState state = readMessage(reader, source);
            if (state == ReadState::Refused) requireRefusalStatus(reader.status());
            if (state != ReadState::Done) break; // 4xx/501 or waiting for more: the session's
            const auto request = reader.release();
            fuzz::require(request.find(http::field::transfer_encoding) == request.end() ||
                              request.chunked(),
                          "a body framed by anything but chunked");
            const std::string_view target(request.target().data(), request.target().size());
            if (target.starts_with(kControlPrefix)) {
                const ControlResponse r =
                    control.handle(std::string_view(request.method_string().data(),
                                                    request.method_string().size()),
                                   target, request.body());
                fuzz::require(r.status == 200 || r.status == 400 || r.status == 404 ||
                                  r.status == 405 || r.status == 409,
                              "a control status outside its set");
                if (r.contentType == "application/json") {
                    QJsonParseError error;
                    QJsonDocument::fromJson(QByteArray::fromStdString(r.body), &error);
                    fuzz::require(error.error == QJsonParseError::NoError, "control JSON parses");
                }
                continue;
            }
            // What a request says about itself: If-Match, X-Reslab-Request, and the request a proxy
            // endpoint would send upstream (its target must stay a path below the prefix).
            auto header = [&](boost::beast::string_view name) {
                const auto f = request.find(name);
                return f == request.end() ? std::string_view()
                                          : std::string_view(f->value().data(), f->value().size());
            };
            const IfMatch ifMatch = parseIfMatch(header(http::to_string(http::field::if_match)));
            fuzz::require(!ifMatch.expected || *ifMatch.expected <= kNoSuchVersion, "a version");
            if (const auto id = clientRequestId(header(kRequestHeaderName)))
                fuzz::require(*id < (std::uint64_t{1} << 63),
                              "a request id below the trace's none");
            const std::string_view name = targetEndpoint(target);
            const auto forwarded = upstreamRequest(request, name, kUpstream);
            const std::string_view forwardedTarget(forwarded.target().data(),
                                                   forwarded.target().size());
            fuzz::require(forwardedTarget.starts_with("/v1/"), "the upstream's prefix comes first");
            if (const auto index = model.endpointIndex(name)) {
                const ServedModel::Ticket t = model.call(*index, [](const ServedAnswer&) {});
                model.abandon(t);
            }
        }
    }
    return 0;
}
