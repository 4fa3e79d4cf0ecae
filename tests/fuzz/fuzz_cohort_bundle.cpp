// Fuzz target: the readers of the cohort bundle's describing files
// (storage/CohortBundleFiles.h): bundle.json (parseBundleManifest),
// cohort.json (parseBundleCohort), models/models.json (parseBundleModels),
// segmentations.json (parseBundleSegmentations), features/extractions.json
// (parseBundleFeatureIndex) and a feature table (splitBundleFeatureTable,
// each group then read by radiomics::readFeatureCsv as the import does),
// and, for a manifest, verifyCohortBundle on a scratch
// folder holding it and one listed file. The first byte chooses the reader;
// the rest is the file. A bug: a crash, a sanitizer report, an exception
// other than rgw::Error (nlohmann's json::exception included), or a result
// that breaks the invariants checked below (fuzz::fail).
//
// Seeds: regressions/cohort_bundle/ (a sound file of each kind).

#include "BundleZip.h"
#include "CohortBundleFiles.h"
#include "FuzzSupport.h"
#include "radiomics/FeatureCsv.h"
#include "util/Error.h"

#include <fstream>
#include <set>
#include <string>

namespace {

using rgw::fuzz::fail;
namespace fs = std::filesystem;

void checkManifest(const rgw::storage::BundleManifest& m) {
    std::set<std::string> paths;
    for (const auto& f : m.files) {
        try {
            rgw::storage::checkZipEntryName("manifest", f.path);
        } catch (const rgw::Error&) {
            fail("a manifest path leaving the folder was accepted: " + f.path);
        }
        if (!paths.insert(f.path).second)
            fail("a manifest path listed twice was accepted");
    }
}

void checkCohort(const rgw::storage::BundleCohort& c) {
    if (c.version < 1)
        fail("a cohort version below 1 was accepted");
    std::set<std::string> ids;
    for (const auto* list : {&c.included, &c.excluded})
        for (const auto& m : *list) {
            if (m.patientId.empty() || !ids.insert(m.patientId).second)
                fail("an empty or repeated member was accepted");
            if (m.split != "" && m.split != "train" && m.split != "test")
                fail("an unknown split was accepted");
        }
    for (const auto& m : c.excluded)
        if (m.reason.empty())
            fail("an exclusion without a reason was accepted");
    if (c.candidates < ids.size())
        fail("fewer candidates than members were accepted");
    if (c.split && !(c.split->testFraction >= 0.0 && c.split->testFraction < 1.0))
        fail("a test fraction outside [0, 1) was accepted");
}

void checkSegmentations(const std::vector<rgw::storage::BundleSegmentation>& list) {
    std::set<std::size_t> indices;
    for (const auto& s : list) {
        if (!indices.insert(s.index).second)
            fail("a segmentation index listed twice was accepted");
        if (s.patientId.empty() || (s.kind != "RTSTRUCT" && s.kind != "SEG") ||
            s.maskSha256.size() != 64)
            fail("a segmentation without patient, known kind or SHA-256 was accepted");
    }
}

void checkFeatureIndex(const rgw::storage::BundleFeatureIndex& index) {
    for (const auto& p : index.parameterSets)
        for (const std::string* name : {&p.table, &p.canonicalText})
            if (name->empty() || name->find('/') != std::string::npos || *name == "..")
                fail("a feature file name leaving features/ was accepted");
    std::set<std::size_t> indices;
    for (const auto& e : index.extractions)
        if (!indices.insert(e.index).second)
            fail("an extraction index listed twice was accepted");
}

void readFeatureTable(const std::string& text) {
    for (const auto& [index, csv] : rgw::storage::splitBundleFeatureTable(text, "table.csv")) {
        if (index == 0)
            fail("extraction index 0 was accepted");
        (void)rgw::radiomics::readFeatureCsv(csv, "table.csv");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    if (size == 0)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        switch (data[0] % 7) {
        case 0:
            checkManifest(rgw::storage::parseBundleManifest(text, "bundle.json"));
            break;
        case 1:
            checkCohort(rgw::storage::parseBundleCohort(text, "cohort.json"));
            break;
        case 2:
            for (const auto& m : rgw::storage::parseBundleModels(text, "models.json"))
                if (m.file.empty() || m.file.find('/') != std::string::npos || m.file == "..")
                    fail("a model file name leaving models/ was accepted");
            break;
        case 4:
            checkSegmentations(rgw::storage::parseBundleSegmentations(text, "segmentations.json"));
            break;
        case 5:
            checkFeatureIndex(rgw::storage::parseBundleFeatureIndex(text, "extractions.json"));
            break;
        case 6:
            readFeatureTable(text);
            break;
        case 3: {
            // The manifest against a folder: bundle.json and "a.txt" ("abc").
            const fs::path folder = rgw::fuzz::scratchDir() / "bundle";
            fs::remove_all(folder);
            fs::create_directories(folder);
            std::ofstream(folder / "bundle.json", std::ios::binary) << text;
            std::ofstream(folder / "a.txt", std::ios::binary) << "abc";
            rgw::storage::verifyCohortBundle(folder);
            break;
        }
        default:
            break;
        }
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
