// A proxy endpoint (kind proxy, docs/serve.md "Fault proxy"): the fault model decides first —
// its delays, failures, 429s, capacity and resets apply as to any served endpoint — and an
// answer the model lets through (ok) is the real upstream's, relayed with its status, headers
// and body. An upstream that cannot be reached answers 502; one that does not answer in time 504.

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
    forwardToUpstream(m_server.io(), up->address, std::move(request),
                      m_server.limits().upstreamTimeout, m_server.limits().maxBodyBytes, x.head,
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
        const auto& from = *result.response;
        r.result(from.result_int());
        for (const auto& field : from) {
            bool relayed = true;
            for (const http::field f : kHopByHopFields)
                relayed = relayed && field.name() != f;
            if (relayed) r.insert(field.name_string(), field.value());
        }
        r.body() = from.body();
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
