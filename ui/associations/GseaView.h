#pragma once

// The GSEA view of the Associations page (issue #14 §2): the genes of the
// page's molecular values ranked by their correlation with one radiomic
// feature, the sets of a GMT file tested by pre-ranked GSEA (permutations
// and seed recorded in the provenance). A sortable table of every set (set,
// size, ES, NES, p, q, leading-edge size) and, for the selected set, its
// running-sum plot (core's association::enrichmentCurve: the curve, the
// set's genes as ticks, the peak). The GMT file's problems (empty sets,
// duplicates, genes not in the data) are listed as the CLI warns of them.
// The view draws only: the run is the page's (AssociationWork).

#include "AssociationJobs.h"

#include <QWidget>
#include <memory>

class QChartView;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace rgw::ui {

class GseaView : public QWidget {
    Q_OBJECT
public:
    explicit GseaView(QWidget* parent = nullptr);

    /// Offers `features` in the feature chooser, keeping the current text.
    void setFeatures(const std::vector<std::string>& features);
    /// Fills the request's feature, GMT file, permutations, seed and smallest
    /// set size; throws
    /// rgw::Error naming a missing choice.
    void fillRequest(GseaRequest& request) const;
    /// Shows a finished run: the table, the first set's plot, the problems.
    void showRun(std::shared_ptr<const GseaRun> run);
    /// Plots set `set` (index into the run's result.sets) and selects its row.
    void showSet(int set);
    /// Writes the table (association::gseaCsv) and FILE.provenance.json.
    /// Throws rgw::Error when there is no run or the file cannot be written.
    void exportCsv(const QString& file) const;
    void setRunning(bool running);
    void remember() const;

    std::shared_ptr<const GseaRun> run() const { return run_; }
    int shownSet() const { return shownSet_; }
    QComboBox* featureBox() const { return feature_; }
    QLineEdit* gmtEdit() const { return gmt_; }
    QSpinBox* permutationsSpin() const { return permutations_; }
    QSpinBox* seedSpin() const { return seed_; }
    QSpinBox* minSizeSpin() const { return minSize_; }
    QPushButton* runButton() const { return runButton_; }
    QTableWidget* table() const { return table_; }
    QChartView* plotView() const { return plot_; }
    /// The run's summary and the GMT file's and the data's problems, one a line.
    QPlainTextEdit* notesView() const { return notes_; }

signals:
    void runRequested();

private:
    std::shared_ptr<const GseaRun> run_;
    int shownSet_ = -1;
    QComboBox* feature_ = nullptr;
    QLineEdit* gmt_ = nullptr;
    QSpinBox* permutations_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QSpinBox* minSize_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QPlainTextEdit* notes_ = nullptr;
    QTableWidget* table_ = nullptr;
    QChartView* plot_ = nullptr;
};

} // namespace rgw::ui
