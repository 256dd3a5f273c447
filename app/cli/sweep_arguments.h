#pragma once
// What sweep, tune and check read alike: --param PATH=VALUES …, --seeds, --seed, --sample,
// --sample-seed, --jobs; and the scenario document they plan over (docs/sweep.md).

#include "cli/arguments.h"
#include "sweep/sweep.h"

#include <QJsonObject>
#include <optional>
#include <string>

namespace reslab::cli {

// --seeds K: every command that takes it (sweep, check, tune, compare --recorded) takes 1 …
// kMaxSeeds, tune from 2, with one message.
inline constexpr int kMaxSeeds = 10'000;
// false with `error` (a usage error) when an option does not parse; `seeds` is --seeds K.
bool parseSweepSpec(const Arguments& a, SweepSpec& spec, std::string& error, int minSeeds = 1);
// --seeds K (minimum … kMaxSeeds; `seeds` keeps its default when not given).
bool parseSeedCount(const Arguments& a, int minimum, int& seeds, std::string& error);
// --seeds K and --seed N (the first seed); N + K − 1 must not pass 2^64 − 1.
bool parseSeeds(const Arguments& a, int& seeds, std::optional<std::uint64_t>& firstSeed,
                std::string& error, int minimum = 1);
// --jobs N (0 when not given: one per core).
bool parseJobs(const Arguments& a, int& jobs, std::string& error);

struct PlannedSweep
{
    QJsonObject document;
    std::string baseDir; // the scenario's folder, where its traces are found
    SweepPlan plan;
};
// Reads SCENARIO and plans the sweep; on failure prints the reason naming the file and returns
// nullopt (exit 2). Without --param (`spec.params` empty) the scenario's "sweep" block gives
// the parameters, and its seeds unless `seedsGiven`.
std::optional<PlannedSweep> planFromFile(const std::string& path, const SweepSpec& spec,
                                         const WorkLimits& limits, TraceCache& traces,
                                         bool seedsGiven);

} // namespace reslab::cli
