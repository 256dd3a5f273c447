#pragma once
// "Did you mean …?": the closest of a set of names to a word that is not one of them, when it is
// close enough to be a typo. Standard library only: the command-line table's generator uses it
// too (app/cli/command_help.cpp).

#include <algorithm>
#include <string>
#include <vector>

namespace reslab {

// Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters is one edit.
inline std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// The closest of `candidates` to `word`: within a third of the word's length in edits (at least
// one), or a candidate that `word` (three characters or more) begins; "" when none is.
inline std::string closestName(const std::string& word, const std::vector<std::string>& candidates)
{
    std::string best;
    std::size_t bestScore = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (const std::string& c : candidates) {
        const bool prefix = word.size() >= 3 && c.starts_with(word); // "--max" of "--max-events"
        const std::size_t score = prefix ? 1 : editDistance(word, c);
        if (score < bestScore) {
            bestScore = score;
            best = c;
        }
    }
    return best;
}

} // namespace reslab
