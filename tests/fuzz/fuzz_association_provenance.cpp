// Fuzz target: the reader of an association result's provenance side file
// (rgw::association::readProvenanceFile, core/association/
// AssociationProvenanceFile.h) on the fuzzed bytes as TABLE.csv.provenance.json.
// A bug: a crash, a sanitizer report, an exception other than rgw::Error, or
// a provenance accepted without its "kind" (fuzz::fail).
//
// Seeds: regressions/association_provenance/ (files as writeProvenanceFile
// writes them, and near misses).

#include "FuzzSupport.h"
#include "association/AssociationProvenanceFile.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    rgw::fuzz::writeScratch("table.csv.provenance.json", data, size);
    try {
        const auto provenance =
            rgw::association::readProvenanceFile(rgw::fuzz::scratchDir() / "table.csv");
        if (!provenance || provenance->kind.empty())
            rgw::fuzz::fail("a provenance without its kind was accepted");
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
