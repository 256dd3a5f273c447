#pragma once
// The reference simulator's samplers (bench_reference): exponential and normal variates by the
// ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for Generating Random Variables",
// J. Stat. Software 5(8), 2000), 256 layers, so that ~99 % of draws cost one 64-bit random word,
// a multiply and a compare — no logarithm, no exponential. The engine samples by inversion
// (core/sim/distribution.h); the two agree in distribution, not draw by draw, which is all the
// benchmark's statistical check asks.
//
// The layer tables are computed here from the rightmost layer edge r alone (v, the area of each
// layer, follows from r and the tail's area), not copied from a table.

#include "sim/rng.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace reslab::bench {

// The ziggurat for a decreasing density f on [0, ∞), f(0) = 1 (unnormalised).
template <typename Shape> class Ziggurat
{
public:
    static constexpr int kLayers = 256; // indexed by the low 8 bits of the random word

    Ziggurat()
    {
        const double r = Shape::kR;
        const double v = r * Shape::f(r) + Shape::tailArea(r);
        m_x[0] = v / Shape::f(r); // the base layer: [0, r] under the curve plus the tail's area
        m_x[1] = r;
        for (int i = 1; i < kLayers - 1; ++i)
            m_x[i + 1] = Shape::inverse(std::fmin(1.0, Shape::f(m_x[i]) + v / m_x[i]));
        m_x[kLayers] = 0.0;
        for (int i = 0; i <= kLayers; ++i)
            m_f[i] = Shape::f(m_x[i]);
    }

    // A draw from the density on [0, ∞); bit 8 of the first word is left unused for a sign.
    template <typename G> double sample(G& g, std::uint64_t& bits) const
    {
        for (;;) {
            bits = g.next();
            const unsigned i = bits & 0xFFu;
            const double x = toUnit(bits) * m_x[i]; // bits 11…63: independent of i and the sign
            if (x < m_x[i + 1]) return x;           // inside the layer's part under the curve
            if (i == 0) return Shape::tail(g, Shape::kR);
            // The wedge: a uniform height in the layer, accepted under the curve.
            if (m_f[i] + toUnit(g.next()) * (m_f[i + 1] - m_f[i]) < Shape::f(x)) return x;
        }
    }

private:
    std::array<double, kLayers + 1> m_x{};
    std::array<double, kLayers + 1> m_f{};
};

struct ExponentialShape
{
    static constexpr double kR = 7.69711747013104972; // 256-layer edge for e^{-x}
    static double f(double x) { return std::exp(-x); }
    static double inverse(double y) { return -std::log(y); }
    static double tailArea(double r) { return std::exp(-r); }
    // Memoryless: past r the tail is r plus another exponential.
    template <typename G> static double tail(G& g, double r);
};

struct NormalShape
{
    static constexpr double kR = 3.6541528853610088; // 256-layer edge for e^{-x²/2}
    static double f(double x) { return std::exp(-0.5 * x * x); }
    static double inverse(double y) { return std::sqrt(-2.0 * std::log(y)); }
    static double tailArea(double r)
    {
        return std::sqrt(M_PI / 2.0) * std::erfc(r / std::sqrt(2.0));
    }
    // Marsaglia's tail method (1964): exact for x > r.
    template <typename G> static double tail(G& g, double r)
    {
        for (;;) {
            const double a = -std::log(1.0 - toUnit(g.next())) / r;
            const double b = -std::log(1.0 - toUnit(g.next()));
            if (b + b >= a * a) return r + a;
        }
    }
};

inline const Ziggurat<ExponentialShape>& exponentialZiggurat()
{
    static const Ziggurat<ExponentialShape> table;
    return table;
}

template <typename G> double ExponentialShape::tail(G& g, double r)
{
    std::uint64_t bits = 0;
    return r + exponentialZiggurat().sample(g, bits);
}

inline const Ziggurat<NormalShape>& normalZiggurat()
{
    static const Ziggurat<NormalShape> table;
    return table;
}

// Exp(1).
template <typename G> double standardExponential(G& g)
{
    std::uint64_t bits = 0;
    return exponentialZiggurat().sample(g, bits);
}

// N(0, 1): a half-normal draw with the sign from bit 8 of its word.
template <typename G> double standardNormal(G& g)
{
    std::uint64_t bits = 0;
    const double x = normalZiggurat().sample(g, bits);
    return (bits & 0x100u) ? -x : x;
}

} // namespace reslab::bench
