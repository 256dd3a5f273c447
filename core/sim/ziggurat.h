#pragma once
// Standard normal and exponential draws by the ziggurat (Marsaglia & Tsang, "The Ziggurat Method
// for Generating Random Variables", J. Stat. Softw. 5(8), 2000), in the form Rust's rand_distr
// uses (after Doornik's ZIGNOR): 256 layers of equal area; one 64-bit draw gives the layer (its
// low 8 bits) and the position in it (its top 52 bits), and that position is the answer for
// 98.5 % (normal) and 97.8 % (exponential) of draws (the mean of x[i+1]/x[i] over the layers) — no
// logarithm, no quantile polynomial. The rest, near a layer's curved edge or in the tail, draw more
// from the same source: from a counter-based CallRng that is more of call k's own numbers, so
// common random numbers hold. The method is exact (the layers tile the density); the tables are
// generated offline (scripts/gen_ziggurat.py) and compiled in, so every machine samples from the
// same ones.

#include "sim/rng.h"
#include "sim/ziggurat_tables.h"

#include <cmath>
#include <cstdint>

namespace reslab {

namespace ziggurat {
// Uniform in [0, 1) from the top 52 bits (the low 8 chose the layer).
inline constexpr double top52(std::uint64_t bits)
{
    return static_cast<double>(bits >> 12) * 0x1.0p-52;
}
// −ln of a uniform in (0, 1]: an exponential by inversion, for the rare tail draws.
template <BitSource G> double expByInversion(G& g)
{
    return -std::log(1.0 - toUnit(g.next()));
}
} // namespace ziggurat

namespace ziggurat {
// A draw that fell outside its layer's rectangle (x from layer i, u its signed position): the
// tail, or the strip under the curve, and draws from the start while those reject. Out of line,
// so the inline fast path below stays a handful of instructions.
template <BitSource G> [[gnu::noinline]] double normalBeyondRectangle(G& g, std::size_t i, double u)
{
    while (true) {
        const double x = u * kNormalX[i];
        if (i == 0) {
            // The tail beyond R (Marsaglia 1964): R + e1/R, accepted when 2·e2 ≥ (e1/R)².
            double t, e;
            do {
                t = expByInversion(g) / kNormalR;
                e = expByInversion(g);
            } while (2.0 * e < t * t);
            return u < 0.0 ? -(kNormalR + t) : kNormalR + t;
        }
        // Between the rectangle and the curve: accept under the density.
        const double y = kNormalF[i + 1] + (kNormalF[i] - kNormalF[i + 1]) * toUnit(g.next());
        if (y < std::exp(-0.5 * x * x)) return x;
        // Rejected: a new draw, from the start.
        const std::uint64_t bits = g.next();
        i = bits & 0xFF;
        u = 2.0 * top52(bits) - 1.0;
        if (std::abs(u * kNormalX[i]) < kNormalX[i + 1]) return u * kNormalX[i];
    }
}

template <BitSource G>
[[gnu::noinline]] double exponentialBeyondRectangle(G& g, std::size_t i, double x)
{
    while (true) {
        if (i == 0) return kExpR + expByInversion(g); // the tail is memoryless
        const double y = kExpF[i + 1] + (kExpF[i] - kExpF[i + 1]) * toUnit(g.next());
        if (y < std::exp(-x)) return x;
        // Rejected: a new draw, from the start.
        const std::uint64_t bits = g.next();
        i = bits & 0xFF;
        x = top52(bits) * kExpX[i];
        if (x < kExpX[i + 1]) return x;
    }
}
} // namespace ziggurat

// A standard normal draw. Inline: 98.5 % of draws end inside their layer's rectangle.
template <BitSource G> inline double standardNormal(G& g)
{
    using namespace ziggurat;
    const std::uint64_t bits = g.next();
    const std::size_t i = bits & 0xFF;
    const double u = 2.0 * top52(bits) - 1.0; // [-1, 1): the sign is the side
    const double x = u * kNormalX[i];
    if (std::abs(x) < kNormalX[i + 1]) [[likely]]
        return x; // inside the layer's rectangle
    return normalBeyondRectangle(g, i, u);
}

// A standard exponential draw (mean 1). Inline: 97.8 % end inside their layer's rectangle.
template <BitSource G> inline double standardExponential(G& g)
{
    using namespace ziggurat;
    const std::uint64_t bits = g.next();
    const std::size_t i = bits & 0xFF;
    const double x = top52(bits) * kExpX[i];
    if (x < kExpX[i + 1]) [[likely]]
        return x;
    return exponentialBeyondRectangle(g, i, x);
}

} // namespace reslab
