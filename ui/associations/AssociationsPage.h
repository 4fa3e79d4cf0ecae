#pragma once

// The Associations page (issue #14 §5): which imaging traits go with which
// molecular traits. Choose a named cohort, the radiomic parameter set, the
// molecular values (expression expr_, methylation meth_, copy number cna_,
// protein prot_), the correlation (Spearman or Pearson) and the clustering;
// the map is computed in the background (AssociationWork, progress and
// Cancel) and drawn as a clustered heatmap with FDR marks. Clicking a cell
// shows its scatter plot with one point per patient; clicking a patient asks
// the window to open its images. Or every feature between the groups of a
// column (mut_ gene status: not-profiled patients left out, never wild-type;
// a subtype): a volcano plot whose points open the feature's box plots. The
// GSEA tab ranks the genes by one feature and tests a GMT file's sets
// (GseaView); the SNPs tab tests the cohort's stored germline genotypes
// against an outcome (SnpView), each in the background like the maps. The
// figure of the tab shown exports as PNG, SVG or PDF, every table as CSV with
// its provenance.
// The last choices are remembered (QSettings "associations/").

#include "AssociationWork.h"

#include <QWidget>
#include <filesystem>
#include <memory>

class QComboBox;
class QChartView;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace rgw::ui {

class ClusteredHeatmap;
class GseaView;
class SnpView;
class TaskProgress;

class AssociationsPage : public QWidget {
    Q_OBJECT
public:
    explicit AssociationsPage(QWidget* parent = nullptr);
    ~AssociationsPage() override;

    void setDatabase(const std::filesystem::path& file);
    /// Re-reads the named cohorts and parameter sets, keeping the choices.
    void refreshSources();

    /// The request the form describes. Throws rgw::Error naming a missing choice.
    CorrelationMapRequest request() const;
    /// Starts the map; false (with lastError) when nothing could be started.
    bool startMap();
    /// Starts the GSEA of the GSEA tab on the form's cohort, parameter set,
    /// molecular values and correlation; false (with lastError) when nothing
    /// could be started.
    bool startGsea();
    /// Starts the SNP association of the SNPs tab on the form's cohort.
    bool startSnp();
    void cancel();
    bool isBusy() const;
    QString lastError() const { return lastError_; }

    /// Shows the scatter plot of feature `feature` against molecular value
    /// `molecular` (indices into the result's lists).
    void showScatter(int feature, int molecular);
    /// Shows the box plots of feature `feature` by group (group map).
    void showBoxPlot(int feature);
    /// Writes the figure of the tab shown (heatmap, scatter, volcano, box
    /// plots, running sum or Manhattan plot): PNG, SVG or PDF by the file's suffix.
    bool exportFigure(const QString& file);
    /// Writes the table of the tab shown as CSV (association::correlationMapCsv
    /// / groupMapCsv for the maps, gseaCsv on the GSEA tab, snpAssociationCsv
    /// on the SNPs tab, as `rgw-cli assoc`) with FILE.provenance.json beside it.
    bool exportCsv(const QString& file);

    std::shared_ptr<const CorrelationMapResult> result() const { return result_; }
    ClusteredHeatmap* heatmap() const { return heatmap_; }
    QChartView* scatterView() const { return scatter_; }
    QChartView* volcanoView() const { return volcano_; }
    QChartView* boxView() const { return box_; }
    GseaView* gseaView() const { return gsea_; }
    SnpView* snpView() const { return snps_; }
    /// Per volcano series (plain, marked), the feature of each point.
    const std::vector<std::vector<int>>& volcanoFeatures() const { return volcanoFeatures_; }
    QTabWidget* resultTabs() const { return tabs_; }
    QComboBox* cohortBox() const { return cohort_; }
    QComboBox* parameterSetBox() const { return parameterSet_; }
    QComboBox* kindBox() const { return kind_; }
    QComboBox* groupBox() const { return group_; }
    QComboBox* molecularBox() const { return molecular_; }
    QComboBox* methodBox() const { return method_; }
    QComboBox* linkageBox() const { return linkage_; }
    QDoubleSpinBox* fdrSpin() const { return fdr_; }
    QLabel* summaryLabel() const { return summary_; }
    QPushButton* runButton() const { return run_; }
    /// The patients of the scatter plot's points, in point order.
    const std::vector<std::string>& scatterPatients() const { return scatterPatients_; }

signals:
    void mapFinished(bool succeeded, const QString& summary);
    void gseaFinished(bool succeeded, const QString& summary);
    void snpFinished(bool succeeded, const QString& summary);
    /// A patient of the scatter plot was clicked: show its images.
    void openImagesRequested(const QString& patientId);

private:
    QWidget* createForm();
    void showResult(std::shared_ptr<const CorrelationMapResult> result);
    void showCorrelation(const CorrelationMapResult& r);
    void showGroups(const CorrelationMapResult& r);
    void updateEnabled();
    /// The run ended (failed, cancelled or finished): buttons and progress back.
    void endRun();
    /// Emits the finished signal of the job that ran.
    void reportEnd(bool succeeded, const QString& summary);
    /// Gives the SNPs tab the germline genotype profiles and the numeric
    /// columns; returns the grouping columns.
    QStringList fillColumnSources();
    void fail(const QString& text);
    void remember() const;
    void restore();

    enum class Job { Map, Gsea, Snp };
    std::filesystem::path database_;
    AssociationWork* work_;
    Job job_ = Job::Map;
    std::shared_ptr<const CorrelationMapResult> result_;
    std::vector<std::string> scatterPatients_;
    std::vector<std::vector<int>> volcanoFeatures_;
    QString lastError_;

    QComboBox* kind_ = nullptr;
    QComboBox* group_ = nullptr;
    QComboBox* cohort_ = nullptr;
    QComboBox* parameterSet_ = nullptr;
    QComboBox* molecular_ = nullptr;
    QComboBox* method_ = nullptr;
    QComboBox* linkage_ = nullptr;
    QDoubleSpinBox* fdr_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* exportCsv_ = nullptr;
    TaskProgress* progress_ = nullptr;
    QLabel* summary_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    ClusteredHeatmap* heatmap_ = nullptr;
    QChartView* scatter_ = nullptr;
    QChartView* volcano_ = nullptr;
    QChartView* box_ = nullptr;
    GseaView* gsea_ = nullptr;
    SnpView* snps_ = nullptr;
};

} // namespace rgw::ui
