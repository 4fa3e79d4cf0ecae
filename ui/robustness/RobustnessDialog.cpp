#include "RobustnessDialog.h"

#include "BackgroundWork.h"
#include "FileDialogs.h"
#include "IccDistributionChart.h"
#include "util/AtomicFile.h"
#include "util/CsvText.h"
#include "util/Failure.h"

#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>

namespace rgw::ui {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

/// A number shown to 3 decimals, sorted by its exact value (Qt::UserRole);
/// an empty cell (no value) sorts after every number.
class NumberItem : public QTableWidgetItem {
public:
    explicit NumberItem(std::optional<double> value) {
        if (value) {
            setData(Qt::UserRole, *value);
            setText(QString::number(*value, 'f', 3));
            setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        setFlags(flags() & ~Qt::ItemIsEditable);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        const QVariant a = data(Qt::UserRole), b = other.data(Qt::UserRole);
        if (!a.isValid() || !b.isValid())
            return a.isValid() && !b.isValid();
        return a.toDouble() < b.toDouble();
    }
};

QTableWidgetItem* textItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QString kindName(stats::IccKind kind) {
    return QString::fromLatin1(stats::iccKindName(kind));
}

/// "ICC(1,1)" -> "icc_1_1": the CSV column of a kind.
std::string csvName(stats::IccKind kind) {
    std::string out = "icc_";
    for (const char c : stats::iccKindName(kind))
        if (c >= '0' && c <= '9')
            out += out.back() == '_' ? std::string(1, c) : std::string("_") + c;
    return out;
}

constexpr const char* kParts[] = {"icc", "lower", "upper"};

/// Runs `read(database)` on a new connection on the thread pool and hands its
/// outcome (the value, or the failure's message) to `done` on the GUI thread,
/// unless `owner` is gone by then.
template <class T, class Read, class Done>
void readInBackground(QObject* owner, const std::filesystem::path& file, Read read, Done done) {
    auto* watcher = new QFutureWatcher<Outcome<T>>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([file, read]() -> Outcome<T> {
        Outcome<T> outcome;
        try {
            storage::Database db(file);
            outcome.value = std::make_shared<T>(read(db));
        } catch (const std::exception& e) {
            outcome.error = fromStd(failureMessage(e));
        }
        return outcome;
    }));
}

} // namespace

