#include "SourceLists.h"

#include "Database.h"
#include "FeatureRepository.h"
#include "NamedCohorts.h"

#include <QComboBox>
#include <QCoreApplication>
#include <map>

namespace rgw::ui {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

QString tr(const char* text) {
    return QCoreApplication::translate("rgw::ui::SourceLists", text);
}

} // namespace

void fillAnalysisSources(const QString& databaseFile, QComboBox* cohorts, QComboBox* parameterSets,
                         bool offerNone, const QString& cohort, const QString& parameterSet) {
    cohorts->clear();
    parameterSets->clear();
    storage::Database db(databaseFile.toStdWString());
    for (const auto& row : storage::NamedCohortRepository(db).list())
        cohorts->addItem(fromStd(row.name + "@" + std::to_string(row.version)));
    cohorts->setCurrentIndex(cohorts->count() - 1);
    const auto sets = storage::FeatureRepository(db).parameterSetsInUse();
    // A name two sets share (a preset edited between extractions) is
    // offered by hash prefix instead.
    std::map<std::string, int> uses;
    for (const auto& set : sets)
        ++uses[set.name];
    for (const auto& set : sets) {
        const std::string key =
            !set.name.empty() && uses[set.name] == 1 ? set.name : set.hash.substr(0, 12);
        parameterSets->addItem(fromStd(key));
        parameterSets->setItemData(parameterSets->count() - 1,
                                   tr("%1\nSHA-256 %2").arg(fromStd(set.name), fromStd(set.hash)),
                                   Qt::ToolTipRole);
    }
    if (offerNone) {
        parameterSets->addItem(QString());
        parameterSets->setItemData(parameterSets->count() - 1,
                                   tr("No radiomic features: clinical and genomic columns only"),
                                   Qt::ToolTipRole);
    }
    parameterSets->setCurrentIndex(0);
    if (!cohort.isEmpty() && cohorts->findText(cohort) >= 0)
        cohorts->setCurrentIndex(cohorts->findText(cohort));
    if (!parameterSet.isEmpty()) {
        if (parameterSets->isEditable())
            parameterSets->setEditText(parameterSet);
        else if (parameterSets->findText(parameterSet) >= 0)
            parameterSets->setCurrentIndex(parameterSets->findText(parameterSet));
    }
}

} // namespace rgw::ui
