// robustness: argument parsing and printing only; the perturbations and ICCs
// are core/radiomics/robustness, the stored results storage/RobustnessRepository.
#include "AuditLog.h"
#include "CliCommands.h"
#include "Database.h"
#include "ExtractionInputs.h"
#include "RobustnessRepository.h"
#include "SegmentationVersionRepeats.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/robustness/FeatureRobustness.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace rgw::cli {

const char* const kRobustnessHelp =
    R"(usage: rgw-cli [--db PATH] robustness --image IMG[,IMG...] --mask MASK[,MASK...]
                                    --params FILE|PRESET
                                    --perturb noise,rotation,translation,volume,contour
                                    --repeats N --seed S --out ICC.csv
                                    [--features-out TABLE.csv] [--threads N] [--store]
       rgw-cli [--db PATH] robustness --versions [--cohort NAME[@VERSION]] --params P
                                    --out ICC.csv [--features-out TABLE.csv] [--store]

Feature robustness as MIRP measures it (Zwanenburg et al. 2019, Sci Rep 9:614):
each case (image and mask; several cases as comma-separated lists of the same
length) is perturbed N times and its features extracted each time; per feature
the ICC(1,1) and ICC(3,1) (Shrout & Fleiss 1979) across the N perturbed
instances, over the cases, are written to ICC.csv with the seed, perturbations
and parameter set. The same seed gives the same CSV at any thread count.

perturbations (combined in every instance r = 0 .. N-1):
  noise        Gaussian noise of the image's own level (Chang et al. 2000
               wavelet estimate: median |HH| / 0.6745 of axial Haar details)
  rotation     in-plane rotation about the ROI centre, -15 -10 -5 5 10 15 deg
               (instance r uses angle r mod 6)
  translation  sub-voxel grid shifts of 0, 1/3, 2/3 voxel per axis
  volume       ROI grown or shrunk by -20 %, -10 %, +10 %, +20 % of its volume
  contour      SLIC supervoxels (about 20 per ROI) overlapping the ROI, each
               kept with probability equal to its overlap fraction

options:
  --image, --mask   image and mask as 'rgw-cli extract' takes them (files,
                    folders, or series / segmentations of the database)
  --params P        parameter file (YAML) or preset
  --perturb LIST    the perturbations above, comma-separated
  --repeats N       perturbed instances per case, 2 .. 1000
  --seed S          random seed, 0 .. 18446744073709551615
  --out ICC.csv     per feature and ICC kind: icc, 95 % bounds, F test, cases,
                    repeats, perturbations, seed, parameter set hash, note
  --features-out T  also write the perturbed features (feature,case,repeat,value)
  --threads N       cases and instances worked on in parallel, 1 .. 256 (default 1)
  --store           store the run and its ICCs in the database (--db)
  --help            show this help

--versions: the same ICCs across the stored segmentation versions instead of
perturbations, from the extractions already in the database (--db) with the
stored parameter set P (name or hash prefix). Cases are the patients of
--cohort (every patient without it) whose analysed segmentation (the largest
ROI's newest version, as the cohort's analysis table takes it) has an earlier
version extracted with P; the raters are that earlier version (the newest
one before) and the analysed version, the same pairs the model stability
filter reads with 'model train --stability versions'. Patients with more
versions contribute these two; others are left out. The CSV says
"segmentation versions" for perturbations, seed 0 (nothing is drawn) and
repeats 2.
)";

