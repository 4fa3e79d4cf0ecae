#pragma once

// The Manhattan / SNP view of the Associations page (issue #14 §3, §5): the
// page's cohort's stored germline genotypes against one outcome column
// (0/1: additive logistic, other numbers: linear, a time with its event
// column: Cox), adjusted for the chosen numeric columns, through core's
// association::associateSnps as `rgw-cli assoc snp --cohort` runs it. A
// Manhattan plot (association charts' manhattanChart) and a sortable table
// (snp, chr, bp, n, beta, se, ratio, p, q, maf, hwe_p, status); clicking a
// point selects its row and selecting a row marks its point. Without a
// germline genotype profile the view says so instead of an empty plot.
// The view draws only: the run is the page's (AssociationWork).

#include "AssociationJobs.h"

#include <QStringList>
#include <QWidget>
#include <memory>

class QChartView;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QScatterSeries;
class QStackedWidget;
class QTableWidget;

namespace rgw::ui {

class SnpView : public QWidget {
    Q_OBJECT
public:
    explicit SnpView(QWidget* parent = nullptr);

    /// The database's germline genotype profiles (stable ids; none: the view
    /// says so) and the numeric columns offered as outcome, event and
    /// covariates. Keeps the current choices where still offered.
    void setSources(const QStringList& genotypeProfiles, const QStringList& numericColumns);
    bool hasGenotypes() const;
    /// Fills the request's profile, outcome, event and covariates; throws
    /// rgw::Error naming a missing choice.
    void fillRequest(SnpRequest& request) const;
    void showRun(std::shared_ptr<const SnpRun> run);
    /// Selects SNP `snp` (index into the result's snps): its table row and its point.
    void selectSnp(int snp);
    /// Writes the table (association::snpAssociationCsv) and FILE.provenance.json.
    void exportCsv(const QString& file) const;
    void setRunning(bool running);
    void remember() const;

    std::shared_ptr<const SnpRun> run() const { return run_; }
    int selectedSnp() const { return selected_; }
    /// Per scatter series of the plot (0, 1: alternating chromosomes), the SNP of each point.
    const std::vector<std::vector<int>>& pointSnps() const { return pointSnps_; }
    QLabel* noticeLabel() const { return notice_; }
    QComboBox* profileBox() const { return profile_; }
    QComboBox* outcomeBox() const { return outcome_; }
    QComboBox* eventBox() const { return event_; }
    QListWidget* covariateList() const { return covariates_; }
    QPushButton* runButton() const { return runButton_; }
    QTableWidget* table() const { return table_; }
    QChartView* plotView() const { return plot_; }

signals:
    void runRequested();

private:
    std::shared_ptr<const SnpRun> run_;
    std::vector<std::vector<int>> pointSnps_;
    int selected_ = -1;
    QStackedWidget* stack_ = nullptr;
    QLabel* notice_ = nullptr;
    QComboBox* profile_ = nullptr;
    QComboBox* outcome_ = nullptr;
    QComboBox* event_ = nullptr;
    QListWidget* covariates_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
    QChartView* plot_ = nullptr;
    QScatterSeries* marker_ = nullptr; ///< the selected SNP's point, owned by the chart
};

} // namespace rgw::ui
