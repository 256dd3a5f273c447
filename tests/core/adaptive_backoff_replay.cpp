// Replays a sequence of attempt outcomes and delay questions through the engine's adaptive
// backoff (policy/adaptive_window.h, policy/backoff.h), for tests/check_zenoo_adaptive.py to
// compare with zenoo_rpc's own AdaptiveStrategy. Reads from stdin:
//   config <initial_ms> <max_ms> <success_threshold> <window> <min_samples>
//   record <0|1>        an attempt failed / succeeded (AdaptiveStrategy.record_attempt)
//   delay <n>           print the un-jittered delay for retry n in ms (calculate_delay, capped)
// and prints one line per delay: "<ms> <regime>".

#include "policy/adaptive_window.h"
#include "policy/backoff.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

int main()
{
    using namespace reslab;
    BackoffSpec spec;
    spec.kind = BackoffSpec::Kind::Adaptive;
    std::unique_ptr<AdaptiveWindow> window;
    std::string word;
    while (std::cin >> word) {
        if (word == "config") {
            std::cin >> spec.initialMs >> spec.maxMs >> spec.successThreshold >> spec.window >>
                spec.minSamples;
            window = std::make_unique<AdaptiveWindow>(spec.window);
        } else if (word == "record" && window) {
            int ok = 0;
            std::cin >> ok;
            window->record(ok != 0);
        } else if (word == "delay" && window) {
            int n = 0;
            std::cin >> n;
            const AdaptiveRegime regime = window->regime(spec);
            std::printf("%.17g %s\n", baseDelayMs(spec, n, regime),
                        std::string(kAdaptiveRegimeNames.name(regime)).c_str());
        } else {
            std::fprintf(stderr, "adaptive_backoff_replay: unexpected \"%s\" (config first)\n",
                         word.c_str());
            return 2;
        }
    }
    return 0;
}