namespace {

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

const std::string& required(const ParsedArgs& parsed, const std::string& option,
                            const std::string& what) {
    const std::string* v = parsed.value(option);
    if (!v || v->empty())
        throw UsageError("robustness needs " + option + " " + what);
    return *v;
}

/// What both forms share once their repeated features are known: the ICCs,
/// ICC.csv, the optional --features-out table and, with --store, the stored run.
struct RobustnessOutcome {
    std::vector<radiomics::robustness::FeatureIcc> iccs;
    std::size_t defined = 0; ///< ICCs without a note
    std::optional<storage::Id> stored;
};

RobustnessOutcome writeRobustness(const ParsedArgs& parsed, const std::string& out,
                                  const radiomics::robustness::RepeatedFeatures& table,
                                  const radiomics::robustness::RobustnessProvenance& provenance,
                                  storage::Database* db, const std::string& parameterSetName,
                                  const std::vector<std::string>& cases) {
    RobustnessOutcome outcome;
    outcome.iccs = radiomics::robustness::featureIccs(
        table, {stats::IccKind::OneWay, stats::IccKind::TwoWayConsistency});
    writeFileAtomically(out, [&](std::ostream& file) {
        radiomics::robustness::writeFeatureIccCsv(file, outcome.iccs, provenance);
    });
    if (const std::string* features = parsed.value("--features-out"))
        writeFileAtomically(*features, [&](std::ostream& file) {
            radiomics::robustness::writeRepeatedFeaturesCsv(file, table);
        });
    if (parsed.has("--store"))
        outcome.stored = storage::storeRobustness(*db, provenance, parameterSetName, cases,
                                                  outcome.iccs, storage::currentUserName());
    for (const auto& i : outcome.iccs)
        outcome.defined += i.note.empty() ? 1 : 0;
    return outcome;
}

void printOutcome(const radiomics::robustness::RepeatedFeatures& table,
                  const RobustnessOutcome& outcome, const std::string& out,
                  const storage::Database* db) {
    std::printf("Features:      %zu (%zu of %zu ICCs defined)\n", table.features.size(),
                outcome.defined, outcome.iccs.size());
    std::printf("Wrote          %s\n", out.c_str());
    if (outcome.stored)
        std::printf("Stored:        robustness run %lld in %s\n",
                    static_cast<long long>(*outcome.stored), db->path().string().c_str());
}

/// robustness --versions: the ICCs of the stored segmentation versions.
int runVersionRobustness(const CliContext& context, const ParsedArgs& parsed) {
    for (const char* option :
         {"--image", "--mask", "--perturb", "--repeats", "--seed", "--threads"})
        if (parsed.value(option))
            throw UsageError(std::string("robustness --versions compares stored segmentation "
                                         "versions; ") +
                             option + " belongs to the perturbation form");
    const std::string& out = required(parsed, "--out", "ICC.csv");
    const std::string& parameterSet = required(parsed, "--params", "P (a stored parameter set)");
    const std::string* cohort = parsed.value("--cohort");
    std::error_code ec;
    if (!fs::is_regular_file(context.databasePath(), ec))
        throw NotFoundError("robustness --versions reads the database, and there is none at " +
                            context.databasePath().string());
    storage::Database db(context.databasePath());
    const storage::SegmentationVersionPairs pairs =
        storage::segmentationVersionPairs(db, cohort ? *cohort : "", parameterSet);
    if (pairs.pairs.size() < 2)
        throw Error("robustness --versions: " + std::to_string(pairs.pairs.size()) + " of the " +
                    std::to_string(pairs.patients) + " patients of " +
                    (cohort ? "cohort " + *cohort : std::string("the database")) +
                    " have an earlier segmentation version extracted with parameter set " +
                    parameterSet + "; the ICC needs at least 2");
    const radiomics::robustness::RepeatedFeatures table =
        storage::segmentationVersionFeatures(db, pairs);
    radiomics::robustness::RobustnessProvenance provenance;
    provenance.parameterSetHash = pairs.parameterSet.hash;
    provenance.perturbations = storage::kSegmentationVersionsSource;
    provenance.seed = 0;
    provenance.repeats = 2;
    const RobustnessOutcome outcome =
        writeRobustness(parsed, out, table, provenance, &db, pairs.parameterSet.name,
                        storage::describePairs(pairs));
    std::printf("Cases:         %zu of %zu patients (an earlier segmentation version extracted)\n",
                pairs.pairs.size(), pairs.patients);
    std::printf("Repeats:       segmentation versions (the analysed one and the one before)\n");
    std::printf("Parameters:    %s (sha256 %s)\n", pairs.parameterSet.name.c_str(),
                pairs.parameterSet.hash.c_str());
    printOutcome(table, outcome, out, &db);
    return 0;
}

} // namespace

