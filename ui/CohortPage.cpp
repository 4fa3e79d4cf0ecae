#include "CohortPage.h"

#include "AuditLog.h"
#include "BackgroundWork.h"
#include "CohortDialogs.h"
#include "CohortScoringPanel.h"
#include "CohortSplitting.h"
#include "Database.h"
#include "FilterBuilder.h"
#include "GenomicsRepository.h"
#include "PathText.h"
#include "PatientTableModel.h"
#include "TaskProgress.h"
#include "util/Error.h"
#include "util/Failure.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <optional>

namespace rgw::ui {

/// Sorts the patient table (PatientTableModel::SortRole), hides the rows the
/// filter does not match and shows the selected cohort's member state in the
/// patient column: excluded members (with their reason) and non-members grey,
/// the split part after the id.
class CohortMemberProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMatches(std::vector<bool> matches) {
        matches_ = std::move(matches);
        invalidateFilter();
    }
    void setMembers(std::optional<std::map<std::string, storage::CohortMember>> members) {
        beginResetModel();
        members_ = std::move(members);
        endResetModel();
    }

    QVariant data(const QModelIndex& index, int role) const override {
        if (!members_ || index.column() != 0 ||
            (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::ForegroundRole))
            return QSortFilterProxyModel::data(index, role);
        const QString id = QSortFilterProxyModel::data(index, Qt::DisplayRole).toString();
        const auto found = members_->find(id.toStdString());
        if (found == members_->end()) {
            if (role == Qt::ForegroundRole)
                return QColor(Qt::gray);
            return role == Qt::ToolTipRole ? QVariant(tr("not a member of the cohort"))
                                           : QVariant(id);
        }
        const storage::CohortMember& member = found->second;
        switch (role) {
        case Qt::ForegroundRole:
            return member.excluded ? QVariant(QColor(Qt::gray)) : QVariant();
        case Qt::ToolTipRole:
            return member.excluded
                       ? tr("excluded: %1").arg(QString::fromStdString(member.reason))
                       : tr("member") + (member.split.empty()
                                             ? QString()
                                             : QStringLiteral(" (%1)").arg(
                                                   QString::fromStdString(member.split)));
        default: {
            QStringList state;
            if (member.excluded)
                state << tr("excluded");
            if (!member.split.empty())
                state << QString::fromStdString(member.split);
            return state.isEmpty() ? id : QStringLiteral("%1 [%2]").arg(id, state.join(", "));
        }
        }
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex&) const override {
        return matches_.empty() || matches_[static_cast<std::size_t>(row)];
    }

private:
    std::vector<bool> matches_;
    std::optional<std::map<std::string, storage::CohortMember>> members_;
};

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

/// Runs `work` on a worker thread and `done` (with the value or the error)
/// on the GUI thread while `owner` lives; progress goes to `bar`.
template <class T, class Work, class Done>
void runInBackground(QObject* owner, QProgressBar* bar, Work work, Done done) {
    // The relay outlives the page when the page is closed mid-task: the
    // worker holds it and deletes it (later, on its thread) when it ends.
    std::shared_ptr<ProgressRelay> relay(new ProgressRelay,
                                         [](ProgressRelay* r) { r->deleteLater(); });
    QObject::connect(relay.get(), &ProgressRelay::progress, bar,
                     [bar](qint64 doneCount, qint64 total, const QString& what) {
                         bar->setRange(0, static_cast<int>(total));
                         bar->setValue(static_cast<int>(doneCount));
                         bar->setFormat(what);
                     });
    bar->setRange(0, 0);
    bar->show();
    auto* watcher = new QFutureWatcher<Outcome<T>>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, bar, done] {
        const Outcome<T> outcome = watcher->result();
        watcher->deleteLater();
        bar->hide();
        done(outcome);
    });
    watcher->setFuture(QtConcurrent::run([work, relay]() -> Outcome<T> {
        Outcome<T> outcome;
        ProgressRelay* r = relay.get();
        const ProgressFn progress = [r](std::size_t d, std::size_t t, const std::string& w) {
            emit r->progress(static_cast<qint64>(d), static_cast<qint64>(t), fromStd(w));
        };
        try {
            outcome.value = std::make_shared<T>(work(progress));
        } catch (const std::exception& e) {
            outcome.error = fromStd(rgw::failureMessage(e));
        }
        return outcome;
    }));
}

