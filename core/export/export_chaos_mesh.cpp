// Chaos Mesh: one Workflow that plays each endpoint's fault timeline (fault_timeline.h) as a
// serial list of steps — a Suspend while nothing is injected, otherwise the stretch's chaos for
// its length — with the endpoints in parallel. A Schedule fires on a cron, so it cannot place a
// phase at an offset from the start; a Workflow's serial steps can. Per stretch: NetworkChaos
// delays the pod's packets by the network's round trip (latency and jitter), HTTPChaos delays
// responses by the mean service time (fixed) and replaces their status or aborts them. Chaos
// Mesh chooses pods, not requests: a failure probability below 1 is exported as that percentage
// of the endpoint's pods (mode fixed-percent), which is the request fraction only behind a
// balancer spreading evenly over many pods.

#include "export/export.h"
#include "export/fault_timeline.h"

#include <cctype>
#include <cmath>

namespace reslab::detail {

namespace {
constexpr const char* kApiVersion = "chaos-mesh.org/v1alpha1";
constexpr int kServicePortPlaceholder = 80;

// A Kubernetes object name: lower case letters, digits and '-'.
std::string dnsName(const std::string& text)
{
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? "scenario" : out;
}

// A Go duration ("60s", "1.5s", "95ms").
std::string goDuration(double ms)
{
    if (ms >= 1000.0) return number(std::round(ms) / 1000.0) + "s";
    return std::to_string(std::llround(ms)) + "ms";
}

std::string selector(const EndpointSpec& e, const std::string& indent)
{
    return indent + "selector:\n" + indent + "  labelSelectors:\n" + indent + "    app: " + e.id +
           "\n";
}

// The mode lines for a probability: every pod, or that percentage of them.
std::string modeFor(double p, const std::string& indent)
{
    if (p >= 1.0) return indent + "mode: all\n";
    // Chaos Mesh takes ⌊pods × P / 100⌋ pods (pkg/selector/pod: math.Floor): with fewer than
    // ⌈100 / P⌉ pods that is none, and a single pod is never injected. Said beside the value.
    const long long percent = std::max<long long>(1, std::llround(p * 100.0));
    const long long fewest = (100 + percent - 1) / percent;
    return indent + "# " + std::to_string(percent) +
           " % of the pods, rounded down by Chaos Mesh: none unless the selector matches at "
           "least " +
           std::to_string(fewest) + " pods. With fewer (a single pod), use mode: one (every " +
           "request to that pod) or scale up.\n" + indent + "mode: fixed-percent\n" + indent +
           "value: \"" + std::to_string(percent) + "\"\n";
}

struct Step
{
    std::string name;
    std::string kind; // templateType
    std::string body; // the chaos block, at a template's depth
    std::string yaml(const std::string& deadline) const
    {
        return "  - name: " + name + "\n    templateType: " + kind + "\n" + deadline + body;
    }
};

std::string httpChaos(const EndpointSpec& e, const std::string& mode, const std::string& action)
{
    return "    httpChaos:\n" + mode + selector(e, "      ") +
           "      target: Response\n      port: " + std::to_string(kServicePortPlaceholder) +
           "\n      path: \"*\"\n" + action;
}

// The chaos of one stretch: zero or more templates, each named.
std::vector<Step> stretchChaos(const EndpointSpec& e, const FaultStretch& s,
                               const std::string& base, Notes& notes)
{
    std::vector<Step> out;
    auto add = [&](const std::string& suffix, const std::string& kind, const std::string& body) {
        out.push_back(Step{base + "-" + suffix, kind, body});
    };
    const double netMean = 2.0 * s.network.meanMs();
    if (netMean > 0.0) {
        const double netSd = std::sqrt(2.0) * s.network.sdMs();
        add("network", "NetworkChaos",
            "    networkChaos:\n      action: delay\n      mode: all\n" + selector(e, "      ") +
                "      delay:\n        latency: \"" + goDuration(netMean) + "\"\n" +
                "        jitter: \"" + goDuration(netSd) + "\"\n        correlation: \"0\"\n");
        if (netSd > 0.0)
            notes.add(blockPath(e, s, Block::Network),
                      describeDistribution(s.network) +
                          ": exported as netem's delay and jitter (its "
                          "shape, not this one)");
    }
    const double serviceMs = s.latency.meanMs();
    if (serviceMs > 0.0) {
        add("latency", "HTTPChaos",
            httpChaos(e, "      mode: all\n", "      delay: \"" + goDuration(serviceMs) + "\"\n"));
        if (s.latency.sdMs() > 0.0)
            notes.add(blockPath(e, s, Block::Latency),
                      describeDistribution(s.latency) +
                          ": HTTPChaos delays are fixed, its mean is used");
    }
    const FailureSpec& f = s.failures;
    bool partial = false;
    if (f.error > 0.0) {
        add("error", "HTTPChaos",
            httpChaos(e, modeFor(f.error, "      "),
                      "      replace:\n        code: " + std::to_string(e.errorStatus) + "\n"));
        partial = partial || f.error < 1.0;
    }
    if (f.fatal > 0.0) {
        add("fatal", "HTTPChaos",
            httpChaos(e, modeFor(f.fatal, "      "),
                      "      replace:\n        code: " + std::to_string(e.fatalStatus) + "\n"));
        partial = partial || f.fatal < 1.0;
    }
    if (f.reset > 0.0) {
        add("reset", "HTTPChaos", httpChaos(e, modeFor(f.reset, "      "), "      abort: true\n"));
        partial = partial || f.reset < 1.0;
    }
    if (f.timeout > 0.0) {
        add("timeout", "NetworkChaos",
            "    networkChaos:\n      action: partition\n" + modeFor(f.timeout, "      ") +
                selector(e, "      ") + "      direction: both\n");
        partial = partial || f.timeout < 1.0;
    }
    if (partial)
        notes.add(blockPath(e, s, Block::Failures),
                  "failures per request (exported as that percentage of the endpoint's pods)");
    if (s.rateLimit) notes.add(blockPath(e, s, Block::RateLimit), "a rate limit with 429 answers");
    if (s.capacity.workers || s.capacity.queue || s.capacity.slowdownPerInflight > 0.0)
        notes.add(blockPath(e, s, Block::Capacity), "workers, a queue and slowdown under load");
    return out;
}
} // namespace

ExportResult exportChaosMesh(const Scenario& s)
{
    Notes notes;
    std::string templates;
    std::vector<std::string> timelines;
    for (const EndpointSpec& e : s.endpoints) {
        if (!injectable(e, notes)) continue;
        const std::string id = dnsName(e.id);
        std::vector<std::string> steps;
        const std::vector<FaultStretch> timeline = faultTimeline(e);
        for (std::size_t i = 0; i < timeline.size(); ++i) {
            const FaultStretch& stretch = timeline[i];
            const std::string base = id + "-" + std::to_string(i);
            const std::string deadline =
                std::isfinite(stretch.endS)
                    ? "    deadline: " + goDuration((stretch.endS - stretch.startS) * 1000.0) + "\n"
                    : std::string();
            std::vector<Step> chaos = stretchChaos(e, stretch, base, notes);
            const std::string comment =
                "  # " + e.id + " from " + number(stretch.startS) + " s" +
                (std::isfinite(stretch.endS) ? " to " + number(stretch.endS) + " s"
                                             : std::string(" on")) +
                (stretch.phase ? ", phase " + std::to_string(*stretch.phase) : std::string()) +
                "\n";
            if (chaos.empty()) {
                if (!std::isfinite(stretch.endS)) continue; // nothing left to inject
                templates +=
                    comment + "  - name: " + base + "\n    templateType: Suspend\n" + deadline;
            } else if (chaos.size() == 1) {
                chaos.front().name = base;
                templates += comment + chaos.front().yaml(deadline);
            } else {
                // The children carry the deadline too: each stops when the stretch ends.
                templates += comment + "  - name: " + base + "\n    templateType: Parallel\n" +
                             deadline + "    children:\n";
                for (const Step& c : chaos)
                    templates += "      - " + c.name + "\n";
                for (const Step& c : chaos)
                    templates += c.yaml(deadline);
            }
            steps.push_back(base);
        }
        if (steps.empty()) continue;
        templates += "  - name: " + id + "\n    templateType: Serial\n    children:\n";
        for (const std::string& step : steps)
            templates += "      - " + step + "\n";
        timelines.push_back(id);
    }
    std::string out = notesComment(notes, "# ", "chaos-mesh", "Chaos Mesh");
    out += "# Apply with kubectl apply -f; the pods of endpoint NAME are selected by the label\n"
           "# app: NAME, and HTTPChaos acts on port " +
           std::to_string(kServicePortPlaceholder) +
           " (edit both to match your services). The Workflow\n"
           "# plays each endpoint's phases in order from the moment it is applied.\n";
    out += "apiVersion: " + std::string(kApiVersion) + "\nkind: Workflow\nmetadata:\n  name: " +
           dnsName("reslab-" + (s.name.empty() ? std::string("scenario") : s.name)) + "\n";
    out += "spec:\n  entry: timeline\n  templates:\n";
    out += "  - name: timeline\n    templateType: Parallel\n";
    out += timelines.empty() ? "    children: []\n" : "    children:\n";
    for (const std::string& t : timelines)
        out += "      - " + t + "\n";
    out += templates;
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail
