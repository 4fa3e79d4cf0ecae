// Fuzz target: the radiomics parameter-file parser
// (rgw::radiomics::parseParameterSet) on the input as YAML text. Seeds: the
// shipped presets (resources/radiomics). A bug: a crash, a sanitizer report,
// any exception other than rgw::Error (a YAML::Exception escaping is one),
// > 2 GB or > 15 s.

#include "FuzzSupport.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    try {
        (void)rgw::radiomics::parseParameterSet(
            std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
    return 0;
}
