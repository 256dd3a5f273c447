// toxiproxy: one TCP proxy per endpoint and, for each steady stretch of the endpoint's fault
// model (fault_timeline.h), the toxics to install for it, as the bodies of toxiproxy's
// POST /proxies/{name}/toxics. toxiproxy works on TCP: it can delay a direction (latency with a
// uniform ± jitter), hold data forever (timeout 0), reset the connection (reset_peer) and refuse
// connections (a disabled proxy); it has no HTTP statuses, no capacity and no rate limit, and
// its toxicity is drawn per connection, not per request. The output is the array of proxies
// toxiproxy-server -config loads; JSON has no comments, so what cannot be expressed and the
// timeline are in each proxy's "_not_expressible" and "_timeline", which toxiproxy ignores.

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
    std::vector<const EndpointSpec*> served;
    for (const EndpointSpec& e : s.endpoints) {
        if (injectable(e, notes)) served.push_back(&e);
    }
    // Each endpoint's timeline, written once to learn its notes (each proxy lists its own
    // before its timeline) and once into the document.
    {
        JsonWriter scratch;
        scratch.beginArray();
        for (const EndpointSpec* e : served)
            for (const FaultStretch& stretch : faultTimeline(*e))
                writeStretch(scratch, *e, stretch, notes);
        scratch.endArray();
    }
    // The document is what toxiproxy-server -config loads: an array of proxies. toxiproxy reads
    // name, listen, upstream and enabled and ignores the rest, so each proxy carries what the
    // tool has to say about it in keys that start with "_".
    JsonWriter w;
    w.beginArray();
    for (std::size_t i = 0; i < served.size(); ++i) {
        const std::string prefix = "endpoints." + served[i]->id;
        w.beginObject();
        w.key("name").value(served[i]->id);
        w.key("listen").value("127.0.0.1:" + std::to_string(kFirstListenPort + i));
        w.key("upstream").value(kUpstreamPlaceholder);
        w.key("enabled").value(true);
        w.key("_generated_by").value("resilience-lab export --to toxiproxy");
        w.key("_usage").value(
            "toxiproxy-server -config FILE loads these proxies; point upstream at the real "
            "service. At each stretch's start_s in _timeline, replace the proxy's toxics by the "
            "stretch's (DELETE and POST /proxies/" +
            served[i]->id + "/toxics) and set enabled (POST /proxies/" + served[i]->id +
            "). listen and upstream are placeholders to edit.");
        w.key("_not_expressible").beginArray();
        // Its own notes; the first proxy also carries those of no proxy (a trace endpoint).
        for (const std::string& n : notes.items) {
            const bool own = n.starts_with(prefix + ".") || n.starts_with(prefix + ":");
            bool anyProxy = false;
            for (const EndpointSpec* e : served)
                anyProxy = anyProxy || n.starts_with("endpoints." + e->id + ".") ||
                           n.starts_with("endpoints." + e->id + ":");
            if (own || (i == 0 && !anyProxy)) w.value(n);
        }
        w.endArray();
        w.key("_timeline").beginArray();
        Notes again;
        for (const FaultStretch& stretch : faultTimeline(*served[i]))
            writeStretch(w, *served[i], stretch, again);
        w.endArray();
        w.endObject();
    }
    w.endArray();
    return ExportResult{w.take() + "\n", notes.items};
}

} // namespace reslab::detail