int runRobustness(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed =
        parseArgs("robustness", args,
                  {"--image", "--mask", "--params", "--perturb", "--repeats", "--seed", "--out",
                   "--features-out", "--threads", "--cohort"},
                  {"--store", "--versions"});
    if (!parsed.positional.empty())
        throw UsageError("robustness takes no positional argument ('" + parsed.positional.front() +
                         "'); see rgw-cli robustness --help");
    if (parsed.has("--versions"))
        return runVersionRobustness(context, parsed);
    if (parsed.value("--cohort"))
        throw UsageError("robustness --cohort chooses the patients of --versions");
    const std::vector<std::string> images = commaList(required(parsed, "--image", "IMG[,IMG...]"));
    const std::vector<std::string> masks = commaList(required(parsed, "--mask", "MASK[,MASK...]"));
    if (images.size() != masks.size())
        throw UsageError("robustness: " + std::to_string(images.size()) + " images but " +
                         std::to_string(masks.size()) + " masks");
    if (images.size() < 2)
        throw UsageError("robustness: the ICC compares cases, so it needs at least 2 "
                         "(--image A,B --mask MA,MB)");
    const std::string& out = required(parsed, "--out", "ICC.csv");
    radiomics::robustness::PerturbationSpec spec;
    try {
        spec.perturbations =
            radiomics::robustness::parsePerturbations(required(parsed, "--perturb", "LIST"));
    } catch (const Error& e) {
        throw UsageError(std::string("robustness --perturb: ") + e.what());
    }
    spec.repeats =
        static_cast<int>(parseCount("--repeats", required(parsed, "--repeats", "N"), 2, 1000));
    const std::string& seed = required(parsed, "--seed", "S");
    if (seed.size() > 20 || seed.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError("--seed: expected a whole number, got '" + seed + "'");
    try {
        spec.seed = std::stoull(seed, nullptr, 10);
    } catch (const std::out_of_range&) {
        throw UsageError("--seed: " + seed + " is above 18446744073709551615");
    }
    const unsigned threads =
        parsed.value("--threads")
            ? static_cast<unsigned>(parseCount("--threads", *parsed.value("--threads"), 1, 256))
            : 1u;
    const radiomics::ParameterSet parameters =
        radiomics::loadParameterSet(required(parsed, "--params", "FILE|PRESET"));

    std::unique_ptr<storage::Database> db;
    std::error_code ec;
    if (fs::is_regular_file(context.databasePath(), ec) || parsed.has("--store"))
        db = std::make_unique<storage::Database>(context.databasePath());
    std::vector<radiomics::robustness::RobustnessCase> cases;
    for (std::size_t c = 0; c < images.size(); ++c) {
        storage::ImageInput image = storage::resolveImage(db.get(), images[c]);
        storage::MaskInput mask = storage::resolveMask(db.get(), image, masks[c], {});
        cases.push_back({image.description + " / " + mask.description, std::move(image.volume),
                         std::move(mask.mask)});
    }
    const radiomics::robustness::RepeatedFeatures table =
        radiomics::robustness::perturbationFeatures(cases, parameters.settings, spec, threads);
    radiomics::robustness::RobustnessProvenance provenance;
    provenance.parameterSetHash = parameters.hash;
    provenance.perturbations = radiomics::robustness::perturbationSetName(spec.perturbations);
    provenance.seed = spec.seed;
    provenance.repeats = spec.repeats;
    const RobustnessOutcome outcome =
        writeRobustness(parsed, out, table, provenance, db.get(), parameters.source, table.cases);
    std::printf("Cases:         %zu\n", cases.size());
    std::printf("Perturbations: %s, %d instances per case, seed %llu\n",
                provenance.perturbations.c_str(), spec.repeats,
                static_cast<unsigned long long>(spec.seed));
    std::printf("Parameters:    %s (sha256 %s)\n", parameters.source.c_str(),
                parameters.hash.c_str());
    printOutcome(table, outcome, out, db.get());
    return 0;
}

} // namespace rgw::cli
