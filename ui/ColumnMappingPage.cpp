#include "ColumnMappingPage.h"

#include "FileDialogs.h"
#include "PathText.h"
#include "genomics/DelimitedText.h"
#include "genomics/MappingWriter.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>

namespace rgw::ui {
namespace {

using genomics::AttributeLevel;
using genomics::ClinicalDatatype;
using genomics::ColumnRole;
using genomics::Delimiter;
using Role = ColumnMappingPage::Role;

constexpr int kPreviewRows = 5;
const QString kSeparator = QStringLiteral("; ");

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

/// The role choices in combo order, with their labels.
const std::array<std::pair<Role, const char*>, 9> kRoles{{
    {Role::Ignore, QT_TRANSLATE_NOOP("ColumnMappingPage", "ignore")},
    {Role::PatientId, QT_TRANSLATE_NOOP("ColumnMappingPage", "patient id")},
    {Role::SampleId, QT_TRANSLATE_NOOP("ColumnMappingPage", "sample id")},
    {Role::PatientOfSample, QT_TRANSLATE_NOOP("ColumnMappingPage", "patient of the sample")},
    {Role::SampleType, QT_TRANSLATE_NOOP("ColumnMappingPage", "sample type")},
    {Role::Clinical, QT_TRANSLATE_NOOP("ColumnMappingPage", "clinical attribute")},
    {Role::Mutation, QT_TRANSLATE_NOOP("ColumnMappingPage", "mutation test (gene)")},
    {Role::Subtype, QT_TRANSLATE_NOOP("ColumnMappingPage", "subtype call")},
    {Role::Score, QT_TRANSLATE_NOOP("ColumnMappingPage", "assay score")},
}};
/// Type combo order, as the format names them.
const std::array<std::pair<ClinicalDatatype, const char*>, 4> kTypes{{
    {ClinicalDatatype::Number, "number"},
    {ClinicalDatatype::String, "category"},
    {ClinicalDatatype::Date, "date"},
    {ClinicalDatatype::Boolean, "boolean"},
}};
const std::array<std::pair<Delimiter, const char*>, 4> kDelimiters{{
    {Delimiter::Auto, "auto"},
    {Delimiter::Comma, "comma"},
    {Delimiter::Tab, "tab"},
    {Delimiter::Semicolon, "semicolon"},
}};

/// ';'-separated items, trimmed, empty ones dropped.
std::vector<std::string> splitList(const QString& text) {
    std::vector<std::string> items;
    for (const QString& item : text.split(';')) {
        const QString trimmed = item.trimmed();
        if (!trimmed.isEmpty())
            items.push_back(trimmed.toStdString());
    }
    return items;
}

/// "from=to; from=to" pairs, in order.
std::vector<std::pair<std::string, std::string>> splitPairs(const QString& text) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const QString& item : text.split(';')) {
        if (item.trimmed().isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        if (eq < 0)
            throw Error("'" + item.trimmed().toStdString() +
                        "' is not a from=to pair (pairs are separated by ';')");
        pairs.emplace_back(item.left(eq).trimmed().toStdString(),
                           item.mid(eq + 1).trimmed().toStdString());
    }
    return pairs;
}

QString joinList(const std::vector<std::string>& items) {
    QStringList out;
    for (const auto& item : items)
        out << qs(item);
    return out.join(kSeparator);
}

QString joinPairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
    QStringList out;
    for (const auto& [from, to] : pairs)
        out << qs(from) + '=' + qs(to);
    return out.join(kSeparator);
}

/// An attribute id from a header: ASCII letters and digits upper-cased,
/// every other run of characters one '_'.
QString attributeIdFor(const QString& header, int column) {
    QString id;
    for (const QChar ch : header) {
        if (ch.isLetterOrNumber() && ch.unicode() < 128)
            id += ch.toUpper();
        else if (!id.isEmpty() && !id.endsWith('_'))
            id += '_';
    }
    while (id.endsWith('_'))
        id.chop(1);
    return id.isEmpty() ? QStringLiteral("COLUMN_%1").arg(column + 1) : id;
}

