#pragma once
// The exit codes of every subcommand (docs/cli.md, "Exit codes"). A script tells "the tool could
// not do its job" (1, 2) from "it ran and the answer is no" (4) and "it ran, but the answer needs
// more seeds" (3).

namespace reslab::cli {

inline constexpr int kExitOk = 0;       // ran; any verdict is positive
inline constexpr int kExitInternal = 1; // could not do its job: a failed write, an internal error
inline constexpr int kExitInvalid = 2;  // invalid input or usage (the message says what and where)
inline constexpr int kExitInconclusive = 3; // check: none fails, but one needs more seeds
// Ran, and the verdict is negative: a `check` expectation fails, `tune` finds no configuration that
// meets the expectations, `compare --recorded` finds a metric that differs. Versions 0.1.x gave
// these 1, which also meant a failed write; 4 is the first code no other meaning used.
inline constexpr int kExitNegative = 4;
inline constexpr int kExitInterrupted = 130; // 128 + SIGINT: stopped by Ctrl-C or SIGTERM

} // namespace reslab::cli
