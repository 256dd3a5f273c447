// `resilience-lab serve` (docs/serve.md): the scenario's endpoints as real HTTP services on the
// wall clock, until SIGINT or SIGTERM.
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "serve/serve_session.h"
#include "util/json_writer.h"

#include <chrono>
#include <cstdlib>

namespace reslab::cli {

namespace {

constexpr const char* kCommand = "serve";
constexpr const char* kDefaultListen = "127.0.0.1:8080";       // loopback unless told otherwise
constexpr const char* kServeFormat = "resilience-lab.serve/1"; // --json's lines

struct ListenAddress
{
    std::string host;
    std::uint16_t port = 0;
};

// HOST:PORT, with an IPv6 host in brackets ("[::1]:8080"); PORT 0 picks a free one.
bool parseListen(const std::string& text, ListenAddress& out, std::string& error)
{
    error = "--listen expects HOST:PORT (e.g. localhost:8080, 127.0.0.1:8080, [::1]:8080, "
            "0.0.0.0:0), got \"" +
            text + "\"";
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    std::string host = text.substr(0, colon);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return false;
        host = host.substr(1, host.size() - 2);
    }
    // localhost is the loopback address, as every server takes it (resolving other names would
    // ask a resolver; an address is unambiguous).
    if (host == "localhost") host = "127.0.0.1";
    std::uint64_t port = 0;
    if (!parseUnsigned(text.substr(colon + 1), 65535, port)) return false;
    out = ListenAddress{host, static_cast<std::uint16_t>(port)};
    error.clear();
    return true;
}

// A JSON document as one line of JSON Lines (a newline inside a string is escaped, "\n").
std::string oneLine(std::string json)
{
    std::erase(json, '\n');
    return json + "\n";
}

bool isLoopback(const std::string& host)
{
    return host.starts_with("127.") || host == "::1";
}

bool parseCount(const Arguments& a, const std::string& name, std::size_t& value, std::string& error)
{
    const auto text = a.option(name);
    if (!text) return true;
    std::uint64_t v = 0;
    if (!parseUnsigned(*text, 1'000'000, v) || v == 0) {
        error = name + " must be a whole number from 1 to 1000000, got \"" + *text + "\"";
        return false;
    }
    value = static_cast<std::size_t>(v);
    return true;
}

// A duration in seconds (fractions allowed), 0.001 … 3600.
bool parseSeconds(const Arguments& a, const std::string& name, std::chrono::milliseconds& value,
                  std::string& error)
{
    const auto text = a.option(name);
    if (!text) return true;
    char* end = nullptr;
    const double s = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || !(s >= 0.001 && s <= 3600.0)) {
        error = name + " must be a number of seconds from 0.001 to 3600, got \"" + *text + "\"";
        return false;
    }
    value = std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000.0 + 0.5));
    return true;
}

} // namespace

int serveCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, kCommand);
    if (!a.error.empty()) return usageError(kCommand, a.error);
    if (a.positionals.size() != 1) return usageError(kCommand, "expects exactly one SCENARIO file");
    std::string error;
    ListenAddress listen;
    std::optional<std::uint64_t> seed;
    ServeLimits limits;
    if (!parseListen(a.option("--listen").value_or(kDefaultListen), listen, error) ||
        !parseSeed(a, seed, error) ||
        !parseCount(a, "--max-connections", limits.maxConnections, error) ||
        !parseSeconds(a, "--read-timeout", limits.requestReadTimeout, error) ||
        !parseSeconds(a, "--idle-timeout", limits.keepAliveTimeout, error) ||
        !parseSeconds(a, "--upstream-timeout", limits.upstreamTimeout, error))
        return usageError(kCommand, error);

    if (const auto problem = outputsProblem(a, {{"--record", "a trace (JSON Lines)", {"jsonl"}}}))
        return usageError(kCommand, *problem);
    const std::string path = a.positionals.front();
    const auto scenario = loadOrComplain(path);
    if (!scenario) return kExitInvalid;

    ServeSession session(*scenario, seed, limits);
    session.setRetryAfterAsDate(a.flag("--retry-after-date"));
    const auto record = a.option("--record");
    if (record && !session.record(*record, &error)) return usageError(kCommand, error);
    if (!session.listen(listen.host, listen.port, &error)) {
        printErr("resilience-lab serve: " + error + "\n");
        return kExitInvalid;
    }
    const std::string url =
        "http://" +
        (listen.host.find(':') != std::string::npos ? "[" + listen.host + "]" : listen.host) + ":" +
        std::to_string(session.port());
    // With --json: JSON Lines, one object when listening and one when stopped, each flushed, so
    // a script reads the port from the first line.
    const bool json = a.flag("--json");
    if (json) {
        JsonWriter w(0);
        w.beginObject().key("format").value(kServeFormat).key("event").value("listening");
        w.key("scenario").value(path).key("seed").value(session.seed()).key("url").value(url);
        w.key("endpoints").inlineArray(session.endpointIds()).endObject();
        printOut(oneLine(w.take()));
    }
    std::string banner =
        "serving " + path + " (seed " + std::to_string(session.seed()) + ") on http://" +
        (listen.host.find(':') != std::string::npos ? "[" + listen.host + "]" : listen.host) + ":" +
        std::to_string(session.port()) + "\n";
    for (const std::string& id : session.endpointIds())
        banner += "  /" + id + "/…\n";
    if (!isLoopback(listen.host))
        banner += "note: listening beyond this machine (" + listen.host +
                  "): anyone who can reach it can use it\n";
    banner += "Ctrl-C stops\n";
    if (!json) printOut(banner);

    session.run(/*stopOnSignals=*/true);

    std::string recorded;
    if (record) {
        if (!session.finish(&error)) {
            printErr("resilience-lab serve: " + error + "\n");
            return kExitInternal;
        }
        recorded = "; recorded " + counted(session.recordedCalls(), "call") + " in " + *record;
    }
    const ServerCounters c = session.counters();
    if (json) {
        JsonWriter w(0);
        w.beginObject().key("format").value(kServeFormat).key("event").value("stopped");
        w.key("requests").value(c.requests).key("connections").value(c.connections);
        w.key("malformed").value(c.malformed).key("unrouted").value(c.unrouted);
        w.key("refused").value(c.refused).key("record");
        if (record)
            w.value(*record);
        else
            w.null();
        w.key("recorded_calls").value(record ? session.recordedCalls() : std::uint64_t{0});
        w.endObject();
        printOut(oneLine(w.take()));
        return kExitOk;
    }
    printOut("stopped: " + counted(c.requests, "request") + " on " +
             counted(c.connections, "connection") + " (" + std::to_string(c.malformed) +
             " malformed, " + std::to_string(c.unrouted) + " for no endpoint, " +
             counted(c.refused, "connection") + " refused over the limit)" + recorded + "\n");
    return kExitOk;
}

} // namespace reslab::cli
