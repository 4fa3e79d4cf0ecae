#include "CohortAnalysisTable.h"

#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace rgw::storage {

namespace {

namespace fs = std::filesystem;

/// A private directory under the system's temporary folder, removed with
/// everything in it when the object goes out of scope.
class ScratchDirectory {
public:
    ScratchDirectory() {
        const auto ticks =
            static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        Rng rng(ticks);
        for (int attempt = 0; attempt < 16; ++attempt) {
            path_ = fs::temp_directory_path() / ("rgw-analysis-" + std::to_string(rng.next()));
            std::error_code ec;
            if (fs::create_directory(path_, ec))
                return;
        }
        throw Error("cannot create a temporary folder in " + fs::temp_directory_path().string());
    }
    ~ScratchDirectory() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

} // namespace

CohortAnalysisTable cohortAnalysisTable(Database& db, const CohortExportOptions& options) {
    const ScratchDirectory scratch;
    const fs::path file = scratch.path() / "analysis.csv";
    const CohortExportReport report = exportCohortTable(db, options, file);
    if (report.cancelled)
        throw Error("cancelled");
    CohortAnalysisTable out{stats::DataTable::read(file), {}, {}};
    if (const auto provenance = modeling::readTableProvenance(file))
        out.provenance = *provenance;
    const auto& names = out.table.columnNames();
    const std::size_t features = std::min(report.featureColumns, names.size());
    out.featureColumns.assign(names.end() - static_cast<std::ptrdiff_t>(features), names.end());
    out.table.setSource(
        options.cohort.empty()
            ? "every patient"
            : "cohort " + (out.provenance.cohort.empty() ? options.cohort : out.provenance.cohort));
    return out;
}

CohortAnalysisTable modelAnalysisTable(Database& db, const std::string& cohort,
                                       const modeling::TrainedModel& model,
                                       const std::optional<std::string>& parameterSet,
                                       const CancelToken* cancel, const ProgressFn& progress) {
    CohortExportOptions options;
    options.cohort = cohort;
    // The features of the model's own parameter set unless told otherwise;
    // scoring refuses another one either way.
    options.parameterSet = parameterSet.value_or(model.training.parameterSetHash);
    options.cancel = cancel;
    options.progress = progress;
    return cohortAnalysisTable(db, options);
}

} // namespace rgw::storage