QTreeWidgetItem* addItem(QTreeWidgetItem* parent, const QString& a, const QString& b,
                         const QString& c = {}) {
    auto* item = new QTreeWidgetItem(parent, {a, b, c});
    return item;
}

} // namespace

CohortPage::CohortPage(QWidget* parent)
    : QWidget(parent), filter_(new FilterBuilder(this)), preview_(new QLabel(this)),
      cohorts_(new QComboBox(this)), definition_(new QLabel(this)), flow_(new QLabel(this)),
      missing_(new QTableWidget(this)), model_(new PatientTableModel(this)),
      proxy_(new CohortMemberProxy(this)), view_(new QTableView(this)),
      detail_(new QTreeWidget(this)), detailTitle_(new QLabel(this)),
      progress_(new QProgressBar(this)), scoring_(new CohortScoringPanel(
                                             model_, [this] { return selectedCohort(); }, this)) {
    filter_->setObjectName(QStringLiteral("cohortFilter"));
    preview_->setObjectName(QStringLiteral("cohortPreview"));
    cohorts_->setObjectName(QStringLiteral("cohortSelector"));
    view_->setObjectName(QStringLiteral("cohortPatientTable"));
    missing_->setObjectName(QStringLiteral("cohortMissingOverview"));
    detail_->setObjectName(QStringLiteral("cohortPatientDetail"));
    preview_->setWordWrap(true);
    detailTitle_->setWordWrap(true);
    progress_->setTextVisible(true);
    progress_->hide();

    proxy_->setSourceModel(model_);
    proxy_->setSortRole(PatientTableModel::SortRole);
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(0, Qt::AscendingOrder);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view_->verticalHeader()->hide();

    missing_->setColumnCount(2);
    missing_->setHorizontalHeaderLabels({tr("Variable"), tr("Missing")});
    missing_->verticalHeader()->hide();
    missing_->horizontalHeader()->setStretchLastSection(true);
    missing_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    missing_->setToolTip(tr("Per variable: patients missing it / patients"));

    detail_->setColumnCount(3);
    detail_->setHeaderLabels({tr("Item"), tr("Value"), tr("Detail")});
    definition_->setWordWrap(true);
    definition_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    flow_->setWordWrap(true);
    flow_->setObjectName(QStringLiteral("cohortFlow"));
    flow_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    createActions();
    addAction(scoring_->scoreAction());
    connect(scoring_, &CohortScoringPanel::busyChanged, this, [this] { updateActions(); });

    const auto button = [this](QAction* action) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(action);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return b;
    };

    // Left: the filter, the cohorts and their actions, the missing overview.
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    auto* filterBox = new QGroupBox(tr("Filter"), left);
    auto* filterLayout = new QVBoxLayout(filterBox);
    filterLayout->addWidget(filter_);
    filterLayout->addWidget(preview_);
    filterLayout->addWidget(button(saveAction_));
    leftLayout->addWidget(filterBox);
    auto* cohortBox = new QGroupBox(tr("Cohort"), left);
    auto* cohortLayout = new QVBoxLayout(cohortBox);
    cohortLayout->addWidget(cohorts_);
    cohortLayout->addWidget(definition_);
    cohortLayout->addWidget(flow_);
    auto* actions = new QHBoxLayout;
    for (QAction* action : {excludeAction_, includeAction_, splitAction_, exportAction_})
        actions->addWidget(button(action));
    actions->addStretch(1);
    cohortLayout->addLayout(actions);
    leftLayout->addWidget(cohortBox);
    auto* missingBox = new QGroupBox(tr("Missing data"), left);
    auto* missingLayout = new QVBoxLayout(missingBox);
    missingLayout->addWidget(missing_);
    missing_->setMinimumHeight(120);
    leftLayout->addWidget(missingBox, 1);
    leftLayout->addWidget(progress_);
    auto* leftScroll = new QScrollArea(this);
    leftScroll->setWidgetResizable(true);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setWidget(left);
    leftScroll->setMinimumWidth(260);

    // Right: the patient table over the selected patient's details.
    auto* detailPanel = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPanel);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* detailHeader = new QHBoxLayout;
    detailHeader->addWidget(detailTitle_, 1);
    detailHeader->addWidget(button(openImagesAction_));
    detailLayout->addLayout(detailHeader);
    detailLayout->addWidget(detail_);
    auto* tablePanel = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tablePanel);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(scoring_);
    tableLayout->addWidget(view_, 1);
    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(tablePanel);
    right->addWidget(detailPanel);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("cohortSplitter"));
    splitter->addWidget(leftScroll);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(filter_, &FilterBuilder::filterChanged, this, [this] { applyFilter(); });
    connect(cohorts_, &QComboBox::currentIndexChanged, this, [this] {
        showCohort();
        updateActions();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showPatientDetail();
        updateActions();
    });
    applyFilter();
    updateActions();
}

