#include "FilterBuilder.h"

#include "cohort/CohortFilter.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <charconv>
#include <cmath>

namespace rgw::ui {
namespace {

const QStringList kOperators{"=", "!=", "<", "<=", ">", ">=", "is", "is not"};
const QStringList kStates{"missing", "mutated", "wild-type", "not-profiled", "true", "false"};

bool isNumber(const QString& text) {
    const std::string s = text.toStdString();
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(v);
}

/// A value the filter reads as one bare word: a letter, then letters,
/// digits and _ . : - + (CohortFilter's word characters), and no keyword.
bool isBareWord(const QString& text) {
    if (text.isEmpty() || !text.front().isLetter() || text.front().unicode() > 127)
        return false;
    for (const QChar c : text)
        if (c.unicode() > 127 || !(c.isLetterOrNumber() || QStringLiteral("_.:-+").contains(c)))
            return false;
    const QString lower = text.toLower();
    return lower != QLatin1String("and") && lower != QLatin1String("or") &&
           lower != QLatin1String("not") && lower != QLatin1String("is");
}

} // namespace

QString FilterBuilder::conditionText(const QString& variable, const QString& op,
                                     const QString& value) {
    const QString v = value.trimmed();
    if (op.startsWith(QLatin1String("is")))
        return variable + ' ' + op + ' ' + v;
    if (isNumber(v) || isBareWord(v))
        return variable + ' ' + op + ' ' + v;
    if (!v.contains('\''))
        return variable + ' ' + op + " '" + v + '\'';
    if (!v.contains('"'))
        return variable + ' ' + op + " \"" + v + '"';
    throw Error("the value " + v.toStdString() + " holds both quote characters");
}

FilterBuilder::FilterBuilder(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* groups = new QWidget;
    groupLayout_ = new QVBoxLayout(groups);
    groupLayout_->setContentsMargins(0, 0, 0, 0);
    groupLayout_->addStretch();
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(groups);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    auto* bar = new QHBoxLayout;
    auto* addGroupButton = new QPushButton(tr("Add &group"), this);
    addGroupButton->setObjectName(QStringLiteral("addGroupButton"));
    groupsJoin_ = new QComboBox(this);
    groupsJoin_->setObjectName(QStringLiteral("groupsJoin"));
    groupsJoin_->addItems({tr("all groups (and)"), tr("any group (or)")});
    groupsJoin_->setCurrentIndex(1);
    bar->addWidget(addGroupButton);
    bar->addWidget(new QLabel(tr("Patients matching"), this));
    bar->addWidget(groupsJoin_);
    bar->addStretch();
    layout->addLayout(bar);

    text_ = new QLineEdit(this);
    text_->setObjectName(QStringLiteral("filterText"));
    text_->setPlaceholderText(tr("empty: every patient; e.g. AGE >= 50 and mut_EGFR is mutated"));
    text_->setToolTip(tr("The filter text (as rgw-cli cohort create --where takes it); edit it "
                         "directly if you like"));
    layout->addWidget(text_);
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName(QStringLiteral("filterError"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("color: #b00020;"));
    errorLabel_->hide();
    layout->addWidget(errorLabel_);

    connect(addGroupButton, &QPushButton::clicked, this, [this] {
        const int g = addGroup();
        addCondition(g, variables_.value(0), QStringLiteral("="), QString());
    });
    connect(groupsJoin_, &QComboBox::currentIndexChanged, this, &FilterBuilder::rebuildText);
    connect(text_, &QLineEdit::textEdited, this, &FilterBuilder::check);
}

void FilterBuilder::setVariables(const QStringList& names) {
    variables_ = names;
    for (auto& group : groups_)
        for (auto& row : group.conditions) {
            const QString current = row.variable->currentText();
            row.variable->blockSignals(true);
            row.variable->clear();
            row.variable->addItems(names);
            row.variable->setCurrentText(current);
            row.variable->blockSignals(false);
        }
    check();
}

int FilterBuilder::addGroup() {
    auto* frame = new QFrame;
    frame->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* header = new QHBoxLayout;
    auto* join = new QComboBox(frame);
    join->addItems({tr("all of (and)"), tr("any of (or)")});
    auto* add = new QPushButton(tr("Add condition"), frame);
    auto* remove = new QPushButton(tr("Remove group"), frame);
    header->addWidget(new QLabel(tr("Match"), frame));
    header->addWidget(join);
    header->addStretch();
    header->addWidget(add);
    header->addWidget(remove);
    layout->addLayout(header);
    auto* rows = new QVBoxLayout;
    layout->addLayout(rows);
    groupLayout_->insertWidget(groupLayout_->count() - 1, frame);
    groups_.push_back({frame, join, rows, {}});
    connect(join, &QComboBox::currentIndexChanged, this, &FilterBuilder::rebuildText);
    connect(add, &QPushButton::clicked, this, [this, frame] {
        for (std::size_t g = 0; g < groups_.size(); ++g)
            if (groups_[g].widget == frame)
                addCondition(static_cast<int>(g), variables_.value(0), QStringLiteral("="),
                             QString());
    });
    connect(remove, &QPushButton::clicked, this, [this, frame] { removeGroup(frame); });
    rebuildText();
    return static_cast<int>(groups_.size()) - 1;
}

void FilterBuilder::addCondition(int group, const QString& variable, const QString& op,
                                 const QString& value) {
    Group& g = groups_.at(static_cast<std::size_t>(group));
    auto* widget = new QWidget(g.widget);
    auto* layout = new QHBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    Row row{widget, new QComboBox(widget), new QComboBox(widget), new QComboBox(widget)};
    row.variable->setEditable(true);
    row.variable->addItems(variables_);
    row.variable->setCurrentText(variable);
    row.variable->setMinimumContentsLength(16);
    row.op->addItems(kOperators);
    row.op->setCurrentText(op);
    row.value->setEditable(true);
    row.value->setMinimumContentsLength(12);
    offerValues(row);
    row.value->setCurrentText(value);
    auto* remove = new QPushButton(tr("Remove"), widget);
    layout->addWidget(row.variable, 2);
    layout->addWidget(row.op);
    layout->addWidget(row.value, 2);
    layout->addWidget(remove);
    g.rows->addWidget(widget);
    g.conditions.push_back(row);
    connect(row.variable, &QComboBox::currentTextChanged, this, &FilterBuilder::rebuildText);
    connect(row.value, &QComboBox::currentTextChanged, this, &FilterBuilder::rebuildText);
    connect(row.op, &QComboBox::currentIndexChanged, this, [this, widget] {
        for (auto& gr : groups_)
            for (auto& r : gr.conditions)
                if (r.widget == widget)
                    offerValues(r);
        rebuildText();
    });
    connect(remove, &QPushButton::clicked, this, [this, widget] { removeRow(widget); });
    rebuildText();
}

void FilterBuilder::offerValues(Row& row) {
    const bool state = row.op->currentText().startsWith(QLatin1String("is"));
    const QString current = row.value->currentText();
    row.value->blockSignals(true);
    row.value->clear();
    if (state)
        row.value->addItems(kStates);
    row.value->setCurrentText(state && !kStates.contains(current) ? kStates.front() : current);
    row.value->blockSignals(false);
}

void FilterBuilder::setGroupJoin(int group, Join join) {
    groups_.at(static_cast<std::size_t>(group)).join->setCurrentIndex(join == Join::Or ? 1 : 0);
}

void FilterBuilder::setGroupsJoin(Join join) {
    groupsJoin_->setCurrentIndex(join == Join::Or ? 1 : 0);
}

void FilterBuilder::removeRow(QWidget* widget) {
    for (auto& g : groups_)
        for (auto it = g.conditions.begin(); it != g.conditions.end(); ++it)
            if (it->widget == widget) {
                g.conditions.erase(it);
                widget->deleteLater();
                rebuildText();
                return;
            }
}

void FilterBuilder::removeGroup(QWidget* widget) {
    for (auto it = groups_.begin(); it != groups_.end(); ++it)
        if (it->widget == widget) {
            groups_.erase(it);
            widget->deleteLater();
            rebuildText();
            return;
        }
}

void FilterBuilder::clear() {
    for (auto& g : groups_)
        g.widget->deleteLater();
    groups_.clear();
    rebuildText();
}

void FilterBuilder::rebuildText() {
    const bool orGroups = groupsJoin_->currentIndex() == 1;
    std::vector<std::pair<QString, bool>> groupTexts; // text, several conditions joined by or
    QString failure;
    for (const auto& g : groups_) {
        QStringList conditions;
        for (const auto& row : g.conditions) {
            const QString variable = row.variable->currentText().trimmed();
            if (variable.isEmpty())
                continue;
            try {
                conditions << conditionText(variable, row.op->currentText(),
                                            row.value->currentText());
            } catch (const std::exception& e) {
                failure = QString::fromStdString(rgw::failureMessage(e));
            }
        }
        if (conditions.isEmpty())
            continue;
        const bool groupOr = g.join->currentIndex() == 1;
        groupTexts.emplace_back(
            conditions.join(groupOr ? QStringLiteral(" or ") : QStringLiteral(" and ")),
            conditions.size() > 1 && groupOr);
    }
    // A group of several conditions is parenthesised when other groups join
    // it; "and" binds tighter than "or", but the brackets say it plainly.
    QStringList parts;
    for (const auto& [t, groupOr] : groupTexts) {
        const bool several =
            t.contains(QLatin1String(" and ")) || t.contains(QLatin1String(" or "));
        parts << (several && groupTexts.size() > 1 && groupOr != orGroups ? '(' + t + ')' : t);
    }
    text_->setText(parts.join(orGroups ? QStringLiteral(" or ") : QStringLiteral(" and ")));
    check();
    if (!failure.isEmpty()) {
        error_ = failure;
        errorLabel_->setText(error_);
        errorLabel_->show();
    }
}

void FilterBuilder::check() {
    error_.clear();
    try {
        const auto filter = cohort::CohortFilter::parse(text_->text().toStdString());
        if (!variables_.isEmpty())
            for (const std::string& name : filter.variables())
                if (!variables_.contains(QString::fromStdString(name)))
                    throw Error("unknown variable '" + name + "'");
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(rgw::failureMessage(e));
    }
    errorLabel_->setText(error_);
    errorLabel_->setVisible(!error_.isEmpty());
    emit filterChanged(text_->text(), error_.isEmpty());
}

QString FilterBuilder::text() const {
    return text_->text();
}

void FilterBuilder::setText(const QString& text) {
    text_->setText(text);
    check();
}

} // namespace rgw::ui
