#pragma once

// Analysis > Feature robustness (issue #16 §4): the robustness runs stored
// in the database (`rgw-cli robustness ... --store`, perturbations or
// segmentation versions) with their provenance; for the chosen run a
// sortable table of its features with each stored ICC kind and its 95 %
// bounds, the distribution of one kind's ICCs with Koo & Li's bands and the
// count per band, and the table exported as CSV. Reads off the GUI thread,
// each read on its own database connection (storage/RobustnessRepository);
// computes nothing.

#include "Database.h"
#include "IccBands.h"
#include "RobustnessRepository.h"

#include <QDialog>
#include <QString>
#include <array>
#include <filesystem>
#include <vector>

class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace rgw::ui {

template <class T> struct Outcome; // BackgroundWork.h

class RobustnessDialog : public QDialog {
    Q_OBJECT
public:
    /// Shows the runs of the database `databaseFile`, the newest chosen
    /// (read in the background: see loading()).
    explicit RobustnessDialog(const std::filesystem::path& databaseFile, QWidget* parent = nullptr);

    /// Re-reads the runs, keeping the chosen one when it is still there.
    void reload();
    /// Chooses run `id` (its features are read in the background); false when
    /// it is not listed.
    bool selectRun(storage::Id id);
    /// Whether a read of the runs or of the chosen run's features is under
    /// way; loaded() is emitted when the last one has been shown.
    bool loading() const { return pending_ > 0; }
    /// The chosen run's id (0: none).
    storage::Id currentRun() const;
    /// Writes the feature table (rows as shown) to `file`; false with the
    /// reason in lastError().
    bool exportCsv(const QString& file);
    QString lastError() const { return lastError_; }

    /// The chosen run's features as read (run order).
    const std::vector<storage::RobustnessFeature>& features() const { return features_; }
    /// Per band, the count of the plotted kind's defined ICCs.
    std::array<std::size_t, kIccBands> bandCounts() const { return bandCounts_; }

    QTableWidget* runTable() const { return runs_; }
    QTableWidget* featureTable() const { return table_; }
    /// The ICC kind plotted (data: the kind's name, e.g. "ICC(1,1)").
    QComboBox* kindBox() const { return kind_; }
    QChartView* chartView() const { return chart_; }
    QLabel* bandSummary() const { return summary_; }
    QPushButton* exportButton() const { return export_; }
    QLabel* statusLabel() const { return status_; }

    /// The column of a feature table holding `what` ("icc", "lower",
    /// "upper") of `kind`, or -1; values are in Qt::UserRole (double).
    int column(stats::IccKind kind, const QString& what) const;

signals:
    /// Every requested read has finished and is shown (or its error is).
    void loaded();

private:
    using RunsRead = Outcome<std::vector<storage::RobustnessRun>>;
    using FeaturesRead = Outcome<std::vector<storage::RobustnessFeature>>;
    void showRuns(const RunsRead& read);
    /// Reads the chosen run's features, then shows them (showFeatures).
    void showRun();
    void showFeatures(storage::Id run, const FeaturesRead& read);
    void readFinished();
    void showChart();
    void exportDialog();

    std::filesystem::path database_;
    std::vector<storage::RobustnessRun> runList_;
    std::vector<storage::RobustnessFeature> features_;
    std::vector<stats::IccKind> kinds_; ///< the kinds of the chosen run, in column order
    std::array<std::size_t, kIccBands> bandCounts_{};
    QString lastError_;
    int runsRequest_ = 0;     ///< the newest read of the runs: older results are dropped
    int featuresRequest_ = 0; ///< the same for the features
    int pending_ = 0;         ///< reads started and not yet finished

    QTableWidget* runs_;
    QTableWidget* table_;
    QComboBox* kind_;
    QVBoxLayout* chartBox_;
    QChartView* chart_ = nullptr;
    QLabel* summary_;
    QLabel* status_;
    QPushButton* export_;
};

} // namespace rgw::ui