bool isNumber(const QString& text) {
    const std::string s = text.toStdString();
    const char* begin = s.data() + (s.starts_with('+') ? 1 : 0);
    double value = 0;
    const auto [end, error] = std::from_chars(begin, s.data() + s.size(), value);
    return error == std::errc() && end == s.data() + s.size() && std::isfinite(value);
}

bool looksLikePatientId(const QString& header) {
    const QString h = header.toLower().remove(' ').remove('_');
    return h == QLatin1String("patientid") || h == QLatin1String("patient") ||
           h == QLatin1String("mrn") || h == QLatin1String("subjectid") ||
           h == QLatin1String("caseid");
}

/// The parser's message for a mapping the editor built, told in the editor's
/// terms: "<source>:<line>: columns[2].mutated: why" becomes
/// "column 'EGFR result', mutated: why" (the line is of text the user never saw).
QString editorMessage(const std::string& message, const std::string& source,
                      const genomics::TableMapping& mapping) {
    std::string m = message;
    if (m.starts_with(source + ":")) {
        const std::size_t colon = m.find(": ", source.size() + 1);
        if (colon != std::string::npos)
            m = m.substr(colon + 2);
    }
    if (m.starts_with("columns[")) {
        const std::size_t close = m.find(']');
        const std::size_t index = std::stoul(m.substr(8, close - 8));
        std::string rest = m.substr(close + 1);
        std::string key;
        if (rest.starts_with(".")) {
            const std::size_t colon = rest.find(": ");
            key = rest.substr(1, colon - 1);
            rest = rest.substr(colon);
        }
        const std::string name =
            index < mapping.columns.size() ? mapping.columns[index].column.name : "?";
        m = "column '" + name + "'" + (key.empty() ? "" : ", " + key) + rest;
    }
    return qs(m);
}

} // namespace

ColumnMappingPage::ColumnMappingPage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* options = new QHBoxLayout;
    delimiter_ = new QComboBox(this);
    delimiter_->setObjectName(QStringLiteral("delimiterBox"));
    for (const auto& [d, name] : kDelimiters)
        delimiter_->addItem(QString::fromLatin1(name));
    missing_ = new QLineEdit(this);
    missing_->setObjectName(QStringLiteral("missingEdit"));
    std::vector<std::string> defaults = genomics::defaultMissingValues();
    defaults.erase(defaults.begin()); // the empty cell is always missing
    missing_->setText(joinList(defaults));
    missing_->setToolTip(tr("Texts meaning \"no value\", separated by ';'. An empty cell is "
                            "always missing; missing is never zero."));
    study_ = new QLineEdit(this);
    study_->setObjectName(QStringLiteral("studyEdit"));
    study_->setPlaceholderText(tr("from the file name"));
    study_->setToolTip(tr("Study id (letters, digits, _ . -); names the profiles"));
    options->addWidget(new QLabel(tr("Delimiter:"), this));
    options->addWidget(delimiter_);
    options->addWidget(new QLabel(tr("Missing values:"), this));
    options->addWidget(missing_, 2);
    options->addWidget(new QLabel(tr("Study:"), this));
    options->addWidget(study_, 1);
    layout->addLayout(options);

    preview_ = new QTableWidget(this);
    preview_->setObjectName(QStringLiteral("mappingPreview"));
    preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    preview_->verticalHeader()->setDefaultSectionSize(preview_->fontMetrics().height() + 6);
    preview_->setMaximumHeight(preview_->fontMetrics().height() * (kPreviewRows + 2) + 24);
    preview_->setToolTip(tr("The first rows of the table"));
    layout->addWidget(new QLabel(tr("First rows of the table:"), this));
    layout->addWidget(preview_);

    editor_ = new QTableWidget(0, EditorColumnCount, this);
    editor_->setObjectName(QStringLiteral("mappingEditor"));
    editor_->setHorizontalHeaderLabels(
        {tr("Column"), tr("Role"), tr("Attribute / gene / name"), tr("Type"), tr("Level"),
         tr("Display name"), tr("Description"), tr("Recoding (from=to; ...)"), tr("Mutated values"),
         tr("Wild-type values"), tr("Classification"), tr("Unit"), tr("Method"), tr("Profile id")});
    editor_->verticalHeader()->hide();
    editor_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    layout->addWidget(new QLabel(tr("What each column is:"), this));
    layout->addWidget(editor_, 1);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("mappingStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    connect(delimiter_, &QComboBox::currentIndexChanged, this, [this] {
        if (!filling_ && !file_.isEmpty())
            readPreview();
    });
    connect(missing_, &QLineEdit::textChanged, this, &ColumnMappingPage::revalidate);
    connect(study_, &QLineEdit::textChanged, this, &ColumnMappingPage::revalidate);
    connect(editor_, &QTableWidget::itemChanged, this, [this] { revalidate(); });
}

