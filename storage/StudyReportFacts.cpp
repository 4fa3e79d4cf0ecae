#include "StudyReportFacts.h"

#include "FeatureRepository.h"
#include "ModelRepository.h"
#include "modeling/ModelKind.h"
#include "modeling/SpecNames.h"
#include "modeling/TrainedModel.h"
#include "report/StudyReportAnchors.h"

#include <algorithm>
#include <set>

namespace rgw::storage {
namespace {

using report::Known;

Known known(bool value) {
    return value ? Known::Yes : Known::No;
}

/// "lasso logistic", "unpenalised cox", "random forest (logistic)", with
/// "rad-score + clinical" when the model has one.
std::string modelDescription(const modeling::PipelineSpec& spec) {
    const modeling::LearnerSpec& l = spec.learner;
    std::string text;
    if (l.algorithm)
        text = std::string(modeling::learnerKindName(*l.algorithm)) + " (" +
               modeling::modelKindName(l.kind) + ")";
    else
        text =
            std::string(l.penalty == modeling::Penalty::None ? "unpenalised"
                                                             : modeling::penaltyName(l.penalty)) +
            " " + modeling::modelKindName(l.kind);
    if (spec.radScore)
        text = "rad-score + clinical " + text;
    return text;
}

/// The included patients' image series per modality, in modality order.
std::vector<report::ModalityCount> modalities(Database& db,
                                              const std::vector<std::string>& patients) {
    const std::set<std::string> included(patients.begin(), patients.end());
    Statement& s = db.prepare("SELECT p.patient_id, se.modality FROM series se "
                              "JOIN studies st ON st.id = se.study_id "
                              "JOIN patients p ON p.id = st.patient_id "
                              "WHERE se.object_kind = 'image' ORDER BY se.modality");
    std::vector<report::ModalityCount> out;
    while (s.step()) {
        if (!included.count(s.text(0)))
            continue;
        const std::string modality = s.text(1).empty() ? "unknown" : s.text(1);
        if (out.empty() || out.back().modality != modality)
            out.push_back({modality, 0});
        ++out.back().series;
    }
    s.reset();
    return out;
}

/// The included patients' segmentations by source ("RTSTRUCT (12)").
std::vector<std::string> segmentationSources(Database& db,
                                             const std::vector<std::string>& patients) {
    const std::set<std::string> included(patients.begin(), patients.end());
    Statement& s = db.prepare("SELECT p.patient_id, g.source FROM segmentations g "
                              "JOIN patients p ON p.id = g.patient_id ORDER BY g.source");
    std::vector<std::pair<std::string, std::size_t>> counts;
    while (s.step()) {
        if (!included.count(s.text(0)))
            continue;
        if (counts.empty() || counts.back().first != s.text(1))
            counts.emplace_back(s.text(1), 0);
        ++counts.back().second;
    }
    s.reset();
    std::vector<std::string> out;
    for (const auto& [source, n] : counts)
        out.push_back(source + " (" + std::to_string(n) + ")");
    return out;
}

/// The hashes of the parameter sets of the included patients' extractions.
std::set<std::string> parameterSetHashes(Database& db, const std::vector<std::string>& patients) {
    const std::set<std::string> included(patients.begin(), patients.end());
    Statement& s = db.prepare("SELECT DISTINCT p.patient_id, ps.hash FROM feature_extractions e "
                              "JOIN parameter_sets ps ON ps.id = e.parameter_set_id "
                              "JOIN series se ON se.series_uid = e.series_uid "
                              "JOIN studies st ON st.id = se.study_id "
                              "JOIN patients p ON p.id = st.patient_id");
    std::set<std::string> out;
    while (s.step())
        if (included.count(s.text(0)))
            out.insert(s.text(1));
    s.reset();
    return out;
}

/// The feature rows of each extraction of the included patients with the
/// parameter set `hash`: the one count when every extraction has the same
/// (the Radiomic features section prints it), else nullopt.
std::optional<std::size_t> featureCount(Database& db, const std::vector<std::string>& patients,
                                        const std::string& hash) {
    const std::set<std::string> included(patients.begin(), patients.end());
    Statement& s = db.prepare("SELECT p.patient_id, (SELECT COUNT(*) FROM feature_values v "
                              "WHERE v.extraction_id = e.id) FROM feature_extractions e "
                              "JOIN parameter_sets ps ON ps.id = e.parameter_set_id "
                              "JOIN series se ON se.series_uid = e.series_uid "
                              "JOIN studies st ON st.id = se.study_id "
                              "JOIN patients p ON p.id = st.patient_id WHERE ps.hash = ?1");
    s.bind(1, hash);
    std::set<std::int64_t> counts;
    while (s.step())
        if (included.count(s.text(0)))
            counts.insert(s.int64(1));
    s.reset();
    if (counts.size() != 1)
        return std::nullopt;
    return static_cast<std::size_t>(*counts.begin());
}

/// One value when every model agrees on it, else nullopt.
template <class T, class Get>
std::optional<T> common(const std::vector<modeling::TrainedModel>& models, Get get) {
    if (models.empty())
        return std::nullopt;
    const T first = get(models.front());
    for (const auto& m : models)
        if (get(m) != first)
            return std::nullopt;
    return first;
}

void addModelFacts(const std::vector<modeling::TrainedModel>& models, bool heldOut,
                   report::StudyFacts& facts) {
    if (models.empty())
        return;
    bool stability = false, combat = false, selection = false, radScore = false, logistic = false;
    std::set<std::string> kinds, missing;
    std::optional<double> icc;
    for (const modeling::TrainedModel& m : models) {
        const modeling::PipelineSpec& spec = m.pipeline.spec;
        if (spec.stability) {
            stability = true;
            icc = icc ? std::max(*icc, spec.stability->threshold) : spec.stability->threshold;
        }
        combat = combat || spec.combat;
        // A lasso or elastic net selects features as it fits; ridge does not.
        selection =
            selection || !spec.selection.empty() ||
            (!spec.learner.algorithm && (spec.learner.penalty == modeling::Penalty::Lasso ||
                                         spec.learner.penalty == modeling::Penalty::ElasticNet));
        radScore = radScore || spec.radScore.has_value();
        logistic = logistic || m.task.kind == modeling::ModelKind::Logistic;
        kinds.insert(modelDescription(spec));
        missing.insert(modeling::imputationName(spec.preprocessing.imputation));
    }
    facts.stabilityFilter = known(stability);
    facts.iccThreshold = icc;
    facts.harmonisation = known(combat);
    facts.featureSelection = known(selection);
    // Every fitted step of a pipeline is refitted on each training fold
    // (modeling::validatePipeline); no other protocol is offered.
    facts.selectionInsideResampling = Known::Yes;
    facts.modelKinds.assign(kinds.begin(), kinds.end());
    facts.missingDataHandled = Known::Yes;
    for (const auto& method : missing)
        facts.missingDataMethod += (facts.missingDataMethod.empty() ? "" : "; ") + method;
    facts.cvFolds = common<int>(models, [](const auto& m) { return m.validation.folds; });
    facts.cvRepeats = common<int>(models, [](const auto& m) { return m.validation.repeats; });
    facts.seed = common<std::uint64_t>(models, [](const auto& m) { return m.validation.seed; });
    facts.clinicalCovariates = known(radScore);
    // The decision rule (Youden threshold, risk-group cut-offs) is chosen on
    // the training rows and stored with the model.
    facts.cutoffAnalysis = Known::Yes;
    if (heldOut) {
        // The results evaluate every model on the test split: AUC with its
        // DeLong CI or Harrell's C with its CI, and for logistic models the
        // calibration and decision curve.
        facts.discriminationWithCi = Known::Yes;
        facts.calibration = known(logistic);
        facts.decisionCurve = known(logistic);
    }
}

} // namespace

report::ReportParts reportParts(const report::Document& document) {
    namespace a = report::anchors;
    report::ReportParts parts;
    const std::string modelPrefix = std::string(a::kModel) + "-";
    const auto note = [&](const std::string& anchor) {
        parts.acquisition = parts.acquisition || anchor == a::kAcquisition;
        parts.acquisitionTable = parts.acquisitionTable || anchor == a::kAcquisitionTable;
        parts.segmentation = parts.segmentation || anchor == a::kSegmentation;
        parts.radiomics = parts.radiomics || anchor == a::kRadiomics;
        parts.analysis = parts.analysis || anchor == a::kAnalysis;
        parts.software = parts.software || anchor == a::kSoftware;
        parts.flowDiagram = parts.flowDiagram || anchor == a::kFlowDiagram;
        parts.tableOne = parts.tableOne || anchor == a::kTableOne;
        parts.associations = parts.associations || anchor == a::kAssociations;
        // Model sections are "results-model-N"; their figures add "-roc", ...
        if (anchor.rfind(modelPrefix, 0) == 0 &&
            anchor.find('-', modelPrefix.size()) == std::string::npos)
            ++parts.models;
    };
    for (const report::Section& section : document.sections) {
        note(section.anchor);
        for (const report::Block& block : section.blocks) {
            if (const auto* table = std::get_if<report::Table>(&block))
                note(table->anchor);
            else if (const auto* figure = std::get_if<report::Figure>(&block))
                note(figure->anchor);
        }
    }
    return parts;
}

report::StudyFacts studyFacts(Database& db, const CohortRow& cohort,
                              const report::Document& document) {
    report::StudyFacts facts;
    facts.parts = reportParts(document);
    NamedCohortRepository cohorts(db);
    const std::vector<std::string> patients = cohorts.includedPatients(cohort.id);
    facts.modalities = modalities(db, patients);
    facts.segmentationSources = segmentationSources(db, patients);
    if (const auto hashes = parameterSetHashes(db, patients); hashes.size() == 1) {
        facts.parameterSetHash = *hashes.begin();
        facts.featureCount = featureCount(db, patients, facts.parameterSetHash);
        // The engine computes every feature on the original image (it has no
        // convolutional filters), and the Radiomic features section lists
        // every setting of the stored parameter set (describeParameterSet),
        // not only the changed ones.
        facts.imageTypes = "original image only";
        if (facts.parts.radiomics && FeatureRepository(db).findParameterSet(facts.parameterSetHash))
            facts.parameterSetListedInFull = Known::Yes;
    }

    const CohortFlow flow = cohorts.flow(cohort.id);
    for (const auto& [role, n] : flow.perSplit)
        facts.splits.push_back({role == "train" ? "training" : role, n, std::nullopt});
    const bool heldOut = flow.perSplit.count("test") && flow.perSplit.at("test") > 0;
    facts.heldOutTestSplit = known(heldOut);

    const std::string cohortKey = cohort.name + "@" + std::to_string(cohort.version);
    std::vector<modeling::TrainedModel> models;
    for (const StoredModel& stored : listModels(db))
        if (stored.cohort == cohortKey)
            models.push_back(loadStoredModel(db, stored));
    addModelFacts(models, heldOut, facts);

    if (facts.parts.associations) {
        // Association maps adjust every p-value by Benjamini–Hochberg over the map.
        facts.biologicalCorrelates = Known::Yes;
        facts.multipleTestingCorrection = Known::Yes;
    }
    facts.softwareVersion = RGW_VERSION;
    return facts;
}

} // namespace rgw::storage
