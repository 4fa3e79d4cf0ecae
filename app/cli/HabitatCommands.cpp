// habitats: argument parsing and printing only; checking, loading, clustering
// and storing are storage/HabitatDerivation.h (shared with the GUI).
#include "AuditLog.h"
#include "CliCommands.h"
#include "CliJson.h"
#include "Database.h"
#include "DerivedSegmentations.h"
#include "HabitatDerivation.h"
#include "SegmentationRepository.h"
#include "TableInput.h"
#include "segmentation/Habitats.h"
#include "segmentation/PeritumouralRing.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <set>

namespace fs = std::filesystem;

namespace rgw::cli {

const char* const kHabitatsHelp =
    R"(usage: rgw-cli [--db PATH] habitats SERIES_UID[,SERIES_UID...] --segmentation ID
                                  --k K --seed S [--method kmeans|gmm]
                                  [--k-range MIN-MAX] [--ring MM [--ring-inner MM]]
                                  [--threads N] [--json]

Splits a stored segmentation into tumour habitats: its voxels are clustered
on the intensities of the given image series (each standardised over the
ROI) by k-means or a Gaussian mixture, seeded, and each habitat is stored as
a new segmentation of the same series, linked to the segmentation it came
from, usable like any ROI (extract, extract-cohort, export-mask). The first
SERIES_UID must be the series the segmentation lies on; further series (e.g.
PET beside CT) of the same patient are sampled onto its grid. Habitat 1 is
the lowest-intensity one of the first series. With --k 0 the number of
habitats is chosen in --k-range (k-means: highest mean silhouette width;
gmm: highest BIC as mclust). --ring also stores the peritumoural ring of
width MM around the segmentation (starting --ring-inner MM from it). The
same inputs and seed give the same habitats.

Prints the new segmentation ids, one per line (the ring's last).

options:
  --segmentation ID  the segmentation to split (see 'rgw-cli list segmentations')
  --k K              number of habitats, 1 .. 255, or 0 to choose it
  --seed S           random seed, 0 .. 9223372036854775807
  --method M         kmeans (default) or gmm
  --k-range MIN-MAX  range --k 0 chooses from (default 2-6; gmm may start at 1)
  --ring MM          also store the peritumoural ring, MM wide (> 0)
  --ring-inner MM    distance from the segmentation where the ring starts (default 0)
  --threads N        threads, 1 .. 256 (default: all cores; results do not depend on it)
  --json             print one JSON object (segmentation_id, method, k, seed,
                     criterion, criterion_values [{k, value}], habitats [{id,
                     label, roi_name, voxels, fraction}], ids, ring_id)
  --help             show this help
)";

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

std::vector<std::string> seriesList(const std::string& text) {
    std::vector<std::string> uids;
    std::set<std::string> seen;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string uid = text.substr(start, comma - start);
        if (uid.empty())
            throw UsageError("habitats: empty SERIES_UID in '" + text + "'");
        if (!seen.insert(uid).second)
            throw UsageError("habitats: series " + uid + " given twice");
        uids.push_back(uid);
        start = comma + 1;
    }
    return uids;
}

/// "MIN-MAX" of --k-range.
std::pair<int, int> kRange(const std::string& text) {
    const std::size_t dash = text.find('-');
    if (dash == std::string::npos)
        throw UsageError("--k-range takes MIN-MAX (e.g. 2-6), not '" + text + "'");
    const int lo = static_cast<int>(parseCount("--k-range MIN", text.substr(0, dash), 1, 255));
    const int hi = static_cast<int>(parseCount("--k-range MAX", text.substr(dash + 1), 1, 255));
    if (lo > hi)
        throw UsageError("--k-range " + text + ": MIN is above MAX");
    return {lo, hi};
}

QJsonValue finiteOrNull(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

} // namespace

