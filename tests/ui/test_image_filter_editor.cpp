// The extraction dialog's filter editor (issue #16 §5), offscreen: filters
// built through the widgets give exactly the canonical text and hash the core
// reader gives a hand-written YAML meaning the same; invalid entries show the
// core reader's error (naming the key) and keep OK disabled; undo restores
// the previous list; the type chosen last and the geometry are remembered;
// the demo cohort extracted with the derived set (as the dialog's Extract
// does) stores the features of the filter's response families, under the
// derived set's hash and file. A Riesz entry's structure-tensor alignment
// (align, tensor_sigma_mm) fills and reads back through its two fields.
#include "BackgroundWork.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "ExtractionService.h"
#include "FeatureExtractionDialog.h"
#include "FeatureRepository.h"
#include "FilterEntryForm.h"
#include "ImageFilterEditor.h"
#include "TestData.h"
#include "radiomics/FilterParameters.h"
#include "radiomics/ParameterSet.h"
#include "util/Error.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <cmath>
#include <set>
#include <sstream>
#include <variant>

using namespace rgw;
using ui::FilterEntryForm;
using ui::ImageFilterEditor;

namespace {

/// ct-default as its file says it, written out by hand, and `filters`.
std::string ctDefaultWith(const std::string& filters) {
    return "name: hand written\n"
           "modalities: [CT]\n"
           "interpolation:\n"
           "  spacing_mm: [1, 1, 1]\n"
           "  round_intensities: true\n"
           "resegmentation:\n"
           "  range: [-1000, 3000]\n"
           "discretisation:\n"
           "  method: fixed_bin_size\n"
           "  bin_width: 25\n" +
           filters;
}

/// The core reader's message for `yaml` without its source and line, e.g.
/// "filters[1].order: must sum to at least 1, got [0, 0, 0]".
QString coreError(const std::string& yaml) {
    try {
        (void)radiomics::parseParameterSet(yaml, "hand");
    } catch (const Error& e) {
        QString message = QString::fromUtf8(e.what());
        message.remove(0, QString("hand: ").size());
        return message.left(message.lastIndexOf(" (line "));
    }
    return {};
}

std::string filtersText(const std::vector<radiomics::FilterEntry>& filters) {
    std::ostringstream text;
    radiomics::writeFilters(text, filters);
    return text.str();
}

template <class T> T* child(QWidget* parent, const char* name) {
    T* found = parent->findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

void choose(QComboBox* box, const QString& text) {
    const int i = box->findText(text);
    QVERIFY2(i >= 0, qPrintable(text));
    box->setCurrentIndex(i);
}

void typeInto(QLineEdit* edit, const QString& text) {
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

bool shown(FilterEntryForm* form, const char* key) {
    QWidget* field = form->field(QString::fromLatin1(key));
    return field && field->isVisibleTo(form);
}

} // namespace

class ImageFilterEditorTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        QSettings().remove("filterEditor");
        QSettings().remove("features");
    }

    void widgetsBuildWhatTheCoreReadsFromTheSameYaml() {
        test::TempDir temp;
        ui::FeatureExtractionDialog dialog("STS_001 \u00b7 GTV \u00b7 CT");
        QComboBox* sets = dialog.parameterBox();
        sets->setCurrentIndex(sets->findData("ct-default"));
        QVERIFY(dialog.filtersButton()->isEnabled());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QTest::keyClick(&dialog, Qt::Key_F, Qt::AltModifier); // Filters...
        QTRY_VERIFY(dialog.findChild<ImageFilterEditor*>());  // after the button's animated click
        QPointer<ImageFilterEditor> editor = dialog.findChild<ImageFilterEditor*>();
        QVERIFY(editor->isVisible());
        editor->setSaveFolder(QString::fromStdString(temp.path().string()));
        FilterEntryForm* form = editor->form();
        QCOMPARE(editor->entryList()->count(), 0); // ct-default has no filter
        QVERIFY(!editor->okButton()->isEnabled()); // nothing derived yet

        // LoG σ 1.5 mm, 3D, mirror.
        QTest::mouseClick(child<QPushButton>(editor, "addFilter"), Qt::LeftButton);
        QCOMPARE(editor->entryList()->count(), 1);
        choose(child<QComboBox>(form, "filterType"), "log");
        QVERIFY(shown(form, "sigma_mm") && shown(form, "truncation"));
        for (const char* other : {"support", "kernels", "lambda_mm", "subband", "level", "order",
                                  "base", "rotation_invariant", "discretisation"})
            QVERIFY2(!shown(form, other), other);
        child<QDoubleSpinBox>(form, "sigma_mm")->setValue(1.5);
        choose(child<QComboBox>(form, "filterDimensions"), "3D");
        choose(child<QComboBox>(form, "filterBoundary"), "mirror");

        // Wavelet coif1 LLH (Ctrl+N adds).
        editor->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget*>(editor.data()));
        QTest::keyClick(editor, Qt::Key_N, Qt::ControlModifier);
        QTRY_COMPARE(editor->entryList()->count(), 2); // after the animated click
        QCOMPARE(editor->entryList()->currentRow(), 1);
        choose(child<QComboBox>(form, "filterType"), "wavelet");
        QVERIFY(shown(form, "family") && shown(form, "subband") && shown(form, "level") &&
                shown(form, "rotation_invariant"));
        QVERIFY(!shown(form, "sigma_mm") && !shown(form, "pooling"));
        choose(child<QComboBox>(form, "waveletFamily"), "coif1");
        typeInto(child<QLineEdit>(form, "subband"), "LLH");
        QCOMPARE(QSettings().value("filterEditor/lastType").toString(), QString("wavelet"));