bool ColumnMappingPage::setTable(const QString& file) {
    file_ = file;
    filling_ = true;
    delimiter_->setCurrentIndex(0);
    filling_ = false;
    readPreview();
    return !headers_.isEmpty();
}

void ColumnMappingPage::readPreview() {
    filling_ = true;
    headers_.clear();
    preview_->clear();
    preview_->setRowCount(0);
    preview_->setColumnCount(0);
    editor_->setRowCount(0);
    std::vector<QStringList> rows;
    QString failure;
    try {
        genomics::DelimitedTextReader reader(toPath(file_),
                                             kDelimiters[delimiter_->currentIndex()].first);
        genomics::DelimitedRecord record;
        if (!reader.next(record))
            throw Error(reader.name() + ": the table is empty (no header line)");
        for (const auto& field : record.fields)
            headers_ << qs(field.text).trimmed();
        while (static_cast<int>(rows.size()) < kPreviewRows && reader.next(record)) {
            QStringList row;
            for (const auto& field : record.fields)
                row << (field.problem.empty() ? qs(field.text).trimmed() : qs(field.problem));
            rows.push_back(row);
        }
    } catch (const std::exception& e) {
        failure = qs(rgw::failureMessage(e));
        headers_.clear();
    }
    preview_->setColumnCount(static_cast<int>(headers_.size()));
    preview_->setHorizontalHeaderLabels(headers_);
    preview_->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r)
        for (int c = 0; c < std::min<int>(rows[r].size(), headers_.size()); ++c)
            preview_->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    preview_->resizeColumnsToContents();

    // Propose roles: an id-like header (else the first column) is the patient
    // id, every other column a clinical attribute.
    int idColumn = 0;
    for (int c = 0; c < headers_.size(); ++c)
        if (looksLikePatientId(headers_[c])) {
            idColumn = c;
            break;
        }
    const QStringList missing = missing_->text().split(';');
    for (int c = 0; c < headers_.size(); ++c) {
        QStringList examples;
        for (const auto& row : rows)
            if (c < row.size())
                examples << row[c];
        addEditorRow(c, examples);
        setRole(c, c == idColumn ? Role::PatientId : Role::Clinical);
        bool numeric = false;
        bool others = false;
        for (const QString& value : examples) {
            const bool isMissing =
                value.isEmpty() ||
                std::any_of(missing.begin(), missing.end(), [&](const QString& m) {
                    return m.trimmed().compare(value, Qt::CaseInsensitive) == 0;
                });
            if (isMissing)
                continue;
            (isNumber(value) ? numeric : others) = true;
        }
        typeBox(c)->setCurrentIndex(numeric && !others ? 0 : 1);
    }
    editor_->resizeColumnToContents(HeaderColumn);
    editor_->resizeColumnToContents(RoleColumn);
    filling_ = false;
    if (!failure.isEmpty()) {
        problem_ = failure;
        status_->setText(failure);
        status_->setStyleSheet(QStringLiteral("color: #b00020;"));
        emit mappingChanged(false);
        return;
    }
    revalidate();
}

