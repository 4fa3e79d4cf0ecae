// Fuzz target: the NIfTI-1 reader — readVolume, readMask and readLabelMap on
// the same file, written as .nii.gz when the input starts with the gzip magic
// (1f 8b) and as .nii otherwise. Seeds: small volumes, masks and label maps
// written by rgw::nifti (plain and gzip) and the IBSI digital phantoms from
// the shared data. A bug: a crash, a sanitizer report, an exception other
// than rgw::Error (std::bad_alloc above all: sizes come from the header and
// must be checked against the file and the budget first), > 2 GB or > 15 s.

#include "FuzzSupport.h"
#include "io/nifti/Nifti.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const auto file = rgw::fuzz::writeScratch(gzip ? "in.nii.gz" : "in.nii", data, size);
    try {
        (void)rgw::nifti::readVolume(file);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    try {
        (void)rgw::nifti::readMask(file);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    try {
        (void)rgw::nifti::readLabelMap(file);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
