// rgw-cli: the headless tool. Argument parsing and wiring only: the work is
// done by core and storage, as in the desktop application.
#include "AnalysisForward.h"
#include "AppIdentity.h"
#include "CliCommands.h"
#include "ExtractionInputs.h"
#include "Logging.h"
#include "radiomics/ModalityGuard.h"
#include "util/Error.h"
#include "util/Failure.h"
#include "util/ResourceBudget.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace rgw::cli {

std::filesystem::path CliContext::databasePath() const {
    return databaseOverride ? *databaseOverride : app::defaultDatabasePath();
}

namespace {

constexpr const char* kImportHelp = R"(usage: rgw-cli [--db PATH] import PATH... [--json]

Imports the DICOM files found under each PATH (files or folders, recursively;
a DICOMDIR is followed) into the cohort database. Already stored instances are
counted as duplicates; files that cannot be indexed are listed with a reason.
Each series is written in one transaction: Ctrl-C stops cleanly between series.
When nothing under the PATHs is DICOM the import warns "0 instances: nothing in
PATH is DICOM" and exits with status 4.

options:
  --json    print the report as one JSON object (files_scanned, instances_added,
            duplicates, changed, skipped [{file, reason}], patients, studies,
            series, segmentations_added, notes [{file, message}]
            (e.g. RTSTRUCT contours of fewer than 3 points, skipped),
            cancelled, seconds)
  --help    show this help
)";

constexpr const char* kImportMaskHelp =
    R"(usage: rgw-cli [--db PATH] import-mask SERIES_UID FILE.nii[.gz] --name NAME
                                  [--label N] [--json]

Imports a NIfTI mask or label map lying on the grid of a stored image series
as segmentations of that series, in one transaction. Each non-zero label value
becomes its own segmentation (ROI number = label): a binary mask gives one
named NAME, a label map gives "NAME label N" for each value N.

options:
  --name NAME  ROI name
  --label N    import only label value N (1 .. 65535), named NAME
  --json       print the new segmentations as a JSON array (as list does)
  --help       show this help
)";

constexpr const char* kListHelp =
    R"(usage: rgw-cli [--db PATH] list patients|studies|series|segmentations [--json]

Lists the contents of the cohort database as a table, or as a JSON array.
Series include non-image series (RTSTRUCT, SEG) with their instance counts;
segmentations give their id (for export-mask), patient, referenced image
series, ROI name, source and version.

options:
  --json    print a JSON array of objects
  --help    show this help
)";

constexpr const char* kExportVolumeHelp =
    R"(usage: rgw-cli [--db PATH] export-volume SERIES_UID --out FILE.nii.gz

Loads a stored image series (rescaled values: HU for CT, SUV for PET) and
writes it as NIfTI-1 (.nii or .nii.gz) with its patient-space geometry.

options:
  --out FILE  output file (.nii or .nii.gz)
  --help      show this help
)";

constexpr const char* kExportMaskHelp =
    R"(usage: rgw-cli [--db PATH] export-mask --segmentation ID[,ID...] --out FILE
                                     [--format nifti|seg|rtstruct]
       rgw-cli [--db PATH] export-mask SEGMENTATION_ID --out FILE.nii.gz

Writes stored segmentations (see 'list segmentations' for ids) on the grid of
the image series they reference: as a binary NIfTI-1 mask (one id), as a
BINARY DICOM Segmentation (one segment per id) or as an RT Structure Set (one
ROI of closed planar contours per id). The DICOM objects reference the image
series and its instances and belong to its patient and study. Several ids
must lie on the same image series.

options:
  --segmentation IDS  segmentation id, or several separated by commas
  --format F          nifti (default), seg or rtstruct
  --out FILE          output file (.nii or .nii.gz for nifti, .dcm otherwise)
  --help              show this help
)";

constexpr const char* kDemoHelp =
    R"(usage: rgw-cli [--db PATH] demo --out DIR [--patients N] [--seed S] [--import]

Writes a synthetic demo cohort as DICOM: per patient (DEMO-001, ...) one CT
series with lesions of varied shape and texture and one RTSTRUCT with a contour
ROI per lesion; and in DIR/genomics a cBioPortal study of the same patients
(survival, mutations on gene panels with unsequenced samples, expression,
subtype) in which EGFR-mutated patients' lesions are 300 HU darker and larger
primary lesions mean shorter survival (see the README's Demo cohort). The same
seed always gives the same files.

options:
  --out DIR       output folder (created)
  --patients N    number of patients, 1 .. 999 (default 24)
  --seed S        random seed, 0 .. 4294967295 (default 1)
  --import        import the images and the study into the database afterwards
  --help          show this help
)";