void ColumnMappingPage::addEditorRow(int column, const QStringList& examples) {
    editor_->insertRow(column);
    auto* header = new QTableWidgetItem(headers_[column]);
    header->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    header->setToolTip(tr("First values: %1").arg(examples.join(kSeparator)));
    editor_->setItem(column, HeaderColumn, header);
    auto* role = new QComboBox(editor_);
    for (const auto& [r, label] : kRoles)
        role->addItem(tr(label));
    auto* type = new QComboBox(editor_);
    for (const auto& [t, name] : kTypes)
        type->addItem(QString::fromLatin1(name));
    auto* level = new QComboBox(editor_);
    level->addItems({QStringLiteral("patient"), QStringLiteral("sample")});
    editor_->setCellWidget(column, RoleColumn, role);
    editor_->setCellWidget(column, TypeColumn, type);
    editor_->setCellWidget(column, LevelColumn, level);
    for (int what = NameColumn; what < EditorColumnCount; ++what)
        if (what != TypeColumn && what != LevelColumn)
            editor_->setItem(column, what, new QTableWidgetItem);
    editor_->item(column, NameColumn)->setText(attributeIdFor(headers_[column], column));
    connect(role, &QComboBox::currentIndexChanged, this, [this, column] {
        updateApplicability(column);
        revalidate();
    });
    connect(type, &QComboBox::currentIndexChanged, this, [this, column] {
        updateApplicability(column);
        revalidate();
    });
    connect(level, &QComboBox::currentIndexChanged, this, &ColumnMappingPage::revalidate);
    updateApplicability(column);
}

void ColumnMappingPage::updateApplicability(int column) {
    const Role role = roleOf(column);
    const bool clinical = role == Role::Clinical;
    const bool category = clinical && typeBox(column)->currentIndex() == 1;
    const bool profile = role == Role::Mutation || role == Role::Subtype || role == Role::Score;
    const auto applies = [&](int what) {
        switch (what) {
        case NameColumn:
            return clinical || profile;
        case TypeColumn:
        case LevelColumn:
        case DisplayNameColumn:
        case DescriptionColumn:
            return clinical;
        case RecodingColumn:
            return category || role == Role::Subtype;
        case MutatedColumn:
        case WildTypeColumn:
        case ClassificationColumn:
            return role == Role::Mutation;
        case UnitColumn:
            return role == Role::Score;
        case MethodColumn:
        case ProfileColumn:
            return profile;
        default:
            return true;
        }
    };
    const bool wasFilling = filling_;
    filling_ = true; // flag changes are not edits
    for (int what = NameColumn; what < EditorColumnCount; ++what) {
        const bool on = applies(what);
        if (QWidget* w = editor_->cellWidget(column, what))
            w->setEnabled(on);
        else if (QTableWidgetItem* item = editor_->item(column, what)) {
            item->setFlags(on ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable
                              : Qt::ItemIsSelectable);
            item->setToolTip(on ? QString() : tr("Does not apply to this role"));
        }
    }
    filling_ = wasFilling;
}

QComboBox* ColumnMappingPage::roleBox(int column) const {
    return qobject_cast<QComboBox*>(editor_->cellWidget(column, RoleColumn));
}
QComboBox* ColumnMappingPage::typeBox(int column) const {
    return qobject_cast<QComboBox*>(editor_->cellWidget(column, TypeColumn));
}
QComboBox* ColumnMappingPage::levelBox(int column) const {
    return qobject_cast<QComboBox*>(editor_->cellWidget(column, LevelColumn));
}

ColumnMappingPage::Role ColumnMappingPage::roleOf(int column) const {
    return kRoles[roleBox(column)->currentIndex()].first;
}

void ColumnMappingPage::setRole(int column, Role role) {
    for (std::size_t i = 0; i < kRoles.size(); ++i)
        if (kRoles[i].first == role)
            roleBox(column)->setCurrentIndex(static_cast<int>(i));
}