        const radiomics::ParameterSet hand =
            radiomics::parseParameterSet(ctDefaultWith("filters:\n"
                                                       "  - type: log\n"
                                                       "    sigma_mm: 1.5\n"
                                                       "    dimensions: 3D\n"
                                                       "    boundary: mirror\n"
                                                       "  - type: wavelet\n"
                                                       "    family: coif1\n"
                                                       "    subband: LLH\n"),
                                         "hand.yaml");
        QVERIFY2(editor->error().isEmpty(), qPrintable(editor->error()));
        QVERIFY(editor->derived());
        QCOMPARE(QString::fromStdString(editor->derived()->canonicalText),
                 QString::fromStdString(hand.canonicalText));
        QCOMPARE(editor->derived()->hash, hand.hash);
        QVERIFY(editor->summaryLabel()->text().contains(
            QString::fromStdString(hand.hash.substr(0, 12))));

        // OK writes the new set; the dialog selects it, the chosen one is untouched.
        editor->nameEdit()->setText("ct-log-wavelet");
        editor->resize(820, 600);
        QVERIFY(editor->okButton()->isEnabled());
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        QTRY_VERIFY(!editor);
        const QString spec = dialog.parameterSpec();
        QVERIFY2(spec.endsWith("ct-log-wavelet-" + QString::fromStdString(hand.hash.substr(0, 12)) +
                               ".yaml"),
                 qPrintable(spec));
        const radiomics::ParameterSet saved = radiomics::loadParameterSet(spec.toStdString());
        QCOMPARE(saved.hash, hand.hash);
        QCOMPARE(saved.settings.name, std::string("ct-log-wavelet"));
        QVERIFY(sets->findData("ct-default") >= 0);
        QVERIFY(radiomics::loadParameterSet("ct-default").settings.filters.empty());

