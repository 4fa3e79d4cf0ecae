// Fuzz target: the cBioPortal study reader (rgw::genomics::readCbioPortalStudy)
// and coverageOf. The fixture study (tests/support/CbioStudyFixture.h) is
// written once into the scratch folder; each input replaces one of its files
// (first byte: which one, see CbioInput.h; the rest: the content), the study
// is read and the file restored. Seeds: every selectable file as written,
// plus broken variants. A bug: a crash, a sanitizer report, any exception
// (the reader throws only for a folder without meta_study.txt), a data set
// that contradicts itself (a matrix whose values are not genes x samples, a
// record naming a sample the study does not have, a problem without a file),
// > 2 GB or > 15 s.

#include "CbioInput.h"
#include "FuzzSupport.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/Profiling.h"

#include <exception>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace rgw::genomics;

struct Study {
    fs::path folder;
    std::vector<fs::path> targets;
    std::vector<std::string> originals;
};

const Study& study() {
    static const Study s = [] {
        Study made;
        made.folder = rgw::fuzz::scratchDir() / "cbioportal-study";
        made.targets = rgw::fuzz::cbioTargets(rgw::test::cbio::writeStudy(made.folder));
        for (const auto& t : made.targets)
            made.originals.push_back(rgw::test::cbio::readText(t));
        return made;
    }();
    return s;
}

void checkConsistent(const GenomicDataSet& data) {
    for (const auto& p : data.problems)
        if (p.where.file.empty())
            rgw::fuzz::fail("a problem without a file: " + p.describe());
    for (const auto& m : data.matrices) {
        if (m.values.size() != m.genes.size() * m.samples.size())
            rgw::fuzz::fail("matrix " + m.profileStableId + ": values are not genes x samples");
        if (!m.rowIds.empty() && m.rowIds.size() != m.genes.size())
            rgw::fuzz::fail("matrix " + m.profileStableId + ": rowIds are not one per gene");
    }
    if (data.samples.empty())
        return; // no usable sample file: references are not checked
    std::set<std::string> samples;
    for (const auto& s : data.samples)
        samples.insert(s.sampleId);
    const auto known = [&](const std::string& id, const char* what) {
        if (samples.count(id) == 0)
            rgw::fuzz::fail(std::string(what) + " names unknown sample '" + id + "'");
    };
    for (const auto& m : data.mutations)
        known(m.sampleId, "a mutation");
    for (const auto& m : data.matrices)
        for (const auto& s : m.samples)
            known(s, "a matrix column");
    for (const auto& c : data.samplePanels)
        known(c.sampleId, "a gene panel matrix row");
    for (const auto& p : data.profiles)
        for (const auto& s : p.profiledSamples)
            known(s, "a profile's coverage");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    if (size == 0)
        return 0;
    const Study& s = study();
    const std::size_t target = data[0] % s.targets.size();
    rgw::test::cbio::writeText(s.targets[target],
                               std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    try {
        const GenomicDataSet read = readCbioPortalStudy(s.folder);
        checkConsistent(read);
        for (const auto& p : read.profiles) {
            const ProfileCoverage coverage = coverageOf(read, p.stableId);
            for (const auto& sample : read.samples)
                (void)geneStatus(coverage, sample.sampleId, "TP53", false);
        }
    } catch (const std::exception& e) {
        rgw::fuzz::fail(std::string("exception escaped the study reader: ") + e.what());
    }
    rgw::test::cbio::writeText(s.targets[target], s.originals[target]);
    return 0;
}