QString ColumnMappingPage::cell(int column, EditorColumn what) const {
    const QTableWidgetItem* item = editor_->item(column, what);
    return item ? item->text().trimmed() : QString();
}

void ColumnMappingPage::setCell(int column, EditorColumn what, const QString& text) {
    editor_->item(column, what)->setText(text);
}

genomics::TableMapping ColumnMappingPage::mapping() const {
    genomics::TableMapping m;
    m.source = file_.toStdString();
    m.delimiter = kDelimiters[delimiter_->currentIndex()].first;
    m.missing = splitList(missing_->text());
    m.missing.insert(m.missing.begin(), "");
    m.study = study_->text().trimmed().toStdString();
    for (int c = 0; c < headers_.size(); ++c) {
        const std::string header = headers_[c].toStdString();
        switch (roleOf(c)) {
        case Role::PatientId:
        case Role::SampleId:
            m.idColumn.name = header;
            m.idLevel =
                roleOf(c) == Role::SampleId ? AttributeLevel::Sample : AttributeLevel::Patient;
            break;
        case Role::PatientOfSample:
            m.patientColumn.name = header;
            break;
        case Role::SampleType:
            m.sampleTypeColumn.name = header;
            break;
        default:
            break;
        }
    }
    for (int c = 0; c < headers_.size(); ++c) {
        const Role role = roleOf(c);
        genomics::ColumnMapping column;
        column.column.name = headers_[c].toStdString();
        const std::string name = cell(c, NameColumn).toStdString();
        switch (role) {
        case Role::Clinical: {
            column.role = ColumnRole::Clinical;
            auto& a = column.attribute;
            a.id = name;
            a.datatype = kTypes[typeBox(c)->currentIndex()].first;
            a.displayName = cell(c, DisplayNameColumn).isEmpty()
                                ? name
                                : cell(c, DisplayNameColumn).toStdString();
            a.description = cell(c, DescriptionColumn).toStdString();
            a.level =
                levelBox(c)->currentIndex() == 1 ? AttributeLevel::Sample : AttributeLevel::Patient;
            if (a.datatype == ClinicalDatatype::String)
                column.values = splitPairs(cell(c, RecodingColumn));
            break;
        }
        case Role::Mutation: {
            column.role = ColumnRole::Mutation;
            column.name = name;
            const QString classification = cell(c, ClassificationColumn);
            const auto classes = classification.contains('=')
                                     ? splitPairs(classification)
                                     : std::vector<std::pair<std::string, std::string>>{};
            for (const std::string& value : splitList(cell(c, MutatedColumn))) {
                std::string cls =
                    classification.isEmpty() ? "Missense_Mutation" : classification.toStdString();
                if (classification.contains('=')) {
                    cls.clear(); // a value without a class: the parser names it
                    for (const auto& [v, k] : classes)
                        if (QString::fromStdString(v).compare(qs(value), Qt::CaseInsensitive) == 0)
                            cls = k;
                }
                column.mutated.push_back({value, cls});
            }
            column.wildType = splitList(cell(c, WildTypeColumn));
            break;
        }
        case Role::Subtype:
            column.role = ColumnRole::Subtype;
            column.name = name;
            column.values = splitPairs(cell(c, RecodingColumn));
            break;
        case Role::Score:
            column.role = ColumnRole::Score;
            column.name = name;
            column.unit = cell(c, UnitColumn).toStdString();
            break;
        default:
            continue;
        }
        if (role != Role::Clinical) {
            column.method = cell(c, MethodColumn).toStdString();
            column.profileStableId = cell(c, ProfileColumn).toStdString();
        }
        m.columns.push_back(std::move(column));
    }
    return m;
}

