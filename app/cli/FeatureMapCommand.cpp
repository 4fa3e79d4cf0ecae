// featuremap: argument parsing and printing only; the maps are computed by
// core/radiomics/featuremaps (the function the GUI calls as well) and the
// inputs resolved by storage/ExtractionInputs, as for extract.
#include "CliCommands.h"
#include "Database.h"
#include "ImageArgument.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/featuremaps/FeatureMaps.h"
#include "util/Error.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace fs = std::filesystem;

namespace rgw::cli {

const char* const kFeatureMapHelp =
    R"(usage: rgw-cli featuremap --image IMAGE [--mask MASK [--roi NAME] [--label N]]
                         --params FILE|PRESET --features NAMES --radius R
                         [--threads N] --out DIR

Computes voxel-wise feature maps: each feature over a cubic kernel of R voxels
around every voxel of the ROI (around every voxel of the image without
--mask), the kernel's neighbours restricted to the ROI after re-segmentation,
intensities discretised over the whole ROI as --params says (the parameter
set must not interpolate: the maps stay on the image grid). Kernels are
updated incrementally as they slide; results do not depend on --threads.
Writes DIR/<feature>.nii.gz per feature (0 outside the ROI, NaN where the
feature is undefined for a kernel).

options:
  --image IMAGE      NIfTI file, DICOM folder or file, or a stored series UID
  --mask MASK        NIfTI mask or label map, RTSTRUCT or SEG file, or a stored
                     segmentation (as for extract); omitted: every voxel
  --roi NAME         ROI / segment of an RTSTRUCT or SEG mask
  --label N          label value of a NIfTI label map
  --params P         parameter file or preset (see 'rgw-cli extract --help')
  --features NAMES   comma-separated feature column names (e.g.
                     glcm.joint_entropy.3d_mrg, intensity_statistics.mean_intensity)
                     or families: intensity_statistics, intensity_histogram, glcm
  --radius R         kernel radius in voxels, 1 .. 20 (kernel (2R+1)^3)
  --threads N        threads, 1 .. 256 (default 1)
  --out DIR          folder for the maps (created)
  --help             show this help
)";

int runFeatureMap(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("featuremap", args,
                                        {"--image", "--mask", "--roi", "--label", "--params",
                                         "--features", "--radius", "--threads", "--out"},
                                        {});
    if (!parsed.positional.empty())
        throw UsageError("featuremap takes no positional argument ('" + parsed.positional.front() +
                         "'); see rgw-cli featuremap --help");
    const auto required = [&](const char* key, const char* what) {
        const std::string* value = parsed.value(key);
        if (!value || value->empty())
            throw UsageError(std::string("featuremap needs ") + key + " " + what);
        return *value;
    };
    const std::string image = required("--image", "IMAGE");
    const std::string params = required("--params", "FILE|PRESET");
    const std::string featureList = required("--features", "NAMES");
    const std::string out = required("--out", "DIR");
    radiomics::featuremaps::FeatureMapOptions options;
    options.radius = static_cast<int>(parseCount("--radius", required("--radius", "R"), 1, 20));
    if (const std::string* n = parsed.value("--threads"))
        options.threads = static_cast<unsigned>(parseCount("--threads", *n, 1, 256));
    const std::string* mask = parsed.value("--mask");
    if (!mask && (parsed.value("--roi") || parsed.value("--label")))
        throw UsageError("--roi and --label choose within --mask MASK, which is not given");
    std::optional<int> label;
    if (const std::string* n = parsed.value("--label"))
        label = static_cast<int>(parseCount("--label", *n, 1, 65535));
    std::vector<radiomics::featuremaps::MapFeature> features;
    try {
        features = radiomics::featuremaps::selectMapFeatures(featureList);
    } catch (const Error& e) {
        throw UsageError(std::string("--features: ") + e.what());
    }

    const auto start = std::chrono::steady_clock::now();
    const radiomics::ParameterSet parameters = radiomics::loadParameterSet(params);
    const std::unique_ptr<storage::Database> db = existingDatabase(context);
    const storage::ImageInput imageInput = resolveImageArgument(context, db.get(), image);
    std::optional<storage::MaskInput> maskInput;
    if (mask)
        maskInput =
            storage::resolveMask(db.get(), imageInput, *mask,
                                 parsed.value("--roi") ? *parsed.value("--roi") : "", label);
    radiomics::featuremaps::FeatureMaps maps;
    try {
        maps = radiomics::featuremaps::computeFeatureMaps(imageInput.volume,
                                                          maskInput ? &maskInput->mask : nullptr,
                                                          parameters.settings, features, options);
    } catch (const Error& e) {
        throw Error("feature maps of " + imageInput.description +
                    (maskInput ? " / " + maskInput->description : std::string()) + " with " +
                    parameters.source + ": " + e.what());
    }
    const std::vector<fs::path> files = radiomics::featuremaps::writeFeatureMaps(maps, out);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("Image:       %s\n", imageInput.description.c_str());
    std::printf("Mask:        %s\n",
                maskInput ? maskInput->description.c_str() : "none (every voxel)");
    std::printf("Parameters:  %s (sha256 %s)\n", parameters.source.c_str(),
                parameters.hash.c_str());
    std::printf("Kernel:      cube of radius %d voxels, %zu centres\n", options.radius,
                maps.voxels.size());
    for (const fs::path& file : files)
        std::printf("Wrote        %s\n", file.string().c_str());
    std::printf("Time:        %.3f s\n", seconds);
    return kExitOk;
}

} // namespace rgw::cli
