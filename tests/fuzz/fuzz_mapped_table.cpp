// Fuzz target: mapped CSV / TSV tables (rgw::genomics::parseTableMapping and
// readMappedTable, with the DelimitedTextReader under them), and the same
// table bytes read as an imported train/test assignment
// (rgw::cohort::readSplitAssignment). The input is
// "<mapping YAML>" + kFileSeparator + "<table bytes>"; an input without the
// separator is the table alone, read with kMapping below (every column kind,
// id column "id"). A bug: a crash, a sanitizer report, an exception other
// than rgw::Error (a YAML::Exception or std::bad_alloc escaping is one),
// > 2 GB or > 15 s, or a result that breaks the invariants checked below
// (fuzz::fail).
//
// Seeds: mappedTableSeeds() in FuzzSeeds.cpp.

#include "FuzzSupport.h"
#include "cohort/Split.h"
#include "genomics/MappedTable.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view kMapping = R"(id_column: id
columns:
  - {column: age, attribute: AGE, type: number}
  - column: status
    attribute: OS_STATUS
    type: category
    values: {Dead: "1:DECEASED", Alive: "0:LIVING"}
  - {column: dx, attribute: DX_DATE, type: date}
  - {column: smoker, attribute: SMOKER, type: boolean}
  - column: egfr
    mutation: EGFR
    mutated: [exon 19 deletion, L858R]
    wild_type: [negative]
    classification: {exon 19 deletion: In_Frame_Del, L858R: Missense_Mutation}
  - {column: pam50, subtype: PAM50}
  - {column: rs, score: Oncotype DX RS}
)";

/// The invariants every result keeps, whatever the input.
void check(const rgw::genomics::GenomicDataSet& set) {
    using rgw::fuzz::fail;
    const std::set<std::string> patients(set.patients.begin(), set.patients.end());
    if (patients.size() != set.patients.size())
        fail("a patient is listed twice");
    std::set<std::string> samples;
    for (const auto& s : set.samples) {
        if (!samples.insert(s.sampleId).second)
            fail("sample '" + s.sampleId + "' is listed twice");
        if (!patients.count(s.patientId))
            fail("sample '" + s.sampleId + "' has an unlisted patient");
    }
    for (const auto& v : set.clinicalValues) {
        if (v.text.empty())
            fail("an empty clinical value was recorded (missing must give no record)");
        if (v.number && !std::isfinite(*v.number))
            fail("a non-finite number was recorded");
        if (v.where.line == 0)
            fail("a clinical value without a line");
    }
    for (const auto& p : set.profiles) {
        const std::set<std::string> covered(p.profiledSamples.begin(), p.profiledSamples.end());
        if (covered.size() != p.profiledSamples.size())
            fail("profile '" + p.stableId + "' covers a sample twice");
        for (const auto& s : covered)
            if (!samples.count(s))
                fail("profile '" + p.stableId + "' covers an unlisted sample");
        for (const auto& m : set.mutations)
            if (m.profileStableId == p.stableId && !covered.count(m.sampleId))
                fail("a mutation outside its profile's samples");
        for (const auto& c : set.calls)
            if (c.profileStableId == p.stableId && !covered.count(c.sampleId))
                fail("a call outside its profile's samples");
    }
    for (const auto& c : set.calls)
        if (c.score && !std::isfinite(*c.score))
            fail("a non-finite score was recorded");
    for (const auto& problem : set.problems)
        if (problem.message.empty())
            fail("a problem without a message");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    const auto parts = rgw::fuzz::splitFiles(data, size);
    const std::string_view mappingText = parts.size() >= 2 ? parts[0] : kMapping;
    const std::string_view tableBytes = parts.size() >= 2 ? parts[1] : parts[0];
    const auto table = rgw::fuzz::writeScratch(
        "table.csv", reinterpret_cast<const std::uint8_t*>(tableBytes.data()), tableBytes.size());
    try {
        const auto mapping = rgw::genomics::parseTableMapping(mappingText, "fuzz.yaml");
        check(rgw::genomics::readMappedTable(table, mapping));
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    try {
        for (const auto& [patient, role] : rgw::cohort::readSplitAssignment(table))
            if (patient.empty())
                rgw::fuzz::fail("an assignment with an empty patient id");
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
