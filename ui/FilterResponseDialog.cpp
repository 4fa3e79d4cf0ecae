#include "FilterResponseDialog.h"

#include "ImageFilterEditor.h"
#include "ParameterSetChoice.h"
#include "filters/FilterSpec.h"
#include "radiomics/ParameterSet.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <algorithm>

namespace rgw::ui {

FilterResponseDialog::FilterResponseDialog(const QString& target, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Filter response"));
    setObjectName(QStringLiteral("filterResponseDialog"));
    QSettings settings;

    parameters_ = new QComboBox(this);
    parameters_->setObjectName(QStringLiteral("responseParameterSet"));
    parameters_->setToolTip(tr("A parameter file (or preset) with a filters: section; its "
                               "processing (interpolation, rounding) is applied first."));
    fillParameterSetChoice(parameters_, settings.value("filterResponse/parameters").toString(),
                           QString());
    QHBoxLayout* parameterRow = parameterSetRow(this, parameters_);
    filters_ = makeFiltersButton(this);
    filters_->setObjectName(QStringLiteral("responseEditFilters"));
    connect(filters_, &QPushButton::clicked, this, [this] { openFilterEditor(); });
    parameterRow->addWidget(filters_);

    filter_ = new QComboBox(this);
    filter_->setObjectName(QStringLiteral("responseFilter"));
    filter_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    filter_->setMinimumContentsLength(30);
    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("responseNote"));
    note_->setTextFormat(Qt::PlainText);
    note_->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    compute_ = buttons->button(QDialogButtonBox::Ok);
    compute_->setText(tr("Compute response"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        remember();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout(this);
    auto* what = new QLabel(target, this);
    what->setObjectName(QStringLiteral("responseTarget"));
    what->setTextFormat(Qt::PlainText);
    what->setWordWrap(true);
    form->addRow(tr("Image:"), what);
    form->addRow(tr("Parameter set:"), parameterRow);
    auto* filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(filter_);
    form->addRow(filterLabel, filter_);
    form->addRow(note_);
    form->addRow(buttons);

    connect(parameters_, &QComboBox::currentIndexChanged, this, &FilterResponseDialog::listFilters);
    listFilters();
    const int last = settings.value("filterResponse/filter", 0).toInt();
    if (last >= 0 && last < filter_->count())
        filter_->setCurrentIndex(last);
    filter_->setFocus();
}

void FilterResponseDialog::listFilters() {
    filter_->clear();
    QString note;
    try {
        const auto set =
            radiomics::loadParameterSet(parameters_->currentData().toString().toStdString());
        const auto& specs = set.settings.filters;
        for (std::size_t i = 0; i < specs.size(); ++i)
            filter_->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(
                                 QString::fromStdString(filters::describe(specs[i]))),
                             static_cast<int>(i));
        if (specs.empty())
            note = tr("%1 has no filters: section. Choose a parameter file with one (README, "
                      "\"Radiomics parameter files\").")
                       .arg(parameters_->currentText());
    } catch (const std::exception& e) {
        note = QString::fromUtf8(e.what());
    }
    note_->setText(note);
    note_->setVisible(!note.isEmpty());
    filter_->setEnabled(filter_->count() > 0);
    compute_->setEnabled(filter_->count() > 0);
}

ImageFilterEditor* FilterResponseDialog::openFilterEditor() {
    QString error;
    ImageFilterEditor* editor = ui::openFilterEditor(parameters_, this, error);
    if (!editor) {
        note_->setText(error);
        note_->setVisible(true);
        return nullptr;
    }
    // After openFilterEditor's own handler has chosen the new set (and listed its filters).
    connect(editor, &QDialog::accepted, this, [this, editor] {
        const int row = editor->entryList()->currentRow();
        if (row >= 0 && row < filter_->count())
            filter_->setCurrentIndex(row);
    });
    return editor;
}

FilterResponseRequest FilterResponseDialog::request() const {
    return {parameters_->currentData().toString(), std::max(0, filter_->currentIndex())};
}

void FilterResponseDialog::remember() const {
    QSettings s;
    s.setValue("filterResponse/parameters", parameters_->currentData().toString());
    s.setValue("filterResponse/filter", filter_->currentIndex());
}

} // namespace rgw::ui
