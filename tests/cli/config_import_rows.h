#pragma once
// tst_robustness's rows for import-config: malformed YAML, JSON and INI, wrong types, values out
// of their library's range, unknown keys, huge files. Each names the file, the line (and column
// where the parser gives one) and the reason, exits 2 (0 for a warning), and leaves an existing
// output as it was. Included by tst_robustness.cpp after its Row type.

// An appsettings.json of ~11 MB on one line: the Polly section and 99,000 other keys. Every
// key's line and column is looked up, which once scanned the text from its start for each (nine
// minutes); the tool must finish well inside the test's limit.
inline QByteArray hugeAppsettings()
{
    QByteArray text = R"({"R":{"Retry":{"MaxRetryAttempts":3}},"junk":[)";
    const QByteArray filler(100, 'x');
    for (int i = 0; i < 99'000; ++i)
        text += (i ? ",{\"k" : "{\"k") + QByteArray::number(i) + "\":\"" + filler + "\"}";
    return text + "]}";
}

inline std::vector<Row> configImportRows()
{
    const QByteArray r4jRetry = "resilience4j:\n  retry:\n    instances:\n      a:\n";
    QByteArray manyProfiles;
    for (int i = 0; i < 60'000; ++i)
        manyProfiles +=
            "[profile p" + QByteArray::number(i) + "]\nregion = x\nretry_mode = standard\n";
    return {
        {"import-config: YAML that does not parse keeps the output",
         {{"out.json", kKept}, {"a.yml", r4jRetry + "        maxAttempts: [3\n"}},
         {"import-config", "@a.yml", "--out", "@out.json"},
         2,
         "a.yml:6:1: not valid YAML",
         {},
         keptScenarioAsItWas},
        {"import-config: a YAML key written twice",
         {{"a.yml", r4jRetry + "        maxAttempts: 2\n        maxAttempts: 3\n"}},
         {"import-config", "@a.yml", "--out", "@out.json"},
         2,
         "a.yml:6:9: duplicate key \"maxAttempts\""},
        {"import-config: resilience4j maxAttempts of a wrong type",
         {{"a.yml", r4jRetry + "        max-attempts: three\n"}},
         {"import-config", "@a.yml", "--out", "@out.json"},
         2,
         "a.yml:5:23: resilience4j.retry.instances.a.max-attempts: not a whole number: \"three\""},
        {"import-config: resilience4j failureRateThreshold out of range",
         {{"a.yml", "resilience4j.circuitbreaker.instances.a.failureRateThreshold: 0\n"}},
         {"import-config", "@a.yml", "--out", "@out.json"},
         2,
         "must be above 0 and at most 100, got 0"},
        {"import-config: an unknown resilience4j key is a warning with its line",
         {{"a.yml", r4jRetry + "        maxAttempts: 4\n        maxAtempts: 5\n"}},
         {"import-config", "@a.yml", "--out", "@out.json"},
         0,
         "a.yml:6:21: warning: resilience4j.retry.instances.a.maxAtempts: unknown key"},
        {"import-config: JSON that does not parse",
         {{"appsettings.json", "{\"R\": {\"Retry\": {\"MaxRetryAttempts\": 3,,}}}"}},
         {"import-config", "@appsettings.json", "--out", "@out.json"},
         2,
         "appsettings.json:1:"},
        {"import-config: a Polly TimeSpan that is not one",
         {{"appsettings.json", "{\"R\": {\n  \"AttemptTimeout\": {\"Timeout\": \"5 seconds\"}}}"}},
         {"import-config", "@appsettings.json", "--out", "@out.json"},
         2,
         "appsettings.json:2:33: R:AttemptTimeout:Timeout: not a TimeSpan: \"5 seconds\""},
        {"import-config: an unknown Polly key is a warning",
         {{"appsettings.json", "{\"R\": {\"Retry\": {\"MaxRetryAttempts\": 3},\n "
                               "\"CircuitBreakerTypo\": {\"FailureRatio\": 0.5}}}"}},
         {"import-config", "@appsettings.json", "--out", "@out.json", "--format", "polly"},
         0,
         "warning: R:CircuitBreakerTypo:FailureRatio: unknown key"},
        {"import-config: gRPC maxAttempts of a wrong type",
         {{"sc.json", "{\"methodConfig\": [{\"retryPolicy\": {\"maxAttempts\": \"x\", "
                      "\"initialBackoff\": \"1s\", \"maxBackoff\": \"1s\", "
                      "\"backoffMultiplier\": 2, \"retryableStatusCodes\": [14]}}]}"}},
         {"import-config", "@sc.json", "--out", "@out.json"},
         2,
         "sc.json:1:51: methodConfig[0].retryPolicy.maxAttempts: must be a number"},
        {"import-config: an INI line that is nothing",
         {{"config", "[default]\nretry_mode standard\n"}},
         {"import-config", "@config", "--out", "@out.json"},
         2,
         "config:2:1: not a section header"},
        {"import-config: an AWS max_attempts out of range",
         {{"config", "[default]\nmax_attempts = -2\n"}},
         {"import-config", "@config", "--out", "@out.json"},
         2,
         "config:2:1: [default] max_attempts: must be a whole number ≥ 1, got \"-2\""},
        {"import-config: a file over 16 MiB is refused before it is read",
         {{"big.yml", "resilience4j:\n" + QByteArray(17 * 1024 * 1024, '#')}},
         {"import-config", "@big.yml", "--out", "@out.json"},
         2,
         "too large for a configuration file"},
        {"import-config: an 11 MB appsettings.json of 99,000 keys on one line",
         {{"appsettings.json", hugeAppsettings()}},
         {"import-config", "@appsettings.json", "--out", "@out.json"},
         0,
         ""},
        {"import-config: YAML nested 100,000 deep",
         {{"a.yml", "a: " + QByteArray(100'000, '[') + QByteArray(100'000, ']')}},
         {"import-config", "@a.yml", "--out", "@out.json"},
         2,
         "levels: not a configuration"},
        {"import-config: an AWS config of 120,000 keys",
         {{"config", manyProfiles}},
         {"import-config", "@config", "--out", "@out.json"},
         2,
         "more than 100000 keys: not a configuration"},
        {"import-config: a directory is not a configuration",
         {},
         {"import-config", "@", "--out", "@out.json", "--format", "aws"},
         2,
         "a directory, not a file"},
        {"import-config: a binary file",
         {{"blob", QByteArray("[default]\n\0\x01\x02", 13)}},
         {"import-config", "@blob", "--out", "@out.json"},
         2,
         "a NUL byte: not a text file"},
        {"import-config: --format of no such format",
         {{"config", "[default]\n"}},
         {"import-config", "@config", "--out", "@out.json", "--format", "yaml"},
         2,
         "--format"},
        {"import-config: --out named .csv",
         {{"config", "[default]\n"}},
         {"import-config", "@config", "--out", "@out.csv"},
         2,
         "--out"},
    };
}
