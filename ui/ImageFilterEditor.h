#pragma once

#include "radiomics/ParameterSet.h"

#include <QDialog>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace rgw::ui {

class FilterEntryForm;

/// The extraction dialog's filter editor: the `filters:` entries of a
/// parameter set in a compact list (add, duplicate, remove, undo of the last
/// change) and the form of the selected entry (FilterEntryForm). Every change
/// is written through the core writers and read back by the core reader
/// (DerivedParameterSet.h); its error is shown inline, naming the entry and
/// key, and keeps OK disabled. OK writes the result as a new parameter set (a
/// derived copy with its own name, canonical text and hash; the chosen set is
/// never altered) and savedPath() is its file. Remembers its geometry and the
/// last filter type chosen (QSettings "filterEditor/...").
class ImageFilterEditor : public QDialog {
    Q_OBJECT
public:
    /// Edits the filters of `base`; `baseLabel` names it for people (the
    /// preset name or file name of the parameter-set choice).
    ImageFilterEditor(radiomics::ParameterSet base, const QString& baseLabel,
                      QWidget* parent = nullptr);

    const std::vector<radiomics::FilterEntry>& filters() const { return filters_; }
    /// The derived set when the entries are valid and differ from the base's.
    const std::optional<radiomics::ParameterSet>& derived() const { return derived_; }
    /// The inline error, empty when the entries and the name are valid.
    QString error() const;
    /// The folder OK writes the derived set to (default: the application
    /// data folder's "parameter-sets").
    void setSaveFolder(const QString& folder) { saveFolder_ = folder; }
    /// After OK: the file of the derived set (a spec for loadParameterSet).
    QString savedPath() const { return savedPath_; }

    void addEntry();
    void duplicateEntry();
    void removeEntry();
    /// Restores the list as it was before the last change.
    void undo();
    bool canUndo() const { return !undo_.empty(); }

    QListWidget* entryList() const { return list_; }
    FilterEntryForm* form() const { return form_; }
    QLineEdit* nameEdit() const { return name_; }
    QPushButton* okButton() const { return ok_; }
    QLabel* errorLabel() const { return error_; }
    QLabel* summaryLabel() const { return summary_; }

protected:
    void done(int result) override;

private:
    /// Makes `filters` the list (the previous one goes on the undo stack
    /// unless `coalesce`) and selects `select`.
    void change(std::vector<radiomics::FilterEntry> filters, int select, bool coalesce);
    void refresh(int select);
    void showSelected();
    void formEdited();
    void validate();
    void save();

    radiomics::ParameterSet base_;
    QString baseLabel_;
    std::vector<radiomics::FilterEntry> filters_;
    std::vector<std::vector<radiomics::FilterEntry>> undo_;
    std::optional<radiomics::ParameterSet> derived_;
    int editedRow_ = -1; ///< the entry the last change edited (edits coalesce), -1 after others
    int errorEntry_ = -1;
    QString errorKey_;
    QString saveFolder_;
    QString savedPath_;
    QLineEdit* name_;
    QListWidget* list_;
    FilterEntryForm* form_;
    QPushButton* add_;
    QPushButton* duplicate_;
    QPushButton* remove_;
    QPushButton* undoButton_;
    QLabel* error_;
    QLabel* summary_;
    QPushButton* ok_;
};

/// The "Filters..." button (Alt+F) of a dialog that chooses its parameter set
/// in a ParameterSetChoice box; clicking it should call openFilterEditor.
QPushButton* makeFiltersButton(QWidget* parent);

/// Opens an ImageFilterEditor (deleted on close) on the parameter set chosen in
/// `box`; when its OK writes the derived set, `box` chooses that file
/// (selectParameterFile). Returns nullptr, with the reason in `error`, when
/// the chosen set cannot be loaded or a copy of it cannot be derived.
ImageFilterEditor* openFilterEditor(QComboBox* box, QWidget* parent, QString& error);

} // namespace rgw::ui