RobustnessDialog::RobustnessDialog(const std::filesystem::path& databaseFile, QWidget* parent)
    : QDialog(parent), database_(databaseFile) {
    setObjectName(QStringLiteral("robustnessDialog"));
    setWindowTitle(tr("Feature robustness"));
    runs_ = new QTableWidget(0, 8, this);
    runs_->setObjectName(QStringLiteral("robustnessRuns"));
    runs_->setHorizontalHeaderLabels({tr("Run"), tr("Repeats from"), tr("Repeats"), tr("Seed"),
                                      tr("Parameter set"), tr("Cases"), tr("Stored (UTC)"),
                                      tr("By")});
    runs_->setToolTip(tr("The stored robustness runs (rgw-cli robustness --store), newest first"));
    runs_->setSelectionBehavior(QAbstractItemView::SelectRows);
    runs_->setSelectionMode(QAbstractItemView::SingleSelection);
    runs_->verticalHeader()->hide();
    runs_->horizontalHeader()->setStretchLastSection(true);
    runs_->setMinimumHeight(90);

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("robustnessFeatures"));
    table_->setToolTip(tr("The chosen run's features: each stored ICC with its 95 % bounds; "
                          "click a header to sort"));
    table_->setSortingEnabled(true);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);

    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("robustnessKind"));
    kind_->setToolTip(tr("The ICC kind whose distribution is plotted"));
    auto* kindLabel = new QLabel(tr("&Plot:"), this);
    kindLabel->setBuddy(kind_);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("robustnessBands"));
    summary_->setWordWrap(true);
    chartBox_ = new QVBoxLayout;
    chartBox_->setContentsMargins(0, 0, 0, 0);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* kindRow = new QHBoxLayout;
    kindRow->addWidget(kindLabel);
    kindRow->addWidget(kind_, 1);
    rightLayout->addLayout(kindRow);
    rightLayout->addLayout(chartBox_, 1);
    rightLayout->addWidget(summary_);

    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(table_);
    lower->addWidget(right);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    lower->setSizes({700, 460});
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(runs_);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("robustnessStatus"));
    status_->setWordWrap(true);
    export_ = new QPushButton(tr("&Export CSV..."), this);
    export_->setObjectName(QStringLiteral("robustnessExport"));
    export_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    export_->setToolTip(tr("Write the feature table as CSV, exact values (Ctrl+E)"));
    auto* refresh = new QPushButton(tr("&Reload"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setToolTip(tr("Read the stored runs again (F5)"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(refresh, QDialogButtonBox::ActionRole);
    buttons->addButton(export_, QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(status_);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refresh, &QPushButton::clicked, this, &RobustnessDialog::reload);
    connect(export_, &QPushButton::clicked, this, &RobustnessDialog::exportDialog);
    connect(runs_, &QTableWidget::itemSelectionChanged, this, &RobustnessDialog::showRun);
    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        if (kind_->currentIndex() >= 0)
            QSettings().setValue("robustness/plotKind", kind_->currentData());
        showChart();
    });
    // Wide enough for the feature names and both ICC kinds, within the screen.
    QSize size(1200, 660);
    if (const QScreen* screen = parent ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.92);
    resize(size);
    reload();
}

void RobustnessDialog::reload() {
    const int request = ++runsRequest_;
    ++pending_;
    status_->setText(tr("Reading the stored runs..."));
    readInBackground<std::vector<storage::RobustnessRun>>(
        this, database_, [](storage::Database& db) { return storage::listRobustnessRuns(db); },
        [this, request](const RunsRead& read) {
            if (request == runsRequest_)
                showRuns(read);
            readFinished();
        });
}

void RobustnessDialog::readFinished() {
    if (--pending_ == 0)
        emit loaded();
}

void RobustnessDialog::showRuns(const RunsRead& read) {
    const storage::Id keep = currentRun();
    runList_ = read.value ? *read.value : std::vector<storage::RobustnessRun>{};
    status_->setText(read.error.isEmpty() ? QString()
                                          : tr("The runs could not be read: %1").arg(read.error));
    const QSignalBlocker block(runs_);
    runs_->setRowCount(static_cast<int>(runList_.size()));
    for (int r = 0; r < runs_->rowCount(); ++r) {
        const storage::RobustnessRun& run = runList_[static_cast<std::size_t>(r)];
        const QString set = fromStd(run.parameterSet.empty() ? run.parameterSetHash.substr(0, 12)
                                                             : run.parameterSet);
        const QStringList cells{QString::number(run.id),
                                fromStd(run.perturbations),
                                QString::number(run.repeats),
                                fromStd(run.seed),
                                set,
                                QString::number(run.cases),
                                fromStd(run.createdAt),
                                fromStd(run.createdBy)};
        for (int c = 0; c < cells.size(); ++c) {
            QTableWidgetItem* item = textItem(cells[c]);
            item->setToolTip(c == 4 ? tr("SHA-256 %1").arg(fromStd(run.parameterSetHash))
                                    : cells[c]);
            runs_->setItem(r, c, item);
        }
    }
    runs_->resizeColumnsToContents();
    if (runList_.empty()) {
        ++featuresRequest_; // a read of an earlier list's run is not shown
        features_.clear();
        table_->clear();
        table_->setRowCount(0);
        table_->setColumnCount(0);
        if (read.error.isEmpty())
            status_->setText(tr("No robustness run is stored in this database. `rgw-cli robustness "
                                "... --store` stores one (perturbations, or --versions for the "
                                "segmentation versions)."));
        export_->setEnabled(false);
        showChart();
        return;
    }
    if (keep == 0 || !selectRun(keep))
        runs_->selectRow(0);
    showRun();
}

storage::Id RobustnessDialog::currentRun() const {
    const QModelIndexList selected = runs_->selectionModel()->selectedRows();
    const int row = selected.isEmpty() ? runs_->currentRow() : selected.front().row();
    if (row < 0 || row >= static_cast<int>(runList_.size()))
        return 0;
    return runList_[static_cast<std::size_t>(row)].id;
}

bool RobustnessDialog::selectRun(storage::Id id) {
    for (std::size_t r = 0; r < runList_.size(); ++r)
        if (runList_[r].id == id) {
            runs_->selectRow(static_cast<int>(r));
            return true;
        }
    return false;
}

int RobustnessDialog::column(stats::IccKind kind, const QString& what) const {
    for (std::size_t k = 0; k < kinds_.size(); ++k)
        if (kinds_[k] == kind)
            for (int p = 0; p < 3; ++p)
                if (what == QLatin1String(kParts[p]))
                    return 1 + static_cast<int>(k) * 3 + p;
    return -1;
}

void RobustnessDialog::showRun() {
    const storage::Id run = currentRun();
    const int request = ++featuresRequest_;
    if (run == 0) {
        showFeatures(run, FeaturesRead{});
        return;
    }
    ++pending_;
    status_->setText(tr("Reading run %1...").arg(run));
    export_->setEnabled(false);
    readInBackground<std::vector<storage::RobustnessFeature>>(
        this, database_,
        [run](storage::Database& db) { return storage::robustnessRunFeatures(db, run); },
        [this, request, run](const FeaturesRead& read) {
            if (request == featuresRequest_)
                showFeatures(run, read);
            readFinished();
        });
}

void RobustnessDialog::showFeatures(storage::Id run, const FeaturesRead& read) {
    features_ = read.value ? *read.value : std::vector<storage::RobustnessFeature>{};
    kinds_.clear();
    status_->setText(read.error.isEmpty()
                         ? QString()
                         : tr("Run %1 could not be read: %2").arg(run).arg(read.error));
    for (const stats::IccKind kind : {stats::IccKind::OneWay, stats::IccKind::TwoWayAgreement,
                                      stats::IccKind::TwoWayConsistency})
        for (const auto& f : features_)
            if (f.byKind.count(kind)) {
                kinds_.push_back(kind);
                break;
            }
    table_->setSortingEnabled(false);
    table_->clear();
    QStringList headers{tr("Feature")};
    for (const stats::IccKind kind : kinds_)
        headers << kindName(kind) << tr("lower") << tr("upper");
    headers << tr("Cases") << tr("Note");
    table_->setColumnCount(static_cast<int>(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(static_cast<int>(features_.size()));
    for (int r = 0; r < table_->rowCount(); ++r) {
        const storage::RobustnessFeature& f = features_[static_cast<std::size_t>(r)];
        auto* name = textItem(fromStd(f.feature));
        name->setToolTip(name->text());
        table_->setItem(r, 0, name);
        std::size_t cases = 0;
        QStringList notes;
        for (std::size_t k = 0; k < kinds_.size(); ++k) {
            const auto found = f.byKind.find(kinds_[k]);
            const storage::StoredIcc none;
            const storage::StoredIcc& icc = found != f.byKind.end() ? found->second : none;
            const int c = 1 + static_cast<int>(k) * 3;
            table_->setItem(r, c, new NumberItem(icc.icc));
            table_->setItem(r, c + 1, new NumberItem(icc.lower));
            table_->setItem(r, c + 2, new NumberItem(icc.upper));
            if (icc.icc)
                table_->item(r, c)->setToolTip(tr("%1: %2").arg(
                    kindName(kinds_[k]), QString::fromUtf8(iccBandName(iccBand(*icc.icc)))));
            cases = std::max(cases, icc.cases);
            if (!icc.note.empty())
                notes << kindName(kinds_[k]) + ": " + fromStd(icc.note);
        }
        table_->setItem(r, table_->columnCount() - 2, new NumberItem(static_cast<double>(cases)));
        table_->item(r, table_->columnCount() - 2)->setText(QString::number(cases));
        auto* note = textItem(notes.join(QStringLiteral("; ")));
        note->setToolTip(note->text());
        table_->setItem(r, table_->columnCount() - 1, note);
    }
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    table_->setColumnWidth(0, std::min(table_->columnWidth(0), 300));
    export_->setEnabled(!features_.empty());

    const QVariant remembered = QSettings().value("robustness/plotKind");
    const QSignalBlocker block(kind_);
    kind_->clear();
    for (const stats::IccKind kind : kinds_)
        kind_->addItem(kindName(kind), kindName(kind));
    const int index = kind_->findData(remembered);
    kind_->setCurrentIndex(index >= 0 ? index : (kind_->count() > 0 ? 0 : -1));
    showChart();
}

void RobustnessDialog::showChart() {
    std::vector<double> values;
    QString title = tr("No ICCs");
    if (kind_->currentIndex() >= 0) {
        const stats::IccKind kind =
            stats::parseIccKind(kind_->currentData().toString().toStdString());
        for (const auto& f : features_) {
            const auto found = f.byKind.find(kind);
            if (found != f.byKind.end() && found->second.icc)
                values.push_back(*found->second.icc);
        }
        title = tr("%1 of %2 features, run %3")
                    .arg(kindName(kind))
                    .arg(values.size())
                    .arg(currentRun());
    }
    bandCounts_ = iccBandCounts(values);
    QChartView* next = iccDistributionChart(values, title, QStringLiteral("robustnessChart"));
    if (chart_) {
        chartBox_->replaceWidget(chart_, next);
        delete chart_;
    } else {
        chartBox_->addWidget(next);
    }
    chart_ = next;
    QStringList parts;
    for (std::size_t b = 0; b < kIccBands; ++b) {
        const auto band = static_cast<IccBand>(b);
        parts << tr("%1 (%2): %3")
                     .arg(QString::fromUtf8(iccBandName(band)),
                          QString::fromUtf8(iccBandRange(band)))
                     .arg(bandCounts_[b]);
    }
    const std::size_t undefined = kind_->currentIndex() >= 0 ? features_.size() - values.size() : 0;
    summary_->setText(tr("Koo & Li 2016: %1%2")
                          .arg(parts.join(QStringLiteral(" · ")))
                          .arg(undefined ? tr("; %1 undefined").arg(undefined) : QString()));
}

bool RobustnessDialog::exportCsv(const QString& file) {
    lastError_.clear();
    if (features_.empty()) {
        lastError_ = tr("No run with features is chosen.");
        return false;
    }
    try {
        writeFileAtomically(file.toStdU16String(), [&](std::ostream& out) {
            std::vector<std::string> header{"feature"};
            for (const stats::IccKind kind : kinds_) {
                const std::string name = csvName(kind);
                header.insert(header.end(), {name, name + "_lower", name + "_upper"});
            }
            header.insert(header.end(), {"cases", "note", "run_id", "repeats_from"});
            out << csvRecord(header);
            const storage::Id run = currentRun();
            std::string from;
            for (const auto& r : runList_)
                if (r.id == run)
                    from = r.perturbations;
            for (int row = 0; row < table_->rowCount(); ++row) {
                std::vector<std::string> cells{table_->item(row, 0)->text().toStdString()};
                for (int c = 1; c < table_->columnCount() - 2; ++c) {
                    const QVariant v = table_->item(row, c)->data(Qt::UserRole);
                    cells.push_back(v.isValid() ? shortestNumber(v.toDouble()) : std::string());
                }
                cells.push_back(table_->item(row, table_->columnCount() - 2)->text().toStdString());
                cells.push_back(table_->item(row, table_->columnCount() - 1)->text().toStdString());
                cells.push_back(std::to_string(run));
                cells.push_back(from);
                out << csvRecord(cells);
            }
        });
    } catch (const std::exception& e) {
        lastError_ = fromStd(failureMessage(e));
        return false;
    }
    status_->setText(tr("Wrote %1").arg(file));
    return true;
}

void RobustnessDialog::exportDialog() {
    QSettings settings;
    const QString file = chooseSaveFile(this, tr("Export robustness table"),
                                        settings.value("robustness/exportFile").toString(),
                                        tr("CSV tables (*.csv)"));
    if (file.isEmpty())
        return;
    settings.setValue("robustness/exportFile", file);
    if (!exportCsv(file))
        QMessageBox::warning(this, tr("Export robustness table"), lastError_);
}

} // namespace rgw::ui
