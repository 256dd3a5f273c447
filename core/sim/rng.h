#pragma once
// Random number streams. Every random choice in the engine comes from a stream named after the
// component that makes it ("endpoint/api/fate", "pipeline[1]/jitter"), derived from the scenario
// seed. Changing one component therefore never shifts the numbers another one sees.
//
// Two kinds of stream:
//  - Rng: a sequential xoshiro256** generator seeded through splitmix64 (Vigna's recommendation).
//  - CallRng: a counter-based generator for "the k-th call an endpoint receives". Its numbers are a
//    pure function of (stream, k), so call k's fate does not depend on how many numbers earlier
//    calls consumed, nor on when the call arrives. This is what makes A/B comparisons of retry
//    policies use common random numbers.

#include <cstdint>
#include <string_view>

namespace reslab {

// splitmix64 finaliser (Steele, Lea, Flood 2014); also used to seed xoshiro.
inline constexpr std::uint64_t splitmix64Mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
inline constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

struct SplitMix64
{
    std::uint64_t state;
    constexpr std::uint64_t next()
    {
        state += kGoldenGamma;
        return splitmix64Mix(state);
    }
};

// FNV-1a, to turn a stream name into 64 bits.
inline constexpr std::uint64_t fnv1a64(std::string_view text)
{
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

// The key of a named stream under a seed.
inline constexpr std::uint64_t streamKey(std::uint64_t seed, std::string_view name)
{
    return splitmix64Mix(seed ^ splitmix64Mix(fnv1a64(name)));
}

// Uniform double in [0, 1) from the top 53 bits.
inline constexpr double toUnit(std::uint64_t bits)
{
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// Anything that yields 64 random bits; distributions are written against this.
template <typename G>
concept BitSource = requires(G g)
{
    {
        g.next()
        } -> std::same_as<std::uint64_t>;
};

class Rng
{
public:
    explicit constexpr Rng(std::uint64_t key = 0)
    {
        SplitMix64 sm{key};
        for (auto& word : m_s)
            word = sm.next();
    }
    static constexpr Rng named(std::uint64_t seed, std::string_view name)
    {
        return Rng(streamKey(seed, name));
    }
    // A generator in a given state (for checking against the reference implementation).
    static constexpr Rng fromState(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                   std::uint64_t s3)
    {
        Rng r;
        r.m_s[0] = s0;
        r.m_s[1] = s1;
        r.m_s[2] = s2;
        r.m_s[3] = s3;
        return r;
    }

    // xoshiro256** 1.0 (Blackman & Vigna 2018)
    constexpr std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    constexpr double uniform() { return toUnit(next()); }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k)
    {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t m_s[4]{};
};

// Counter-based: the numbers for call k of a stream.
class CallRng
{
public:
    constexpr CallRng(std::uint64_t key, std::uint64_t k) : m_sm{splitmix64Mix(key ^ mixCall(k))} {}
    // The part of the state that depends on k alone: computed once for a call that draws from
    // several streams (an endpoint's fate, latency and network delays), then premixed().
    static constexpr std::uint64_t mixCall(std::uint64_t k)
    {
        return splitmix64Mix(k + kGoldenGamma);
    }
    static constexpr CallRng premixed(std::uint64_t key, std::uint64_t mixedCall)
    {
        return CallRng(Premixed{}, splitmix64Mix(key ^ mixedCall));
    }
    constexpr std::uint64_t next() { return m_sm.next(); }
    constexpr double uniform() { return toUnit(next()); }

private:
    struct Premixed
    {
    };
    constexpr CallRng(Premixed, std::uint64_t state) : m_sm{state} {}
    SplitMix64 m_sm;
};

} // namespace reslab
