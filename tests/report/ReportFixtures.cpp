#include "ReportFixtures.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <string>

namespace rgw::reportfixtures {

using namespace rgw::report;

namespace {

Section section(int level, std::string anchor, std::string title) {
    Section s;
    s.level = level;
    s.anchor = std::move(anchor);
    s.title = std::move(title);
    return s;
}

Figure figure(std::string anchor, std::string caption, FigureContent content, double aspect = 0.6) {
    Figure f;
    f.anchor = std::move(anchor);
    f.caption = std::move(caption);
    f.content = std::move(content);
    f.aspect = aspect;
    return f;
}

PlotSeries series(std::string label, SeriesKind kind, LineStyle style, std::vector<double> x,
                  std::vector<double> y) {
    PlotSeries s;
    s.label = std::move(label);
    s.kind = kind;
    s.style = style;
    s.x = std::move(x);
    s.y = std::move(y);
    return s;
}

std::string patientId(int i) {
    char id[16];
    std::snprintf(id, sizeof id, "P-%03d", i);
    return id;
}

} // namespace

const char* veryLongWord() {
    return "Supercalifragilisticexpialidocious_radiogenomic_feature_name_without_any_space_"
           "original_glszm_SizeZoneNonUniformityNormalized_wavelet_LLH_"
           "that_keeps_going_well_beyond_the_width_of_an_A4_text_column_end";
}

KeyImage syntheticKeyImage(std::uint32_t seed, int size) {
    KeyImage image;
    image.columns = size;
    image.rows = size;
    image.pixels.resize(std::size_t(size) * std::size_t(size));
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.0f, 20.0f);
    const double cx = size * 0.5, cy = size * 0.45, radius = size * 0.18;
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) {
            const double d = std::hypot(c - cx, r - cy);
            const float body =
                std::hypot(c - size / 2.0, (r - size / 2.0) * 1.3) < size * 0.45 ? 40.0f : -1000.0f;
            image.pixels[std::size_t(r) * std::size_t(size) + std::size_t(c)] =
                (d < radius ? 120.0f : body) + noise(random);
        }
    image.windowCentre = 40;
    image.windowWidth = 400;
    image.pixelSpacingX = 0.7;
    image.pixelSpacingY = 0.9; // anisotropic on purpose: the aspect follows the spacing
    std::vector<std::pair<double, double>> contour;
    for (int k = 0; k < 64; ++k) {
        const double a = 2 * std::numbers::pi * k / 64;
        contour.emplace_back(cx + radius * std::cos(a), cy + radius * std::sin(a));
    }
    image.contours.push_back(std::move(contour));
    image.orientationText = "axial slice 42 of 88, z = −120.5 mm";
    return image;
}

