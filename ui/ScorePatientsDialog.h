#pragma once

#include "ModelRepository.h"

#include <QDialog>
#include <optional>
#include <vector>

class QDialogButtonBox;
class QTableWidget;

namespace rgw::ui {

/// "Score patients…": chooses one of the database's stored models (name,
/// kind, when trained, id prefix, what it was trained on and how many
/// patients it has scored) to score the cohort `cohortLabel` with. The newest
/// stored model is preselected; double-clicking a row accepts it.
class ScorePatientsDialog : public QDialog {
    Q_OBJECT
public:
    ScorePatientsDialog(std::vector<storage::StoredModel> models, const QString& cohortLabel,
                        QWidget* parent = nullptr);

    /// The chosen model; std::nullopt when none is selected.
    std::optional<storage::StoredModel> selectedModel() const;
    /// Selects the model whose id starts with `modelId` (false when none does).
    bool selectModel(const QString& modelId);
    QTableWidget* modelTable() const { return table_; }

private:
    std::vector<storage::StoredModel> models_;
    QTableWidget* table_;
    QDialogButtonBox* buttons_;
};

} // namespace rgw::ui
