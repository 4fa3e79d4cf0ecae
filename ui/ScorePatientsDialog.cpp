#include "ScorePatientsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rgw::ui {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

ScorePatientsDialog::ScorePatientsDialog(std::vector<storage::StoredModel> models,
                                         const QString& cohortLabel, QWidget* parent)
    : QDialog(parent), models_(std::move(models)), table_(new QTableWidget(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Score patients"));
    auto* intro = new QLabel(
        models_.empty()
            ? tr("There is no stored model in this database. Train and save one on the Models "
                 "page (Models > Train model...) first.")
            : tr("Score the patients of %1 with a stored model. The predictions are stored in "
                 "the database (replacing this model's earlier ones) and shown in the patient "
                 "table.")
                  .arg(cohortLabel),
        this);
    intro->setWordWrap(true);

    const QStringList headers{tr("Name"), tr("Kind"),       tr("Trained (UTC)"),
                              tr("Id"),   tr("Trained on"), tr("Scored")};
    table_->setObjectName(QStringLiteral("scoreModelTable"));
    table_->setColumnCount(static_cast<int>(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(static_cast<int>(models_.size()));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setToolTip(tr("The stored models, newest first"));
    for (std::size_t n = 0; n < models_.size(); ++n) {
        const storage::StoredModel& m = models_[n];
        const QStringList cells{fromStd(m.name),
                                fromStd(m.kind),
                                fromStd(m.createdUtc),
                                fromStd(m.modelId.substr(0, 12)),
                                m.cohort.empty() ? tr("a table") : fromStd(m.cohort),
                                tr("%n patient(s)", nullptr, static_cast<int>(m.predictions))};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(tr("%1 (%2), software %3%4")
                                 .arg(fromStd(m.name), fromStd(m.modelId),
                                      fromStd(m.softwareVersion),
                                      m.parameterSetHash.empty()
                                          ? QString()
                                          : tr("; features of parameter set %1")
                                                .arg(fromStd(m.parameterSetHash.substr(0, 12)))));
            table_->setItem(static_cast<int>(n), column, item);
        }
    }
    table_->resizeColumnsToContents();
    if (!models_.empty())
        table_->selectRow(0);

    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Score"));
    buttons_->button(QDialogButtonBox::Ok)
        ->setToolTip(tr("Score every patient of %1 with the selected model").arg(cohortLabel));
    const auto updateOk = [this] {
        buttons_->button(QDialogButtonBox::Ok)->setEnabled(selectedModel().has_value());
    };
    connect(table_, &QTableWidget::itemSelectionChanged, this, updateOk);
    connect(table_, &QTableWidget::cellDoubleClicked, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons_);
    resize(760, 360);
}

std::optional<storage::StoredModel> ScorePatientsDialog::selectedModel() const {
    const QList<QTableWidgetItem*> selected = table_->selectedItems();
    if (selected.isEmpty())
        return std::nullopt;
    return models_.at(static_cast<std::size_t>(selected.first()->row()));
}

bool ScorePatientsDialog::selectModel(const QString& modelId) {
    for (std::size_t n = 0; n < models_.size(); ++n)
        if (!modelId.isEmpty() && fromStd(models_[n].modelId).startsWith(modelId)) {
            table_->selectRow(static_cast<int>(n));
            return true;
        }
    return false;
}

} // namespace rgw::ui
