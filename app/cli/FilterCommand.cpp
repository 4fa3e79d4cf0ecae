// filter: argument parsing and printing only; the response maps are computed
// by core/filters (filters::applyFilter, the function extraction uses) on the
// image the parameter set's processing makes (radiomics/processing), and the
// image resolved by storage/ExtractionInputs, as for extract.
#include "CliCommands.h"
#include "CliConsole.h"
#include "Database.h"
#include "ImageArgument.h"
#include "filters/FilterSpec.h"
#include "io/nifti/Nifti.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/processing/Pipeline.h"
#include "util/Error.h"

#include <chrono>
#include <cstdio>
#include <memory>

namespace rgw::cli {

const char* const kFilterHelp =
    R"(usage: rgw-cli filter --image IMAGE --params FILE|PRESET [--filter K]
                      --out RESPONSE.nii.gz

Writes the response map of an IBSI-2 filter of the parameter file's
`filters:` section (mean, log, laws, gabor, wavelet, simoncelli, riesz, the
latter optionally steered to the structure tensor; see the README,
"Radiomics parameter files") as NIfTI, on the image grid after the
parameter set's interpolation (the grid the filtered features are computed
on), with the filter's boundary condition at the image edges. The map is the
one `extract` takes the filtered intensity statistics from.

options:
  --image IMAGE      NIfTI or NRRD file, DICOM folder or file, or a stored series UID
  --params P         parameter file or preset with a filters: section
  --filter K         which filter of the section, 1-based (default 1; needed
                     when the section has several)
  --out FILE         the response map (.nii or .nii.gz)
  --help             show this help

Ctrl-C stops the filter between its passes over the image (exit status 130);
nothing is written then.
)";

int runFilter(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("filter", args, {"--image", "--params", "--filter", "--out"}, {});
    if (!parsed.positional.empty())
        throw UsageError("filter takes no positional argument ('" + parsed.positional.front() +
                         "'); see rgw-cli filter --help");
    const auto required = [&](const char* key, const char* what) {
        const std::string* value = parsed.value(key);
        if (!value || value->empty())
            throw UsageError(std::string("filter needs ") + key + " " + what);
        return *value;
    };
    const std::string image = required("--image", "IMAGE");
    const std::string params = required("--params", "FILE|PRESET");
    const std::string out = required("--out", "RESPONSE.nii.gz");
    if (!(out.ends_with(".nii") || out.ends_with(".nii.gz")))
        throw UsageError("--out must name a .nii or .nii.gz file, got '" + out + "'");

    const auto start = std::chrono::steady_clock::now();
    const radiomics::ParameterSet parameters = radiomics::loadParameterSet(params);
    const auto& specs = parameters.settings.filters;
    if (specs.empty())
        throw UsageError(parameters.source +
                         " has no filters: section (see rgw-cli filter --help)");
    std::size_t index = 1;
    if (const std::string* k = parsed.value("--filter"))
        index = static_cast<std::size_t>(
            parseCount("--filter", *k, 1, static_cast<long long>(specs.size())));
    else if (specs.size() > 1)
        throw UsageError(parameters.source + " has " + std::to_string(specs.size()) +
                         " filters: choose one with --filter K");
    const filters::FilterSpec& spec = specs[index - 1];

    // From here a first Ctrl-C stops the work at the filter's next pass.
    SigintCancel sigint;
    const std::unique_ptr<storage::Database> db = existingDatabase(context);
    const storage::ImageInput imageInput = resolveImageArgument(context, db.get(), image);
    Volume response;
    try {
        response = filters::applyFilter(
            radiomics::processing::processedImage(imageInput.volume, parameters.settings), spec,
            sigint.token());
    } catch (const filters::FilterCancelled&) {
        std::fprintf(stderr, "rgw-cli: error: filter cancelled; nothing was written\n");
        return kExitCancelled;
    } catch (const Error& e) {
        throw Error("filter " + filters::describe(spec) + " of " + imageInput.description + ": " +
                    e.what());
    }
    nifti::writeVolume(response, out);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("Image:       %s\n", imageInput.description.c_str());
    std::printf("Parameters:  %s (sha256 %s)\n", parameters.source.c_str(),
                parameters.hash.c_str());
    std::printf("Filter:      %zu of %zu, %s\n", index, specs.size(),
                filters::describe(spec).c_str());
    std::printf("Grid:        %lld x %lld x %lld voxels of %g x %g x %g mm\n",
                static_cast<long long>(response.geometry.size[0]),
                static_cast<long long>(response.geometry.size[1]),
                static_cast<long long>(response.geometry.size[2]), response.geometry.spacing[0],
                response.geometry.spacing[1], response.geometry.spacing[2]);
    std::printf("Wrote        %s\n", out.c_str());
    std::printf("Time:        %.3f s\n", seconds);
    return kExitOk;
}

} // namespace rgw::cli