CohortPage::~CohortPage() = default;

QAction* CohortPage::scoreAction() const {
    return scoring_->scoreAction();
}

QAction* CohortPage::importModelAction() const {
    return scoring_->importAction();
}

void CohortPage::createActions() {
    const auto make = [this](const QString& text, const QKeySequence& key, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(QString(text).remove('&').remove(QStringLiteral("...")),
                                          key.toString(QKeySequence::NativeText)));
        addAction(action);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    saveAction_ = make(tr("Save as cohort..."), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S),
                       [this] { saveDialog(); });
    excludeAction_ = make(tr("Exclude..."), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_X),
                          [this] { reasonDialog(true); });
    includeAction_ = make(tr("Include..."), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_I),
                          [this] { reasonDialog(false); });
    splitAction_ = make(tr("Split..."), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P),
                        [this] { splitDialog(); });
    exportAction_ = make(tr("Export..."), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E),
                         [this] { exportDialog(); });
    openImagesAction_ =
        make(tr("Open images"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O), [this] {
            if (const QString id = selectedPatient(); !id.isEmpty())
                emit openImagesRequested(id);
        });
}

void CohortPage::setDatabase(const std::filesystem::path& file) {
    file_ = file;
    db_.reset();
    if (!file.empty()) {
        try {
            db_ = std::make_unique<storage::Database>(file);
        } catch (const std::exception& e) {
            showError(tr("Cohorts"), tr("Cannot open %1:\n%2")
                                         .arg(QString::fromStdU16String(file.u16string()),
                                              fromStd(rgw::failureMessage(e))));
        }
    }
    scoring_->setDatabase(file_, db_.get()); // never the closed connection
    reload();
}

void CohortPage::reload() {
    const std::uint64_t generation = ++loadGeneration_;
    if (!db_) {
        loading_ = false; // a load of the previous database is ignored when it ends
        showTable({});
        reloadCohorts();
        return;
    }
    loading_ = true;
    updateActions();
    const auto file = file_;
    runInBackground<PatientTableData>(
        this, progress_,
        [file](const ProgressFn& progress) { return loadPatientTable(file, progress); },
        [this, generation](const Outcome<PatientTableData>& outcome) {
            if (generation != loadGeneration_)
                return; // a newer load (or another database) replaced it
            loading_ = false;
            if (!outcome.value) {
                showError(tr("Cohorts"),
                          tr("Cannot read the patient table:\n%1").arg(outcome.error));
                showTable({});
            } else {
                showTable(std::move(*outcome.value));
            }
            scoring_->setDatabase(file_, db_.get()); // the table's patients, the stored models
            reloadCohorts(selectedCohort());
            updateActions();
            emit tableLoaded(patientCount());
        });
}

void CohortPage::showTable(PatientTableData data) {
    catalogue_ = std::move(data.catalogue);
    QStringList names;
    for (const auto& info : catalogue_)
        names << fromStd(info.name);
    const QString text = filter_->text();
    filter_->setVariables(names);
    rowValues_.assign(data.table.rowCount(), {});
    for (const auto& column : data.table.columns)
        for (std::size_t row = 0; row < data.table.rowCount(); ++row)
            if (cohort::Value value = column.at(row); !value.isMissing())
                rowValues_[row].emplace(column.info.name, std::move(value));
    const auto overview = missingOverview(data.table);
    model_->setTable(std::move(data.table));
    missing_->setRowCount(static_cast<int>(overview.size()));
    for (std::size_t n = 0; n < overview.size(); ++n) {
        const auto& count = overview[n];
        const int row = static_cast<int>(n);
        missing_->setItem(row, 0, new QTableWidgetItem(fromStd(count.variable)));
        missing_->setItem(
            row, 1,
            new QTableWidgetItem(QStringLiteral("%1 / %2").arg(count.missing).arg(count.rows)));
    }
    missing_->resizeColumnToContents(0);
    view_->resizeColumnsToContents();
    filter_->setText(text); // checked again against the new variables
    applyFilter();
}