Document everyBlockDocument() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Document doc;
    doc.title = "Study report: Lung CT cohort (café)";
    doc.subtitle = {"Cohort “lung-2026”, 120 patients", "Radiogenomics Workstation test build"};

    Section methods = section(1, "methods", "Methods");
    methods.blocks.push_back(Paragraph{"Features were compared with Spearman ρ; associations with "
                                       "q ≤ 0.05 are marked. The cohort flow is in {ref:fig-flow}, "
                                       "acquisition in {ref:tab-acq} – see {ref:results}."});
    methods.blocks.push_back(DefinitionList{{{"Interpolation", "trilinear to 1 × 1 × 1 mm"},
                                             {"Discretisation", "fixed bin width 25 HU"},
                                             {"Parameter-set hash", "3f9a…c1"}}});
    methods.blocks.push_back(
        BulletList{{"Re-segmentation: −1000 to 400 HU", "Aggregation: 3D, merged",
                    "Software: Radiogenomics Workstation (ρ-aware édition)"}});
    doc.sections.push_back(methods);

    Section acquisition = section(2, "acquisition", "Acquisition");
    Table acq;
    acq.anchor = "tab-acq";
    acq.caption = "Acquisition parameters by scanner";
    acq.header = {"Scanner", "Patients", "kVp", "Slice thickness (mm)"};
    acq.align = {Align::Left, Align::Right, Align::Right, Align::Right};
    acq.rows = {{"Siemens Definition AS", "64", "120", "1.0–1.5"},
                {"GE Discovery CT750", "41", "100–120", "1.25"},
                {"Philips Brilliance", "15", "120", "2.0"}};
    acq.notes = {"kVp: peak kilovoltage; ranges are min–max."};
    acquisition.blocks.push_back(acq);
    doc.sections.push_back(acquisition);

    Section cohort = section(1, "cohort", "Cohort");
    FlowDiagram flow;
    flow.startText = "Patients in the database (n = 120)";
    flow.exclusions = {
        {"no CT before treatment", 12}, {"no segmentation", 5}, {"genomics not profiled", 3}};
    flow.finalText = "Included (n = 100)";
    flow.splitTexts = {"Training (n = 70)", "Test (n = 30)"};
    cohort.blocks.push_back(figure("fig-flow", "Cohort flow diagram.", flow, 0.7));
    Table empty;
    empty.caption = "Characteristics without rows";
    empty.header = {"Characteristic", "Training", "Test"};
    cohort.blocks.push_back(empty);
    Table nothing;
    nothing.caption = "A table without columns";
    cohort.blocks.push_back(nothing);
    doc.sections.push_back(cohort);

    Section results = section(1, "results", "Results");
    XYPlot roc;
    roc.xLabel = "1 − specificity";
    roc.yLabel = "Sensitivity";
    roc.xRange = AxisRange{0, 1};
    roc.yRange = AxisRange{0, 1};
    PlotSeries curve = series("Test set", SeriesKind::Line, LineStyle::Solid,
                              {0, 0.1, 0.2, 0.4, 0.7, 1}, {0, 0.45, 0.7, 0.85, 0.95, 1});
    PlotSeries chance = series("Chance", SeriesKind::Line, LineStyle::Dashed, {0, 1}, {0, 1});
    chance.rgb = 0x888888;
    roc.series = {curve, chance};
    roc.annotations = {"AUC 0.81 (95 % CI 0.72–0.90)"};
    results.blocks.push_back(
        figure("fig-roc", "ROC curve of the radiomic model on the test set.", roc, 0.8));
    XYPlot km;
    km.xLabel = "Months";
    km.yLabel = "Overall survival";
    km.yRange = AxisRange{0, 1};
    PlotSeries low = series("Low risk", SeriesKind::Steps, LineStyle::Solid, {0, 5, 9, 14, 20, 30},
                            {1, 0.95, 0.9, 0.82, 0.8, 0.78});
    low.tickX = {7, 16, 25};
    PlotSeries high = series("High risk", SeriesKind::Steps, LineStyle::Dotted,
                             {0, 3, 6, 10, 18, 30}, {1, 0.85, 0.7, 0.55, 0.4, 0.35});
    high.tickX = {12};
    km.series = {low, high};
    km.annotations = {"log-rank p = 0.003"};
    results.blocks.push_back(figure("fig-km", "Kaplan–Meier curves by risk group.", km));
    XYPlot calibration;
    calibration.xLabel = "Predicted probability";
    calibration.yLabel = "Observed proportion";
    PlotSeries bins = series("Deciles", SeriesKind::Points, LineStyle::Solid,
                             {0.1, 0.3, 0.5, 0.7, 0.9}, {0.12, 0.25, 0.55, 0.66, 0.93});
    bins.yLower = {0.05, 0.15, 0.4, 0.5, 0.8};
    bins.yUpper = {0.2, 0.35, 0.7, 0.8, 1.0};
    calibration.series = {bins};
    calibration.horizontalLines = {0.5};
    calibration.verticalLines = {0.5};
    results.blocks.push_back(figure("fig-cal", "Calibration with 95 % intervals.", calibration));
    BarPlot bars;
    bars.valueLabel = "log odds ratio";
    bars.labels = {"original_firstorder_Mean", "original_glcm_Contrast", "EGFR mutated",
                   "Age (per 10 years)"};
    bars.values = {0.42, -0.31, 0.8, nan};
    bars.lower = {0.1, -0.6, 0.3, nan};
    bars.upper = {0.74, -0.02, 1.3, nan};
    bars.referenceLine = 0;
    results.blocks.push_back(figure("fig-coef", "Model coefficients with 95 % CI.", bars));
    HeatmapPlot heat;
    heat.rowLabels = {"glcm_Contrast", "firstorder_Mean", "shape_Sphericity"};
    heat.columnLabels = {"EGFR", "KRAS", "TP53", "ALK"};
    heat.values = {0.5, -0.2, nan, 0.1, -0.7, 0.3, 0.05, 0.9, 0.0, -0.4, 0.6, -1.2};
    heat.marked = {1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1};
    heat.valueLabel = "Spearman ρ";
    results.blocks.push_back(
        figure("fig-heat", "Radiogenomic associations (dots: q ≤ 0.05).", heat, 0.5));
    NomogramPlot nomo;
    nomo.points = {"Points", {{0, "0"}, {25, "25"}, {50, "50"}, {75, "75"}, {100, "100"}}};
    nomo.predictors = {{"Rad-score", {{0, "−2"}, {50, "0"}, {100, "2"}}},
                       {"EGFR", {{0, "wild-type"}, {35, "mutated"}}}};
    nomo.totalPoints = {"Total points", {{0, "0"}, {50, "50"}, {100, "100"}, {150, "150"}}};
    nomo.outcomes = {{"Risk of progression", {{20, "0.1"}, {70, "0.5"}, {120, "0.9"}}}};
    results.blocks.push_back(figure("fig-nomo", "Nomogram of the combined model.", nomo, 0.5));
    doc.sections.push_back(results);

    Section longTable = section(2, "long-table", "Predictions per patient");
    Table predictions;
    predictions.anchor = "tab-pred";
    predictions.caption = "Predicted risk per patient (see {ref:fig-roc})";
    predictions.header = {"Patient", "Feature value", "Predicted risk", "Group"};
    predictions.align = {Align::Left, Align::Right, Align::Right, Align::Left};
    for (int i = 1; i <= 90; ++i)
        predictions.rows.push_back({patientId(i), std::to_string(100 + i) + ".5",
                                    "0." + std::to_string(10 + i % 80),
                                    i % 3 ? "training" : "test"});
    predictions.notes = {"Risk from the model of {ref:fig-nomo}."};
    longTable.blocks.push_back(predictions);
    doc.sections.push_back(longTable);

    Section edge = section(1, "edge", "Edge cases");
    XYPlot empty1;
    empty1.xLabel = "x";
    empty1.series = {series("NaN only", SeriesKind::Line, LineStyle::Solid, {nan, 1}, {2, nan}),
                     PlotSeries{}};
    edge.blocks.push_back(figure("fig-nan", "A plot whose values are all missing.", empty1));
    // One figure of every other kind without data (each draws "no data").
    BarPlot noBars;
    noBars.labels = {"a", "b"};
    noBars.values = {nan, nan};
    edge.blocks.push_back(figure("", "Bars without values.", noBars, 0.2));
    edge.blocks.push_back(figure("", "An empty flow diagram.", FlowDiagram{}, 0.2));
    HeatmapPlot noCells;
    noCells.rowLabels = {"r"};
    noCells.columnLabels = {"c1", "c2"};
    noCells.values = {nan, nan};
    edge.blocks.push_back(figure("", "A heatmap of missing values.", noCells, 0.2));
    edge.blocks.push_back(figure("", "An empty nomogram.", NomogramPlot{}, 0.2));
    KeyImage noPixels;
    noPixels.columns = 4;
    noPixels.rows = 4;
    edge.blocks.push_back(figure("", "A key image without pixels.", noPixels, 0.2));
    edge.blocks.push_back(
        Paragraph{std::string("A very long word: ") + veryLongWord() + " ends here."});
    doc.sections.push_back(edge);

    Section appendix = section(1, "appendix", "Patient appendix");
    for (int p = 1; p <= 2; ++p) {
        appendix.blocks.push_back(PageBreak{});
        appendix.blocks.push_back(Paragraph{"Patient " + patientId(p)});
        appendix.blocks.push_back(figure("fig-key-" + std::to_string(p),
                                         "Key image of " + patientId(p) + ".",
                                         syntheticKeyImage(std::uint32_t(p)), 1.0));
    }
    doc.sections.push_back(appendix);
    numberDocument(doc);
    return doc;
}

