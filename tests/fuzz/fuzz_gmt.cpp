// Fuzz target: the GMT gene-set reader (rgw::genomics::readGmt), the
// matching of its sets to a ranked list (matchGeneSets) and pre-ranked GSEA
// on them (rgw::association::preRankedGsea, a few permutations). The first
// byte chooses the line limit, the weight p and the minimum set size; the
// rest is the file. The ranked list is the first genes the file names plus
// a few it does not, scored from a hash of their names (some exactly 0, some
// tied). A bug: a crash, a sanitizer report, an exception other than
// rgw::Error, > 2 GB or > 15 s, or a result that breaks the invariants
// checked below (fuzz::fail).
//
// Seeds: gmtSeeds() in FuzzSeeds.cpp.

#include "FuzzSupport.h"
#include "association/Gsea.h"
#include "genomics/Gmt.h"
#include "util/Error.h"
#include "util/Random.h"

#include <array>
#include <cmath>
#include <set>
#include <string>

namespace {

using rgw::fuzz::fail;

constexpr std::size_t kMaxRanked = 400;

bool hasLineBreakOrTab(const std::string& text) {
    return text.find_first_of("\t\r\n") != std::string::npos;
}

void checkFile(const rgw::genomics::GmtFile& gmt) {
    if (gmt.sets.empty())
        fail("readGmt returned no set without throwing");
    std::set<std::string> names;
    std::size_t lastLine = 0;
    for (const auto& set : gmt.sets) {
        if (set.name.empty() || hasLineBreakOrTab(set.name) || !names.insert(set.name).second)
            fail("a set name is blank, holds a tab or line break, or is repeated");
        if (set.genes.empty())
            fail("set '" + set.name + "' has no genes");
        if (set.where.line <= lastLine)
            fail("set lines are not ascending");
        lastLine = set.where.line;
        std::set<std::string> genes;
        for (const auto& g : set.genes)
            if (g.empty() || hasLineBreakOrTab(g) || !genes.insert(g).second)
                fail("set '" + set.name + "' has a blank, broken or repeated gene");
    }
    for (const auto& p : gmt.problems)
        if (p.where.line == 0 || p.where.file != gmt.file)
            fail("a problem without its file and line");
}

rgw::association::GeneRanking rankingFor(const rgw::genomics::GmtFile& gmt) {
    rgw::association::GeneRanking ranking;
    std::set<std::string> seen;
    for (const auto& set : gmt.sets)
        for (const auto& g : set.genes)
            if (ranking.genes.size() < kMaxRanked && seen.insert(g).second)
                ranking.genes.push_back(g);
    for (int i = 0; i < 3; ++i)
        ranking.genes.push_back("rgw-fuzz-unlisted-" + std::to_string(i));
    for (const auto& g : ranking.genes) {
        const std::uint64_t h = rgw::hashKey(g);
        // A coarse grid in [-1, 1] so that scores tie and some are 0.
        ranking.scores.push_back(static_cast<double>(static_cast<int>(h % 41) - 20) / 20.0);
    }
    return ranking;
}

void checkGsea(const rgw::association::GseaResult& result) {
    const auto inUnit = [](double v) { return std::isnan(v) || (v >= 0 && v <= 1); };
    for (std::size_t s = 0; s < result.sets.size(); ++s) {
        const auto& set = result.sets[s];
        if (!(std::fabs(set.es) <= 1 + 1e-9) || set.leadingEdge.empty() ||
            set.leadingEdge.size() > set.size || set.hits.size() != set.size)
            fail("set '" + set.name + "': ES outside [-1, 1] or a wrong leading edge");
        if (!inUnit(set.pValue) || !inUnit(set.fdr))
            fail("set '" + set.name + "': p or q outside [0, 1]");
        if (std::isnan(set.nes) != std::isnan(set.pValue) ||
            (!std::isnan(set.nes) && (set.nes >= 0) != (set.es >= 0)))
            fail("set '" + set.name + "': NES of the wrong sign");
        const auto curve = rgw::association::enrichmentCurve(result, s);
        if (curve.runningSum.size() != result.genes.size() || curve.es != set.es ||
            curve.peak != set.peak || curve.runningSum[curve.peak] != set.es)
            fail("set '" + set.name + "': the running sum does not reach ES at its peak");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    if (size == 0)
        return 0;
    const std::uint8_t choice = data[0];
    rgw::genomics::GmtLimits limits;
    limits.maxLineBytes = (choice & 1) ? 64 : limits.maxLineBytes;
    const auto file = rgw::fuzz::writeScratch("fuzz.gmt", data + 1, size - 1);
    try {
        const rgw::genomics::GmtFile gmt = rgw::genomics::readGmt(file, limits);
        checkFile(gmt);
        rgw::association::GseaOptions options;
        options.permutations = 4;
        options.threads = 1;
        options.seed = choice;
        options.weight = std::array<double, 4>{1.0, 0.0, 2.0, 0.5}[(choice >> 1) & 3];
        options.size = {static_cast<std::size_t>(1 + ((choice >> 3) & 3)), 500};
        checkGsea(rgw::association::preRankedGsea(rankingFor(gmt), gmt.sets, options));
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
