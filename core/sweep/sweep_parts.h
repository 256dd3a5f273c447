#pragma once
// A sweep on more than one machine (docs/sweep.md, "Shards"): `--shard I/N` runs the points whose
// number is I − 1 modulo N (round robin, so slow and fast regions of the space spread over all
// shards) and writes a part; `sweep-merge` joins the N parts into exactly the file the unsharded
// sweep writes. A part is JSON Lines: a header naming the sweep by a fingerprint of everything
// that decides its output (the scenario document, parameters, points, seeds, metrics, format),
// then one line per point with the row as the final file will hold it.

#include "sweep/sweep_output.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

struct Shard
{
    std::size_t index = 1; // 1-based, as written: --shard 2/4
    std::size_t count = 1;
};

// "I/N" with 1 ≤ I ≤ N ≤ 100000; nullopt with the reason.
std::optional<Shard> parseShard(const std::string& text, std::string& error);

// The sweep's identity: a hex digest of what decides its output.
std::string sweepFingerprint(const QJsonObject& document, const SweepPlan& plan,
                             SweepFormat format);

// Keeps the points of `shard` (their numbers stay those of the whole sweep).
void keepShard(SweepPlan& plan, const Shard& shard);

std::string sweepPart(const SweepPlan& plan, const SweepResult& result, SweepFormat format,
                      const std::string& fingerprint, const Shard& shard, std::size_t totalPoints);

struct PartFile
{
    std::string path;
    std::string text;
};
// Joins parts into the sweep's output, or says which part does not fit and why (another sweep,
// a shard missing or twice, a point missing, a malformed line).
std::optional<std::string> mergeSweepParts(const std::vector<PartFile>& parts, std::string& error);

} // namespace reslab
