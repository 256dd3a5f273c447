#include "configimport/r4j_modules.h"

#include <algorithm>
#include <cctype>

namespace reslab {

const std::vector<R4jModule>& r4jModules()
{
    // The order the aspects compose by default, outermost first.
    static const std::vector<R4jModule> modules = {
        {"retry",
         "retry",
         "Retry",
         "retryaspectorder",
         5,
         {"waitDuration", "intervalBiFunction", "maxAttempts", "retryExceptionPredicate",
          "resultPredicate", "consumeResultBeforeRetryAttempt", "retryExceptions",
          "ignoreExceptions", "eventConsumerBufferSize", "enableExponentialBackoff",
          "exponentialBackoffMultiplier", "exponentialMaxWaitDuration", "enableRandomizedWait",
          "randomizedWaitFactor", "failAfterMaxAttempts", "baseConfig"}},
        {"circuitbreaker",
         "circuitbreaker",
         "CircuitBreaker",
         "circuitbreakeraspectorder",
         4,
         {"waitDurationInOpenState",
          "slowCallDurationThreshold",
          "maxWaitDurationInHalfOpenState",
          "transitionToStateAfterWaitDuration",
          "failureRateThreshold",
          "slowCallRateThreshold",
          "slidingWindowType",
          "slidingWindowSize",
          "minimumNumberOfCalls",
          "permittedNumberOfCallsInHalfOpenState",
          "automaticTransitionFromOpenToHalfOpenEnabled",
          "initialState",
          "writableStackTraceEnabled",
          "allowHealthIndicatorToFail",
          "eventConsumerBufferSize",
          "registerHealthIndicator",
          "recordFailurePredicate",
          "recordExceptions",
          "recordResultPredicate",
          "ignoreExceptionPredicate",
          "ignoreExceptions",
          "baseConfig",
          "enableExponentialBackoff",
          "exponentialBackoffMultiplier",
          "exponentialMaxWaitDurationInOpenState",
          "enableRandomizedWait",
          "randomizedWaitFactor",
          "ignoreClassBindingExceptions"}},
        {"ratelimiter",
         "ratelimiter",
         "RateLimiter",
         "ratelimiteraspectorder",
         3,
         {"limitForPeriod", "limitRefreshPeriod", "timeoutDuration", "subscribeForEvents",
          "allowHealthIndicatorToFail", "registerHealthIndicator", "eventConsumerBufferSize",
          "writableStackTraceEnabled", "baseConfig"}},
        {"timelimiter",
         "timelimiter",
         "TimeLimiter",
         "timelimiteraspectorder",
         2,
         {"timeoutDuration", "cancelRunningFuture", "eventConsumerBufferSize", "baseConfig"}},
        {"bulkhead",
         "bulkhead",
         "Bulkhead",
         "bulkheadaspectorder",
         1,
         {"maxConcurrentCalls", "maxWaitDuration", "writableStackTraceEnabled", "baseConfig",
          "eventConsumerBufferSize"}},
        // The thread-pool bulkhead is woven by the same Bulkhead aspect.
        {"threadpoolbulkhead",
         "thread-pool-bulkhead",
         "ThreadPoolBulkhead",
         "bulkheadaspectorder",
         1,
         {"eventConsumerBufferSize", "baseConfig", "writableStackTraceEnabled", "maxThreadPoolSize",
          "coreThreadPoolSize", "queueCapacity", "keepAliveDuration", "contextPropagators"}},
    };
    return modules;
}

std::string r4jCanonical(std::string_view name)
{
    std::string out;
    for (char c : name)
        if (c != '-' && c != '_') out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string r4jGroup(const R4jModule& module, std::string_view written)
{
    const std::string g = r4jCanonical(written);
    // getBackends()/getLimiters() return the instances map (backward-compatible aliases).
    if (g == "instances" || g == "backends") return "instances";
    if (g == "limiters" && std::string(module.prefix) == "ratelimiter") return "instances";
    if (g == "configs") return "configs";
    return "";
}

bool r4jKnows(const R4jModule& module, const std::string& canonical)
{
    return std::any_of(module.properties.begin(), module.properties.end(),
                       [&](const char* p) { return r4jCanonical(p) == canonical; });
}

std::string r4jWrittenName(const R4jModule& module, const std::string& canonical)
{
    for (const char* p : module.properties)
        if (r4jCanonical(p) == canonical) return p;
    return canonical;
}

bool r4jWithoutEffect(const std::string& canonical)
{
    static const char* const kNone[] = {
        "eventconsumerbuffersize",   "registerhealthindicator", "allowhealthindicatortofail",
        "writablestacktraceenabled", "subscribeforevents",      "ignoreclassbindingexceptions",
        "contextpropagators",        "keepaliveduration",       "baseconfig",
        "failaftermaxattempts"};
    return std::find(std::begin(kNone), std::end(kNone), canonical) != std::end(kNone);
}

std::string r4jWhyNotModelled(const std::string& canonical)
{
    if (canonical.find("exception") != std::string::npos ||
        canonical.find("predicate") != std::string::npos)
        return "which exceptions or results count is code; here every failure outcome counts "
               "(edit retry_on / failure_on to narrow it)";
    if (canonical == "intervalbifunction" || canonical == "consumeresultbeforeretryattempt")
        return "a function in code";
    if (canonical == "initialstate") return "a breaker that starts in another state than CLOSED";
    if (canonical == "enablerandomizedwait" || canonical == "randomizedwaitfactor")
        return "a randomised open-state wait";
    if (canonical == "exponentialbackoffmultiplier" || canonical.starts_with("exponentialmax"))
        return "has no effect without enableExponentialBackoff: true";
    return "not simulated";
}

} // namespace reslab
