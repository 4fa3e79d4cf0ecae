#include "ImageFilterEditor.h"

#include "DerivedParameterSet.h"
#include "FilterEntryForm.h"
#include "ParameterSetChoice.h"
#include "radiomics/FilterParameters.h"
#include "util/Error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <algorithm>
#include <sstream>

namespace rgw::ui {

namespace {

using radiomics::FilterEntry;

std::string filtersText(const std::vector<FilterEntry>& filters) {
    std::ostringstream text;
    radiomics::writeFilters(text, filters);
    return text.str();
}

/// "ct-default+filters" for ct-default, "study+filters" for study.yaml or
/// study+filters-0123456789ab.yaml (a set derived before).
QString defaultName(const QString& baseLabel) {
    QString stem = QFileInfo(baseLabel).fileName();
    stem.remove(QRegularExpression("\\.(yaml|yml)$"));
    stem.remove(QRegularExpression("-[0-9a-f]{12}$"));
    stem.replace(QRegularExpression("[^A-Za-z0-9._+-]"), "_");
    if (!stem.endsWith("+filters"))
        stem += "+filters";
    return stem;
}

/// The list line of an entry: the filter as describe() names it and, when not
/// the default, its families.
QString entryText(const FilterEntry& entry) {
    QString text = QString::fromStdString(filters::describe(entry));
    if (entry.families != FilterEntry().families) {
        QStringList families;
        for (const std::string& f : entry.families)
            families << QString::fromStdString(f);
        text += QStringLiteral(" \u00b7 ") + families.join(", ");
    }
    return text;
}

} // namespace

ImageFilterEditor::ImageFilterEditor(radiomics::ParameterSet base, const QString& baseLabel,
                                     QWidget* parent)
    : QDialog(parent), base_(std::move(base)), baseLabel_(baseLabel),
      filters_(base_.settings.filters) {
    setWindowTitle(tr("Filters of %1").arg(baseLabel));
    setObjectName("imageFilterEditor");
    saveFolder_ = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                      .filePath("parameter-sets");

    name_ = new QLineEdit(defaultName(baseLabel), this);
    name_->setObjectName("derivedSetName");
    name_->setToolTip(tr("The new parameter set's name (letters, digits, '.', '_', '+', '-'); "
                         "its file is <name>-<hash>.yaml. %1 itself is not changed.")
                          .arg(baseLabel));

    list_ = new QListWidget(this);
    list_->setObjectName("filterEntries");
    list_->setMinimumWidth(240);
    const auto button = [this](const QString& text, const char* name, const QKeySequence& key,
                               const QString& tip) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setShortcut(key);
        b->setToolTip(tip + " (" + key.toString(QKeySequence::NativeText) + ")");
        b->setAutoDefault(false);
        return b;
    };
    add_ = button(tr("Add"), "addFilter", QKeySequence(Qt::CTRL | Qt::Key_N),
                  tr("Add a filter of the type chosen last"));
    duplicate_ = button(tr("Duplicate"), "duplicateFilter", QKeySequence(Qt::CTRL | Qt::Key_D),
                        tr("Copy the selected filter below it"));
    remove_ = button(tr("Remove"), "removeFilter", QKeySequence(Qt::CTRL | Qt::Key_Delete),
                     tr("Remove the selected filter; Delete in the list too"));
    undoButton_ = button(tr("Undo"), "undoFilter", QKeySequence(QKeySequence::Undo),
                         tr("Restore the list as it was before the last change"));
    // Delete in the list removes too (the form's fields keep their own Delete).
    auto* deleteKey =
        new QShortcut(QKeySequence::Delete, list_, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &ImageFilterEditor::removeEntry);
    connect(add_, &QPushButton::clicked, this, &ImageFilterEditor::addEntry);
    connect(duplicate_, &QPushButton::clicked, this, &ImageFilterEditor::duplicateEntry);
    connect(remove_, &QPushButton::clicked, this, &ImageFilterEditor::removeEntry);
    connect(undoButton_, &QPushButton::clicked, this, &ImageFilterEditor::undo);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(list_, 1);
    auto* buttons = new QGridLayout;
    buttons->addWidget(add_, 0, 0);
    buttons->addWidget(duplicate_, 0, 1);
    buttons->addWidget(remove_, 1, 0);
    buttons->addWidget(undoButton_, 1, 1);
    leftLayout->addLayout(buttons);

