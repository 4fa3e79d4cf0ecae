#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QVBoxLayout;

namespace rgw::ui {

/// Builds a cohort filter (cohort/CohortFilter.h) from rows of variable /
/// operator / value, in groups: the rows of a group are joined by "and"
/// (match all) or "or" (match any), the groups by the other choice. It writes
/// the filter text the CLI's --where takes; the text is shown and may be
/// edited directly (then it is what counts until a row changes). The text is
/// checked with cohort::CohortFilter::parse and against the known variables;
/// an error is shown inline under it.
class FilterBuilder : public QWidget {
    Q_OBJECT
public:
    enum class Join { And, Or };

    explicit FilterBuilder(QWidget* parent = nullptr);

    /// The variable names offered (and known: others are an error).
    void setVariables(const QStringList& names);
    QStringList variables() const { return variables_; }

    /// Adds a group (with no rows) and returns its index.
    int addGroup();
    /// Adds a row to `group`: `op` one of = != < <= > >= "is" "is not".
    void addCondition(int group, const QString& variable, const QString& op, const QString& value);
    void setGroupJoin(int group, Join join);
    void setGroupsJoin(Join join);
    /// Removes every group and row; the text becomes empty (everyone).
    void clear();
    int groupCount() const { return static_cast<int>(groups_.size()); }

    /// The filter text (built from the rows, or as edited).
    QString text() const;
    /// Replaces the text as if typed.
    void setText(const QString& text);
    /// Empty when the text parses and names known variables, else the error.
    QString error() const { return error_; }

    /// One condition as filter text: numbers and single words (Female,
    /// true) bare, other values quoted ('1:DECEASED', 'stage II').
    /// Throws rgw::Error for a value that holds both quote characters.
    static QString conditionText(const QString& variable, const QString& op, const QString& value);

    QLineEdit* textEdit() const { return text_; }

signals:
    /// The text changed; `valid` when error() is empty.
    void filterChanged(const QString& text, bool valid);

private:
    struct Row {
        QWidget* widget;
        QComboBox* variable;
        QComboBox* op;
        QComboBox* value;
    };
    struct Group {
        QWidget* widget;
        QComboBox* join;
        QVBoxLayout* rows;
        std::vector<Row> conditions;
    };
    void rebuildText();
    void check();
    void removeRow(QWidget* row);
    void removeGroup(QWidget* group);
    void offerValues(Row& row);

    QStringList variables_;
    std::vector<Group> groups_;
    QVBoxLayout* groupLayout_;
    QComboBox* groupsJoin_;
    QLineEdit* text_;
    QLabel* errorLabel_;
    QString error_;
};

} // namespace rgw::ui