int runHabitats(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("habitats", args,
                                        {"--segmentation", "--k", "--seed", "--method", "--k-range",
                                         "--ring", "--ring-inner", "--threads"},
                                        {"--json"});
    if (parsed.positional.size() != 1)
        throw UsageError("habitats needs one SERIES_UID[,SERIES_UID...] (see rgw-cli habitats "
                         "--help)");
    const std::vector<std::string> uids = seriesList(parsed.positional.front());
    const std::string* segText = parsed.value("--segmentation");
    const std::string* kText = parsed.value("--k");
    const std::string* seedText = parsed.value("--seed");
    if (!segText)
        throw UsageError("habitats needs --segmentation ID");
    if (!kText)
        throw UsageError("habitats needs --k K (0 to choose it)");
    if (!seedText)
        throw UsageError("habitats needs --seed S");
    const auto segmentationId = static_cast<storage::Id>(
        parseCount("--segmentation", *segText, 1, std::numeric_limits<long long>::max()));

    segmentation::HabitatOptions options;
    options.k = static_cast<int>(parseCount("--k", *kText, 0, 255));
    options.seed = static_cast<std::uint64_t>(
        parseCount("--seed", *seedText, 0, std::numeric_limits<long long>::max()));
    if (const std::string* m = parsed.value("--method")) {
        try {
            options.method = segmentation::habitatMethodFromString(*m);
        } catch (const Error& e) {
            throw UsageError(std::string("--method: ") + e.what());
        }
    }
    if (const std::string* r = parsed.value("--k-range")) {
        if (options.k != 0)
            throw UsageError("--k-range is for --k 0 (choose the number of habitats); --k is " +
                             *kText);
        std::tie(options.kMin, options.kMax) = kRange(*r);
    }
    if (const std::string* t = parsed.value("--threads"))
        options.threads = static_cast<unsigned>(parseCount("--threads", *t, 1, 256));
    std::optional<segmentation::RingOptions> ring;
    if (const std::string* w = parsed.value("--ring")) {
        ring.emplace();
        ring->widthMm = parseNumberOption("--ring", *w);
        if (ring->widthMm <= 0)
            throw UsageError("--ring takes a width in mm > 0, not '" + *w + "'");
        if (const std::string* inner = parsed.value("--ring-inner")) {
            ring->innerMm = parseNumberOption("--ring-inner", *inner);
            if (ring->innerMm < 0)
                throw UsageError("--ring-inner takes a distance in mm >= 0, not '" + *inner + "'");
        }
    } else if (parsed.value("--ring-inner")) {
        throw UsageError("--ring-inner needs --ring MM");
    }

    std::error_code ec;
    if (!fs::is_regular_file(context.databasePath(), ec))
        throw NotFoundError("no database at " + context.databasePath().string());
    storage::Database db(context.databasePath());

    const storage::HabitatDerivationResult derived = storage::deriveHabitats(
        db, segmentationId, uids, options, ring, storage::currentUserName());
    for (const std::string& warning : derived.warnings)
        std::fprintf(stderr, "rgw-cli: warning: %s\n", warning.c_str());
    const segmentation::HabitatResult& result = derived.habitats;
    const storage::SavedDerivation& saved = derived.saved;
    const std::optional<storage::Id>& ringId = derived.ringId;

    const segmentation::HabitatProvenance& p = result.provenance;
    if (parsed.has("--json")) {
        QJsonArray habitats;
        QJsonArray ids;
        for (std::size_t i = 0; i < result.habitats.size(); ++i) {
            const segmentation::Habitat& h = result.habitats[i];
            const auto row = storage::SegmentationRepository(db).find(saved.segmentationIds[i]);
            habitats.append(QJsonObject{{"id", static_cast<qint64>(saved.segmentationIds[i])},
                                        {"label", h.label},
                                        {"roi_name", q(row ? row->roiName : std::string())},
                                        {"voxels", static_cast<qint64>(h.voxels)},
                                        {"fraction", h.fraction}});
            ids.append(static_cast<qint64>(saved.segmentationIds[i]));
        }
        QJsonArray criterion;
        for (const auto& [k, value] : p.criterionValues)
            criterion.append(QJsonObject{{"k", k}, {"value", finiteOrNull(value)}});
        QJsonArray seriesNames;
        for (const std::string& uid : uids)
            seriesNames.append(q(uid));
        QJsonObject out{
            {"segmentation_id", static_cast<qint64>(segmentationId)},
            {"series", seriesNames},
            {"method", segmentation::toString(p.method)},
            {"k", p.k},
            {"seed", q(std::to_string(p.seed))},
            {"criterion", q(p.criterion)},
            {"criterion_values", criterion},
            {"roi_voxels", static_cast<qint64>(p.roiVoxels)},
            {"clustered_voxels", static_cast<qint64>(p.clusteredVoxels)},
            {"excluded_voxels", static_cast<qint64>(p.excludedVoxels)},
            {"run_id", static_cast<qint64>(saved.runId)},
            {"habitats", habitats},
            {"ids", ids},
            {"ring_id", ringId ? QJsonValue(static_cast<qint64>(*ringId)) : QJsonValue()}};
        printJson(out);
    } else {
        for (const storage::Id id : saved.segmentationIds)
            std::printf("%lld\n", static_cast<long long>(id));
        if (ringId)
            std::printf("%lld\n", static_cast<long long>(*ringId));
        // The summary goes to stderr so stdout stays one id per line.
        std::fprintf(
            stderr, "rgw-cli: note: %d habitats (%s, %s, seed %llu) of segmentation %lld:", p.k,
            segmentation::toString(p.method), p.criterion.c_str(),
            static_cast<unsigned long long>(p.seed), static_cast<long long>(segmentationId));
        for (const auto& h : result.habitats)
            std::fprintf(stderr, " %d: %.4f", h.label, h.fraction);
        std::fprintf(stderr, "\n");
    }
    return kExitOk;
}

} // namespace rgw::cli
