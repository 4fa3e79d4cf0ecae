// featuremap: argument parsing and printing only; the maps are computed by
// core/radiomics/featuremaps (the function the GUI calls as well), the
// inputs resolved by storage/ExtractionInputs, as for extract, and DICOM
// Parametric Maps written by core/io/dicom/ParametricMapWriter.
#include "AuditLog.h"
#include "CliCommands.h"
#include "Database.h"
#include "ImageArgument.h"
#include "SeriesAccess.h"
#include "io/dicom/DicomScanner.h"
#include "io/dicom/ParametricMapWriter.h"
#include "io/dicom/ReferencedSeries.h"
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
                         [--threads N] [--format nifti|dicom|both] --out DIR

Computes voxel-wise feature maps: each feature over a cubic kernel of R voxels
around every voxel of the ROI (around every voxel of the image without
--mask), the kernel's neighbours restricted to the ROI after re-segmentation,
intensities discretised over the whole ROI as --params says (the parameter
set must not interpolate: the maps stay on the image grid). Each value is
the whole-ROI family on the kernel's part of the ROI. Histograms,
co-occurrences, runs and neighbourhood counts are updated incrementally as
kernels slide, zones are rebuilt per kernel; results do not depend on
--threads.
Writes per feature DIR/<feature>.nii.gz (--format nifti or both) and/or
DIR/<feature>.dcm (--format dicom or both), 0 outside the ROI, NaN where the
feature is undefined for a kernel. The .dcm files are DICOM Parametric Maps:
32-bit float values, one frame per slice, referencing the image series; the
maps of one run form one new series in the image's study.

options:
  --image IMAGE      NIfTI file, DICOM folder or file, or a stored series UID
  --mask MASK        NIfTI mask or label map, RTSTRUCT or SEG file, or a stored
                     segmentation (as for extract); omitted: every voxel
  --roi NAME         ROI / segment of an RTSTRUCT or SEG mask
  --label N          label value of a NIfTI label map
  --params P         parameter file or preset (see 'rgw-cli extract --help')
  --features NAMES   comma-separated feature column names (e.g.
                     glcm.joint_entropy.3d_mrg, intensity_statistics.mean_intensity)
                     or families: intensity_statistics, intensity_histogram,
                     glcm and glrlm (3D averaged and merged), glszm, gldzm,
                     ngtdm and ngldm (3D)
  --radius R         kernel radius in voxels, 1 .. 20 (kernel (2R+1)^3)
  --threads N        threads, 1 .. 256 (default 1)
  --format F         nifti (default), dicom (needs a DICOM IMAGE: folder, file
                     or stored series) or both
  --out DIR          folder for the maps (created)
  --help             show this help
)";

namespace {

struct OutputFormats {
    bool nifti = true;
    bool dicom = false;
};

OutputFormats parseFormat(const std::string* value) {
    if (!value || *value == "nifti")
        return {};
    if (*value == "dicom")
        return {false, true};
    if (*value == "both")
        return {true, true};
    throw UsageError("--format is nifti, dicom or both, not '" + *value + "'");
}

/// The files of IMAGE's DICOM image series, which Parametric Maps reference.
std::vector<fs::path> dicomSeriesFiles(storage::Database* db, const storage::ImageInput& input,
                                       const std::string& image, const std::string& format) {
    if (db && !input.seriesInstanceUid.empty())
        return storage::seriesFiles(*db, input.seriesInstanceUid);
    std::vector<fs::path> files;
    for (const dicom::InstanceHeader& instance : dicom::scan({fs::path(image)}).instances)
        if (instance.kind == dicom::ObjectKind::Image)
            files.push_back(instance.file);
    if (files.empty())
        throw UsageError("--format " + format +
                         " writes DICOM Parametric Maps, which reference a DICOM image series "
                         "(folder, file or stored series UID); IMAGE '" +
                         image + "' is not one");
    return files;
}

} // namespace

int runFeatureMap(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("featuremap", args,
                  {"--image", "--mask", "--roi", "--label", "--params", "--features", "--radius",
                   "--threads", "--format", "--out"},
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
    const OutputFormats formats = parseFormat(parsed.value("--format"));
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
    // The source series is matched to the image grid before any map is
    // computed, so a map that cannot reference it is refused up front.
    std::optional<dicom::ReferencedSeries> referenced;
    if (formats.dicom)
        referenced = dicom::readReferencedSeries(
            dicomSeriesFiles(db.get(), imageInput, image, *parsed.value("--format")),
            imageInput.volume.geometry);
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
    std::vector<fs::path> files;
    if (formats.nifti)
        files = radiomics::featuremaps::writeFeatureMaps(maps, out);
    if (referenced) {
        dicom::ParametricMapOptions mapOptions;
        mapOptions.contentCreatorName = storage::currentUserName();
        const std::vector<fs::path> dcm = dicom::writeParametricMaps(
            maps, parameters.settings, imageInput.volume.unit, *referenced, out, mapOptions);
        files.insert(files.end(), dcm.begin(), dcm.end());
    }
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
