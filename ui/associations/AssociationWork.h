#pragma once

// The long work of the Associations page, off the GUI thread: the cohort's
// analysis table with the radiomic features of one parameter set
// (storage::cohortAnalysisTable on its own connection), then either the
// correlation map — every feature against every molecular value with a
// prefix (expr_, meth_, cna_, prot_), clustered for the heatmap — or the
// group map — every feature between the groups of a column (mut_ gene
// status, subtype) — through core::association, the functions
// `rgw-cli assoc map` and `assoc groups` call. The free function never touches
// widgets; AssociationWork runs it with QtConcurrent and reports progress,
// the result and errors as signals on the GUI thread.

#include "AssociationJobs.h"
#include "association/CorrelationMap.h"
#include "association/GroupMap.h"
#include "association/MapClustering.h"
#include "util/Cancel.h"

#include <Eigen/Core>
#include <QObject>
#include <QString>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rgw::ui {

struct CorrelationMapRequest {
    enum class Kind { Correlation, Groups };
    Kind kind = Kind::Correlation;
    std::filesystem::path database;
    std::string cohort;          ///< "NAME" or "NAME@VERSION"
    std::string parameterSet;    ///< name or hash prefix of the features' parameter set
    std::string molecularPrefix; ///< e.g. "expr_": every numeric column named so
    association::CorrelationMethod method = association::CorrelationMethod::Spearman;
    /// Rows (features) and columns (molecular values) clustered by their
    /// correlation profiles (Euclidean distance between profiles) with this
    /// linkage; nullopt keeps the table's order.
    std::optional<association::Linkage> linkage = association::Linkage::Average;
    /// Kind::Groups: the grouping column (association::groupingOfColumn).
    std::string groupColumn;
};

/// A computed map with what it was computed from (its provenance and the
/// values behind every cell, for the scatter plot of a clicked cell).
struct CorrelationMapResult {
    CorrelationMapRequest request;
    std::string cohort;           ///< NAME@VERSION as stored
    std::string parameterSetHash; ///< of the features
    std::vector<std::string> patients;
    std::vector<std::string> features;  ///< radiomic feature columns
    std::vector<std::string> molecular; ///< molecular columns (display names, prefix stripped)
    Eigen::MatrixXd featureValues;      ///< patients × features, NaN = missing
    Eigen::MatrixXd molecularValues;    ///< patients × molecular, NaN = missing
    association::CorrelationMap map;
    /// The heatmap's order and trees (association::clusterCorrelationMap, as
    /// `rgw-cli assoc map --cluster`); absent without a linkage or when it failed.
    std::optional<association::MapClustering> clustering;
    /// Why clustering was left out, else empty.
    std::string clusteringNote;
    /// Kind::Groups: the patients' groups and the tests per feature.
    association::Grouping grouping;
    std::optional<association::GroupMap> groups;
};

/// Reads the cohort's table and computes the map. Throws rgw::Error for an
/// unknown cohort or parameter set, a cohort without features of it, no
/// numeric column with the prefix, a column that makes no groups, and
/// "cancelled".
CorrelationMapResult computeCorrelationMap(const CorrelationMapRequest& request,
                                           const ProgressFn& progress, const CancelToken* cancel);

/// Runs computeCorrelationMap, computeGsea or computeSnpAssociation on a
/// worker thread, one job at a time.
class AssociationWork : public QObject {
    Q_OBJECT
public:
    explicit AssociationWork(QObject* parent = nullptr);
    ~AssociationWork() override;

    bool isBusy() const { return busy_; }
    /// Starts a map; false (nothing started) while one runs.
    bool start(const CorrelationMapRequest& request);
    /// Starts a gene-set enrichment; false while a job runs.
    bool startGsea(const GseaRequest& request);
    /// Starts a SNP association; false while a job runs.
    bool startSnp(const SnpRequest& request);
    /// Asks the running job to stop (it ends with cancelled()).
    void cancel();

signals:
    void progress(qint64 done, qint64 total, const QString& what);
    void finished(std::shared_ptr<const rgw::ui::CorrelationMapResult> result);
    void gseaFinished(std::shared_ptr<const rgw::ui::GseaRun> result);
    void snpFinished(std::shared_ptr<const rgw::ui::SnpRun> result);
    void failed(const QString& error);
    void cancelled();

private:
    /// Runs `job` on a worker thread and emits `done` with its result.
    template <class Result, class Job>
    bool launch(Job job, void (AssociationWork::*done)(std::shared_ptr<const Result>));

    bool busy_ = false;
    std::shared_ptr<CancelToken> cancel_;
};

} // namespace rgw::ui
