// The engine's side of tests/check_netflix_limits.py: the same protocol as
// tests/netflix/NetflixLimitReplay.java, on policy/concurrency_limits.h.

#include "policy/concurrency_limits.h"

#include <iostream>
#include <string>

using namespace reslab;

int main()
{
    std::string algorithm;
    int windowed = 0, initial = 0, min = 0, max = 0;
    if (!(std::cin >> algorithm >> windowed >> initial >> min >> max)) return 2;
    ConcurrencyLimitSpec s;
    const auto a = kLimitAlgorithmNames.find(algorithm);
    if (!a) return 2;
    s.algorithm = *a;
    s.windowed = windowed != 0;
    s.initialLimit = initial;
    s.minLimit = s.algorithm == LimitAlgorithm::Vegas ? std::optional<int>{} : min;
    s.maxLimit = max;
    s.probeMultiplier = 1'000'000'000; // as the Java side: no probe
    const auto limit = makeNetflixLimit(s, Rng::named(1, "probe"));
    long long start = 0, rtt = 0;
    int inflight = 0, drop = 0;
    std::string out;
    while (std::cin >> start >> rtt >> inflight >> drop) {
        limit->onSample(start, rtt, inflight, drop != 0);
        out += std::to_string(limit->limit());
        out += '\n';
    }
    std::cout << out;
    return 0;
}