constexpr const char* kExtractHelp =
    R"(usage: rgw-cli [--db PATH] extract --image IMAGE --mask MASK --params FILE|PRESET
                                 --out FEATURES.csv [--roi NAME | --label N]
                                 [--threads N] [--modality M]
                                 [--allow-modality-mismatch] [--diagnostics-out FILE]

Computes the IBSI radiomic features of one image and mask and writes them as
CSV (family,feature,ibsi_code,aggregation,value,unit,missing_reason: every
feature of the parameter set, a value that cannot be computed left empty with
its reason). IMAGE is a Series Instance
UID of the database, a folder holding one DICOM image series, or a NIfTI file.
MASK is a segmentation id or ROI name of that series (database IMAGE only), an
RTSTRUCT or SEG file, or a NIfTI mask or label map (non-zero voxels inside;
--label chooses one label value); it must lie on the image grid. With an
explicit --db and a database series the features are also stored there with
their provenance (parameter set, software version, user, time, modality).
The parameter set must be declared for the image's DICOM Modality (its
'modalities' key); otherwise the extraction is refused with exit status 5.
NIfTI images record no modality: give it with --modality, or use a set valid
for any modality.

A PyRadiomics parameter file (setting / imageType / featureClass sections)
selects the PyRadiomics-compatible mode: IMAGE and MASK are NRRD or NIfTI
files, the feature column holds PyRadiomics' names (original_glcm_Contrast,
log-sigma-1-0-mm-3D_firstorder_Mean, wavelet-LLH_glszm_ZoneEntropy; every
image type: Original, LoG, Wavelet, Square, SquareRoot, Logarithm,
Exponential, Gradient, LBP2D, LBP3D), and PyRadiomics' diagnostics_* rows
(hashes, sizes, bounding boxes, settings) are written beside OUT as a
two-column CSV (name,value), by default <OUT stem>_diagnostics.csv. What
PyRadiomics only logs (a LoG sigma too large for the image) is printed as a
warning on stderr. A failed run writes neither file.

options:
  --image IMAGE    series UID, DICOM folder or NIfTI file
  --mask MASK      segmentation id, ROI name, RTSTRUCT/SEG file or NIfTI mask
  --params P       parameter file (YAML) or preset: ibsi-digital-phantom,
                   ibsi-config-A .. ibsi-config-E, ct-default, mr-default, pet-default
  --out FILE       output CSV file
  --roi NAME       ROI / segment of an RTSTRUCT or SEG file (needed when it has several)
  --label N        label value of a NIfTI label map, 1 .. 65535 (needed when
                   it holds several non-zero labels)
  --threads N      feature families computed in parallel, 1 .. 256 (default 1)
  --modality M     DICOM Modality of a NIfTI IMAGE (CT, PT, MR, ...)
  --allow-modality-mismatch
                   use the parameter set although it is not declared for the
                   image's modality (recorded in the stored provenance)
  --diagnostics-out FILE
                   PyRadiomics mode: where the diagnostics CSV goes
                   (default <OUT stem>_diagnostics.csv beside OUT)
  --help           show this help
)";

constexpr const char* kExtractCohortHelp =
    R"(usage: rgw-cli [--db PATH] extract-cohort --params FILE|PRESET [--list PAIRS.csv]
                                        [--modality M] [--allow-modality-mismatch]
                                        [--threads N] [--json]

Computes and stores the radiomic features of every (image series,
segmentation) pair of the database: the latest version of each segmentation
whose referenced series is a stored image series, or the pairs of a CSV list
(series_uid,segmentation_id). Pairs already stored with the same parameter set
are skipped, so an interrupted run resumes where it stopped. Each pair is
stored in one transaction: Ctrl-C stops cleanly between pairs. Pairs whose
series' modality the parameter set is not declared for are skipped and listed
(exit status 5 when every pair was skipped so); run once per modality with
its own parameter set, e.g. --modality PT --params pet-default.

options:
  --params P     parameter file (YAML) or preset (see 'rgw-cli extract --help')
  --list FILE    CSV of series_uid,segmentation_id pairs (default: all pairs)
  --modality M   extract only the pairs of series of DICOM Modality M (the
                 others are listed as skipped for modality)
  --allow-modality-mismatch
                 extract pairs the parameter set is not declared for (recorded
                 in each extraction's provenance)
  --threads N    pairs extracted in parallel, 1 .. 256 (default: processor count)
  --json         print the report as one JSON object (parameter_set,
                 parameter_hash, parameter_modalities, modality,
                 modality_mismatch_allowed, pairs, extracted, skipped,
                 skipped_modality [{series_uid, segmentation_id, modality, reason}],
                 failed [{series_uid, segmentation_id, reason}], cancelled, threads,
                 seconds)
  --help         show this help
)";