void CohortPage::applyFilter() {
    const std::size_t rows = rowValues_.size();
    const QString text = filter_->text().trimmed();
    if (!filter_->error().isEmpty()) {
        preview_->setText(tr("Matching: - of %1 (the filter is incomplete)").arg(rows));
        proxy_->setMatches({});
        updateActions();
        return;
    }
    std::vector<bool> matches(rows, true);
    if (!text.isEmpty()) {
        try {
            const auto filter = cohort::CohortFilter::parse(text.toStdString());
            for (std::size_t row = 0; row < rows; ++row)
                matches[row] = filter.matches(rowValues_[row]);
        } catch (const std::exception& e) {
            preview_->setText(tr("Matching: - of %1 (%2)").arg(rows).arg(fromStd(e.what())));
            proxy_->setMatches({});
            updateActions();
            return;
        }
    }
    const auto count = std::count(matches.begin(), matches.end(), true);
    preview_->setText(tr("Matching: %1 of %2").arg(count).arg(rows));
    proxy_->setMatches(std::move(matches));
    updateActions();
}

int CohortPage::matchingCount() const {
    return proxy_->rowCount();
}

int CohortPage::patientCount() const {
    return model_->rowCount();
}

void CohortPage::reloadCohorts(const QString& select) {
    const QSignalBlocker block(cohorts_);
    cohorts_->clear();
    cohorts_->addItem(tr("(no cohort: every patient)"), QString());
    if (db_) {
        try {
            for (const auto& row : storage::NamedCohortRepository(*db_).list()) {
                const QString key = QStringLiteral("%1@%2").arg(fromStd(row.name)).arg(row.version);
                cohorts_->addItem(key, key);
            }
        } catch (const std::exception& e) {
            showError(tr("Cohorts"),
                      tr("Cannot list the cohorts:\n%1").arg(fromStd(rgw::failureMessage(e))));
        }
    }
    const int index = select.isEmpty() ? 0 : cohorts_->findData(select);
    cohorts_->setCurrentIndex(std::max(0, index));
    showCohort();
    updateActions();
}

QString CohortPage::selectedCohort() const {
    return cohorts_->currentData().toString();
}

bool CohortPage::selectCohort(const QString& nameAtVersion) {
    const int index = cohorts_->findData(nameAtVersion);
    if (index < 0)
        return false;
    cohorts_->setCurrentIndex(index);
    return true;
}

std::optional<storage::CohortRow> CohortPage::currentCohort() {
    const QString key = selectedCohort();
    if (key.isEmpty() || !db_)
        return std::nullopt;
    return storage::NamedCohortRepository(*db_).require(key.toStdString());
}

void CohortPage::showCohort() {
    definition_->clear();
    flow_->clear();
    try {
        const auto row = currentCohort();
        if (!row) {
            proxy_->setMembers(std::nullopt);
            return;
        }
        storage::NamedCohortRepository cohorts(*db_);
        definition_->setText(
            tr("Where: %1%2\nCreated %3 by %4")
                .arg(row->definition.empty() ? tr("(every patient)") : fromStd(row->definition),
                     row->fromCohort.empty() ? QString()
                                             : tr(" (from %1)").arg(fromStd(row->fromCohort)),
                     fromStd(row->createdAt), fromStd(row->createdBy)));
        const storage::CohortFlow flow = cohorts.flow(row->id);
        QStringList lines{tr("Started: %1").arg(flow.started)};
        for (const auto& step : flow.steps)
            lines << tr("Excluded %1: %2").arg(step.excluded).arg(fromStd(step.reason));
        lines << tr("Final: %1").arg(flow.final);
        if (!flow.perSplit.empty()) {
            QStringList parts;
            for (const auto& [part, count] : flow.perSplit)
                parts << QStringLiteral("%1 %2").arg(fromStd(part)).arg(count);
            lines << tr("Split: %1").arg(parts.join(", "));
        }
        flow_->setText(lines.join('\n'));
        std::map<std::string, storage::CohortMember> members;
        for (auto& member : cohorts.members(row->id))
            members.emplace(member.patientId, std::move(member));
        proxy_->setMembers(std::move(members));
    } catch (const std::exception& e) {
        proxy_->setMembers(std::nullopt);
        showError(tr("Cohorts"), tr("Cannot read the cohort %1:\n%2")
                                     .arg(selectedCohort(), fromStd(rgw::failureMessage(e))));
    }
}

bool CohortPage::selectPatient(const QString& patientId) {
    const int column = 0;
    for (int row = 0; row < model_->rowCount(); ++row) {
        if (model_->patientId(row) != patientId)
            continue;
        const QModelIndex index = proxy_->mapFromSource(model_->index(row, column));
        if (!index.isValid())
            return false;
        view_->setCurrentIndex(index);
        view_->scrollTo(index);
        return true;
    }
    return false;
}

