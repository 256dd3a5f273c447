// Replays a sequence of sends and responses through the engine's AWS adaptive rate limiter and
// prints its state after each, for tests/check_aws_adaptive.py, which gives botocore's own
// ClientRateLimiter (CubicCalculator, RateClocker, TokenBucket) the same sequence on a fake clock
// and compares the two outputs number by number.
//
// Input (stdin), in order of time:
//   send T_NS                       an attempt is about to be sent
//   response T_NS ok|throttled      an attempt's answer
// Output (stdout), one line per input line:
//   send T_NS sent|wait SLEEP_S ENABLED FILL_RATE MAX_CAPACITY CAPACITY MEASURED W_MAX K LAST_FAIL

#include "policy/aws_adaptive.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

using namespace reslab;

namespace {
void printState(const AwsClientRateLimiter& l)
{
    const AwsTokenBucket& b = l.bucket();
    std::printf(" %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", l.enabled() ? 1 : 0, b.maxRate(),
                b.maxCapacity(), b.availableCapacity(), l.measuredRate(), l.cubic().wMax(),
                l.cubic().k(), l.cubic().lastFail());
}
} // namespace

int main()
{
    AwsClientRateLimiter limiter(AwsAdaptiveSpec{}, 0.0);
    std::string line;
    int lineNumber = 0;
    while (std::getline(std::cin, line)) {
        ++lineNumber;
        std::istringstream in(line);
        std::string what;
        long long ns = 0;
        if (!(in >> what >> ns)) continue;
        const double t = static_cast<double>(ns) / 1e9;
        if (what == "send") {
            if (limiter.tryToSend(t))
                std::printf("send %lld sent 0", ns);
            else
                std::printf("send %lld wait %.17g", ns, limiter.bucket().sleepAmount());
        } else if (what == "response") {
            std::string answer;
            in >> answer;
            limiter.onResponse(t, answer == "throttled");
            std::printf("response %lld %s 0", ns, answer.c_str());
        } else {
            std::fprintf(stderr, "line %d: unknown event '%s'\n", lineNumber, what.c_str());
            return 2;
        }
        printState(limiter);
    }
    return 0;
}
