// Fuzz target: the VCF readers (somatic VEP/SnpEff, germline; plain text,
// through zlib's transparent reading) and the PLINK .raw reader. The first
// byte chooses the reader (even: VCF as detected, odd: PLINK .raw), the rest
// is the file. Seeds: vcfPlinkSeeds() in FuzzSeeds.cpp. A bug: a crash, a
// sanitizer report, an exception other than rgw::Error, > 2 GB or > 15 s, or
// a record that breaks the invariants below (missing stays missing: every
// dosage lies in 0..2; every mutation names its gene and sample).

#include "FuzzSupport.h"
#include "genomics/PlinkRaw.h"
#include "genomics/Vcf.h"
#include "util/Error.h"

#include <cmath>

namespace {

void check(const rgw::genomics::GenomicDataSet& set) {
    for (const auto& g : set.genotypes)
        if (!std::isfinite(g.dosage) || g.dosage < 0 || g.dosage > 2)
            rgw::fuzz::fail("genotype dosage " + std::to_string(g.dosage) + " outside 0..2");
    for (const auto& m : set.mutations) {
        if (m.gene.hugoSymbol.empty() || m.sampleId.empty())
            rgw::fuzz::fail("a mutation without gene or sample");
        if (m.vaf && !(*m.vaf >= 0 && *m.vaf <= 1))
            rgw::fuzz::fail("VAF outside 0..1");
    }
    if (set.profiles.size() != 1)
        rgw::fuzz::fail("a reader returned " + std::to_string(set.profiles.size()) + " profiles");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    if (size == 0)
        return 0;
    const bool plink = data[0] & 1;
    const auto file = rgw::fuzz::writeScratch(plink ? "fuzz.raw" : "fuzz.vcf", data + 1, size - 1);
    try {
        check(plink ? rgw::genomics::readPlinkRaw(file) : rgw::genomics::readVcf(file));
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
