// Fuzz target: the NRRD reader — readVolume, readMask and readLabelMap on the
// same file (attached data; a detached "data file" names a file that the
// scratch folder does not hold, so it is refused). Seeds: small NRRD files in
// the raw, gzip, ascii and hex encodings and PyRadiomics' brain1 label map
// from the shared data. A bug: a crash, a sanitizer report, an exception other
// than rgw::Error (std::bad_alloc above all: sizes come from the header and
// must be checked against the file and the budget first), > 2 GB or > 15 s.

#include "FuzzSupport.h"
#include "io/nrrd/Nrrd.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    const auto file = rgw::fuzz::writeScratch("in.nrrd", data, size);
    try {
        (void)rgw::nrrd::readVolume(file);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    try {
        (void)rgw::nrrd::readMask(file);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    try {
        (void)rgw::nrrd::readLabelMap(file);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
