// The CLEAR items and RQS components with the rules that fill them in from
// StudyFacts: the one source of truth for both checklists (Checklists.h).
//
// CLEAR: Kocak B, Baessler B, Bakas S, et al. CheckList for EvaluAtion of
// Radiomics research (CLEAR): a step-by-step reporting guideline for authors
// and reviewers endorsed by ESR and EuSoMII. Insights Imaging 2023;14:75,
// doi:10.1186/s13244-023-01415-8; item numbers and sections as in the
// official list https://clearchecklist.github.io/clear_checklist/CLEAR.html
// (v1.0). Topics are our own short wording.
//
// RQS: Lambin P, Leijenaar RTH, Deist TM, et al. Radiomics: the bridge
// between medical imaging and personalized medicine. Nat Rev Clin Oncol
// 2017;14:749–762, doi:10.1038/nrclinonc.2017.141 (the radiomics quality
// score). The point rules were checked against tables restating them item
// by item: PMC8002585 (Cancers 2021;13:1348, Table 1: items 1–12),
// PMC11364578 (Eur Radiol 2024;34:5802, Table 1: the domains with items 13
// and 14 at +2 each) and PMC10249293 (Table 3: every item's range, the total
// −8 … 36). 1 image protocol +1 documented, +1 public protocol; 2 multiple
// segmentations +1; 3 phantom study +1; 4 multiple time points +1; 5 feature
// reduction or multiple-testing adjustment −3 if neither, +3 if either;
// 6 multivariable with non-radiomics features +1; 7 biological correlates
// +1; 8 cut-off analyses +1; 9 discrimination statistic +1, and resampling
// +1; 10 calibration statistic +1, and resampling +1; 11 prospective study
// in a trial +7; 12 validation −5 none, +2 same institute, +3 another
// institute, +4 two institutes or a previously published signature, +5
// three or more institutes; 13 comparison to gold standard +2; 14 potential
// clinical utility (e.g. decision curve) +2; 15 cost-effectiveness +1;
// 16 open science 0 … 4: +1 if the scans are open source, +1 if the ROI
// segmentations are, +1 if the code is, +1 if features calculated on a set
// of representative ROIs are published with those ROIs (Lambin et al.'s
// Table 1, as restated word for word by the public RQS calculators).

#include "report/Checklists.h"
#include "report/StudyReportAnchors.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdio>