void printUsage(std::FILE* to) {
    std::fprintf(to, "usage: rgw-cli [--db PATH] COMMAND [ARGS...]\n"
                     "       rgw-cli --help | --version\n\n"
                     "Radiogenomics Workstation, headless tool.\n\ncommands:\n");
    for (const auto& c : commands())
        std::fprintf(to, "  %-15s %s\n", c.name, c.summary);
    std::fprintf(to,
                 "\noptions:\n"
                 "  --db PATH       cohort database file (default: "
                 "<application data folder>/cohort.rgwdb)\n"
                 "  --max-memory SIZE\n"
                 "                  memory one operation may use (default %s: a quarter of\n"
                 "                  the physical memory, at most 1.5 GiB): 8G or 8GB = 8e9\n"
                 "                  bytes, 8GiB = 8 x 2^30, 25%% of physical memory; inputs\n"
                 "                  needing more are refused, naming what they need\n"
                 "  --help          show this help; 'rgw-cli COMMAND --help' for a command\n"
                 "  --version       show the version\n\n"
                 "exit status:\n",
                 budget::formatBytes(budget::defaultMemoryBytes()).c_str());
    for (const auto& e : exitCodes())
        std::fprintf(to, "  %-4d %s\n", e.code, e.meaning);
}

/// The one error line: "rgw-cli: error: <message>" (newlines folded).
void printError(const std::string& message) {
    std::string line = message;
    for (char& c : line)
        if (c == '\n' || c == '\r')
            c = ' ';
    std::fprintf(stderr, "rgw-cli: error: %s\n", line.c_str());
}

bool isHelp(const std::string& arg) {
    return arg == "--help" || arg == "-h";
}

int run(const std::vector<std::string>& argv) {
    CliContext context;
    context.commandLine = argv;
    std::size_t n = 0;
    // Global options come before the command.
    for (; n < argv.size() && argv[n].rfind("-", 0) == 0; ++n) {
        const std::string& arg = argv[n];
        if (isHelp(arg)) {
            printUsage(stdout);
            return 0;
        }
        if (arg == "--version") {
            std::printf("rgw-cli %s\n", RGW_VERSION);
            return 0;
        }
        if (arg == "--max-memory" || arg.rfind("--max-memory=", 0) == 0) {
            const std::string value =
                arg == "--max-memory" ? (n + 1 < argv.size() ? argv[++n] : "") : arg.substr(13);
            if (value.empty())
                throw UsageError("--max-memory needs a SIZE (e.g. 4G, 512M, 25%)");
            try {
                budget::setMemoryBytes(budget::parseSize(value));
            } catch (const Error& e) {
                throw UsageError(std::string("--max-memory: ") + e.what());
            }
            continue;
        }
        if (arg == "--db" || arg.rfind("--db=", 0) == 0) {
            std::string value =
                arg == "--db" ? (n + 1 < argv.size() ? argv[++n] : "") : arg.substr(5);
            if (value.empty())
                throw UsageError("--db needs a PATH");
            context.databaseOverride = value;
            continue;
        }
        throw UsageError("unknown option '" + arg + "' (see rgw-cli --help)");
    }
    if (n == argv.size())
        throw UsageError("no command given (see rgw-cli --help)");
    const std::string name = argv[n];
    const std::vector<std::string> args(argv.begin() + static_cast<std::ptrdiff_t>(n) + 1,
                                        argv.end());
    for (const auto& command : commands()) {
        if (name != command.name)
            continue;
        for (const auto& arg : args) {
            if (arg == "--" || !command.help)
                break;
            if (isHelp(arg)) {
                std::fputs(command.help, stdout);
                return 0;
            }
        }
        return command.run(context, args);
    }
    throw UsageError("unknown command '" + name + "' (see rgw-cli --help)");
}

} // namespace

const std::vector<ExitCodeMeaning>& exitCodes() {
    static const std::vector<ExitCodeMeaning> list{
        {kExitOk, "success"},
        {kExitError, "error: the work failed (message on stderr)"},
        {kExitUsage, "bad command line (unknown command or option, missing argument)"},
        {kExitNotFound, "input not found (file, folder, series, segmentation or database)"},
        {kExitNoDicom, "nothing to import: no DICOM file under the given paths"},
        {kExitModality, "parameter set not declared for the image's modality "
                        "(see --allow-modality-mismatch)"},
        {kExitBadData, "problems in the imported data (listed with file, line, column); "
                       "nothing imported (see --on-error skip)"},
        {kExitCancelled, "cancelled (Ctrl-C); whole series / pairs written so far are kept"},
    };
    return list;
}