    form_ = new FilterEntryForm(this);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName("filterEntryScroll");
    scroll->setWidget(form_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    error_ = new QLabel(this);
    error_->setObjectName("filterError");
    error_->setTextFormat(Qt::PlainText);
    error_->setWordWrap(true);
    error_->setStyleSheet("color: #b00020");
    summary_ = new QLabel(this);
    summary_->setObjectName("derivedSetSummary");
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = box->button(QDialogButtonBox::Ok);
    ok_->setText(tr("Use the new set"));
    connect(box, &QDialogButtonBox::accepted, this, &ImageFilterEditor::save);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    auto* nameRow = new QFormLayout;
    nameRow->addRow(tr("New set:"), name_);
    layout->addLayout(nameRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(error_);
    layout->addWidget(summary_);
    layout->addWidget(box);

    connect(list_, &QListWidget::currentRowChanged, this, &ImageFilterEditor::showSelected);
    connect(form_, &FilterEntryForm::changed, this, &ImageFilterEditor::formEdited);
    connect(form_, &FilterEntryForm::typeChosen, this, [](int type) {
        QSettings().setValue("filterEditor/lastType", FilterEntryForm::typeKeys()[type]);
    });
    connect(name_, &QLineEdit::textChanged, this, &ImageFilterEditor::validate);

    // Large enough for the tallest form (a rotation-invariant Gabor filter with
    // a texture family) where the screen allows it; the form scrolls otherwise.
    QSize size(900, 660);
    if (const QScreen* screen = parent ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() - QSize(40, 60));
    resize(size);
    if (const QByteArray g = QSettings().value("filterEditor/geometry").toByteArray(); !g.isEmpty())
        restoreGeometry(g);
    refresh(filters_.empty() ? -1 : 0);
}

QString ImageFilterEditor::error() const {
    return error_->text();
}

void ImageFilterEditor::change(std::vector<FilterEntry> filters, int select, bool coalesce) {
    if (!coalesce)
        undo_.push_back(filters_);
    filters_ = std::move(filters);
    refresh(select);
}

void ImageFilterEditor::refresh(int select) {
    const QSignalBlocker block(list_);
    list_->clear();
    for (const FilterEntry& entry : filters_) {
        list_->addItem(entryText(entry));
        list_->item(list_->count() - 1)->setToolTip(entryText(entry));
    }
    list_->setCurrentRow(select);
    showSelected();
    validate();
}

void ImageFilterEditor::showSelected() {
    const int row = list_->currentRow();
    const bool selected = row >= 0 && row < int(filters_.size());
    form_->setEnabled(selected);
    if (selected)
        form_->setEntry(filters_[std::size_t(row)]);
    duplicate_->setEnabled(selected);
    remove_->setEnabled(selected);
    undoButton_->setEnabled(canUndo());
    editedRow_ = -1;
    form_->markKey(row == errorEntry_ ? errorKey_ : QString());
}

void ImageFilterEditor::addEntry() {
    const QString last = QSettings().value("filterEditor/lastType", "log").toString();
    const auto& keys = FilterEntryForm::typeKeys();
    const auto type = std::find(keys.begin(), keys.end(), last);
    FilterEntry entry = FilterEntryForm::withType(
        FilterEntry(filters::FilterSpec{}), type == keys.end() ? 1 : int(type - keys.begin()));
    // As the reader's default: 2D filters for 2D processing.
    entry.dimensions = base_.settings.sliceWise ? filters::FilterDimensions::Slice2D
                                                : filters::FilterDimensions::Volume3D;
    std::vector<FilterEntry> next = filters_;
    const int at = list_->currentRow() < 0 ? int(next.size()) : list_->currentRow() + 1;
    next.insert(next.begin() + at, entry);
    change(std::move(next), at, false);
}

void ImageFilterEditor::duplicateEntry() {
    const int row = list_->currentRow();
    if (row < 0 || row >= int(filters_.size()))
        return;
    std::vector<FilterEntry> next = filters_;
    next.insert(next.begin() + row + 1, filters_[std::size_t(row)]);
    change(std::move(next), row + 1, false);
}

void ImageFilterEditor::removeEntry() {
    const int row = list_->currentRow();
    if (row < 0 || row >= int(filters_.size()))
        return;
    std::vector<FilterEntry> next = filters_;
    next.erase(next.begin() + row);
    const int select = std::min(row, int(next.size()) - 1); // before next is moved
    change(std::move(next), select, false);
}

void ImageFilterEditor::undo() {
    if (undo_.empty())
        return;
    const int row = list_->currentRow();
    filters_ = std::move(undo_.back());
    undo_.pop_back();
    refresh(filters_.empty() ? -1 : std::clamp(row, 0, int(filters_.size()) - 1));
}

void ImageFilterEditor::formEdited() {
    const int row = list_->currentRow();
    if (row < 0 || row >= int(filters_.size()))
        return;
    std::vector<FilterEntry> next = filters_;
    next[std::size_t(row)] = form_->entry();
    // Consecutive edits of one entry are one change for undo.
    const bool coalesce = editedRow_ == row;
    if (!coalesce)
        undo_.push_back(filters_);
    filters_ = std::move(next);
    editedRow_ = row;
    list_->item(row)->setText(entryText(filters_[std::size_t(row)]));
    list_->item(row)->setToolTip(list_->item(row)->text());
    undoButton_->setEnabled(true);
    validate();
}

/// Reads the list back through the core; the error names the entry and key
/// ("filters[1].order: must sum to at least 1, got [0, 0, 0]"), without the
/// set's name and the line of the generated text, which people do not see.
void ImageFilterEditor::validate() {
    const QString name = name_->text().trimmed();
    const bool nameOk = isDerivedSetName(name.toStdString());
    const std::string source = nameOk ? name.toStdString() : std::string("edited set");
    QString message;
    derived_.reset();
    errorEntry_ = -1;
    errorKey_.clear();
    try {
        radiomics::ParameterSet set = radiomics::withFilters(base_, filters_, source);
        if (filtersText(filters_) != filtersText(base_.settings.filters))
            derived_ = std::move(set);
    } catch (const std::exception& e) {
        message = QString::fromUtf8(e.what());
        const QString prefix = QString::fromStdString(source) + ": ";
        if (message.startsWith(prefix))
            message.remove(0, prefix.size());
        message.remove(QRegularExpression(" \\(line \\d+\\)$"));
        const auto match =
            QRegularExpression("^filters\\[(\\d+)\\](?:\\.([a-z_]+))?(?:\\.([a-z_]+))?")
                .match(message);
        if (match.hasMatch()) {
            errorEntry_ = match.captured(1).toInt();
            errorKey_ = match.captured(3).isEmpty() ? match.captured(2) : match.captured(3);
            message = tr("Filter %1: %2").arg(errorEntry_ + 1).arg(message);
        }
    }
    if (message.isEmpty() && !nameOk)
        message = tr("New set: '%1' cannot name a parameter set: use letters, digits, '.', '_', "
                     "'+' or '-', starting with a letter or digit.")
                      .arg(name);
    for (int r = 0; r < list_->count(); ++r)
        list_->item(r)->setForeground(r == errorEntry_ ? QBrush(QColor(0xb0, 0x00, 0x20))
                                                       : QBrush());
    form_->markKey(list_->currentRow() == errorEntry_ ? errorKey_ : QString());
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
    if (derived_)
        summary_->setText(
            tr("New set: %n filter(s), hash %1; %2 itself is not changed.", nullptr,
               int(filters_.size()))
                .arg(QString::fromStdString(derived_->hash.substr(0, 12)), baseLabel_));
    else
        summary_->setText(message.isEmpty() ? tr("No change from the chosen set yet.") : QString());
    summary_->setVisible(!summary_->text().isEmpty());
    ok_->setEnabled(derived_.has_value() && message.isEmpty());
}

void ImageFilterEditor::save() {
    if (!derived_ || !error_->text().isEmpty())
        return;
    try {
        const auto path = saveDerivedParameterSet(*derived_, name_->text().trimmed().toStdString(),
                                                  saveFolder_.toStdString());
        savedPath_ = QString::fromStdString(path.string());
        accept();
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
        error_->setVisible(true);
    }
}

void ImageFilterEditor::done(int result) {
    QSettings().setValue("filterEditor/geometry", saveGeometry());
    QDialog::done(result);
}

QPushButton* makeFiltersButton(QWidget* parent) {
    auto* button = new QPushButton(ImageFilterEditor::tr("&Filters..."), parent);
    button->setToolTip(ImageFilterEditor::tr("Add, change or remove IBSI-2 filters in a new copy "
                                             "of the chosen parameter set (Alt+F)"));
    button->setAutoDefault(false);
    return button;
}

ImageFilterEditor* openFilterEditor(QComboBox* box, QWidget* parent, QString& error) {
    radiomics::ParameterSet base;
    try {
        base = radiomics::loadParameterSet(box->currentData().toString().toStdString());
        (void)radiomics::withFilters(base, base.settings.filters, base.source); // derivable
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
        return nullptr;
    }
    auto* editor = new ImageFilterEditor(std::move(base), box->currentText(), parent);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(editor, &QDialog::accepted, box,
                     [box, editor] { selectParameterFile(box, editor->savedPath()); });
    editor->open();
    return editor;
}

} // namespace rgw::ui
