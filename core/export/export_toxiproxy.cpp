// toxiproxy: one TCP proxy per endpoint and, for each steady stretch of the endpoint's fault
// model (fault_timeline.h), the toxics to install for it, as the bodies of toxiproxy's
// POST /proxies/{name}/toxics. toxiproxy works on TCP: it can delay a direction (latency with a
// uniform ± jitter), hold data forever (timeout 0), reset the connection (reset_peer) and refuse
// connections (a disabled proxy); it has no HTTP statuses, no capacity and no rate limit, and
// its toxicity is drawn per connection, not per request. The output is JSON, so what cannot be
// expressed is listed under "not_expressible" at the top instead of in a comment.

#include "export/export.h"
#include "export/fault_timeline.h"
#include "util/json_writer.h"

#include <cmath>

namespace reslab::detail {

namespace {
constexpr int kFirstListenPort = 26000; // listen ports, one per endpoint, from here
constexpr const char* kUpstreamPlaceholder = "127.0.0.1:8080";

void writeToxic(JsonWriter& w, const std::string& name, const char* type, const char* stream,
                double toxicity, const char* attribute, std::int64_t value,
                const char* attribute2 = nullptr, std::int64_t value2 = 0)
{
    w.beginObject();
    w.key("name").value(name);
    w.key("type").value(type);
    w.key("stream").value(stream);
    w.key("toxicity").value(toxicity);
    w.key("attributes").beginObject();
    w.key(attribute).value(value);
    if (attribute2) w.key(attribute2).value(value2);
    w.endObject();
    w.endObject();
}

// The toxics for one stretch; notes what they cannot say.
void writeStretch(JsonWriter& w, const EndpointSpec& e, const FaultStretch& s, Notes& notes)
{
    const std::string failures = blockPath(e, s, Block::Failures);
    const FailureSpec& f = s.failures;
    const bool down = f.error + f.fatal >= 1.0;
    w.beginObject();
    w.key("start_s").value(s.startS);
    w.key("end_s");
    if (std::isfinite(s.endS))
        w.value(s.endS);
    else
        w.null();
    w.key("enabled").value(!down);
    w.key("toxics").beginArray();
    if (down) {
        notes.add(failures, "every answer a failure status: exported as the proxy "
                            "disabled, so clients see connections refused, not statuses");
    } else {
        const DelayMoments d = answerDelay(s);
        if (d.meanMs > 0.0) {
            // A uniform ± j has standard deviation j/√3; toxiproxy's jitter cannot reach below 0.
            const double jitter = std::min(d.meanMs, std::sqrt(3.0) * d.sdMs);
            writeToxic(w, "reslab_latency", "latency", "downstream", 1.0, "latency",
                       std::llround(d.meanMs), "jitter", std::llround(jitter));
            const bool uniformShape =
                s.network.sdMs() == 0.0 && (s.latency.kind == Distribution::Kind::Constant ||
                                            s.latency.kind == Distribution::Kind::Uniform);
            if (!uniformShape)
                notes.add(blockPath(e, s, Block::Latency),
                          describeDistribution(s.latency) +
                              " (with the network both ways): exported as its mean ± a uniform "
                              "jitter of the same standard deviation");
        }
        if (f.reset > 0.0)
            writeToxic(w, "reslab_reset", "reset_peer", "downstream", f.reset, "timeout", 0);
        if (f.timeout > 0.0)
            writeToxic(w, "reslab_timeout", "timeout", "downstream", f.timeout, "timeout", 0);
        if ((f.reset > 0.0 && f.reset < 1.0) || (f.timeout > 0.0 && f.timeout < 1.0))
            notes.add(failures,
                      "resets and timeouts per request (toxiproxy draws a toxic's toxicity per "
                      "connection: a kept-alive connection keeps its fate)");
        if (f.error > 0.0) notes.add(failures + ".error", "HTTP error statuses");
        if (f.fatal > 0.0) notes.add(failures + ".fatal", "HTTP 4xx statuses");
    }
    w.endArray();
    w.endObject();
    if (s.rateLimit) notes.add(blockPath(e, s, Block::RateLimit), "a rate limit with 429 answers");
    if (s.capacity.workers || s.capacity.queue || s.capacity.slowdownPerInflight > 0.0)
        notes.add(blockPath(e, s, Block::Capacity), "workers, a queue and slowdown under load");
}
} // namespace

ExportResult exportToxiproxy(const Scenario& s)
{
    Notes notes;
    JsonWriter w;
    std::vector<const EndpointSpec*> served;
    for (const EndpointSpec& e : s.endpoints) {
        if (injectable(e, notes)) served.push_back(&e);
    }
    // Each endpoint's timeline, written once to learn its notes (the header lists them first)
    // and once into the document.
    auto writeTimelines = [&](JsonWriter& into, Notes& notesInto) {
        into.beginObject();
        for (const EndpointSpec* e : served) {
            into.key(e->id).beginArray();
            for (const FaultStretch& stretch : faultTimeline(*e))
                writeStretch(into, *e, stretch, notesInto);
            into.endArray();
        }
        into.endObject();
    };
    JsonWriter scratch;
    writeTimelines(scratch, notes);
    w.beginObject();
    w.key("generated_by").value("resilience-lab export --to toxiproxy");
    w.key("not_expressible").beginArray();
    for (const std::string& n : notes.items)
        w.value(n);
    w.endArray();
    w.key("usage").value(
        "Load \"proxies\" with toxiproxy-server -config (or POST each to /proxies), point "
        "upstream at the real service, then at each stretch's start_s replace the proxy's "
        "toxics by its \"toxics\" (POST /proxies/NAME/toxics) and set \"enabled\".");
    w.key("proxies").beginArray();
    for (std::size_t i = 0; i < served.size(); ++i) {
        w.beginObject();
        w.key("name").value(served[i]->id);
        w.key("listen").value("127.0.0.1:" + std::to_string(kFirstListenPort + i));
        w.key("upstream").value(kUpstreamPlaceholder);
        w.key("enabled").value(true);
        w.endObject();
    }
    w.endArray();
    w.key("timeline");
    Notes again;
    writeTimelines(w, again);
    w.endObject();
    return ExportResult{w.take() + "\n", notes.items};
}

} // namespace reslab::detail