Document patientReport(int patients, std::uint32_t seed) {
    Document doc;
    doc.title = "Patient report";
    doc.subtitle = {std::to_string(patients) + " patients (synthetic)"};
    Section summary = section(1, "summary", "Summary");
    summary.blocks.push_back(
        Paragraph{"One page per patient: key image, ROI statistics and features."});
    doc.sections.push_back(summary);
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> value(0, 100);
    for (int p = 1; p <= patients; ++p) {
        Section s = section(2, "patient-" + std::to_string(p), "Patient " + patientId(p));
        s.blocks.push_back(PageBreak{});
        s.blocks.push_back(DefinitionList{{{"Series", "CT thorax, 1.0 mm"},
                                           {"ROI", "GTV (manual, 2026-01-05)"},
                                           {"Model", "rad-score v3, predicted risk 0.42"}}});
        s.blocks.push_back(figure("", "Key image of " + patientId(p) + " with the GTV contour.",
                                  syntheticKeyImage(seed + std::uint32_t(p)), 0.8));
        Table stats;
        stats.caption = "ROI statistics of " + patientId(p);
        stats.header = {"Statistic", "Value"};
        stats.align = {Align::Left, Align::Right};
        for (const char* name :
             {"Volume (mL)", "Mean (HU)", "SD (HU)", "Minimum (HU)", "Maximum (HU)", "Voxels"})
            stats.rows.push_back({name, std::to_string(value(random))});
        s.blocks.push_back(stats);
        Table features;
        features.caption = "Main features of " + patientId(p);
        features.header = {"Feature", "Value", "Cohort percentile"};
        features.align = {Align::Left, Align::Right, Align::Right};
        for (int f = 0; f < 10; ++f)
            features.rows.push_back({"original_glcm_feature_" + std::to_string(f),
                                     std::to_string(value(random)),
                                     std::to_string(int(value(random)))});
        s.blocks.push_back(features);
        doc.sections.push_back(std::move(s));
    }
    numberDocument(doc);
    return doc;
}

} // namespace rgw::reportfixtures
