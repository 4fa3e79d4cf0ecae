#pragma once

#include "genomics/MappedTable.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace rgw::ui {

/// The column-mapping step of the genomic / clinical import: the table's
/// first rows, and per column what it is. What it builds is a
/// genomics::TableMapping, the mapping a YAML mapping file gives
/// (resources/mapping/README.md), and it is checked by the same parser: the
/// editor writes the mapping as YAML and reads it back with
/// genomics::parseTableMapping, so the editor accepts exactly what the file
/// format accepts and its error messages are the format's.
///
/// Lists in a cell (mutated / wild-type values, the missing values) are
/// separated by ';'; recodings and per-value classifications are
/// "from=to" pairs separated by ';' (a classification without '=' applies
/// to every mutated value).
class ColumnMappingPage : public QWidget {
    Q_OBJECT
public:
    /// What one table column is.
    enum class Role {
        Ignore,          ///< not imported
        PatientId,       ///< id_column, id_level: patient
        SampleId,        ///< id_column, id_level: sample
        PatientOfSample, ///< patient_column
        SampleType,      ///< sample_type_column
        Clinical,        ///< attribute
        Mutation,        ///< mutation (single-gene test)
        Subtype,         ///< subtype (categorical call)
        Score,           ///< score (numeric assay score)
    };
    /// Columns of the role editor (one row per table column).
    enum EditorColumn {
        HeaderColumn,
        RoleColumn,
        NameColumn, ///< attribute id, gene, subtype or score name
        TypeColumn,
        LevelColumn,
        DisplayNameColumn,
        DescriptionColumn,
        RecodingColumn,
        MutatedColumn,
        WildTypeColumn,
        ClassificationColumn,
        UnitColumn,
        MethodColumn,
        ProfileColumn,
        EditorColumnCount
    };

    explicit ColumnMappingPage(QWidget* parent = nullptr);

    /// Reads the header and the first rows of `file` and proposes a role per
    /// column (an id-like header, else the first column, as the patient id;
    /// the others as clinical attributes, numbers when every preview value is
    /// one). False, with the reason shown, when the file cannot be read.
    bool setTable(const QString& file);
    QString tableFile() const { return file_; }
    QStringList headers() const { return headers_; }

    /// The mapping as the editor says, unchecked.
    genomics::TableMapping mapping() const;
    /// The mapping checked by the file format's parser; throws rgw::Error
    /// with the parser's message.
    genomics::TableMapping checkedMapping() const;
    /// The mapping file text of checkedMapping().
    std::string mappingText() const;
    /// Shows `mapping` in the editor. Returns the mapped columns that are not
    /// in the table's header (they cannot be shown and are dropped).
    QStringList setMapping(const genomics::TableMapping& mapping);

    /// Empty when the mapping is valid, else why not (shown under the editor).
    QString problem() const { return problem_; }

    // The editor's parts, for the dialog's layout and for tests.
    QTableWidget* preview() const { return preview_; }
    QTableWidget* editor() const { return editor_; }
    QComboBox* roleBox(int column) const;
    QComboBox* typeBox(int column) const;
    QComboBox* levelBox(int column) const;
    QComboBox* delimiterBox() const { return delimiter_; }
    QLineEdit* missingEdit() const { return missing_; }
    QLineEdit* studyEdit() const { return study_; }
    /// Sets the text cell `what` of table column `column`.
    void setCell(int column, EditorColumn what, const QString& text);
    void setRole(int column, Role role);

    /// Save mapping... / Load mapping... (file dialogs; errors in message boxes).
    void saveMappingDialog();
    void loadMappingDialog();

signals:
    /// The mapping changed; `valid` says whether checkedMapping() succeeds.
    void mappingChanged(bool valid);

private:
    void readPreview();
    void addEditorRow(int column, const QStringList& examples);
    void updateApplicability(int column);
    void revalidate();
    Role roleOf(int column) const;
    QString cell(int column, EditorColumn what) const;

    QString file_;
    QStringList headers_;
    QString problem_;
    bool filling_ = false; ///< setMapping / setTable in progress: no revalidation per cell
    QComboBox* delimiter_;
    QLineEdit* missing_;
    QLineEdit* study_;
    QTableWidget* preview_;
    QTableWidget* editor_;
    QLabel* status_;
};

} // namespace rgw::ui
