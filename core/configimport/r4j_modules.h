#pragma once
// resilience4j's Spring Boot property tree: the six modules, the property names each binds
// (resilience4j-framework-common Common*ConfigurationProperties.InstanceProperties @ af9e7c97),
// and the defaults the importer fills in. Property names bind relaxed, as Spring binds them:
// case, '-' and '_' do not matter (maxAttempts, max-attempts, max_attempts are one key).

#include <string>
#include <string_view>
#include <vector>

namespace reslab {

// IntervalFunction DEFAULT_INITIAL_INTERVAL (RetryConfig's waitDuration) and DEFAULT_MULTIPLIER.
inline constexpr double kR4jDefaultWaitMs = 500.0;
inline constexpr double kR4jDefaultMultiplier = 1.5;
// TimeLimiterConfig DEFAULT_TIMEOUT_DURATION.
inline constexpr double kR4jTimeLimiterMs = 1000.0;
// ThreadPoolBulkheadConfig: queueCapacity 100; core threads availableProcessors − 1 (at least 1)
// and max threads availableProcessors, of a machine the importer cannot see: 4 are assumed.
inline constexpr int kR4jThreadPoolQueue = 100;
inline constexpr int kR4jAssumedCpus = 4;
inline constexpr int kR4jAssumedCoreThreads = kR4jAssumedCpus - 1;
// A queued task of a thread pool waits until a thread takes it: the longest wait a scenario takes.
inline constexpr double kQueuedForeverMs = 100.0 * 365.25 * 86400.0 * 1000.0; // sim/time.h

struct R4jModule
{
    const char* prefix;      // canonical: "threadpoolbulkhead"
    const char* written;     // as Spring's docs write it: "thread-pool-bulkhead"
    const char* title;       // "ThreadPoolBulkhead"
    const char* aspectOrder; // canonical name of its aspect-order key, e.g. "retryaspectorder"
    // Spring aspect order, spring6 *ConfigurationProperties: Ordered.LOWEST_PRECEDENCE − this.
    long long defaultOrderFromLowest;
    std::vector<const char*> properties; // camelCase, as the Java fields are named
};

const std::vector<R4jModule>& r4jModules();

// Spring's relaxed form of a name: lower case, '-' and '_' dropped.
std::string r4jCanonical(std::string_view name);
// "instances" for instances/backends (and limiters for the rate limiter), "configs" for configs,
// "" for anything else.
std::string r4jGroup(const R4jModule& module, std::string_view written);
bool r4jKnows(const R4jModule& module, const std::string& canonical);
// The Java field name of a canonical property ("maxAttempts").
std::string r4jWrittenName(const R4jModule& module, const std::string& canonical);
// Known properties that change nothing a simulation shows (health indicators, event buffers).
bool r4jWithoutEffect(const std::string& canonical);
// Why a known property that does change behaviour is not simulated.
std::string r4jWhyNotModelled(const std::string& canonical);

} // namespace reslab
