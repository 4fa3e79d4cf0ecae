#include "HelpPages.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>

namespace rgw::ui {

namespace {

QString plainText(QString text) {
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.remove(QStringLiteral("..."));
    return text.trimmed();
}

QDialogButtonBox* closeButton(QDialog* dialog) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

} // namespace

std::vector<ShortcutEntry> collectShortcuts(const QWidget* window) {
    std::vector<ShortcutEntry> entries;
    for (const QAction* action : window->findChildren<QAction*>()) {
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        if (keys.isEmpty())
            continue;
        ShortcutEntry entry{keys.join(QStringLiteral(", ")), plainText(action->text())};
        const bool known = std::any_of(entries.begin(), entries.end(), [&](const ShortcutEntry& e) {
            return e.keys == entry.keys && e.action == entry.action;
        });
        if (!known)
            entries.push_back(entry);
    }
    std::sort(entries.begin(), entries.end(), [](const ShortcutEntry& a, const ShortcutEntry& b) {
        return a.action.localeAwareCompare(b.action) < 0;
    });
    // The slice views handle these themselves (viewers/slice/SliceView).
    const std::vector<ShortcutEntry> views{
        {QObject::tr("Wheel, Up/Down, Left/Right"),
         QObject::tr("Slice view: next / previous slice")},
        {QObject::tr("PageUp / PageDown, Home / End"),
         QObject::tr("Slice view: jump slices, first / last slice")},
        {QObject::tr("Ctrl+wheel, right-drag"), QObject::tr("Slice view: zoom")},
        {QObject::tr("Middle-drag, Shift+left-drag"), QObject::tr("Slice view: pan")},
        {QObject::tr("Ctrl+left-click"), QObject::tr("Slice view: move the crosshair")},
        {QObject::tr("Alt+wheel"), QObject::tr("Slice view: fade the fused series")},
        {QObject::tr("R"), QObject::tr("Slice view: reset zoom and pan")},
    };
    entries.insert(entries.end(), views.begin(), views.end());
    return entries;
}

QString userGuideHtml() {
    return QObject::tr(
        "<h2>Radiogenomics Workstation: user guide</h2>"
        "<h3>1. A cohort database</h3>"
        "<p>Everything you import is indexed in one cohort database file (<i>.rgwdb</i>). "
        "File &gt; New database (Ctrl+N) creates one, File &gt; Open database (Ctrl+O) or "
        "Recent databases reopens one; the path is shown at the right of the status bar. "
        "The DICOM files stay where they are.</p>"
        "<h3>2. Import</h3>"
        "<p>File &gt; Import DICOM folder (Ctrl+I) reads a folder and its subfolders in the "
        "background (progress and Cancel in the status bar) and reports what was added. "
        "To try the program, File &gt; Generate demo cohort (Ctrl+Shift+D) writes 24 "
        "synthetic CT patients with RTSTRUCT lesions and their genomic and clinical study "
        "(cBioPortal format: survival, mutations on gene panels, expression, subtype), "
        "imports both and opens the first patient.</p>"
        "<h3>3. Genomic and clinical data</h3>"
        "<p>File &gt; Import genomic / clinical data (Ctrl+Shift+G) reads a cBioPortal study "
        "folder, a VCF, a PLINK .raw file or a CSV/TSV table and links its patients to the "
        "imaging patients (an optional alias file maps other ids to them). For a table, the "
        "column-mapping step shows the first rows; give each column a role: the patient (or "
        "sample) id, a clinical attribute with its type, a single-gene test (the values that "
        "mean mutated and wild-type), a subtype call or an assay score, or ignore it. Lists in a "
        "cell are separated by ';', recodings are <i>from=to</i> pairs. The mapping is checked "
        "as you edit, exactly as a mapping file would be; Save mapping writes it as that YAML "
        "file (for rgw-cli clinical import) and Load mapping reads one. On problems, Abort "
        "writes nothing, Skip imports the valid records. The report lists the profiles, the "
        "patients added (those without images), what was not imported and every problem with "
        "its file, line and column. Missing is never zero, and a gene that was not tested is "
        "<i>not profiled</i>, never wild-type.</p>"
        "<h3>4. Browse and view</h3>"
        "<p>The browser on the left lists patients, studies (by date and accession) and "
        "series (modality and description; RTSTRUCT/SEG by their ROI names), with each image "
        "series' segmentations under it. Selecting an image series shows it; the status bar "
        "gives its voxel grid. View &gt; Axial, MPR, 3D, Four-up (Ctrl+1 to Ctrl+4) switch the "
        "layout. In a slice view the wheel or the arrow keys change the slice, left-drag sets "
        "window/level, right-drag zooms, middle-drag pans, Ctrl+click moves the crosshair. "
        "View &gt; Fuse selected series (Ctrl+Shift+F) blends e.g. a PET over the CT.</p>"
        "<h3>5. Segment</h3>"
        "<p>Picking a tool opens the Segment editor dock: Paint (P), Erase (E), Grow from a "
        "click (G), Ruler (M), Esc to navigate; [ and ] change the brush. Whole-mask operations "
        "(threshold, islands, margins, logical combinations) and statistics are in the dock. "
        "Ctrl+Z / Ctrl+Y undo and redo; Ctrl+S stores the edited segments as new versions "
        "(nothing is overwritten); Segmentation &gt; Export writes DICOM SEG, RTSTRUCT or "
        "NIfTI. Habitats... splits the active stored segment into tumour habitats (k-means or "
        "Gaussian mixture on one or more series of the patient, seeded) and optionally a "
        "peritumoural ring, stored as new segmentations. These tools are enabled once an "
        "image is shown.</p>"
        "<h3>6. Features</h3>"
        "<p>Select a segmentation (or an image series with segmentations) and choose "
        "Analysis &gt; Extract features (Ctrl+E): IBSI radiomic features are computed in the "
        "background with the chosen parameter set, stored with their provenance and shown in "
        "the Features dock. Analysis &gt; Extract features for whole cohort does every "
        "segmentation of the database. In its dialog, Filters... (Alt+F) adds IBSI-2 filters to "
        "a new copy of the chosen parameter set. Analysis &gt; Feature map (Ctrl+Shift+K) computes "
        "voxel-wise feature maps in a sliding kernel over the active segment, and Filter "
        "response (Ctrl+Shift+L) the response map of a parameter file's filter; the Maps dock "
        "overlays the chosen map on the image in the Hot or Viridis colour map (remembered), "
        "or shows a response as the image, and saves it as NIfTI. Analysis &gt; Feature "
        "robustness (Ctrl+Shift+I) lists the robustness runs stored with <tt>rgw-cli robustness "
        "... --store</tt> (perturbations or segmentation "
        "versions) and, for the chosen run, each feature's ICC(1,1) and ICC(3,1) with their "
        "95 % bounds, their distribution in Koo &amp; Li's bands (poor &lt; 0.5, moderate "
        "0.5–0.75, good 0.75–0.9, excellent &gt; 0.9) and a CSV export (Ctrl+E).</p>"
        "<h3>7. Cohorts</h3>"
        "<p>View &gt; Cohort page (Ctrl+Shift+C) shows every patient with its clinical, "
        "genomic, imaging and QC variables in a sortable table, and under it how many patients "
        "miss each variable (missing is never zero). Build a filter from rows or type it, e.g. "
        "<tt>mut_EGFR is mutated and AGE &gt;= 60</tt>; Matching: n of N counts the patients it "
        "keeps and the table hides the others. Save as cohort (Ctrl+Alt+S) stores the filter "
        "and its members under a name (a new version when the name exists). Pick a cohort to "
        "see its definition and flow (started, excluded per reason, final, train/test); its "
        "excluded members are grey with their reason as tooltip. Exclude (Ctrl+Alt+X) and "
        "Include (Ctrl+Alt+I) act on the selected patient and need a reason; Split (Ctrl+Alt+P) "
        "makes a seeded stratified or group split, or imports one; Export (Ctrl+Alt+E) writes "
        "the cohort table (primary or all samples, with features of a parameter set). Below the "
        "table are the selected patient's samples, mutations and clinical values; Open images "
        "(Ctrl+Alt+O) shows its first image series. Score patients (Ctrl+Alt+R, also in the "
        "Models menu) scores the cohort's patients with a stored model and stores the "
        "predictions; the Predictions box above the table picks which model's score, predicted "
        "class or risk group are shown as columns. Models &gt; Import model file stores a "
        "model file trained elsewhere so that Score patients offers it.</p>"
        "<h3>8. Reports and sharing</h3>"
        "<p>File &gt; Export study report (Ctrl+Shift+R) writes the report of a named cohort "
        "(its latest version unless you pick NAME@VERSION) as PDF or HTML: the methods, the "
        "cohort (flow diagram, Table 1), the results of its stored models and of association "
        "tables you add (CSV files saved with their .provenance.json), the CLEAR and RQS "
        "checklists and the per-patient appendix, each a checkbox. File &gt; Export patient "
        "report (Ctrl+Shift+P) writes the report of the browser's patient. File &gt; Export for "
        "sharing (Ctrl+Shift+X) writes a cohort's DICOM de-identified under pseudonyms (kept "
        "in this database, so later exports use the same ones) with its table, into a new or "
        "empty folder; Retain longitudinal intervals shifts dates instead of removing them. "
        "All three run in the background with Cancel in the status bar; a cancelled export "
        "writes nothing.</p>"
        "<h3>9. The window</h3>"
        "<p>The Segment editor and Features docks can be closed, moved, tabbed together or "
        "floated (View menu). The window remembers its size, docks and the last database; "
        "runs with <tt>--db</tt> or <tt>--screenshot</tt> on the command line do not change "
        "what is remembered. Help &gt; Keyboard shortcuts lists every key.</p>");
}

ShortcutListDialog::ShortcutListDialog(const QWidget* window, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutListDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    const auto entries = collectShortcuts(window);
    auto* table = new QTableWidget(static_cast<int>(entries.size()), 2, this);
    table->setObjectName(QStringLiteral("shortcutTable"));
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    for (int row = 0; row < static_cast<int>(entries.size()); ++row) {
        const auto& e = entries[static_cast<std::size_t>(row)];
        table->setItem(row, 0, new QTableWidgetItem(e.action));
        table->setItem(row, 1, new QTableWidgetItem(e.keys));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(closeButton(this));
    const int wanted = table->horizontalHeader()->length() + 40;
    resize(std::min(wanted, 720), 560);
}

UserGuideDialog::UserGuideDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("userGuideDialog"));
    setWindowTitle(tr("User guide"));
    auto* text = new QTextBrowser(this);
    text->setObjectName(QStringLiteral("userGuideText"));
    text->setHtml(userGuideHtml());
    text->setOpenExternalLinks(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(closeButton(this));
    resize(680, 560);
}

} // namespace rgw::ui
