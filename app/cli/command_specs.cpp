// The table of subcommands and options (command_spec.h). Ranges and defaults are the ones the
// subcommands check and apply; tst_cli_help holds them to the parser.
#include "cli/command_spec.h"

namespace reslab::cli {

namespace {

OptionSpec opt(std::string name, std::string value, std::string meaning,
               std::string defaultValue = "", std::string range = "")
{
    OptionSpec o;
    o.name = std::move(name);
    o.value = std::move(value);
    o.meaning = std::move(meaning);
    o.defaultValue = std::move(defaultValue);
    o.range = std::move(range);
    return o;
}

CommandSpec command(std::string name, std::string operands, std::string operandGlob,
                    std::string summary, std::string description, std::vector<OptionSpec> options,
                    bool manyOperands = false)
{
    CommandSpec c;
    c.name = std::move(name);
    c.operands = std::move(operands);
    c.operandGlob = std::move(operandGlob);
    c.summary = std::move(summary);
    c.description = std::move(description);
    c.options = std::move(options);
    c.manyOperands = manyOperands;
    return c;
}

// The options several subcommands share, worded once.
OptionSpec seedOption(std::string meaning = "use seed N instead of the scenario's",
                      std::string range = "0 … 2^64−1")
{
    return opt("--seed", "N", std::move(meaning), "the scenario's seed", std::move(range));
}
OptionSpec seedsOption(std::string defaultValue, std::string range = "1 … 10000")
{
    return opt("--seeds", "K", "run on K consecutive seeds (each point, scenario or candidate)",
               std::move(defaultValue), std::move(range));
}
OptionSpec jsonOption(std::string meaning)
{
    return opt("--json", "", std::move(meaning));
}
OptionSpec maxEventsOption()
{
    // core/run/work_estimate.h: kDefaultMaxEvents.
    return opt("--max-events", "N",
               "refuse a run estimated above N events (docs/cli.md, \"Work limits\")", "2000000000",
               "1 … 2^64−1");
}
OptionSpec allowLargeOption()
{
    return opt("--allow-large", "", "run however large the estimated work");
}
OptionSpec fileOption(std::string name, std::string value, std::string meaning,
                      std::string glob = "")
{
    OptionSpec o = opt(std::move(name), std::move(value), std::move(meaning));
    o.completion = Completion::File;
    o.glob = std::move(glob);
    return o;
}
// A file the subcommand writes; `-` is standard output (then its report goes to stderr).
OptionSpec outputOption(std::string name, std::string value, std::string meaning,
                        std::string glob = "")
{
    OptionSpec o =
        fileOption(std::move(name), std::move(value), std::move(meaning), std::move(glob));
    o.output = true;
    return o;
}
OptionSpec choiceOption(std::string name, std::string value, std::string meaning,
                        std::vector<std::string> choices, std::string defaultValue = "")
{
    OptionSpec o =
        opt(std::move(name), std::move(value), std::move(meaning), std::move(defaultValue));
    o.choices = std::move(choices);
    o.completion = Completion::Choice;
    return o;
}
OptionSpec repeatable(OptionSpec o)
{
    o.repeatable = true;
    return o;
}
OptionSpec required(OptionSpec o)
{
    o.required = true;
    return o;
}
OptionSpec paramOption()
{
    return repeatable(opt("--param", "PATH=VALUES",
                          "vary the scenario's key at PATH over VALUES (a list, a..b/n range; "
                          "docs/sweep.md)",
                          "the scenario's \"sweep\" block"));
}
OptionSpec sampleOption()
{
    return opt("--sample", "random:N|lhs:N",
               "run N points drawn at random or by Latin hypercube instead of the whole grid",
               "the whole grid", "N 1 … 1000000");
}
OptionSpec sampleSeedOption()
{
    return opt("--sample-seed", "N", "the seed the sampled points are drawn from",
               "the scenario's seed", "0 … 2^64−1");
}
OptionSpec jobsOption()
{
    return opt("--jobs", "N", "run N simulations at once (0: one per core)", "0", "0 … 1024");
}

std::vector<CommandSpec> makeSpecs()
{
    std::vector<CommandSpec> specs;
    specs.push_back(command(
        "run", "SCENARIO", "*.json", "simulate a scenario on virtual time and print a summary",
        "Simulates the scenario on virtual time and prints a summary: requests, attempts by "
        "outcome, latency percentiles and the load on every endpoint. Before it starts, the "
        "run's work is estimated; a run above the limit is refused with the estimate (exit 2). "
        "Ctrl-C stops it with its partial summary (exit 130). Outputs are written beside their "
        "target and renamed into place.",
        {seedOption(), jsonOption("print the summary as JSON"),
         outputOption("--summary", "FILE.json", "also write the summary JSON to FILE", "*.json"),
         outputOption("--attempts", "FILE.csv", "stream one CSV row per attempt to FILE", "*.csv"),
         outputOption("--timeline", "FILE.csv", "stream one CSV row per virtual second to FILE",
                      "*.csv"),
         outputOption("--record", "TRACE.jsonl", "record what every endpoint observed as a trace",
                      "*.jsonl"),
         opt("--reproducible", "",
             "report the wall time as 0, so two summaries are byte-identical"),
         maxEventsOption(), allowLargeOption()}));
    specs.push_back(
        command("validate", "SCENARIO…", "*.json", "check scenarios and list every problem",
                "Loads and checks each scenario; prints `FILE: valid (…)` for each, or every "
                "problem with its JSON path (exit 2).",
                {jsonOption("print the verdicts as JSON")}, true));
    specs.push_back(command(
        "schedule", "SCENARIO", "*.json", "print the delays the first retry strategy draws, as CSV",
        "Prints the delays the pipeline's first retry strategy draws, as CSV "
        "`sample,retry,delay_ms`, for independent callers. A schedule over 100 million rows is "
        "refused unless --allow-large.",
        {opt("--samples", "N", "the number of independent callers", "1", "1 … 1000000"),
         seedOption(), allowLargeOption()}));
    specs.push_back(command(
        "export", "SCENARIO", "*.json",
        "print the pipeline as a library's configuration, or the faults as an injector's",
        "Prints the client pipeline as the configuration or code of the library you deploy, or "
        "the endpoints' fault model as the configuration of a fault injector. Whatever the "
        "target cannot express is listed at the top of the output.",
        {required(choiceOption("--to", "TARGET", "the library or fault injector to write for",
                               {"tenacity", "resilience4j", "polly", "grpc", "envoy", "urllib3",
                                "backoff", "cockatiel", "opossum", "toxiproxy", "envoy-fault",
                                "chaos-mesh", "istio", "linkerd"}))}));
    specs.push_back(command(
        "import", "FILE", "*.{har,json,csv,jsonl}",
        "turn production data (HAR, OTLP, CSV, JSONL) into a trace",
        "Turns production data into a trace, streaming. On success it prints to stderr how many "
        "calls it wrote and what it skipped.",
        {required(outputOption("--out", "TRACE.jsonl", "where the trace goes", "*.jsonl")),
         choiceOption("--format", "FORMAT", "the input's format", {"har", "otlp", "csv", "jsonl"},
                      "from the file's extension"),
         opt("--skip-bad", "", "skip malformed records and count them, instead of stopping"),
         opt("--status-map", "MAP",
             "override the status to outcome mapping (503=rejected,5xx=error)"),
         opt("--time-column", "C", "CSV: the column of the start time", "the first usual name"),
         choiceOption("--time-format", "FORMAT", "CSV: how the start time is written",
                      {"auto", "epoch_s", "epoch_ms", "iso8601"}, "auto"),
         opt("--latency-column", "C", "CSV: the column of the latency", "the first usual name"),
         opt("--status-column", "C", "CSV: the column of the HTTP status", "the first usual name"),
         opt("--outcome-column", "C", "CSV: the column of the outcome", "the first usual name"),
         opt("--endpoint-column", "C", "CSV: the column of the endpoint", "the first usual name"),
         opt("--retry-after-column", "C", "CSV: the column of the Retry-After",
             "the first usual name"),
         opt("--delimiter", "CHAR", "CSV: the field separator (tab for TSV)", ","),
         jsonOption("print what was imported as JSON on standard output")}));
    specs.push_back(command(
        "fit", "TRACE.jsonl", "*.jsonl", "fit a scenario's workload, phases and latency to a trace",
        "Fits a scenario to a trace: the first attempts' rate as a rate_schedule, the outcome mix "
        "and the latency as phases, the service time by maximum likelihood; then checks the "
        "fitted model by simulating it beside the trace (docs/fit.md).",
        {required(outputOption("--out", "SCENARIO.json", "the fitted scenario", "*.json")),
         opt("--endpoint", "NAME", "fit this endpoint alone", "every endpoint of the trace"),
         fileOption("--pipeline", "FILE.json", "the client pipeline to keep", "*.json"),
         outputOption("--report", "FILE.html", "also write the trace beside the model as HTML",
                      "*.html"),
         opt("--bin-s", "S", "the width of the bins change points are found in", "1",
             "0.001 … 86400"),
         seedOption("the fitted scenario's seed, and the model check's", "0 … 2^53"),
         opt("--skip-bad", "", "skip malformed trace lines and count them"),
         opt("--no-check", "", "do not simulate the fitted scenario against the trace"),
         jsonOption("print what was fitted and the model check as JSON"), maxEventsOption(),
         allowLargeOption()}));
    specs.push_back(command(
        "import-config", "FILE…", "*.{yml,yaml,json,config,ini}",
        "turn a resilience4j, Polly, gRPC, AWS, Envoy, Istio or Linkerd configuration into a "
        "scenario",
        "Reads the resilience configuration you run (a Spring Boot application.yml of "
        "resilience4j, an appsettings.json of Microsoft.Extensions.Http.Resilience's standard "
        "handler, a gRPC service config, an AWS shared config file, an Envoy bootstrap or "
        "config_dump, Istio VirtualService and DestinationRule YAML, Linkerd annotations or a "
        "ServiceProfile) and writes the pipeline its "
        "library builds from it as a scenario, with a skeleton endpoint to edit. Prints every "
        "default the library fills in that the file did not say, and what cannot be simulated; "
        "the scenario's description holds the same. Keys the library ignores are warnings; a "
        "file the library would refuse is an error naming the file, line and reason (exit 2). "
        "Several files layer, later keys winning (docs/import-config.md).",
        {required(outputOption("--out", "SCENARIO.json", "the scenario to write", "*.json")),
         choiceOption("--format", "FORMAT", "the configuration's format",
                      {"resilience4j", "polly", "grpc", "aws", "envoy", "istio", "linkerd"},
                      "from the first file's content"),
         opt("--instance", "NAME",
             "which one to import: a resilience4j instance, an appsettings section "
             "(Resilience:Standard), a gRPC service[/method], an AWS profile, an Envoy route or "
             "cluster, an Istio VirtualService or DestinationRule, a Linkerd resource",
             "the first (AWS: default)"),
         jsonOption("print what was imported as JSON")},
        true));
    specs.push_back(command(
        "compare", "SCENARIO", "*.json",
        "run pipelines side by side, or a recorded trace beside the simulation",
        "Runs the scenario on one seed with its own pipeline (run A) and with each other one "
        "(--pipeline-b, --pipeline NAME=FILE.json: at most six runs) and prints each run and its "
        "difference from A. With --recorded it compares a recorded trace with the simulation on "
        "K seeds instead: exit 4 when a metric differs.",
        {fileOption("--pipeline-b", "FILE.json", "the pipeline of run B", "*.json"),
         repeatable(
             fileOption("--pipeline", "NAME=FILE.json", "one more run, named NAME", "*.json")),
         fileOption("--recorded", "TRACE.jsonl", "compare this trace with the simulation",
                    "*.jsonl"),
         seedOption(), seedsOption("5 (with --recorded)"),
         jsonOption("print the comparison as JSON"), maxEventsOption(), allowLargeOption()}));
    specs.push_back(command(
        "sweep", "SCENARIO", "*.json", "run a scenario at every point of a parameter space",
        "Runs the scenario at every point of a grid (or N sampled points) of parameters named by "
        "their JSON paths, each point on the same K seeds, on every core, and writes one row per "
        "point with each metric's mean and 95 % interval (docs/sweep.md).",
        {paramOption(), seedsOption("5 (or the \"sweep\" block's)"),
         seedOption("the first of the K seeds"), sampleOption(), sampleSeedOption(), jobsOption(),
         outputOption("--out", "FILE", "write the table to FILE (.csv or .jsonl)", "*.{csv,jsonl}"),
         choiceOption("--format", "FORMAT", "the table's format", {"csv", "jsonl"},
                      "from --out's extension, else csv"),
         jsonOption("print a JSON summary (with --out)"),
         opt("--shard", "I/N", "run the I-th of N slices of the points and write a part", "",
             "1 ≤ I ≤ N"),
         maxEventsOption(), allowLargeOption()}));
    specs.push_back(
        command("sweep-merge", "PARTS…", "*", "join the parts of a sharded sweep",
                "Joins the parts written by `sweep --shard I/N --out PART` (in any order) "
                "into the file the unsharded sweep writes, byte for byte.",
                {outputOption("--out", "FILE", "write the merged table to FILE")}, true));
    specs.push_back(command(
        "check", "SCENARIO…", "*.json", "verify scenarios' \"expect\" blocks on K seeds, for CI",
        "Runs each scenario on K seeds and verifies its \"expect\" block: pass, FAIL or "
        "inconclusive per expectation, from the 95 % interval. Exit 0 when all hold, 4 when one "
        "fails, 3 when none fails but one is inconclusive.",
        {seedsOption("5"), seedOption("the first of the K seeds"), jobsOption(),
         outputOption("--junit", "FILE.xml", "also write JUnit XML", "*.xml"),
         outputOption("--report", "FILE.html", "also write an HTML report with charts", "*.html"),
         jsonOption("print the verdicts as JSON"), maxEventsOption(), allowLargeOption()},
        true));
    specs.push_back(command(
        "tune", "SCENARIO", "*.json", "find the best configuration that meets the expectations",
        "Finds the configuration of the parameter space (as sweep defines it) with the best "
        "mean METRIC that meets every expectation of the scenario: successive halving on common "
        "seeds, then the midpoints around the winner. Exit 4 when none meets them.",
        {paramOption(),
         opt("--minimize", "METRIC", "the metric to make smallest", "the \"sweep\" block's"),
         opt("--maximize", "METRIC", "the metric to make largest", "the \"sweep\" block's"),
         seedsOption("16", "2 … 10000"), seedOption("the first seed"), sampleOption(),
         sampleSeedOption(), jobsOption(),
         outputOption("--out", "BEST.json", "write the winning scenario", "*.json"),
         opt("--pareto", "METRIC", "the metric of the Pareto front, against METRIC",
             "latency_ms.p99"),
         opt("--no-refine", "", "skip the midpoints around the winner"),
         jsonOption("print the result as JSON"), maxEventsOption(), allowLargeOption()}));
    specs.push_back(command(
        "serve", "SCENARIO", "*.json", "serve the scenario's endpoints over real HTTP",
        "Serves every endpoint of the scenario as a real HTTP/1.1 service under /NAME/…, "
        "answering in real time from the fault model run simulates, until SIGINT or SIGTERM "
        "(docs/serve.md).",
        {opt("--listen", "HOST:PORT", "the address to listen on (port 0: a free one)",
             "127.0.0.1:8080"),
         seedOption("the seed of the endpoints' random streams"),
         opt("--max-connections", "N", "open connections at once", "4096", "1 … 1000000"),
         opt("--read-timeout", "S", "seconds to read a request", "10", "0.001 … 3600"),
         opt("--idle-timeout", "S", "seconds an idle kept-alive connection stays open", "75",
             "0.001 … 3600"),
         outputOption("--record", "TRACE.jsonl", "write every served call as a trace", "*.jsonl"),
         opt("--retry-after-date", "", "send Retry-After as an HTTP date instead of seconds"),
         opt("--upstream-timeout", "S", "seconds a proxy endpoint waits for its upstream", "60",
             "0.001 … 3600"),
         jsonOption("print a JSON line when listening and one when stopped")}));
    specs.push_back(
        command("help", "[SUBCOMMAND]", "", "print the help of a subcommand (or this list)",
                "Prints the help of SUBCOMMAND, as `resilience-lab SUBCOMMAND --help` does, "
                "or without one the list of subcommands.",
                {}));
    specs.push_back(command("version", "", "", "print the version", "Prints the version.", {}));
    // Every subcommand takes -h/--help (the parser answers it before anything else).
    for (CommandSpec& c : specs)
        c.options.push_back(opt("--help", "", "print this help"));
    return specs;
}

} // namespace

const std::vector<CommandSpec>& commandSpecs()
{
    static const std::vector<CommandSpec> specs = makeSpecs();
    return specs;
}

const CommandSpec* findCommand(const std::string& name)
{
    for (const CommandSpec& c : commandSpecs())
        if (c.name == name) return &c;
    return nullptr;
}

const OptionSpec* findOption(const CommandSpec& command, const std::string& name)
{
    for (const OptionSpec& o : command.options)
        if (o.name == name) return &o;
    return nullptr;
}

} // namespace reslab::cli
