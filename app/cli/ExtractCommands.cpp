// extract / extract-cohort: argument parsing and printing only; inputs are
// resolved, features computed and stored by storage/ExtractionService.
#include "AuditLog.h"
#include "CliCommands.h"
#include "CliConsole.h"
#include "CliJson.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "ExtractionInputs.h"
#include "ExtractionService.h"
#include "ImageArgument.h"
#include "radiomics/FeatureCsv.h"
#include "radiomics/ModalityGuard.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/pyradiomics/Extraction.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

namespace fs = std::filesystem;

namespace rgw::cli {
namespace {

unsigned threadCount(const ParsedArgs& parsed, unsigned fallback) {
    if (const std::string* n = parsed.value("--threads"))
        return static_cast<unsigned>(parseCount("--threads", *n, 1, 256));
    return fallback;
}

radiomics::ParameterSet requiredParameters(const ParsedArgs& parsed, const std::string& command) {
    const std::string* params = parsed.value("--params");
    if (!params || params->empty())
        throw UsageError(command + " needs --params FILE|PRESET");
    return radiomics::loadParameterSet(*params);
}

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

/// --modality M: a DICOM Modality code, as parameter files write them.
std::string modalityOption(const ParsedArgs& parsed, const std::string& command) {
    const std::string* m = parsed.value("--modality");
    if (!m)
        return {};
    radiomics::ParameterSet probe;
    try {
        probe = radiomics::parseParameterSet("modalities: [" + *m + "]\n", "--modality");
    } catch (const Error&) {
        throw UsageError(command +
                         " --modality: expected a DICOM Modality code such as CT, PT "
                         "or MR, got '" +
                         *m + "'");
    }
    return probe.modalities.front();
}

/// The modality of `image`: its DICOM Modality, or --modality for a NIfTI
/// image (which records none). A --modality contradicting the DICOM header is
/// refused.
std::string imageModality(const storage::ImageSource& image, const std::string& stated) {
    if (image.modality.empty())
        return stated;
    if (!stated.empty() && stated != image.modality)
        throw UsageError("--modality " + stated + " contradicts IMAGE " + image.description +
                         ", whose DICOM Modality is " + image.modality +
                         " (--modality is for NIfTI images, which record none)");
    return image.modality;
}

/// What the provenance says of the modality, for the printed summary.
std::string modalityLine(const storage::ModalityUse& use, const radiomics::ParameterSet& p) {
    const std::string modality = use.imageModality.empty() ? "unknown" : use.imageModality;
    if (!use.mismatchAllowed)
        return modality + " (parameter set valid for " + radiomics::modalitiesText(p) + ")";
    return modality + ", MISMATCH ALLOWED by --allow-modality-mismatch (parameter set valid for " +
           radiomics::modalitiesText(p) + ")";
}

/// Where the diagnostics go: --diagnostics-out, else "<OUT stem>_diagnostics.csv"
/// beside OUT.
fs::path diagnosticsPath(const std::string* option, const fs::path& out) {
    const fs::path path =
        option ? fs::path(*option) : out.parent_path() / (out.stem().string() + "_diagnostics.csv");
    if (path.empty())
        throw UsageError("extract --diagnostics-out: expected a file name");
    if (fs::weakly_canonical(path) == fs::weakly_canonical(out))
        throw UsageError("extract --diagnostics-out " + path.string() +
                         " is the features file --out; give another file");
    return path;
}

/// `extract` with a PyRadiomics-compatible parameter set: NRRD or NIfTI files,
/// PyRadiomics' conventions and full feature names in the CSV's feature column;
/// PyRadiomics' diagnostics_* rows (text, which the numeric feature CSV
/// cannot hold) in a second, two-column CSV. Both files or neither.
int runPyRadiomicsExtract(const radiomics::ParameterSet& parameters, const std::string& image,
                          const std::string& mask, std::optional<int> label, const std::string& out,
                          const std::string* diagnosticsOut) {
    const auto start = std::chrono::steady_clock::now();
    const fs::path diagnostics = diagnosticsPath(diagnosticsOut, out);
    const auto result = radiomics::pyradiomics::extractFiles(image, mask, *parameters.pyradiomics,
                                                             parameters.hash, label);
    radiomics::writeFeatureCsvFile(out, radiomics::pyradiomics::featureTable(result));
    try {
        writeTextFileAtomically(diagnostics,
                                radiomics::pyradiomics::diagnosticsCsv(result.diagnostics));
    } catch (...) {
        std::error_code ignored;
        fs::remove(out, ignored);
        throw;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("Parameters:  %s (sha256 %s), PyRadiomics-compatible\n", parameters.source.c_str(),
                parameters.hash.c_str());
    for (const auto& warning : result.warnings)
        std::fprintf(stderr, "warning: %s\n", warning.c_str());
    std::printf("Features:    %zu\n", result.features.size());
    std::printf("Wrote        %s\n", out.c_str());
    std::printf("Diagnostics: %zu rows, wrote %s\n", result.diagnostics.size(),
                diagnostics.string().c_str());
    std::printf("Time:        %.3f s\n", seconds);
    return 0;
}

} // namespace

int runExtract(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("extract", args,
                                        {"--image", "--mask", "--params", "--out", "--roi",
                                         "--label", "--threads", "--modality", "--diagnostics-out"},
                                        {"--allow-modality-mismatch"});
    if (!parsed.positional.empty())
        throw UsageError("extract takes no positional argument ('" + parsed.positional.front() +
                         "'); see rgw-cli extract --help");
    const std::string* image = parsed.value("--image");
    const std::string* mask = parsed.value("--mask");
    const std::string* out = parsed.value("--out");
    if (!image || image->empty())
        throw UsageError("extract needs --image IMAGE");
    if (!mask || mask->empty())
        throw UsageError("extract needs --mask MASK");
    if (!out || out->empty())
        throw UsageError("extract needs --out FEATURES.csv");
    const unsigned threads = threadCount(parsed, 1);
    const std::string roi = parsed.value("--roi") ? *parsed.value("--roi") : std::string();
    std::optional<int> label;
    if (const std::string* n = parsed.value("--label"))
        label = static_cast<int>(parseCount("--label", *n, 1, 65535));
    const std::string statedModality = modalityOption(parsed, "extract");
    const bool allowMismatch = parsed.has("--allow-modality-mismatch");

    const auto start = std::chrono::steady_clock::now();
    const radiomics::ParameterSet parameters = requiredParameters(parsed, "extract");
    if (parameters.pyradiomics)
        return runPyRadiomicsExtract(parameters, *image, *mask, label, *out,
                                     parsed.value("--diagnostics-out"));
    if (parsed.value("--diagnostics-out"))
        throw UsageError("extract --diagnostics-out: only PyRadiomics-compatible parameter sets "
                         "write diagnostics (" +
                         parameters.source + " is not one)");
    std::unique_ptr<storage::Database> db = existingDatabase(context);
    // The image's header(s) first, its voxels last: only those the extraction
    // reads around the mask's ROI are read (storage::readExtractionWindow).
    const storage::ImageSource imageInput = locateImageArgument(context, db.get(), *image);
    // The guard comes before the mask and the work: a refused pair costs nothing.
    const storage::ModalityUse modality =
        storage::checkModality(parameters, imageModality(imageInput, statedModality),
                               "IMAGE " + imageInput.description, allowMismatch);
    storage::MaskInput maskInput = storage::resolveMask(db.get(), imageInput, *mask, roi, label);
    radiomics::FeatureTable table;
    try {
        table = storage::extractFeatures(storage::readExtractionWindow(imageInput,
                                                                       std::move(maskInput.mask),
                                                                       parameters.settings),
                                         parameters.settings, threads);
    } catch (const Error& e) {
        // What the processing refused (a grid or matrix over the budget, a
        // bin setting beyond what grey levels can count) depends on all three
        // inputs: name them.
        throw Error("extracting " + imageInput.description + " / " + maskInput.description +
                    " with " + parameters.source + ": " + e.what());
    }
    radiomics::writeFeatureCsvFile(*out, table);

    std::optional<storage::Id> stored;
    // Stored only into a database named on the command line, for a database series.
    if (context.databaseOverride && db && !imageInput.seriesInstanceUid.empty())
        stored = storage::storeFeatures(*db, imageInput.seriesInstanceUid, maskInput.segmentationId,
                                        maskInput.description, parameters, table, modality,
                                        storage::currentUserName());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    for (const auto& note : maskInput.notes)
        std::fprintf(stderr, "rgw-cli: note: %s: %s\n", maskInput.description.c_str(),
                     note.c_str());
    for (const auto& note : table.notes)
        std::fprintf(stderr, "rgw-cli: note: %s: %s\n", note.family.c_str(), note.note.c_str());
    std::printf("Image:       %s\n", imageInput.description.c_str());
    std::printf("Mask:        %s\n", maskInput.description.c_str());
    std::printf("Parameters:  %s (sha256 %s)\n", parameters.source.c_str(),
                parameters.hash.c_str());
    std::printf("Modality:    %s\n", modalityLine(modality, parameters).c_str());
    std::size_t missing = 0;
    for (const auto& v : table.values)
        missing += v.missing() ? 1 : 0;
    std::printf("Features:    %zu (%zu missing, reasons in the CSV)\n", table.values.size(),
                missing);
    std::printf("Wrote        %s\n", out->c_str());
    if (stored)
        std::printf("Stored:      extraction %lld in %s\n", static_cast<long long>(*stored),
                    db->path().string().c_str());
    std::printf("Time:        %.3f s\n", seconds);
    return 0;
}

int runExtractCohort(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("extract-cohort", args, {"--params", "--list", "--threads", "--modality"},
                  {"--json", "--allow-modality-mismatch"});
    if (!parsed.positional.empty())
        throw UsageError("extract-cohort takes no positional argument ('" +
                         parsed.positional.front() + "'); see rgw-cli extract-cohort --help");
    const unsigned threads = threadCount(parsed, std::max(1u, std::thread::hardware_concurrency()));
    const radiomics::ParameterSet parameters = requiredParameters(parsed, "extract-cohort");
    if (parameters.pyradiomics)
        throw UsageError("extract-cohort: PyRadiomics-compatible parameters (" + parameters.source +
                         ") are for `extract` on image and mask files");
    storage::CohortOptions options;
    options.modality = modalityOption(parsed, "extract-cohort");
    options.allowModalityMismatch = parsed.has("--allow-modality-mismatch");
    if (!options.modality.empty())
        radiomics::requireModality(parameters, options.modality, "--modality " + options.modality,
                                   options.allowModalityMismatch);

    std::error_code ec;
    if (!fs::is_regular_file(context.databasePath(), ec))
        throw NotFoundError("no database at " + context.databasePath().string());
    std::vector<storage::CohortPair> pairs;
    {
        storage::Database db(context.databasePath());
        const std::string* list = parsed.value("--list");
        pairs = list ? storage::readCohortPairs(*list) : storage::cohortPairs(db);
    }

    SigintCancel sigint;
    ConsoleProgress progress("extracting");
    const storage::CohortReport report =
        storage::extractCohort(context.databasePath(), pairs, parameters, threads,
                               progress.callback(), sigint.token(), options);
    progress.finish();

    if (parsed.has("--json")) {
        QJsonArray failed;
        for (const auto& f : report.failed)
            failed.append(
                QJsonObject{{"series_uid", q(f.pair.seriesInstanceUid)},
                            {"segmentation_id", static_cast<qint64>(f.pair.segmentationId)},
                            {"reason", q(f.reason)}});
        QJsonArray skippedModality;
        for (const auto& m : report.skippedForModality)
            skippedModality.append(
                QJsonObject{{"series_uid", q(m.pair.seriesInstanceUid)},
                            {"segmentation_id", static_cast<qint64>(m.pair.segmentationId)},
                            {"modality", q(m.modality)},
                            {"reason", q(m.reason)}});
        printJson(QJsonObject{{"parameter_set", q(parameters.source)},
                              {"parameter_hash", q(parameters.hash)},
                              {"parameter_modalities", q(radiomics::modalitiesText(parameters))},
                              {"modality", q(options.modality)},
                              {"modality_mismatch_allowed", options.allowModalityMismatch},
                              {"pairs", static_cast<qint64>(report.pairs)},
                              {"extracted", static_cast<qint64>(report.extracted)},
                              {"skipped", static_cast<qint64>(report.skipped)},
                              {"skipped_modality", skippedModality},
                              {"failed", failed},
                              {"cancelled", report.cancelled},
                              {"threads", static_cast<qint64>(threads)},
                              {"seconds", report.seconds}});
    } else {
        std::printf("Parameters:           %s (sha256 %s)\n", parameters.source.c_str(),
                    parameters.hash.c_str());
        std::printf("Parameter modalities: %s%s\n", radiomics::modalitiesText(parameters).c_str(),
                    options.allowModalityMismatch ? " (mismatch allowed)" : "");
        std::printf("Pairs:                %zu\n", report.pairs);
        std::printf("Extracted:            %zu\n", report.extracted);
        std::printf("Skipped (done):       %zu\n", report.skipped);
        std::printf("Skipped (modality):   %zu\n", report.skippedForModality.size());
        std::printf("Failed:               %zu\n", report.failed.size());
        std::printf("Time:                 %.2f s%s\n", report.seconds,
                    report.cancelled ? " (cancelled)" : "");
        for (const auto& m : report.skippedForModality)
            std::printf("  skipped %s segmentation %lld: %s\n", m.pair.seriesInstanceUid.c_str(),
                        static_cast<long long>(m.pair.segmentationId), m.reason.c_str());
        for (const auto& f : report.failed)
            std::printf("  failed %s segmentation %lld: %s\n", f.pair.seriesInstanceUid.c_str(),
                        static_cast<long long>(f.pair.segmentationId), f.reason.c_str());
    }
    std::fflush(stdout);
    if (report.cancelled) {
        std::fprintf(stderr, "rgw-cli: error: extraction cancelled; %zu pairs stored completely\n",
                     report.extracted);
        return kExitCancelled;
    }
    if (!report.failed.empty()) {
        std::fprintf(stderr, "rgw-cli: error: %zu of %zu pairs failed (listed above)\n",
                     report.failed.size(), report.pairs);
        return kExitError;
    }
    if (report.extracted + report.skipped == 0 && !report.skippedForModality.empty()) {
        std::fprintf(stderr,
                     "rgw-cli: error: nothing extracted: all %zu pairs skipped for modality "
                     "(parameter set %s is valid for %s)\n",
                     report.skippedForModality.size(), parameters.source.c_str(),
                     radiomics::modalitiesText(parameters).c_str());
        return kExitModality;
    }
    return kExitOk;
}

} // namespace rgw::cli
