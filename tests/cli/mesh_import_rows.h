#pragma once
// tst_robustness's rows for import-config's mesh formats: malformed Envoy bootstraps and
// config_dumps, Istio VirtualServices and DestinationRules, Linkerd annotations and
// ServiceProfiles. Each names the file, the line and column and the reason, exits 2, and leaves
// an existing output as it was (the first row of each format checks it). Each file is told from
// its content (no --format), as a user runs it. Included by tst_robustness.cpp after its Row type.

inline std::vector<Row> meshImportRows()
{
    // An Envoy bootstrap's one listener and route, the retry policy's lines appended.
    const QByteArray bootstrap = "static_resources:\n"
                                 "  listeners:\n"
                                 "  - name: ingress\n"
                                 "    filter_chains:\n"
                                 "    - filters:\n"
                                 "      - name: envoy.filters.network.http_connection_manager\n"
                                 "        typed_config:\n"
                                 "          route_config:\n"
                                 "            virtual_hosts:\n"
                                 "            - name: api\n"
                                 "              routes:\n"
                                 "              - route:\n"
                                 "                  cluster: api\n";
    const QByteArray policy = bootstrap + "                  retry_policy:\n";
    const QByteArray vs = "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
                          "metadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n"
                          "  - route:\n    - destination: {host: reviews}\n";
    const QByteArray dr = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
                          "metadata:\n  name: reviews\nspec:\n  host: reviews\n  trafficPolicy:\n";
    const QByteArray svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: books\n"
                           "  annotations:\n";
    const QByteArray profile = "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\n"
                               "metadata:\n  name: webapp.default.svc.cluster.local\nspec:\n"
                               "  routes:\n  - name: GET /books\n    isRetryable: true\n";
    return {
        {"import-config: an Envoy config_dump that does not parse keeps the output",
         {{"out.json", kKept},
          {"dump.json", "{\"configs\": [\n {\"@type\": \"type.googleapis.com/envoy.admin.v3."
                        "ClustersConfigDump\",\n  \"static_clusters\": [}\n"}},
         {"import-config", "@dump.json", "--out", "@out.json"},
         2,
         "dump.json:3:",
         {},
         keptScenarioAsItWas},
        {"import-config: an Envoy retry_on class Envoy refuses",
         {{"envoy.yaml", policy + "                    retry_on: 5xx,sometimes\n"}},
         {"import-config", "@envoy.yaml", "--out", "@out.json"},
         2,
         "envoy.yaml:15:31: "
         "static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config."
         "virtual_hosts[0].routes[0].route.retry_policy.retry_on: unknown retry_on class "
         "\"sometimes\""},
        {"import-config: an Envoy Duration without its unit",
         {{"envoy.yaml",
           policy + "                    retry_on: 5xx\n                    per_try_timeout: 2\n"}},
         {"import-config", "@envoy.yaml", "--out", "@out.json"},
         2,
         "envoy.yaml:16:38: "},
        {"import-config: an Envoy num_retries that is not a number",
         {{"envoy.yaml",
           policy + "                    retry_on: 5xx\n                    num_retries: many\n"}},
         {"import-config", "@envoy.yaml", "--out", "@out.json"},
         2,
         "envoy.yaml:16:34: "},
        {"import-config: an Envoy outlier detection percentage above 100",
         {{"envoy.yaml", bootstrap + "  clusters:\n  - name: api\n    outlier_detection:\n"
                                     "      max_ejection_percent: 150\n"}},
         {"import-config", "@envoy.yaml", "--out", "@out.json"},
         2,
         "envoy.yaml:17:29: static_resources.clusters[0].outlier_detection.max_ejection_percent: "
         "must be in [0, 100]"},
        {"import-config: an Envoy bootstrap without a route",
         {{"envoy.yaml", "static_resources:\n  clusters:\n  - name: api\n    lb_policy: RANDOM\n"}},
         {"import-config", "@envoy.yaml", "--out", "@out.json"},
         2,
         "envoy.yaml: no route with a cluster"},
        {"import-config: a key written twice in an Envoy config_dump",
         {{"dump.json", "{\"configs\": [],\n \"configs\": []}\n"}},
         {"import-config", "@dump.json", "--out", "@out.json", "--format", "envoy"},
         2,
         "dump.json:2:2: duplicate key \"configs\""},
        {"import-config: Istio YAML that does not parse keeps the output",
         {{"out.json", kKept}, {"vs.yaml", vs + "    retries: {attempts: [3\n"}},
         {"import-config", "@vs.yaml", "--out", "@out.json"},
         2,
         "vs.yaml:11:",
         {},
         keptScenarioAsItWas},
        {"import-config: Istio attempts that is not a number",
         {{"vs.yaml", vs + "    retries:\n      attempts: three\n"}},
         {"import-config", "@vs.yaml", "--out", "@out.json"},
         2,
         "vs.yaml:11:17: spec.http[0].retries.attempts: must be a number"},
        {"import-config: an Istio retryOn condition that is none",
         {{"vs.yaml", vs + "    retries:\n      attempts: 2\n      retryOn: 5xx,teapot\n"}},
         {"import-config", "@vs.yaml", "--out", "@out.json"},
         2,
         "vs.yaml:12:16: spec.http[0].retries.retryOn: unknown retry condition \"teapot\""},
        {"import-config: an Istio perTryTimeout without its unit",
         {{"vs.yaml", vs + "    retries:\n      attempts: 2\n      perTryTimeout: 2\n"}},
         {"import-config", "@vs.yaml", "--out", "@out.json"},
         2,
         "vs.yaml:12:22: spec.http[0].retries.perTryTimeout"},
        {"import-config: an Istio load balancer that is none",
         {{"dr.yaml", dr + "    loadBalancer:\n      simple: FASTEST\n"}},
         {"import-config", "@dr.yaml", "--out", "@out.json"},
         2,
         "dr.yaml:9:15: spec.trafficPolicy.loadBalancer.simple: unknown load balancer "
         "\"FASTEST\""},
        {"import-config: an Istio maxEjectionPercent above 100",
         {{"dr.yaml", dr + "    outlierDetection:\n      maxEjectionPercent: 101\n"}},
         {"import-config", "@dr.yaml", "--out", "@out.json"},
         2,
         "dr.yaml:9:27: spec.trafficPolicy.outlierDetection.maxEjectionPercent: must be in "
         "[0, 100]"},
        {"import-config: an Istio VirtualService without a spec",
         {{"vs.yaml", "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
                      "metadata:\n  name: reviews\n"}},
         {"import-config", "@vs.yaml", "--out", "@out.json"},
         2,
         "vs.yaml:1:1: VirtualService reviews: has no spec"},
        {"import-config: an Istio VirtualService of TCP routes only",
         {{"vs.yaml", "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
                      "metadata:\n  name: db\nspec:\n  hosts: [db]\n  tcp:\n"
                      "  - route:\n    - destination: {host: db}\n"}},
         {"import-config", "@vs.yaml", "--out", "@out.json"},
         2,
         "VirtualService db: no http route"},
        {"import-config: a Linkerd retry condition that is none keeps the output",
         {{"out.json", kKept}, {"svc.yaml", svc + "    retry.linkerd.io/http: 5xx,teapot\n"}},
         {"import-config", "@svc.yaml", "--out", "@out.json"},
         2,
         "svc.yaml:6:28: metadata.annotations.retry.linkerd.io/http: invalid retry condition "
         "\"teapot\"",
         {},
         keptScenarioAsItWas},
        {"import-config: a Linkerd status range upside down",
         {{"svc.yaml", svc + "    retry.linkerd.io/http: 504-502\n"}},
         {"import-config", "@svc.yaml", "--out", "@out.json"},
         2,
         "svc.yaml:6:28: metadata.annotations.retry.linkerd.io/http: invalid status range "
         "\"504-502\""},
        {"import-config: a Linkerd timeout without its unit",
         {{"svc.yaml", svc + "    timeout.linkerd.io/request: \"5\"\n"}},
         {"import-config", "@svc.yaml", "--out", "@out.json"},
         2,
         "svc.yaml:6:33: metadata.annotations.timeout.linkerd.io/request"},
        {"import-config: a Linkerd retry limit beyond 65535",
         {{"svc.yaml", svc + "    retry.linkerd.io/limit: \"70000\"\n"}},
         {"import-config", "@svc.yaml", "--out", "@out.json"},
         2,
         "svc.yaml:6:29: metadata.annotations.retry.linkerd.io/limit: must be in [0, 65535]"},
        {"import-config: a Linkerd failure-accrual mode that is none",
         {{"svc.yaml", svc + "    balancer.linkerd.io/failure-accrual: sometimes\n"}},
         {"import-config", "@svc.yaml", "--out", "@out.json"},
         2,
         "svc.yaml:6:42: metadata.annotations.balancer.linkerd.io/failure-accrual: must be "
         "consecutive or unified, got \"sometimes\""},
        {"import-config: a Linkerd penalty range upside down",
         {{"svc.yaml", svc + "    balancer.linkerd.io/failure-accrual: consecutive\n"
                             "    balancer.linkerd.io/failure-accrual-consecutive-min-penalty: "
                             "2m\n"
                             "    balancer.linkerd.io/failure-accrual-consecutive-max-penalty: "
                             "1m\n"}},
         {"import-config", "@svc.yaml", "--out", "@out.json"},
         2,
         "svc.yaml:7:66: metadata.annotations.balancer.linkerd.io/"
         "failure-accrual-consecutive-min-penalty: the minimum penalty is above the maximum"},
        {"import-config: a Linkerd ServiceProfile retryRatio that is not a number",
         {{"profile.yaml", profile + "  retryBudget:\n    retryRatio: lots\n"
                                     "    minRetriesPerSecond: 10\n    ttl: 10s\n"}},
         {"import-config", "@profile.yaml", "--out", "@out.json"},
         2,
         "profile.yaml:10:17: spec.retryBudget.retryRatio: must be a number"},
        {"import-config: a Linkerd ServiceProfile retryBudget without its ttl (the CRD needs it)",
         {{"profile.yaml",
           profile + "  retryBudget:\n    retryRatio: 0.2\n    minRetriesPerSecond: 10\n"}},
         {"import-config", "@profile.yaml", "--out", "@out.json"},
         2,
         "spec.retryBudget.ttl: is required with the others"},
        {"import-config: a Linkerd ServiceProfile ttl past 60 s (the proxy drops the budget)",
         {{"profile.yaml", profile + "  retryBudget:\n    retryRatio: 0.2\n"
                                     "    minRetriesPerSecond: 10\n    ttl: 2m\n"}},
         {"import-config", "@profile.yaml", "--out", "@out.json"},
         2,
         "profile.yaml:12:10: spec.retryBudget.ttl: must be from 1s to 60s"},
        {"import-config: a Linkerd ServiceProfile minRetriesPerSecond tower's assertion refuses",
         {{"profile.yaml", profile + "  retryBudget:\n    retryRatio: 0.2\n"
                                     "    minRetriesPerSecond: 2147483647\n    ttl: 10s\n"}},
         {"import-config", "@profile.yaml", "--out", "@out.json"},
         2,
         "profile.yaml:11:26: spec.retryBudget.minRetriesPerSecond"},
        {"import-config: a Linkerd ServiceProfile route timeout without its unit",
         {{"profile.yaml", profile + "    timeout: 300\n"}},
         {"import-config", "@profile.yaml", "--out", "@out.json"},
         2,
         "profile.yaml:9:14: spec.routes[0].timeout"},
    };
}