// The analysis commands (genomic and clinical tables, cohorts, models,
// statistics, associations, habitats, reports, exports, bundles) use libraries
// that the imaging commands do not: xgboost and libsvm, Qt Gui and Svg, DICOM
// SR. Mapping those at every process start costs ~25 ms here (page faults in
// ~40 more shared libraries), a sixth of a whole `rgw-cli extract`. So this
// file is built twice (app/CMakeLists.txt): rgw-cli-analysis runs every
// command; rgw-cli (RGW_CLI_FORWARDS_ANALYSIS) links only the imaging commands
// and hands an analysis command's whole command line to rgw-cli-analysis.
#ifdef RGW_CLI_FORWARDS_ANALYSIS
#define RGW_ANALYSIS(help, run) nullptr, runInAnalysisExecutable
#else
#define RGW_ANALYSIS(help, run) help, run
#endif

const std::vector<Command>& commands() {
    static const std::vector<Command> list{
        {"import", "import DICOM files and folders into the database", kImportHelp, runImport},
        {"import-bundle", "import a cohort bundle (export bundle) into the database",
         RGW_ANALYSIS(kImportBundleHelp, runImportBundle)},
        {"import-mask", "import a NIfTI mask or label map as segmentations", kImportMaskHelp,
         runImportMask},
        {"list", "list patients, studies, series or segmentations", kListHelp, runList},
        {"export-volume", "write a stored image series as NIfTI", kExportVolumeHelp,
         runExportVolume},
        {"export-mask", "write stored segmentations as NIfTI, DICOM SEG or RTSTRUCT",
         kExportMaskHelp, runExportMask},
        {"demo", "write (and optionally import) a synthetic demo cohort", kDemoHelp, runDemo},
        {"extract", "compute the radiomic features of one image and mask", kExtractHelp,
         runExtract},
        {"featuremap", "write voxel-wise feature maps (sliding kernel) of an image as NIfTI",
         kFeatureMapHelp, runFeatureMap},
        {"filter", "write the response map of an IBSI-2 filter of a parameter file as NIfTI",
         kFilterHelp, runFilter},
        {"extract-cohort", "compute and store the features of every stored pair",
         kExtractCohortHelp, runExtractCohort},
        {"genomics", "import a cBioPortal study, VCF, PLINK .raw or mapped table",
         RGW_ANALYSIS(kGenomicsHelp, runGenomics)},
        {"clinical", "import a clinical or biomarker table through its column mapping",
         RGW_ANALYSIS(kClinicalHelp, runClinical)},
        {"cohort", "create, curate, split and export named cohorts",
         RGW_ANALYSIS(kCohortHelp, runCohort)},
        {"model", "fit, train (validated), evaluate, score and import models",
         RGW_ANALYSIS(kModelHelp, runModel)},
        {"stats", "ROC / DeLong, concordance, log-rank and Kaplan-Meier of a table's columns",
         RGW_ANALYSIS(kStatsHelp, runStats)},
        {"assoc", "radiogenomic association: feature x gene maps, groups, GSEA, SNPs",
         RGW_ANALYSIS(kAssocHelp, runAssoc)},
        {"habitats", "split a stored segmentation into tumour habitats (and a ring)",
         RGW_ANALYSIS(kHabitatsHelp, runHabitats)},
        {"robustness", "per-feature ICC across MIRP-style perturbations (noise, rotation, ...)",
         kRobustnessHelp, runRobustness},
        {"report", "study report of a cohort, or report of a patient (PDF or HTML)",
         RGW_ANALYSIS(kReportHelp, runReport)},
        {"export",
         "write exports: feature table (features), SR measurement report (sr), "
         "de-identified cohort (deidentified), cohort bundle (bundle)",
         RGW_ANALYSIS(exportHelp(), runExport)},
    };
    return list;
}

#undef RGW_ANALYSIS

} // namespace rgw::cli

int main(int argc, char** argv) {
    rgw::app::setApplicationIdentity();
    rgw::app::quietDicomToolkitLogging();
    try {
        return rgw::cli::run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const rgw::cli::UsageError& e) {
        rgw::cli::printError(e.what());
        return rgw::cli::kExitUsage;
    } catch (const rgw::cli::NotFoundError& e) {
        rgw::cli::printError(e.what());
        return rgw::cli::kExitNotFound;
    } catch (const rgw::storage::InputNotFound& e) {
        rgw::cli::printError(e.what());
        return rgw::cli::kExitNotFound;
    } catch (const rgw::radiomics::ModalityMismatch& e) {
        rgw::cli::printError(e.what());
        return rgw::cli::kExitModality;
    } catch (const rgw::Error& e) {
        rgw::cli::printError(e.what());
        return rgw::cli::kExitError;
    } catch (const std::exception& e) {
        rgw::cli::printError(rgw::failureMessage(e));
        return rgw::cli::kExitError;
    }
}