QString CohortPage::selectedPatient() const {
    const QModelIndex index = view_->currentIndex();
    if (!index.isValid())
        return {};
    return model_->patientId(proxy_->mapToSource(index).row());
}

void CohortPage::showPatientDetail() {
    detail_->clear();
    const QString patientId = selectedPatient();
    detailTitle_->setText(patientId.isEmpty() ? tr("Select a patient to see its data.")
                                              : tr("Patient %1").arg(patientId));
    if (patientId.isEmpty() || !db_)
        return;
    try {
        storage::GenomicsRepository genomics(*db_);
        const std::string id = patientId.toStdString();
        auto* samples = new QTreeWidgetItem(detail_, {tr("Samples")});
        auto* mutations = new QTreeWidgetItem(detail_, {tr("Mutations")});
        for (const auto& sample : genomics.samplesOfPatient(id)) {
            addItem(samples, fromStd(sample.sampleId), fromStd(sample.type), fromStd(sample.date));
            for (const auto& mutation : genomics.mutationsOfSample(sample.sampleId))
                addItem(mutations, fromStd(mutation.gene.hugoSymbol),
                        fromStd(mutation.proteinChange),
                        QStringLiteral("%1 (%2)").arg(fromStd(mutation.variantClassification),
                                                      fromStd(mutation.sampleId)));
        }
        auto* clinical = new QTreeWidgetItem(detail_, {tr("Clinical")});
        for (const auto& value : genomics.clinicalValuesOfPatient(id))
            addItem(clinical,
                    fromStd(value.displayName.empty() ? value.attributeId : value.displayName),
                    fromStd(value.text),
                    value.level == genomics::AttributeLevel::Sample ? fromStd(value.entityId)
                                                                    : QString());
        for (auto* item : {samples, mutations, clinical}) {
            item->setText(1, tr("%n item(s)", nullptr, item->childCount()));
            item->setExpanded(true);
        }
        for (int column = 0; column < 3; ++column)
            detail_->resizeColumnToContents(column);
    } catch (const std::exception& e) {
        showError(tr("Cohorts"), tr("Cannot read the data of patient %1:\n%2")
                                     .arg(patientId, fromStd(rgw::failureMessage(e))));
    }
}

void CohortPage::updateActions() {
    const bool ready = db_ && !loading_ && !busy_;
    const bool cohort = ready && !selectedCohort().isEmpty();
    const bool patient = !selectedPatient().isEmpty();
    saveAction_->setEnabled(ready && filter_->error().isEmpty());
    excludeAction_->setEnabled(cohort && patient);
    includeAction_->setEnabled(cohort && patient);
    splitAction_->setEnabled(cohort);
    exportAction_->setEnabled(ready);
    openImagesAction_->setEnabled(patient);
    scoreAction()->setEnabled(ready && !scoring_->isBusy());
    importModelAction()->setEnabled(db_ && !scoring_->isBusy());
}