genomics::TableMapping ColumnMappingPage::checkedMapping() const {
    if (headers_.isEmpty())
        throw Error("no table is read");
    int ids = 0;
    int patientOfSample = 0;
    int sampleTypes = 0;
    bool sampleId = false;
    for (int c = 0; c < headers_.size(); ++c) {
        const Role role = roleOf(c);
        ids += role == Role::PatientId || role == Role::SampleId;
        sampleId = sampleId || role == Role::SampleId;
        patientOfSample += role == Role::PatientOfSample;
        sampleTypes += role == Role::SampleType;
    }
    if (ids != 1)
        throw Error(ids == 0 ? "choose the column holding the patient id (or the sample id)"
                             : "choose only one patient id or sample id column");
    if (patientOfSample > 1 || sampleTypes > 1)
        throw Error("choose at most one 'patient of the sample' and one 'sample type' column");
    if ((patientOfSample || sampleTypes) && !sampleId)
        throw Error("'patient of the sample' and 'sample type' need a sample id column");
    const genomics::TableMapping built = mapping();
    if (built.columns.empty())
        throw Error("map at least one column as an attribute, mutation test, subtype or score");
    const std::string source = "the column mapping";
    try {
        genomics::TableMapping parsed =
            genomics::parseTableMapping(genomics::writeTableMapping(built), source);
        parsed.source = built.source;
        return parsed;
    } catch (const Error& e) {
        throw Error(editorMessage(e.what(), source, built).toStdString());
    }
}

std::string ColumnMappingPage::mappingText() const {
    return genomics::writeTableMapping(checkedMapping());
}

QStringList ColumnMappingPage::setMapping(const genomics::TableMapping& m) {
    filling_ = true;
    for (std::size_t i = 0; i < kDelimiters.size(); ++i)
        if (kDelimiters[i].first == m.delimiter)
            delimiter_->setCurrentIndex(static_cast<int>(i));
    readPreview(); // the header under this delimiter
    filling_ = true;
    std::vector<std::string> missing = m.missing;
    std::erase(missing, std::string());
    missing_->setText(joinList(missing));
    study_->setText(qs(m.study));
    for (int c = 0; c < headers_.size(); ++c) {
        setRole(c, Role::Ignore);
        for (int what = NameColumn; what < EditorColumnCount; ++what)
            if (QTableWidgetItem* item = editor_->item(c, what))
                item->setText(QString());
        typeBox(c)->setCurrentIndex(1);
        levelBox(c)->setCurrentIndex(m.idLevel == AttributeLevel::Sample ? 1 : 0);
    }
    QStringList absent;
    const auto columnOf = [&](const std::string& name) {
        const int c = static_cast<int>(headers_.indexOf(qs(name)));
        if (c < 0)
            absent << qs(name);
        return c;
    };
    if (const int c = columnOf(m.idColumn.name); c >= 0)
        setRole(c, m.idLevel == AttributeLevel::Sample ? Role::SampleId : Role::PatientId);
    if (!m.patientColumn.name.empty())
        if (const int c = columnOf(m.patientColumn.name); c >= 0)
            setRole(c, Role::PatientOfSample);
    if (!m.sampleTypeColumn.name.empty())
        if (const int c = columnOf(m.sampleTypeColumn.name); c >= 0)
            setRole(c, Role::SampleType);
    for (const auto& column : m.columns) {
        const int c = columnOf(column.column.name);
        if (c < 0)
            continue;
        switch (column.role) {
        case ColumnRole::Clinical: {
            setRole(c, Role::Clinical);
            const auto& a = column.attribute;
            setCell(c, NameColumn, qs(a.id));
            for (std::size_t i = 0; i < kTypes.size(); ++i)
                if (kTypes[i].first == a.datatype)
                    typeBox(c)->setCurrentIndex(static_cast<int>(i));
            levelBox(c)->setCurrentIndex(a.level == AttributeLevel::Sample ? 1 : 0);
            setCell(c, DisplayNameColumn, a.displayName == a.id ? QString() : qs(a.displayName));
            setCell(c, DescriptionColumn, qs(a.description));
            setCell(c, RecodingColumn, joinPairs(column.values));
            break;
        }
        case ColumnRole::Mutation: {
            setRole(c, Role::Mutation);
            std::vector<std::string> mutated;
            std::vector<std::pair<std::string, std::string>> classes;
            bool oneClass = true;
            for (const auto& value : column.mutated) {
                mutated.push_back(value.text);
                classes.emplace_back(value.text, value.classification);
                oneClass =
                    oneClass && value.classification == column.mutated.front().classification;
            }
            setCell(c, MutatedColumn, joinList(mutated));
            setCell(c, WildTypeColumn, joinList(column.wildType));
            const QString single =
                column.mutated.empty() ||
                        column.mutated.front().classification == "Missense_Mutation"
                    ? QString()
                    : qs(column.mutated.front().classification);
            setCell(c, ClassificationColumn, oneClass ? single : joinPairs(classes));
            break;
        }
        case ColumnRole::Subtype:
            setRole(c, Role::Subtype);
            setCell(c, RecodingColumn, joinPairs(column.values));
            break;
        case ColumnRole::Score:
            setRole(c, Role::Score);
            setCell(c, UnitColumn, qs(column.unit));
            break;
        }
        if (column.role != ColumnRole::Clinical) {
            setCell(c, NameColumn, qs(column.name));
            setCell(c, MethodColumn, qs(column.method));
            setCell(c, ProfileColumn, qs(column.profileStableId));
        }
    }
    filling_ = false;
    revalidate();
    return absent;
}