        // The new set's filters are what the editor starts from next time;
        // Add makes the type chosen last; the geometry is remembered.
        QPointer<ImageFilterEditor> again = dialog.openFilterEditor();
        QVERIFY(again);
        QCOMPARE(again->entryList()->count(), 2);
        QCOMPARE(again->size(), QSize(820, 600));
        QVERIFY(!again->okButton()->isEnabled()); // no change from the chosen set
        again->addEntry();
        QCOMPARE(again->filters().size(), std::size_t(3));
        QCOMPARE(again->entryList()->currentRow(), 1);        // below the selected first entry
        QCOMPARE(int(again->filters()[1].filter.index()), 4); // wavelet
        // Without filters, the derived set is ct-default again.
        again->removeEntry(); // the new one: the entry below is selected
        QCOMPARE(again->entryList()->currentRow(), 1);
        QCOMPARE(int(again->filters()[1].filter.index()), 4);
        again->removeEntry(); // the last one: the one above is selected
        QCOMPARE(again->entryList()->currentRow(), 0);
        again->removeEntry();
        QCOMPARE(again->entryList()->currentRow(), -1);
        QVERIFY(again->filters().empty());
        QVERIFY(again->derived());
        QCOMPARE(again->derived()->hash, radiomics::loadParameterSet("ct-default").hash);
        again->reject();
    }

    void invalidEntriesShowTheCoreErrorAndDisableOk() {
        ImageFilterEditor editor(radiomics::loadParameterSet("ct-default"), "ct-default");
        editor.show();
        FilterEntryForm* form = editor.form();
        QSettings().setValue("filterEditor/lastType", "log");

        // A texture family without a discretisation.
        editor.addEntry();
        QVERIFY(!shown(form, "discretisation"));
        child<QCheckBox>(form, "family_glcm")->setChecked(true);
        QVERIFY(shown(form, "discretisation")); // shown once a grey-level family is checked
        QVERIFY(!shown(form, "bin_count") && !shown(form, "bin_width"));
        const QString missing = coreError(ctDefaultWith("filters:\n"
                                                        "  - type: log\n"
                                                        "    sigma_mm: 1\n"
                                                        "    families: [intensity_statistics, "
                                                        "glcm]\n"));
        QVERIFY(missing.startsWith("filters[0].discretisation: required"));
        QVERIFY2(editor.error().contains(missing), qPrintable(editor.error() + " | " + missing));
        QVERIFY(editor.errorLabel()->isVisibleTo(&editor));
        QVERIFY(!editor.okButton()->isEnabled());
        QVERIFY(!editor.derived());

        // Given one, the entry is valid.
        choose(child<QComboBox>(form, "discretisationMethod"), "fixed_bin_number");
        QVERIFY(shown(form, "bin_count") && !shown(form, "bin_width"));
        child<QSpinBox>(form, "bin_count")->setValue(16);
        QVERIFY2(editor.error().isEmpty(), qPrintable(editor.error()));
        QVERIFY(editor.okButton()->isEnabled());
        // Unchecking the family hides the discretisation and leaves it out.
        child<QCheckBox>(form, "family_glcm")->setChecked(false);
        QVERIFY(!shown(form, "discretisation"));
        QVERIFY(!editor.filters()[0].discretisation);
        QVERIFY(editor.error().isEmpty());

        // A Riesz order summing to 0.
        editor.addEntry();
        choose(child<QComboBox>(form, "filterType"), "riesz");
        QVERIFY(shown(form, "order") && shown(form, "base") && shown(form, "sigma_mm"));
        QVERIFY(!shown(form, "level"));
        for (const char* l : {"rieszOrder1", "rieszOrder2", "rieszOrder3"})
            child<QSpinBox>(form, l)->setValue(0);
        const QString order = coreError(ctDefaultWith("filters:\n"
                                                      "  - type: log\n"
                                                      "    sigma_mm: 1\n"
                                                      "  - type: riesz\n"
                                                      "    order: [0, 0, 0]\n"
                                                      "    base: log\n"
                                                      "    sigma_mm: 1\n"));
        QCOMPARE(order, QString("filters[1].order: must sum to at least 1, got [0, 0, 0]"));
        QVERIFY2(editor.error().contains(order), qPrintable(editor.error()));
        QVERIFY(!editor.okButton()->isEnabled());
        // The key named is marked on its field's label, the entry in the list.
        const QLabel* orderLabel = nullptr;
        for (const QLabel* label : form->findChildren<QLabel*>())
            if (label->buddy() == form->field("order"))
                orderLabel = label;
        QVERIFY(orderLabel && orderLabel->styleSheet().contains("color"));
        QCOMPARE(editor.entryList()->item(1)->foreground().color(), QColor(0xb0, 0x00, 0x20));
        child<QSpinBox>(form, "rieszOrder2")->setValue(2);
        QVERIFY(editor.error().isEmpty());
        QVERIFY(orderLabel->styleSheet().isEmpty());
        QVERIFY(editor.okButton()->isEnabled());
        // Base simoncelli takes a level instead of sigma.
        choose(child<QComboBox>(form, "base"), "simoncelli");
        QVERIFY(shown(form, "level") && !shown(form, "sigma_mm") && !shown(form, "truncation"));
        QCOMPARE(child<QSpinBox>(form, "level")->value(), 1); // the Simoncelli default
        QVERIFY2(editor.error().isEmpty(), qPrintable(editor.error()));

        // An unusable name is an error too.
        editor.nameEdit()->setText("bad name: x");
        QVERIFY(editor.error().contains("bad name: x"));
        QVERIFY(!editor.okButton()->isEnabled());
    }

    void alignedRieszEntryFillsAndReadsTheAlignmentFields() {
        FilterEntryForm form;
        int changes = 0;
        connect(&form, &FilterEntryForm::changed, this, [&changes] { ++changes; });
        // Aligned 2D riesz of a LoG: the box is checked, the window shown.
        const radiomics::ParameterSet set =
            radiomics::parseParameterSet("filters:\n"
                                         "  - type: riesz\n"
                                         "    dimensions: 2D\n"
                                         "    boundary: zero\n"
                                         "    order: [0, 1, 0]\n"
                                         "    base: log\n"
                                         "    sigma_mm: 3\n"
                                         "    align: structure_tensor\n"
                                         "    tensor_sigma_mm: 2.5\n",
                                         "aligned.yaml");
        QCOMPARE(set.settings.filters.size(), std::size_t(1));
        const radiomics::FilterEntry aligned = set.settings.filters.front();
        form.setEntry(aligned);
        QCOMPARE(changes, 0);
        auto* align = child<QCheckBox>(&form, "align");
        auto* window = child<QDoubleSpinBox>(&form, "tensor_sigma_mm");
        QVERIFY(align && window);
        QCOMPARE(form.field("align"), static_cast<QWidget*>(align));
        QCOMPARE(form.field("tensor_sigma_mm"), static_cast<QWidget*>(window));
        QVERIFY(align->isChecked());
        QVERIFY(shown(&form, "align") && shown(&form, "tensor_sigma_mm"));
        QCOMPARE(window->value(), 2.5);
        QVERIFY(window->suffix().contains("mm"));
        // The fields give the entry back: same alignment, same canonical text.
        const auto riesz = [](const radiomics::FilterEntry& e) {
            return std::get_if<filters::RieszFilter>(&e.filter);
        };
        QVERIFY(riesz(form.entry()));
        QVERIFY(riesz(form.entry())->alignment);
        QCOMPARE(riesz(form.entry())->alignment->sigmaMm, riesz(aligned)->alignment->sigmaMm);
        QCOMPARE(filtersText({form.entry()}), filtersText({aligned}));

        // Editing the window changes the entry's alignment.
        window->setValue(1.5);
        QCOMPARE(changes, 1);
        QCOMPARE(riesz(form.entry())->alignment->sigmaMm, 1.5);
        // Unchecking hides the window and leaves the alignment out.
        align->setChecked(false);
        QCOMPARE(changes, 2);
        QVERIFY(shown(&form, "align") && !shown(&form, "tensor_sigma_mm"));
        QVERIFY(riesz(form.entry()));
        QVERIFY(!riesz(form.entry())->alignment);
        QVERIFY(!QString::fromStdString(filtersText({form.entry()})).contains("align"));
        // Checking it again shows the window with the value it had.
        align->setChecked(true);
        QVERIFY(shown(&form, "tensor_sigma_mm"));
        QCOMPARE(riesz(form.entry())->alignment->sigmaMm, 1.5);

        // An unaligned riesz entry unchecks the box, the window at its default.
        filters::FilterSpec plainSpec;
        plainSpec.filter = filters::RieszFilter{};
        const radiomics::FilterEntry plain(plainSpec);
        form.setEntry(plain);
        QVERIFY(!align->isChecked());
        QVERIFY(shown(&form, "align") && !shown(&form, "tensor_sigma_mm"));
        QCOMPARE(window->value(), filters::StructureTensorAlignment{}.sigmaMm);
        QVERIFY(!riesz(form.entry())->alignment);
        QCOMPARE(filtersText({form.entry()}), filtersText({plain}));
        // Aligned again, then the 3D Simoncelli case round-trips too.
        const radiomics::ParameterSet simoncelli =
            radiomics::parseParameterSet("filters:\n"
                                         "  - type: riesz\n"
                                         "    dimensions: 3D\n"
                                         "    order: [2, 0, 0]\n"
                                         "    base: simoncelli\n"
                                         "    level: 2\n"
                                         "    align: structure_tensor\n"
                                         "    tensor_sigma_mm: 0.75\n",
                                         "simoncelli.yaml");
        form.setEntry(simoncelli.settings.filters.front());
        QVERIFY(align->isChecked() && shown(&form, "tensor_sigma_mm"));
        QCOMPARE(window->value(), 0.75);
        QCOMPARE(filtersText({form.entry()}), filtersText(simoncelli.settings.filters));

        // Other types show neither row.
        choose(child<QComboBox>(&form, "filterType"), "log");
        QVERIFY(!shown(&form, "align") && !shown(&form, "tensor_sigma_mm"));
        choose(child<QComboBox>(&form, "filterType"), "gabor");
        QVERIFY(!shown(&form, "align") && !shown(&form, "tensor_sigma_mm"));
        // Back to riesz: its defaults, unaligned.
        choose(child<QComboBox>(&form, "filterType"), "riesz");
        QVERIFY(shown(&form, "align") && !shown(&form, "tensor_sigma_mm"));
        QVERIFY(!align->isChecked());
        QVERIFY(!riesz(form.entry())->alignment);
    }

    void alignedRieszMistakesShowTheCoreError() {
        ImageFilterEditor editor(radiomics::loadParameterSet("ct-default"), "ct-default");
        editor.show();
        FilterEntryForm* form = editor.form();
        QSettings().setValue("filterEditor/lastType", "riesz");
        editor.addEntry();
        choose(child<QComboBox>(form, "filterType"), "riesz");
        choose(child<QComboBox>(form, "filterDimensions"), "3D");
        child<QSpinBox>(form, "rieszOrder1")->setValue(1);
        child<QSpinBox>(form, "rieszOrder2")->setValue(1);
        child<QSpinBox>(form, "rieszOrder3")->setValue(0);
        QVERIFY2(editor.error().isEmpty(), qPrintable(editor.error()));
        // 3D aligned takes [N, 0, 0] only: the core's error on order.
        child<QCheckBox>(form, "align")->setChecked(true);
        const QString order = coreError(ctDefaultWith("filters:\n"
                                                      "  - type: riesz\n"
                                                      "    dimensions: 3D\n"
                                                      "    order: [1, 1, 0]\n"
                                                      "    base: log\n"
                                                      "    sigma_mm: 1\n"
                                                      "    align: structure_tensor\n"
                                                      "    tensor_sigma_mm: 1\n"));
        QVERIFY(order.startsWith("filters[0].order: an aligned 3D riesz filter"));
        QVERIFY2(editor.error().contains(order), qPrintable(editor.error() + " | " + order));
        QVERIFY(!editor.okButton()->isEnabled());
        child<QSpinBox>(form, "rieszOrder2")->setValue(0);
        QVERIFY2(editor.error().isEmpty(), qPrintable(editor.error()));
        // A window of 0 mm: the core's error on tensor_sigma_mm.
        child<QDoubleSpinBox>(form, "tensor_sigma_mm")->setValue(0);
        QVERIFY2(editor.error().contains("filters[0].tensor_sigma_mm: must be positive"),
                 qPrintable(editor.error()));
        QVERIFY(!editor.okButton()->isEnabled());
        const QLabel* windowLabel = nullptr;
        for (const QLabel* label : form->findChildren<QLabel*>())
            if (label->buddy() == form->field("tensor_sigma_mm"))
                windowLabel = label;
        QVERIFY(windowLabel && windowLabel->styleSheet().contains("color"));
        child<QDoubleSpinBox>(form, "tensor_sigma_mm")->setValue(2);
        QVERIFY2(editor.error().isEmpty(), qPrintable(editor.error()));
        QVERIFY(editor.okButton()->isEnabled());
        QVERIFY(editor.derived());
        QVERIFY(editor.derived()->canonicalText.find("    align: structure_tensor\n"
                                                     "    tensor_sigma_mm: 2\n") !=
                std::string::npos);
    }

    void undoRestoresThePreviousList() {
        ImageFilterEditor editor(radiomics::loadParameterSet("ct-default"), "ct-default");
        editor.show();
        QSettings().setValue("filterEditor/lastType", "log");
        FilterEntryForm* form = editor.form();
        using radiomics::FilterEntry;
        const auto log = [](double sigma) {
            filters::FilterSpec spec;
            spec.filter = filters::LaplacianOfGaussianFilter{sigma, 4.0};
            return FilterEntry(spec);
        };
        filters::FilterSpec meanSpec;
        meanSpec.filter = filters::MeanFilter{5};
        const FilterEntry mean(meanSpec);

        QVERIFY(!editor.canUndo());
        editor.addEntry();                                    // [log 1]
        child<QDoubleSpinBox>(form, "sigma_mm")->setValue(2); // edits of one entry:
        child<QDoubleSpinBox>(form, "sigma_mm")->setValue(3); // one change, [log 3]
        editor.duplicateEntry();                              // [log 3, log 3]
        choose(child<QComboBox>(form, "filterType"), "mean"); // [log 3, mean 3]
        child<QSpinBox>(form, "support")->setValue(5);        // [log 3, mean 5]
        QCOMPARE(filtersText(editor.filters()), filtersText({log(3), mean}));
        editor.entryList()->setCurrentRow(0);
        editor.removeEntry(); // [mean 5]
        QCOMPARE(filtersText(editor.filters()), filtersText({mean}));
        QCOMPARE(editor.entryList()->count(), 1);

        editor.undo();
        QCOMPARE(filtersText(editor.filters()), filtersText({log(3), mean}));
        QCOMPARE(editor.entryList()->count(), 2);
        editor.undo(); // the type change and the support edit were one change of entry 2
        QCOMPARE(filtersText(editor.filters()), filtersText({log(3), log(3)}));
        editor.undo();
        QCOMPARE(filtersText(editor.filters()), filtersText({log(3)}));
        QCOMPARE(child<QDoubleSpinBox>(form, "sigma_mm")->value(), 3.0); // the form follows
        editor.undo();
        QCOMPARE(filtersText(editor.filters()), filtersText({log(1)}));
        editor.undo();
        QVERIFY(editor.filters().empty());
        QVERIFY(!editor.canUndo());
        QVERIFY(!child<QPushButton>(&editor, "undoFilter")->isEnabled());
    }

    void extractionWithTheDerivedSetStoresTheFilterFamilies() {
        test::TempDir temp;
        const auto file = temp.path() / "demo.rgwdb";
        { storage::Database created(file); }
        const ui::DemoImport demo =
            ui::generateAndImportDemo(file, temp.path() / "demo", nullptr, nullptr);
        QVERIFY(demo.import.series > 0);

        // The filters chosen in the dialog: a LoG with its GLCM.
        ui::FeatureExtractionDialog dialog("demo");
        dialog.parameterBox()->setCurrentIndex(dialog.parameterBox()->findData("ct-default"));
        QPointer<ImageFilterEditor> editor = dialog.openFilterEditor();
        QVERIFY(editor);
        editor->setSaveFolder(QString::fromStdString((temp.path() / "sets").string()));
        QSettings().setValue("filterEditor/lastType", "log");
        editor->addEntry();
        FilterEntryForm* form = editor->form();
        child<QDoubleSpinBox>(form, "sigma_mm")->setValue(1.5);
        child<QCheckBox>(form, "family_glcm")->setChecked(true);
        choose(child<QComboBox>(form, "discretisationMethod"), "fixed_bin_number");
        child<QSpinBox>(form, "bin_count")->setValue(16);
        QVERIFY2(editor->okButton()->isEnabled(), qPrintable(editor->error()));
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        QTRY_VERIFY(!editor);

        // Extract: what the main window does with the accepted dialog.
        storage::Database db(file);
        std::optional<storage::CohortPair> ct;
        for (const storage::CohortPair& pair : storage::cohortPairs(db))
            if (const auto s = storage::SeriesRepository(db).find(pair.seriesInstanceUid);
                s && s->modality == "CT" && !ct)
                ct = pair;
        QVERIFY(ct);
        const radiomics::ParameterSet parameters =
            radiomics::loadParameterSet(dialog.parameterSpec().toStdString());
        const ui::SeriesExtraction result = ui::extractSeriesSegmentations(
            file, ct->seriesInstanceUid, {ct->segmentationId}, parameters,
            dialog.allowModalityMismatch(), 1, nullptr, nullptr);
        QVERIFY2(result.failures.isEmpty(), qPrintable(result.failures.join('\n')));
        QCOMPARE(result.extractionIds.size(), std::size_t(1));

        storage::FeatureRepository repo(db);
        const auto row = repo.find(ct->seriesInstanceUid, ct->segmentationId, parameters.hash);
        QVERIFY(row);
        QCOMPARE(row->id, result.extractionIds.front());
        const storage::FeatureProvenance provenance = repo.provenance(row->id);
        QCOMPARE(QString::fromStdString(provenance.parameterSet.name), dialog.parameterSpec());
        QCOMPARE(provenance.parameterSet.canonicalText, parameters.canonicalText);
        std::set<std::string> families;
        std::size_t glcm = 0;
        for (const radiomics::FeatureValue& v : repo.values(row->id).values) {
            families.insert(v.family);
            glcm += v.family == "log_sigma1_5_trunc4_3d_mirror_glcm" && !std::isnan(v.value);
        }
        for (const char* family :
             {"morphology", "glcm", "log_sigma1_5_trunc4_3d_mirror_intensity_statistics",
              "log_sigma1_5_trunc4_3d_mirror_glcm"})
            QVERIFY2(families.count(family), family);
        QVERIFY(glcm > 0);
    }
};

QTEST_MAIN(ImageFilterEditorTest)
#include "test_image_filter_editor.moc"