namespace rgw::report {
namespace {

// ---- text helpers ----------------------------------------------------------

std::string ref(const char* anchor) {
    return std::string("{ref:") + anchor + "}";
}

std::string modelAnchor(std::size_t n) {
    return std::string(anchors::kModel) + "-" + std::to_string(n);
}

/// "{ref:results-model-1}" or "{ref:results-model-1} to {ref:results-model-3}".
std::string modelRefs(const ReportParts& parts) {
    if (parts.models == 0)
        return {};
    std::string out = "{ref:" + modelAnchor(1) + "}";
    if (parts.models > 1)
        out += " to {ref:" + modelAnchor(parts.models) + "}";
    return out;
}

/// " ({ref:ANCHOR})" when the part is present, else "".
std::string cite(bool present, const char* anchor) {
    return present ? " (" + ref(anchor) + ")" : std::string();
}

std::string citeModels(const ReportParts& parts) {
    return parts.models ? " (" + modelRefs(parts) + ")" : std::string();
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string modalitiesText(const StudyFacts& f) {
    std::vector<std::string> parts;
    for (const ModalityCount& m : f.modalities)
        parts.push_back(m.modality + " " + std::to_string(m.series) + " series");
    return join(parts);
}

std::string splitsText(const StudyFacts& f) {
    std::vector<std::string> parts;
    for (const SplitSize& s : f.splits) {
        std::string text = s.name + " n = " + std::to_string(s.patients);
        if (s.events)
            text += " (" + std::to_string(*s.events) + " events)";
        parts.push_back(text);
    }
    return join(parts);
}

/// Resampling of the model's evaluation: cross-validation or bootstrap.
Known resampling(const StudyFacts& f) {
    if ((f.cvFolds && *f.cvFolds > 1) || f.bootstrapOptimism == Known::Yes)
        return Known::Yes;
    if (f.cvFolds && *f.cvFolds <= 1 && f.bootstrapOptimism == Known::No)
        return Known::No;
    return Known::Unknown;
}

std::string resamplingText(const StudyFacts& f) {
    std::vector<std::string> parts;
    if (f.cvFolds && *f.cvFolds > 1)
        parts.push_back(std::to_string(*f.cvFolds) + "-fold cross-validation" +
                        (f.cvRepeats && *f.cvRepeats > 1
                             ? " × " + std::to_string(*f.cvRepeats) + " repeats"
                             : std::string()));
    if (f.bootstrapOptimism == Known::Yes)
        parts.push_back("bootstrap optimism correction");
    return join(parts, "; ");
}

std::string testingText(const StudyFacts& f) {
    std::vector<std::string> parts;
    if (f.heldOutTestSplit == Known::Yes)
        parts.push_back("held-out test split of the same institution");
    if (f.externalInstitutions && *f.externalInstitutions > 0)
        parts.push_back(std::to_string(*f.externalInstitutions) + " external institution" +
                        (*f.externalInstitutions > 1 ? "s" : ""));
    if (parts.empty())
        return "no held-out or external test data";
    return join(parts, "; ");
}

ItemResult reported(std::string where) {
    return {ItemStatus::Reported, std::move(where)};
}
ItemResult notApplicable(std::string why) {
    return {ItemStatus::NotApplicable, std::move(why)};
}
ItemResult forAuthor(std::string note = {}) {
    return {ItemStatus::ForAuthor, std::move(note)};
}
ItemResult author(const StudyFacts&) {
    return forAuthor();
}

/// Reported at `anchor` when the fact holds and the part is present; the
/// value without a reference (for the author to place) when the part is
/// missing; for the author when the fact is not known to hold.
ItemResult shownIf(bool holds, bool present, const char* anchor, const std::string& value) {
    if (!holds)
        return forAuthor();
    if (!present)
        return forAuthor(value + " (recorded; not shown in this report)");
    return reported(value + " (" + ref(anchor) + ")");
}

// ---- CLEAR rules (items that depend on facts) ------------------------------

ItemResult clearGuidelines(const StudyFacts&) {
    return forAuthor("state adherence; this table (" + ref(anchors::kClear) +
                     ") can be the supplement");
}

ItemResult clearSampleSize(const StudyFacts& f) {
    if (f.splits.empty())
        return forAuthor();
    return forAuthor("sizes: " + splitsText(f) + cite(f.parts.flowDiagram, anchors::kFlowDiagram) +
                     "; the rationale is for the author");
}

ItemResult clearEligibility(const StudyFacts& f) {
    if (!f.parts.flowDiagram)
        return forAuthor();
    return reported("exclusion reasons with counts (" + ref(anchors::kFlowDiagram) + ")");
}

ItemResult clearDataSplit(const StudyFacts& f) {
    const bool known = f.heldOutTestSplit != Known::Unknown && f.externalInstitutions &&
                       (f.cvFolds || f.bootstrapOptimism != Known::Unknown);
    if (!known || !f.parts.analysis)
        return forAuthor();
    std::string value = testingText(f);
    if (const std::string r = resamplingText(f); !r.empty())
        value += "; " + r;
    if (f.selectionInsideResampling == Known::Yes)
        value += "; every fitted step refitted inside each training split";
    if (!f.splits.empty())
        value += "; " + splitsText(f);
    return reported(value + " (" + ref(anchors::kAnalysis) +
                    (f.parts.flowDiagram ? ", " + ref(anchors::kFlowDiagram) : "") + ")");
}

ItemResult clearImagingProtocol(const StudyFacts& f) {
    if (f.modalities.empty() || !f.parts.acquisition)
        return forAuthor();
    return reported(
        modalitiesText(f) + " (" +
        ref(f.parts.acquisitionTable ? anchors::kAcquisitionTable : anchors::kAcquisition) + ")");
}

ItemResult clearNonRadiomicPredictors(const StudyFacts& f) {
    if (f.clinicalCovariates == Known::No)
        return notApplicable("no non-radiomic predictor in the models");
    return shownIf(f.clinicalCovariates == Known::Yes, f.parts.analysis, anchors::kAnalysis,
                   "clinical covariates with the rad-score");
}

ItemResult clearSegmentationStrategy(const StudyFacts& f) {
    return shownIf(!f.segmentationSources.empty(), f.parts.segmentation, anchors::kSegmentation,
                   join(f.segmentationSources, "; "));
}

ItemResult clearOperators(const StudyFacts& f) {
    return shownIf(f.readers.has_value(), f.parts.segmentation, anchors::kSegmentation,
                   f.readers ? std::to_string(*f.readers) + " reader(s); experience for the author"
                             : std::string());
}

ItemResult clearParameterSet(const StudyFacts& f, const std::string& what) {
    return shownIf(!f.parameterSetHash.empty(), f.parts.radiomics, anchors::kRadiomics,
                   what + ", parameter set " + f.parameterSetHash);
}

ItemResult clearPreprocessing(const StudyFacts& f) {
    return clearParameterSet(f, "IBSI processing steps");
}
ItemResult clearResampling(const StudyFacts& f) {
    return clearParameterSet(f, "interpolation and voxel size");
}
ItemResult clearDiscretisation(const StudyFacts& f) {
    return clearParameterSet(f, "discretisation method and bin");
}
ItemResult clearFeatureClasses(const StudyFacts& f) {
    return clearParameterSet(f, "IBSI feature families");
}

ItemResult clearImageTypes(const StudyFacts& f) {
    return shownIf(!f.imageTypes.empty(), f.parts.radiomics, anchors::kRadiomics, f.imageTypes);
}

ItemResult clearExtraction(const StudyFacts& f) {
    if (f.ibsiCompliant == Known::Unknown)
        return forAuthor();
    std::string value = f.ibsiCompliant == Known::Yes ? "IBSI-compliant hand-crafted features"
                                                      : "hand-crafted features, outside the "
                                                        "IBSI-verified settings";
    if (!f.softwareVersion.empty())
        value += ", Radiogenomics Workstation " + f.softwareVersion;
    return shownIf(true, f.parts.radiomics, anchors::kRadiomics, value);
}

ItemResult clearFeatureCount(const StudyFacts& f) {
    return shownIf(f.featureCount.has_value(), f.parts.radiomics, anchors::kRadiomics,
                   f.featureCount ? std::to_string(*f.featureCount) + " features" : std::string());
}

ItemResult clearDefaults(const StudyFacts& f) {
    return shownIf(f.parameterSetListedInFull == Known::Yes, f.parts.radiomics, anchors::kRadiomics,
                   "every parameter listed");
}

ItemResult clearMissingData(const StudyFacts& f) {
    return shownIf(f.missingDataHandled == Known::Yes, f.parts.analysis, anchors::kAnalysis,
                   f.missingDataMethod.empty() ? "handling stated" : f.missingDataMethod);
}

ItemResult clearReliability(const StudyFacts& f) {
    std::string value = "features filtered by ICC between segmentations";
    if (f.iccThreshold) {
        char threshold[32];
        std::snprintf(threshold, sizeof threshold, "%.2f", *f.iccThreshold);
        value += std::string(" (ICC \u2265 ") + threshold + ")";
    }
    return shownIf(f.stabilityFilter == Known::Yes, f.parts.analysis, anchors::kAnalysis, value);
}

ItemResult clearScaling(const StudyFacts& f) {
    return shownIf(f.harmonisation != Known::Unknown, f.parts.analysis, anchors::kAnalysis,
                   f.harmonisation == Known::Yes ? "ComBat harmonisation and standardisation"
                                                 : "standardisation; no harmonisation");
}

ItemResult clearDimensionReduction(const StudyFacts& f) {
    if (f.featureSelection == Known::No)
        return notApplicable("no selection step");
    return shownIf(f.featureSelection == Known::Yes, f.parts.analysis, anchors::kAnalysis,
                   f.selectionInsideResampling == Known::Yes
                       ? "selection steps, refitted inside each training split"
                       : "selection steps");
}

ItemResult clearAlgorithms(const StudyFacts& f) {
    std::string value = join(f.modelKinds, "; ");
    if (!f.softwareVersion.empty())
        value += "; Radiogenomics Workstation " + f.softwareVersion;
    return shownIf(!f.modelKinds.empty(), f.parts.analysis, anchors::kAnalysis, value);
}

ItemResult clearTraining(const StudyFacts& f) {
    return shownIf(
        !f.modelKinds.empty() && f.seed.has_value(), f.parts.analysis, anchors::kAnalysis,
        f.seed ? "penalty chosen by inner cross-validation, seed " + std::to_string(*f.seed)
               : std::string());
}

ItemResult clearModelSelection(const StudyFacts& f) {
    return shownIf(!f.modelKinds.empty() && f.cvFolds && *f.cvFolds > 1, f.parts.analysis,
                   anchors::kAnalysis, "by cross-validated performance on the training data");
}

ItemResult clearTesting(const StudyFacts& f) {
    const bool known = f.heldOutTestSplit != Known::Unknown && f.externalInstitutions;
    return shownIf(known, f.parts.analysis, anchors::kAnalysis, testingText(f));
}

ItemResult clearModelResult(const StudyFacts& f, bool holds, const std::string& value) {
    if (!holds)
        return forAuthor();
    if (f.parts.models == 0)
        return forAuthor(value + " (recorded; not shown in this report)");
    return reported(value + " (" + modelRefs(f.parts) + ")");
}

ItemResult clearMetrics(const StudyFacts& f) {
    std::string value = "discrimination";
    if (f.calibration == Known::Yes)
        value += ", calibration";
    if (f.decisionCurve == Known::Yes)
        value += ", decision curve";
    return clearModelResult(f, f.discriminationWithCi == Known::Yes, value);
}

ItemResult clearUncertainty(const StudyFacts& f) {
    return clearModelResult(f, f.discriminationWithCi == Known::Yes, "95 % confidence intervals");
}

ItemResult clearComparisonTest(const StudyFacts& f) {
    return clearModelResult(f, f.statisticalComparison == Known::Yes, "DeLong test between models");
}

bool combined(const StudyFacts& f) {
    return f.clinicalCovariates == Known::Yes || f.comparisonToGoldStandard == Known::Yes;
}

ItemResult clearCombinedMethods(const StudyFacts& f) {
    if (f.clinicalCovariates == Known::No && f.comparisonToGoldStandard == Known::No)
        return forAuthor("no non-radiomic or combined model recorded");
    return shownIf(combined(f), f.parts.analysis, anchors::kAnalysis,
                   "radiomic, non-radiomic and combined models");
}

ItemResult clearInterpretability(const StudyFacts& f) {
    return clearModelResult(f, !f.modelKinds.empty(), "coefficients and nomogram");
}

ItemResult clearBaseline(const StudyFacts& f) {
    return f.parts.tableOne ? reported("by split with tests (" + ref(anchors::kTableOne) + ")")
                            : forAuthor();
}

ItemResult clearFlowchart(const StudyFacts& f) {
    return f.parts.flowDiagram
               ? reported("counts per exclusion and split (" + ref(anchors::kFlowDiagram) + ")")
               : forAuthor();
}

ItemResult clearFeatureStatistics(const StudyFacts& f) {
    return clearModelResult(f, f.featureSelection == Known::Yes && !f.modelKinds.empty(),
                            "selected features with their coefficients");
}

ItemResult clearPerformance(const StudyFacts& f) {
    return clearModelResult(f, f.discriminationWithCi == Known::Yes, "performance per split");
}

ItemResult clearCombinedResults(const StudyFacts& f) {
    std::string value = "radiomic vs non-radiomic and combined models";
    if (f.decisionCurve == Known::Yes)
        value += ", decision curve";
    return clearModelResult(f, combined(f), value);
}

ItemResult shared(Known fact, bool present, const std::string& what) {
    if (fact == Known::No)
        return forAuthor(what + " not shared: give the reason");
    return shownIf(fact == Known::Yes, present, anchors::kSoftware, what + " shared");
}

ItemResult clearImagesShared(const StudyFacts& f) {
    if (f.scansShared == Known::No || f.segmentationsShared == Known::No)
        return forAuthor("images or segmentations not shared: give the reason");
    return shownIf(f.scansShared == Known::Yes && f.segmentationsShared == Known::Yes,
                   f.parts.software, anchors::kSoftware,
                   "de-identified images and segmentations shared");
}

ItemResult clearFeaturesShared(const StudyFacts& f) {
    return shared(f.featureTableShared, f.parts.software, "feature table");
}

ItemResult clearSettingsShared(const StudyFacts& f) {
    if (f.parameterSetShared != Known::Yes && f.parameterSetListedInFull == Known::Yes &&
        f.parts.radiomics)
        return reported("every parameter listed (" + ref(anchors::kRadiomics) + ")");
    return shared(f.parameterSetShared, f.parts.software, "parameter set");
}

ItemResult clearCodeShared(const StudyFacts& f) {
    return shared(f.sourceCodeShared, f.parts.software, "source code");
}

ItemResult clearModelShared(const StudyFacts& f) {
    return shared(f.modelFileShared, f.parts.software, "model file (JSON)");
}

constexpr const char* kTitle = "Title";
constexpr const char* kIntro = "Introduction";
constexpr const char* kDesign = "Methods: study design";
constexpr const char* kData = "Methods: data";
constexpr const char* kSeg = "Methods: segmentation";
constexpr const char* kPre = "Methods: pre-processing";
constexpr const char* kExtract = "Methods: feature extraction";
constexpr const char* kPrep = "Methods: data preparation";
constexpr const char* kModelling = "Methods: modelling";
constexpr const char* kEval = "Methods: evaluation";
constexpr const char* kResultsSection = "Results";
constexpr const char* kDiscussion = "Discussion";
constexpr const char* kOpenData = "Open science: data";
constexpr const char* kOpenCode = "Open science: code";
constexpr const char* kOpenModel = "Open science: model";

constexpr ClearItem kClearItems[] = {
    {1, kTitle, "Title names radiomics and its method", author},
    {2, "Abstract", "Structured abstract with the key details", author},
    {3, "Keywords", "Keywords that mark a radiomics study", author},
    {4, kIntro, "Scientific or clinical background", author},
    {5, kIntro, "Why a radiomic approach", author},
    {6, kIntro, "Objectives", author},
    {7, kDesign, "Guidelines or checklists followed", clearGuidelines},
    {8, kDesign, "Ethics: approval, consent, data protection", author},
    {9, kDesign, "How the sample size was set", clearSampleSize},
    {10, kDesign, "Prospective or retrospective design", author},
    {11, kDesign, "Inclusion and exclusion criteria", clearEligibility},
    {12, kDesign, "Flowchart of the technical pipeline", author},
    {13, kData, "Where the data come from", author},
    {14, kData, "Overlap with data of earlier studies", author},
    {15, kData, "How the data were split", clearDataSplit},
    {16, kData, "Acquisition protocol and image processing", clearImagingProtocol},
    {17, kData, "Non-radiomic predictors defined", clearNonRadiomicPredictors},
    {18, kData, "Reference standard (outcome) defined", author},
    {19, kSeg, "Segmentation method and tools", clearSegmentationStrategy},
    {20, kSeg, "Who segmented, how many readers", clearOperators},
    {21, kPre, "Image pre-processing", clearPreprocessing},
    {22, kPre, "Resampling method and parameters", clearResampling},
    {23, kPre, "Discretisation method and parameters", clearDiscretisation},
    {24, kPre, "Image types (original, filtered)", clearImageTypes},
    {25, kExtract, "Extraction software and method (IBSI)", clearExtraction},
    {26, kExtract, "Feature classes", clearFeatureClasses},
    {27, kExtract, "Number of features", clearFeatureCount},
    {28, kExtract, "Remaining parameters stated as default", clearDefaults},
    {29, kPrep, "Missing data", clearMissingData},
    {30, kPrep, "Class imbalance", author},
    {31, kPrep, "Segmentation reliability analysis", clearReliability},
    {32, kPrep, "Feature scaling and harmonisation", clearScaling},
    {33, kPrep, "Dimension reduction", clearDimensionReduction},
    {34, kModelling, "Algorithms and their software", clearAlgorithms},
    {35, kModelling, "Training and tuning", clearTraining},
    {36, kModelling, "Confounders", author},
    {37, kModelling, "How the final model was chosen", clearModelSelection},
    {38, kEval, "Internal or external testing", clearTesting},
    {39, kEval, "Performance metrics and why", clearMetrics},
    {40, kEval, "Uncertainty (e.g. confidence intervals)", clearUncertainty},
    {41, kEval, "Statistical comparison of performance", clearComparisonTest},
    {42, kEval, "Non-radiomic and combined models compared", clearCombinedMethods},
    {43, kEval, "Interpretability methods", clearInterpretability},
    {44, kResultsSection, "Baseline characteristics by split", clearBaseline},
    {45, kResultsSection, "Eligibility flowchart with counts", clearFlowchart},
    {46, kResultsSection, "Statistics of the selected features", clearFeatureStatistics},
    {47, kResultsSection, "Model performance per split", clearPerformance},
    {48, kResultsSection, "Results against non-radiomic and combined models", clearCombinedResults},
    {49, kDiscussion, "Summary of the main findings", author},
    {50, kDiscussion, "Earlier work and how this differs", author},
    {51, kDiscussion, "Practical implications", author},
    {52, kDiscussion, "Strengths and limitations", author},
    {53, kOpenData, "Images with segmentations shared (not essential)", clearImagesShared},
    {54, kOpenData, "Radiomic feature data shared", clearFeaturesShared},
    {55, kOpenCode, "Pre-processing and extraction settings shared", clearSettingsShared},
    {56, kOpenCode, "Modelling source code shared", clearCodeShared},
    {57, kOpenModel, "Final model files shared", clearModelShared},
    {58, kOpenModel, "Ready-to-use tool shared (not essential)", author},
};

// ---- RQS rules -------------------------------------------------------------

/// The range of score(values) over every assignment of the Unknown facts.
template <std::size_t N, class Score>
RqsPoints pointsOver(const std::array<Known, N>& facts, Score score) {
    RqsPoints out{INT_MAX, INT_MIN};
    for (unsigned mask = 0; mask < (1u << N); ++mask) {
        std::array<bool, N> value{};
        bool consistent = true;
        for (std::size_t i = 0; i < N; ++i) {
            value[i] = ((mask >> i) & 1u) != 0;
            if ((facts[i] == Known::Yes && !value[i]) || (facts[i] == Known::No && value[i]))
                consistent = false;
        }
        if (!consistent)
            continue;
        const int s = score(value);
        out.lowest = std::min(out.lowest, s);
        out.highest = std::max(out.highest, s);
    }
    return out;
}

RqsResult single(Known fact, int points, std::string where = {}) {
    return {pointsOver(std::array{fact}, [points](auto v) { return v[0] ? points : 0; }),
            fact == Known::Unknown ? std::string() : std::move(where)};
}

RqsResult rqsProtocol(const StudyFacts& f) {
    const Known documented =
        f.parts.acquisition && !f.modalities.empty() ? Known::Yes : Known::Unknown;
    return {pointsOver(std::array{documented, f.publicImagingProtocol},
                       [](auto v) { return int(v[0]) + int(v[1]); }),
            documented == Known::Yes ? "acquisition summary per modality (" +
                                           ref(f.parts.acquisitionTable ? anchors::kAcquisitionTable
                                                                        : anchors::kAcquisition) +
                                           ")"
                                     : std::string()};
}

RqsResult rqsSegmentations(const StudyFacts& f) {
    return single(f.multipleSegmentations, 1,
                  (f.multipleSegmentations == Known::Yes ? "several segmentations per ROI"
                                                         : "one segmentation per ROI") +
                      cite(f.parts.segmentation, anchors::kSegmentation));
}

RqsResult rqsPhantom(const StudyFacts& f) {
    return single(f.phantomStudy, 1);
}

RqsResult rqsTimePoints(const StudyFacts& f) {
    return single(f.multipleTimePoints, 1,
                  f.multipleTimePoints == Known::Yes ? "images at several time points"
                                                     : "one time point per patient");
}

RqsResult rqsReduction(const StudyFacts& f) {
    std::string where;
    if (f.featureSelection == Known::Yes)
        where = "feature selection" + cite(f.parts.analysis, anchors::kAnalysis);
    else if (f.multipleTestingCorrection == Known::Yes)
        where = "multiple-testing adjustment" + cite(f.parts.associations, anchors::kAssociations);
    else if (f.featureSelection == Known::No && f.multipleTestingCorrection == Known::No)
        where = "neither feature reduction nor multiple-testing adjustment";
    return {pointsOver(std::array{f.featureSelection, f.multipleTestingCorrection},
                       [](auto v) { return v[0] || v[1] ? 3 : -3; }),
            where};
}

RqsResult rqsNonRadiomics(const StudyFacts& f) {
    return single(f.clinicalCovariates, 1,
                  (f.clinicalCovariates == Known::Yes ? "rad-score with clinical covariates"
                                                      : "radiomic features only") +
                      cite(f.parts.analysis, anchors::kAnalysis));
}

RqsResult rqsBiology(const StudyFacts& f) {
    return single(f.biologicalCorrelates, 1,
                  f.biologicalCorrelates == Known::Yes
                      ? "feature–genomics associations" +
                            cite(f.parts.associations, anchors::kAssociations) +
                            "; their discussion is for the author"
                      : "no biological correlates recorded");
}

RqsResult rqsCutoff(const StudyFacts& f) {
    return single(f.cutoffAnalysis, 1,
                  f.cutoffAnalysis == Known::Yes
                      ? "risk groups by a cut-off fixed on the training data" + citeModels(f.parts)
                      : "no cut-off analysis");
}

/// +1 for the statistic with its significance, +1 more when resampled.
RqsResult statisticWithResampling(Known statistic, const StudyFacts& f, const char* what) {
    const Known resampled = resampling(f);
    std::string where;
    if (statistic == Known::Yes) {
        where = std::string(what) + citeModels(f.parts);
        if (resampled == Known::Yes)
            where += "; " + resamplingText(f);
    } else if (statistic == Known::No) {
        where = std::string("no ") + what;
    }
    return {pointsOver(std::array{statistic, resampled},
                       [](auto v) { return int(v[0]) + int(v[0] && v[1]); }),
            where};
}

RqsResult rqsDiscrimination(const StudyFacts& f) {
    return statisticWithResampling(f.discriminationWithCi, f, "discrimination with 95 % CI");
}

RqsResult rqsCalibration(const StudyFacts& f) {
    return statisticWithResampling(f.calibration, f, "calibration");
}

RqsResult rqsProspective(const StudyFacts& f) {
    return single(f.prospective, 7);
}

/// −5 without validation; else the best of +2 (same institution), +3 / +4 /
/// +5 (one / two / three or more other institutions), +4 (published
/// signature). Validation means data never used to fit the model;
/// cross-validation and bootstrap are resampling, credited in items 9 and 10.
int validationPoints(bool heldOut, std::size_t external, bool published) {
    int best = external >= 3 ? 5 : external == 2 ? 4 : external == 1 ? 3 : 0;
    if (published)
        best = std::max(best, 4);
    if (heldOut)
        best = std::max(best, 2);
    return best == 0 ? -5 : best;
}

RqsResult rqsValidation(const StudyFacts& f) {
    RqsPoints points{INT_MAX, INT_MIN};
    const std::size_t externalFrom = f.externalInstitutions ? *f.externalInstitutions : 0;
    const std::size_t externalTo = f.externalInstitutions ? *f.externalInstitutions : 3;
    for (std::size_t external = externalFrom; external <= externalTo; ++external) {
        const RqsPoints p =
            pointsOver(std::array{f.heldOutTestSplit, f.validatesPublishedSignature},
                       [external](auto v) { return validationPoints(v[0], external, v[1]); });
        points.lowest = std::min(points.lowest, p.lowest);
        points.highest = std::max(points.highest, p.highest);
    }
    std::string where;
    if (f.heldOutTestSplit != Known::Unknown || f.externalInstitutions)
        where = testingText(f) + cite(f.parts.analysis, anchors::kAnalysis);
    return {points, where};
}

RqsResult rqsGoldStandard(const StudyFacts& f) {
    return single(f.comparisonToGoldStandard, 2,
                  f.comparisonToGoldStandard == Known::Yes
                      ? "compared with the current standard" + citeModels(f.parts)
                      : "no comparison with the current standard");
}

RqsResult rqsClinicalUtility(const StudyFacts& f) {
    // A missing decision curve does not rule the point out: the author may
    // report clinical use otherwise.
    const Known utility = f.decisionCurve == Known::Yes ? Known::Yes : Known::Unknown;
    return single(utility, 2, "decision curve analysis" + citeModels(f.parts));
}

RqsResult rqsCost(const StudyFacts& f) {
    return single(f.costEffectiveness, 1);
}

RqsResult rqsOpenScience(const StudyFacts& f) {
    std::vector<std::string> shared;
    if (f.scansShared == Known::Yes)
        shared.push_back("scans");
    if (f.segmentationsShared == Known::Yes)
        shared.push_back("segmentations");
    if (f.sourceCodeShared == Known::Yes)
        shared.push_back("code");
    if (f.featureTableShared == Known::Yes)
        shared.push_back("features");
    return {pointsOver(std::array{f.scansShared, f.segmentationsShared, f.sourceCodeShared,
                                  f.featureTableShared},
                       [](auto v) {
                           // the fourth point needs the features and the ROIs they come from
                           return int(v[0]) + int(v[1]) + int(v[2]) + int(v[3] && v[1]);
                       }),
            shared.empty()
                ? std::string()
                : "public: " + join(shared) + cite(f.parts.software, anchors::kSoftware)};
}

constexpr RqsComponent kRqsComponents[] = {
    {1, "Image protocol quality", "+1 protocol documented; +1 a public protocol followed", 0, 2,
     rqsProtocol},
    {2, "Multiple segmentations", "+1 features checked across readers or tools", 0, 1,
     rqsSegmentations},
    {3, "Phantom study on all scanners", "+1 scanner and vendor effects studied", 0, 1, rqsPhantom},
    {4, "Imaging at multiple time points", "+1 feature robustness over time studied", 0, 1,
     rqsTimePoints},
    {5, "Feature reduction or multiple-testing adjustment", "+3 if either; −3 if neither", -3, 3,
     rqsReduction},
    {6, "Multivariable analysis with non-radiomic features", "+1", 0, 1, rqsNonRadiomics},
    {7, "Biological correlates detected and discussed", "+1", 0, 1, rqsBiology},
    {8, "Cut-off analyses", "+1 risk groups by median, published cut-off or continuous risk", 0, 1,
     rqsCutoff},
    {9, "Discrimination statistics", "+1 statistic with significance; +1 also resampled", 0, 2,
     rqsDiscrimination},
    {10, "Calibration statistics", "+1 statistic with significance; +1 also resampled", 0, 2,
     rqsCalibration},
    {11, "Prospective study in a registered trial", "+7", 0, 7, rqsProspective},
    {12, "Validation",
     "−5 none; +2 same institution; +3 one other; +4 two others or a published signature; +5 "
     "three or more others",
     -5, 5, rqsValidation},
    {13, "Comparison to the gold standard", "+2", 0, 2, rqsGoldStandard},
    {14, "Potential clinical utility", "+2 (e.g. decision curve analysis)", 0, 2,
     rqsClinicalUtility},
    {15, "Cost-effectiveness analysis", "+1", 0, 1, rqsCost},
    {16, "Open science and data",
     "+1 each, public: scans; ROI segmentations; code; features of representative ROIs "
     "with those ROIs",
     0, 4, rqsOpenScience},
};

} // namespace

std::span<const ClearItem> clearItems() {
    return kClearItems;
}

std::span<const RqsComponent> rqsComponents() {
    return kRqsComponents;
}

} // namespace rgw::report