void ColumnMappingPage::revalidate() {
    if (filling_)
        return;
    try {
        const auto m = checkedMapping();
        problem_.clear();
        status_->setText(tr("Mapping ready: %n column(s) imported by id column '%1'.", nullptr,
                            static_cast<int>(m.columns.size()))
                             .arg(qs(m.idColumn.name)));
        status_->setStyleSheet(QStringLiteral("color: #1b5e20;"));
    } catch (const std::exception& e) {
        problem_ = qs(rgw::failureMessage(e));
        status_->setText(tr("Mapping not usable: %1").arg(problem_));
        status_->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
    emit mappingChanged(problem_.isEmpty());
}

void ColumnMappingPage::saveMappingDialog() {
    std::string text;
    try {
        text = mappingText();
    } catch (const std::exception& e) {
        QMessageBox::warning(
            this, tr("Save mapping"),
            tr("The mapping cannot be saved yet:\n%1").arg(qs(rgw::failureMessage(e))));
        return;
    }
    QSettings settings;
    const QString start = QFileInfo(file_).dir().filePath(QFileInfo(file_).completeBaseName() +
                                                          QStringLiteral(".mapping.yaml"));
    const QString out = chooseSaveFile(
        this, tr("Save mapping"), settings.value("genomicsImport/mappingFile", start).toString(),
        tr("Column mappings (*.yaml *.yml)"));
    if (out.isEmpty())
        return;
    QFile file(out);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(text.data(), static_cast<qint64>(text.size())) !=
            static_cast<qint64>(text.size())) {
        QMessageBox::warning(this, tr("Save mapping"),
                             tr("Cannot write %1: %2").arg(out, file.errorString()));
        return;
    }
    settings.setValue("genomicsImport/mappingFile", out);
}

void ColumnMappingPage::loadMappingDialog() {
    QSettings settings;
    const QString in = chooseOpenFile(
        this, tr("Load mapping"),
        settings.value("genomicsImport/mappingFile", QFileInfo(file_).absolutePath()).toString(),
        tr("Column mappings (*.yaml *.yml);;All files (*)"));
    if (in.isEmpty())
        return;
    try {
        const QStringList absent = setMapping(genomics::readTableMapping(toPath(in)));
        settings.setValue("genomicsImport/mappingFile", in);
        if (!absent.isEmpty())
            QMessageBox::warning(this, tr("Load mapping"),
                                 tr("These mapped columns are not in the table and were left "
                                    "out: %1")
                                     .arg(absent.join(QStringLiteral(", "))));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Load mapping"), qs(rgw::failureMessage(e)));
    }
}

} // namespace rgw::ui