void CohortPage::showError(const QString& title, const QString& text) {
    lastError_ = text;
    auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void CohortPage::saveAsCohort(const QString& name) {
    if (!db_ || busy_) {
        showError(tr("Save as cohort"), !db_ ? tr("Open a database first.")
                                             : tr("Wait for the running cohort task to finish."));
        return;
    }
    storage::CohortDefinition definition;
    definition.name = name.trimmed().toStdString();
    definition.where = filter_->text().trimmed().toStdString();
    busy_ = true;
    updateActions();
    const auto file = file_;
    runInBackground<storage::CohortRow>(
        this, progress_,
        [file, definition](const ProgressFn& progress) {
            progress(0, 0, "Creating cohort " + definition.name);
            return createCohortIn(file, definition);
        },
        [this, name](const Outcome<storage::CohortRow>& outcome) {
            busy_ = false;
            if (!outcome.value) {
                showError(tr("Save as cohort"),
                          tr("Cannot create the cohort %1:\n%2").arg(name, outcome.error));
                updateActions();
                return;
            }
            const QString key = QStringLiteral("%1@%2")
                                    .arg(fromStd(outcome.value->name))
                                    .arg(outcome.value->version);
            reloadCohorts(key);
            emit cohortCreated(key);
        });
}

bool CohortPage::excludeSelected(const QString& reason) {
    return includeOrExclude(true, reason);
}

bool CohortPage::includeSelected(const QString& reason) {
    return includeOrExclude(false, reason);
}

bool CohortPage::includeOrExclude(bool exclude, const QString& reason) {
    const QString patient = selectedPatient();
    const QString title = exclude ? tr("Exclude") : tr("Include");
    try {
        const auto row = currentCohort();
        if (!row)
            throw Error("Select a cohort first.");
        if (patient.isEmpty())
            throw Error("Select a patient first.");
        storage::NamedCohortRepository cohorts(*db_);
        if (exclude)
            cohorts.exclude(row->id, patient.toStdString(), reason.trimmed().toStdString(),
                            storage::currentUserName());
        else
            cohorts.include(row->id, patient.toStdString(), reason.trimmed().toStdString(),
                            storage::currentUserName());
    } catch (const std::exception& e) {
        showError(title, tr("Cannot %1 %2 in %3:\n%4")
                             .arg(exclude ? tr("exclude") : tr("include"), patient,
                                  selectedCohort(), fromStd(rgw::failureMessage(e))));
        return false;
    }
    showCohort();
    return true;
}

bool CohortPage::splitSelected(const storage::SplitRequest& request) {
    try {
        const auto row = currentCohort();
        if (!row)
            throw Error("Select a cohort first.");
        storage::splitCohort(*db_, *row, request, storage::currentUserName());
    } catch (const std::exception& e) {
        showError(
            tr("Split"),
            tr("Cannot split %1:\n%2").arg(selectedCohort(), fromStd(rgw::failureMessage(e))));
        return false;
    }
    showCohort();
    return true;
}

void CohortPage::exportTo(storage::CohortExportOptions options, const QString& file) {
    if (!db_ || busy_) {
        showError(tr("Export"), !db_ ? tr("Open a database first.")
                                     : tr("Wait for the running cohort task to finish."));
        emit exportFinished(false, lastError_);
        return;
    }
    options.cohort = selectedCohort().toStdString();
    options.cancel = nullptr;
    busy_ = true;
    updateActions();
    const auto databaseFile = file_;
    const auto out = toPath(file);
    runInBackground<storage::CohortExportReport>(
        this, progress_,
        [databaseFile, options, out](const ProgressFn& progress) {
            auto withProgress = options;
            withProgress.progress = progress;
            return exportCohortIn(databaseFile, withProgress, out);
        },
        [this, file](const Outcome<storage::CohortExportReport>& outcome) {
            busy_ = false;
            updateActions();
            if (!outcome.value) {
                showError(tr("Export"), tr("Cannot export to %1:\n%2").arg(file, outcome.error));
                emit exportFinished(false, outcome.error);
                return;
            }
            emit exportFinished(true, tr("Wrote %1 rows and %2 columns to %3")
                                          .arg(outcome.value->rows)
                                          .arg(outcome.value->columns)
                                          .arg(QFileInfo(file).fileName()));
        });
}

void CohortPage::saveDialog() {
    auto* dialog = new TextPromptDialog(
        tr("Save as cohort"),
        tr("Name of the cohort (a new version when the name exists).\nWhere: %1")
            .arg(filter_->text().trimmed().isEmpty() ? tr("every patient") : filter_->text()),
        this);
    dialog->setObjectName(QStringLiteral("cohortNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { saveAsCohort(dialog->text()); });
    dialog->open();
}

void CohortPage::reasonDialog(bool exclude) {
    const QString patient = selectedPatient();
    auto* dialog = new TextPromptDialog(
        exclude ? tr("Exclude patient") : tr("Include patient"),
        (exclude ? tr("Why is %1 excluded from %2?") : tr("Why is %1 included in %2 again?"))
            .arg(patient, selectedCohort()),
        this);
    dialog->setObjectName(QStringLiteral("cohortReasonDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, exclude] { includeOrExclude(exclude, dialog->text()); });
    dialog->open();
}

void CohortPage::splitDialog() {
    QStringList names;
    for (const auto& info : catalogue_)
        names << fromStd(info.name);
    auto* dialog = new SplitDialog(names, this);
    dialog->setObjectName(QStringLiteral("cohortSplitDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { splitSelected(dialog->request()); });
    dialog->open();
}

void CohortPage::exportDialog() {
    auto* dialog = new ExportDialog(this);
    dialog->setObjectName(QStringLiteral("cohortExportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { exportTo(dialog->options(), dialog->file()); });
    dialog->open();
}

} // namespace rgw::ui
