#include "PatientTableModel.h"

#include <QBrush>
#include <QColor>
#include <cmath>
#include <limits>

namespace rgw::ui {
namespace {

bool isMissing(const storage::VariableColumn& column, std::size_t row) {
    return column.info.numeric ? std::isnan(column.numbers.at(row)) : column.texts.at(row).empty();
}

} // namespace

PatientTableModel::PatientTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void PatientTableModel::setTable(storage::VariableTable table) {
    beginResetModel();
    table_ = std::move(table);
    endResetModel();
}

QString PatientTableModel::patientId(int row) const {
    return row >= 0 && static_cast<std::size_t>(row) < table_.rowCount()
               ? QString::fromStdString(table_.patientIds[static_cast<std::size_t>(row)])
               : QString();
}

void PatientTableModel::setPredictions(std::optional<PredictionColumns> predictions) {
    beginResetModel();
    predictions_ = std::move(predictions);
    endResetModel();
}

int PatientTableModel::columnOf(const QString& variable) const {
    for (std::size_t c = 0; c < table_.columns.size(); ++c)
        if (QString::fromStdString(table_.columns[c].info.name) == variable)
            return static_cast<int>(c) + FixedColumns + shownPredictionColumns();
    return -1;
}

QVariant PatientTableModel::predictionData(std::size_t row, int column, int role) const {
    const auto found = predictions_->byPatient.find(table_.patientIds[row]);
    if (found == predictions_->byPatient.end()) {
        switch (role) {
        case Qt::DisplayRole:
            return QString();
        case SortRole:
            return column == 0 ? QVariant(-std::numeric_limits<double>::infinity())
                               : QVariant(QString());
        case Qt::ToolTipRole:
            return tr("not scored by %1").arg(predictions_->modelName);
        case Qt::BackgroundRole:
            return QBrush(QColor(232, 232, 232));
        default:
            return {};
        }
    }
    const storage::StoredPrediction& p = found->second;
    const QString group =
        QString::fromStdString(p.riskGroup.empty() ? p.predictedClass : p.riskGroup);
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        if (column == 0)
            return role == SortRole ? QVariant(p.score)
                                    : QVariant(QString::number(p.score, 'g', 6));
        return column == 1 ? group : predictions_->modelName;
    case Qt::ToolTipRole:
        return tr("%1 (%2), scored %3%4")
            .arg(predictions_->modelName, predictions_->modelId.left(12),
                 QString::fromStdString(p.scoredUtc),
                 p.imputed.empty()
                     ? QString()
                     : tr("; imputed %n input(s)", nullptr, static_cast<int>(p.imputed.size())));
    case Qt::TextAlignmentRole:
        return column == 0 ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

int PatientTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(table_.rowCount());
}

int PatientTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid()
               ? 0
               : FixedColumns + shownPredictionColumns() + static_cast<int>(table_.columns.size());
}

QVariant PatientTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    if (index.column() < FixedColumns) {
        if (role != Qt::DisplayRole && role != SortRole)
            return {};
        return QString::fromStdString(index.column() == 0 ? table_.patientIds[row]
                                                          : table_.sampleIds[row]);
    }
    if (index.column() < FixedColumns + shownPredictionColumns())
        return predictionData(row, index.column() - FixedColumns, role);
    const auto& column = table_.columns[static_cast<std::size_t>(index.column() - FixedColumns -
                                                                 shownPredictionColumns())];
    const bool missing = isMissing(column, row);
    switch (role) {
    case Qt::DisplayRole:
        if (missing)
            return QString();
        return column.info.numeric ? QString::number(column.numbers[row], 'g', 8)
                                   : QString::fromStdString(column.texts[row]);
    case SortRole:
        // Missing sorts first: below every number, or as the empty text.
        if (missing)
            return column.info.numeric ? QVariant(-std::numeric_limits<double>::infinity())
                                       : QVariant(QString());
        return column.info.numeric ? QVariant(column.numbers[row])
                                   : QVariant(QString::fromStdString(column.texts[row]));
    case Qt::ToolTipRole:
        return missing ? tr("missing") : QVariant();
    case Qt::BackgroundRole:
        return missing ? QBrush(QColor(232, 232, 232)) : QVariant();
    case Qt::TextAlignmentRole:
        return column.info.numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant PatientTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section < FixedColumns) {
        if (role == Qt::DisplayRole)
            return section == 0 ? tr("patient_id") : tr("sample_id");
        return {};
    }
    if (section < FixedColumns + shownPredictionColumns()) {
        const int column = section - FixedColumns;
        if (role == Qt::DisplayRole)
            return column == 0 ? tr("score") : column == 1 ? tr("predicted") : tr("model");
        if (role == Qt::ToolTipRole)
            return column == 0 ? tr("Score of %1: P(event class) for a logistic model, the "
                                    "probability of the predicted class for a multinomial one, "
                                    "the linear predictor for a Cox model")
                                     .arg(predictions_->modelName)
                   : column == 1
                       ? tr("Predicted class (at the model's threshold) or Cox risk group")
                       : tr("The model whose stored predictions are shown");
        return {};
    }
    const auto& info =
        table_.columns[static_cast<std::size_t>(section - FixedColumns - shownPredictionColumns())]
            .info;
    if (role == Qt::DisplayRole)
        return QString::fromStdString(info.name);
    if (role == Qt::ToolTipRole)
        return info.profile.empty()
                   ? QString::fromStdString(info.description)
                   : QStringLiteral("%1 (%2)").arg(QString::fromStdString(info.description),
                                                   QString::fromStdString(info.profile));
    return {};
}

std::vector<MissingCount> missingOverview(const storage::VariableTable& table) {
    std::vector<MissingCount> counts;
    for (const auto& column : table.columns) {
        MissingCount c{column.info.name, 0, table.rowCount()};
        for (std::size_t row = 0; row < table.rowCount(); ++row)
            c.missing += isMissing(column, row);
        counts.push_back(c);
    }
    return counts;
}

} // namespace rgw::ui
