// A proxy endpoint (kind proxy, docs/serve.md "Fault proxy"): the fault model decides first —
// its delays, failures, 429s, capacity and resets apply as to any served endpoint — and an
// answer the model lets through (ok) is the real upstream's, relayed with its status, headers
// and body. An upstream that cannot be reached, or whose answer is refused (malformed, header or
// body over serve's limits), answers 502; one that does not answer in time 504.

#include "serve/beast_text.h"
#include "serve/http_answer.h"
#include "serve/http_server.h"
#include "serve/http_session.h"

namespace reslab {

namespace http = boost::beast::http;

void HttpSession::forward(Exchange& x, const ServedAnswer& answer)
{
    const HttpServer::ResolvedUpstream* up = m_server.upstream(x.endpoint);
    auto request = upstreamRequest(*x.forward, m_model.endpointId(x.endpoint), up->upstream);
    x.forward.reset();
    const std::uint64_t serial = x.serial;
    forwardToUpstream(m_server.io(), up->address, std::move(request), m_server.limits(), x.head,
                      [self = shared_from_this(), serial, answer](UpstreamResult result) {
                          self->onUpstream(serial, answer, std::move(result));
                      });
}

void HttpSession::onUpstream(std::uint64_t serial, const ServedAnswer& answer,
                             UpstreamResult result)
{
    if (m_closed) return;
    Exchange* x = exchange(serial);
    if (!x) return;
    Response& r = x->response;
    if (result.response) {
        auto& from = *result.response;
        stripHopByHop(from.base());
        r.result(from.result_int());
        for (const auto& field : from)
            r.insert(field.name_string(), field.value());
        r.body() = std::move(from.body()); // up to maxBodyBytes: not held twice
        if (x->head) {
            if (from.has_content_length())
                r.set(http::field::content_length, from[http::field::content_length]);
        } else {
            r.prepare_payload();
        }
    } else {
        const int status = result.timedOut ? 504 : 502;
        r.result(static_cast<unsigned>(status));
        r.set(http::field::server, "resilience-lab");
        r.set(http::field::content_type, "application/json");
        r.body() = "{\"error\": \"upstream " + m_server.upstream(x->endpoint)->upstream.host +
                   ": " + result.error + "\"}";
        if (x->head)
            r.content_length(r.body().size());
        else
            r.prepare_payload();
        if (x->head) r.body().clear();
    }
    r.set(bsv(kCallHeader), std::to_string(answer.call));
    r.set(bsv(kOutcomeHeader), bsv(outcomeName(answer.result.outcome)));
    x->ready = true;
    writeNext();
}

} // namespace reslab
