#include "PatientReport.h"

#include "CohortRepositories.h"
#include "CohortVariables.h"
#include "FeatureRepository.h"
#include "ModelRepository.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "radiomics/FeatureColumnName.h"
#include "report/KeyImage.h"
#include "report/NumberFormat.h"
#include "report/StudyReportAnchors.h"
#include "util/Error.h"
#include "util/UtcTime.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace rgw::storage {
namespace {

using report::Align;
using report::Block;

/// Four significant digits; "missing" for NaN (missing is never zero).
std::string number(double value) {
    if (!std::isfinite(value))
        return "missing";
    // One number format for every report part: no exponent for the volumes in
    // mm³ of the feature table (13890, not 1.389e+04).
    return report::formatNumber(value, 4);
}

std::string withUnit(double value, const std::string& unit) {
    const std::string text = number(value);
    return std::isfinite(value) && !unit.empty() ? text + " " + unit : text;
}

/// "2026-12-05" of an ISO 8601 time stamp.
std::string datePart(const std::string& iso) {
    return iso.substr(0, std::min<std::size_t>(10, iso.size()));
}

std::string seriesLabel(const SeriesRow& series) {
    std::string label = series.modality.empty() ? std::string("image") : series.modality;
    label += " series";
    if (series.seriesNumber)
        label += " " + std::to_string(*series.seriesNumber);
    if (!series.seriesDescription.empty())
        label += " '" + series.seriesDescription + "'";
    return label;
}

std::string roiLabel(const SegmentationRow& segmentation) {
    return "'" + segmentation.roiName + "' (segmentation " + std::to_string(segmentation.id) +
           ", version " + std::to_string(segmentation.version) + ", " +
           toString(segmentation.source) + ")";
}

bool isHex(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isxdigit(c) != 0; });
}

/// One ROI of a patient to show: a segmentation on an image series and, when
/// there is one, the feature extraction made of it.
struct Target {
    SeriesRow series;
    SegmentationRow segmentation;
    std::optional<FeatureExtractionRow> extraction;
};

/// The patient's ROIs as described in PatientReport.h.
std::vector<Target> targetsOf(Database& db, const PatientRow& patient,
                              const std::set<std::string>& parameterSets) {
    SegmentationRepository segmentations(db);
    FeatureRepository features(db);
    std::vector<SeriesRow> images;
    for (SeriesRow& series : SeriesRepository(db).listForPatient(patient.id))
        if (series.kind == dicom::ObjectKind::Image)
            images.push_back(std::move(series));

    std::vector<Target> targets;
    for (const SeriesRow& series : images) {
        std::map<Id, FeatureExtractionRow> newest; // by segmentation id
        for (FeatureExtractionRow& e : features.listForSeries(series.seriesInstanceUid)) {
            if (!e.segmentationId ||
                (!parameterSets.empty() && !parameterSets.count(e.parameterSetHash)))
                continue;
            auto it = newest.find(*e.segmentationId);
            if (it == newest.end() || it->second.id < e.id)
                newest[*e.segmentationId] = std::move(e);
        }
        for (auto& [segmentationId, extraction] : newest)
            if (auto row = segmentations.find(segmentationId))
                targets.push_back({series, std::move(*row), std::move(extraction)});
    }
    if (!targets.empty())
        return targets;
    for (const SeriesRow& series : images) {
        const auto latest = latestVersions(segmentations.listForSeries(series.seriesInstanceUid));
        if (latest.empty())
            continue;
        const auto newest = std::max_element(
            latest.begin(), latest.end(), [](const SegmentationRow& a, const SegmentationRow& b) {
                return std::tie(a.createdAt, a.id) < std::tie(b.createdAt, b.id);
            });
        targets.push_back({series, *newest, std::nullopt});
    }
    return targets;
}

/// What every patient of one report shares: the models, parameter sets,
/// feature choice and genomic variables.
struct ReportContext {
    Database& db;
    PatientReportOptions options;
    std::set<std::string> parameterSets;                  ///< empty = every parameter set
    std::vector<std::string> modelFeatures;               ///< input columns of the report's models
    std::vector<StoredModel> models;                      ///< every stored model, newest first
    std::map<std::string, const StoredModel*> modelsById; ///< the same by model id
    std::vector<VariableInfo> mutations, attributes;
    std::map<std::string, cohort::PatientVariables> genomics;         ///< by patient id
    std::map<std::string, std::vector<StoredPrediction>> predictions; ///< by patient id

    ReportContext(Database& database, PatientReportOptions reportOptions)
        : db(database), options(std::move(reportOptions)), models(listModels(db)) {
        for (const StoredModel& model : models)
            modelsById.emplace(model.modelId, &model);
    }

    /// The parameter set of options.parameterSetHash (hash or hex prefix).
    void resolveParameterSet() {
        const std::string& key = options.parameterSetHash;
        if (key.empty())
            return;
        std::vector<ParameterSetRow> matches;
        for (ParameterSetRow& row : FeatureRepository(db).parameterSetsInUse())
            if (row.hash == key || row.name == key ||
                (key.size() >= 6 && isHex(key) && row.hash.rfind(key, 0) == 0))
                matches.push_back(std::move(row));
        if (matches.empty())
            throw Error("patient report: no stored extraction used the parameter set '" + key +
                        "' in " + db.path().string());
        if (matches.size() > 1)
            throw Error("patient report: '" + key + "' names " + std::to_string(matches.size()) +
                        " parameter sets; give more of the hash");
        parameterSets.insert(matches.front().hash);
    }

    /// The models of the report: their parameter sets (unless the options
    /// name one) and their inputs, the features the report shows.
    void useModels(const std::vector<const StoredModel*>& models) {
        std::set<std::string> seen;
        for (const StoredModel* model : models) {
            if (model->parameterSetHash.empty())
                continue;
            if (!options.parameterSetHash.empty() && !parameterSets.count(model->parameterSetHash))
                continue;
            if (options.parameterSetHash.empty())
                parameterSets.insert(model->parameterSetHash);
            for (const std::string& input : loadStoredModel(db, *model).pipeline.inputFeatures)
                if (seen.insert(input).second)
                    modelFeatures.push_back(input);
        }
    }

    /// The genomic variables of `patientIds` (mutation status, subtype
    /// calls, clinical attributes) and their predictions.
    void readPatients(const std::vector<std::string>& patientIds) {
        CohortVariables variables(db);
        std::vector<std::string> names;
        for (const VariableInfo& info : variables.catalogue()) {
            if (info.source == VariableSource::Genomic && info.name.rfind("mut_", 0) == 0)
                mutations.push_back(info);
            else if (info.source == VariableSource::Clinical ||
                     (info.source == VariableSource::Genomic &&
                      info.name.rfind("subtype_", 0) == 0))
                attributes.push_back(info);
            else
                continue;
            names.push_back(info.name);
        }
        if (!names.empty())
            genomics = variables.values(patientIds, names);
        for (StoredPrediction& p : predictionsForPatients(db, patientIds))
            predictions[p.patientId].push_back(std::move(p));
    }
};

/// The main features of the targets with an extraction: one row per
/// feature, one column per ROI.
std::vector<Block> featureBlocks(ReportContext& context, const std::vector<Target>& targets,
                                 const std::string& anchorPrefix) {
    struct Column {
        std::string header;
        std::map<std::string, const radiomics::FeatureValue*> byKey;
    };
    std::vector<radiomics::FeatureTable> tables;
    std::vector<const Target*> extracted;
    for (const Target& target : targets)
        if (target.extraction) {
            tables.push_back(FeatureRepository(context.db).values(target.extraction->id));
            extracted.push_back(&target);
        }
    if (extracted.empty())
        return {report::Paragraph{"No radiomic features are stored for this patient's ROIs" +
                                  std::string(context.parameterSets.empty()
                                                  ? "."
                                                  : " with the report's parameter set.")}};

    // Rows: the models' inputs any ROI holds, else the fixed IBSI list.
    std::vector<std::string> keys;
    bool byModel = false;
    for (const std::string& input : context.modelFeatures)
        for (const auto& table : tables)
            if (std::any_of(table.values.begin(), table.values.end(), [&](const auto& v) {
                    return radiomics::featureColumnName(v) == input;
                })) {
                keys.push_back(input);
                byModel = true;
                break;
            }
    if (!byModel)
        keys.assign(kFixedMainFeatures.begin(), kFixedMainFeatures.end());

    std::vector<Column> columns;
    std::map<std::string, std::pair<std::string, std::string>> labels; // key -> name, code
    for (std::size_t t = 0; t < tables.size(); ++t) {
        Column column;
        column.header = extracted[t]->segmentation.roiName;
        for (const radiomics::FeatureValue& v : tables[t].values) {
            const std::string key = byModel ? radiomics::featureColumnName(v) : v.ibsiCode;
            if (column.byKey.emplace(key, &v).second && !labels.count(key))
                labels[key] = {v.name + (v.aggregation.empty() ? "" : " (" + v.aggregation + ")"),
                               v.ibsiCode};
        }
        columns.push_back(std::move(column));
    }

    report::Table table;
    table.anchor = anchorPrefix + "-features";
    table.caption = byModel ? "Radiomic features used by the stored models"
                            : "Main radiomic features (a fixed IBSI selection)";
    table.header = {"Feature", "IBSI"};
    table.align = {Align::Left, Align::Left};
    for (const Column& column : columns) {
        table.header.push_back(column.header);
        table.align.push_back(Align::Right);
    }
    for (const std::string& key : keys) {
        const auto label = labels.find(key);
        std::vector<std::string> row;
        row.push_back(label == labels.end() ? key : label->second.first);
        row.push_back(label == labels.end() ? std::string() : label->second.second);
        for (const Column& column : columns) {
            const auto value = column.byKey.find(key);
            row.push_back(value == column.byKey.end() || value->second->missing()
                              ? std::string("missing")
                              : withUnit(value->second->value, value->second->unit));
        }
        table.rows.push_back(std::move(row));
    }
    for (const Target* target : extracted)
        table.notes.push_back(target->segmentation.roiName + ": extraction " +
                              std::to_string(target->extraction->id) + ", parameter set " +
                              target->extraction->parameterSetHash.substr(0, 12) + ", " +
                              datePart(target->extraction->createdAt) + ", software " +
                              target->extraction->softwareVersion + ".");
    return {std::move(table)};
}

/// Key images and ROI statistics: one series loaded at a time.
std::vector<Block> imageBlocks(ReportContext& context, const std::vector<Target>& targets,
                               const std::string& anchorPrefix) {
    if (targets.empty())
        return {report::Paragraph{"No segmentation is stored for this patient's images."}};
    std::vector<Block> blocks;
    report::Table statistics;
    statistics.anchor = anchorPrefix + "-roi-statistics";
    statistics.caption = "ROI statistics on the image grid (values in the image's unit)";
    statistics.header = {"ROI", "Series",  "Voxels",  "Volume (mL)", "Mean",
                         "SD",  "Minimum", "Maximum", "Unit"};
    statistics.align = {Align::Left,  Align::Left,  Align::Right, Align::Right, Align::Right,
                        Align::Right, Align::Right, Align::Right, Align::Left};
    statistics.notes.push_back(
        "The ROI as drawn on the image's own grid, before the parameter set's interpolation "
        "and re-segmentation (so the radiomic features may differ). SD is the population "
        "standard deviation; volume is the voxel count times the voxel volume (IBSI YEKZ).");
    report::KeyImageOptions keyOptions;
    keyOptions.cropMarginMm = context.options.keyImageMarginMm;

    std::size_t figure = 0;
    for (std::size_t t = 0; t < targets.size();) {
        // The targets of one series share its volume.
        std::size_t end = t;
        while (end < targets.size() &&
               targets[end].series.seriesInstanceUid == targets[t].series.seriesInstanceUid)
            ++end;
        std::optional<Volume> volume;
        std::string loadError;
        try {
            volume = loadSeriesVolume(context.db, targets[t].series.seriesInstanceUid).volume;
        } catch (const DatabaseError&) {
            throw;
        } catch (const std::exception& e) {
            loadError = e.what();
        }
        for (; t < end; ++t) {
            const Target& target = targets[t];
            const std::string what =
                "ROI " + roiLabel(target.segmentation) + " on " + seriesLabel(target.series);
            if (!volume) {
                blocks.push_back(report::Paragraph{what + ": the image could not be loaded (" +
                                                   loadError + ")."});
                continue;
            }
            try {
                const Mask mask =
                    loadSegmentationMask(context.db, target.segmentation.id, volume->geometry);
                const report::RoiStatistics stats = report::roiStatistics(*volume, mask);
                statistics.rows.push_back({target.segmentation.roiName, seriesLabel(target.series),
                                           std::to_string(stats.voxelCount), number(stats.volumeMl),
                                           number(stats.mean), number(stats.standardDeviation),
                                           number(stats.minimum), number(stats.maximum),
                                           stats.unitLabel});
                if (stats.voxelCount == 0) {
                    blocks.push_back(report::Paragraph{what + " holds no voxel: no key image."});
                    continue;
                }
                report::Figure key;
                key.anchor = anchorPrefix + "-roi-" + std::to_string(++figure);
                key.content = report::keyImage(*volume, mask, target.series.modality, keyOptions);
                const auto& image = std::get<report::KeyImage>(key.content);
                key.caption = what + ": " + image.orientationText + "; window " +
                              number(image.windowWidth) + " / level " + number(image.windowCentre) +
                              (stats.unitLabel.empty() ? "" : " " + stats.unitLabel) +
                              " (the series' default viewer preset).";
                key.widthFraction = 0.6;
                key.aspect =
                    (image.rows * image.pixelSpacingY) / (image.columns * image.pixelSpacingX);
                blocks.push_back(std::move(key));
            } catch (const DatabaseError&) {
                throw;
            } catch (const std::exception& e) {
                blocks.push_back(report::Paragraph{what + ": the ROI could not be loaded (" +
                                                   std::string(e.what()) + ")."});
            }
        }
    }
    if (!statistics.rows.empty())
        blocks.push_back(std::move(statistics));
    return blocks;
}

std::string genomicText(const cohort::PatientVariables* values, const std::string& name,
                        bool geneStatus) {
    const cohort::Value* value = nullptr;
    if (values)
        if (const auto it = values->find(name); it != values->end())
            value = &it->second;
    if (!value || value->isMissing())
        return geneStatus ? "not profiled" : "missing";
    if (const auto* text = std::get_if<std::string>(&value->data))
        return geneStatus && *text == "not-profiled" ? std::string("not profiled") : *text;
    return number(std::get<double>(value->data));
}

std::vector<Block> genomicBlocks(const ReportContext& context, const std::string& patientId,
                                 const std::string& anchorPrefix) {
    const auto found = context.genomics.find(patientId);
    const cohort::PatientVariables* values =
        found == context.genomics.end() ? nullptr : &found->second;
    std::vector<Block> blocks;
    if (!context.mutations.empty()) {
        report::Table table;
        table.anchor = anchorPrefix + "-mutations";
        table.caption = "Mutation status (protein-altering calls) of the genes any sample of the "
                        "database is mutated in";
        table.header = {"Gene", "Status"};
        for (const VariableInfo& info : context.mutations)
            table.rows.push_back({info.name.substr(4), genomicText(values, info.name, true)});
        table.notes.push_back("Wild-type only where the patient's sample was sequenced for the "
                              "gene; not profiled otherwise.");
        blocks.push_back(std::move(table));
    }
    if (!context.attributes.empty()) {
        report::Table table;
        table.anchor = anchorPrefix + "-clinical";
        table.caption = "Subtype calls and clinical attributes";
        table.header = {"Attribute", "Description", "Value"};
        for (const VariableInfo& info : context.attributes)
            table.rows.push_back(
                {info.name, info.description, genomicText(values, info.name, false)});
        blocks.push_back(std::move(table));
    }
    if (blocks.empty())
        blocks.push_back(report::Paragraph{"No genomic or clinical data are stored."});
    return blocks;
}

std::vector<Block> predictionBlocks(const ReportContext& context, const std::string& patientId,
                                    const std::string& anchorPrefix) {
    const auto found = context.predictions.find(patientId);
    if (found == context.predictions.end())
        return {report::Paragraph{"No model has scored this patient."}};
    report::Table table;
    table.anchor = anchorPrefix + "-predictions";
    table.caption = "Stored predictions";
    table.header = {"Model", "Model id", "Trained", "Software", "Score", "Class / group", "Scored"};
    table.align = {Align::Left,  Align::Left, Align::Left, Align::Left,
                   Align::Right, Align::Left, Align::Left};
    for (const StoredPrediction& p : found->second) {
        const auto model = context.modelsById.find(p.modelId);
        const std::string kind = model == context.modelsById.end() ? "" : model->second->kind;
        table.rows.push_back(
            {p.modelName, p.modelId.substr(0, 12),
             model == context.modelsById.end() ? "" : datePart(model->second->createdUtc),
             p.softwareVersion, number(p.score),
             p.riskGroup.empty() ? p.predictedClass : p.riskGroup, datePart(p.scoredUtc)});
        std::string note =
            p.modelName + (kind.empty() ? "" : " (" + kind + ")") + ": model id " + p.modelId;
        for (std::size_t i = 0; i < p.imputed.size(); ++i)
            note += (i ? ", " : "; imputed inputs: ") + p.imputed[i];
        table.notes.push_back(note + ".");
    }
    table.notes.push_back("Score: the probability of the event class (logistic), of the "
                          "predicted class (multinomial) or the linear predictor (Cox).");
    return {std::move(table)};
}

report::DefinitionList patientFacts(const PatientRow& patient, const std::vector<Target>& targets) {
    report::DefinitionList facts;
    facts.entries.emplace_back("Patient ID", patient.patientId);
    if (!patient.patientSex.empty())
        facts.entries.emplace_back("Sex", patient.patientSex);
    std::set<std::string> series;
    for (const Target& t : targets)
        series.insert(seriesLabel(t.series) +
                      (t.series.studyDate.empty() ? std::string() : " of " + t.series.studyDate));
    std::string list;
    for (const auto& s : series)
        list += (list.empty() ? "" : "; ") + s;
    facts.entries.emplace_back("Images shown", list.empty() ? std::string("none") : list);
    return facts;
}

PatientRow requirePatient(Database& db, const std::string& patientId) {
    auto patient = PatientRepository(db).find(patientId);
    if (!patient)
        throw Error("patient report: no patient '" + patientId + "' in " + db.path().string());
    return *patient;
}

void append(std::vector<Block>& to, std::vector<Block> blocks) {
    for (Block& b : blocks)
        to.push_back(std::move(b));
}

} // namespace

report::Document patientReport(Database& db, const std::string& patientId,
                               const PatientReportOptions& options) {
    const PatientRow patient = requirePatient(db, patientId);
    ReportContext context(db, options);
    context.resolveParameterSet();
    context.readPatients({patientId});
    std::vector<const StoredModel*> models; // those that scored the patient
    if (const auto p = context.predictions.find(patientId); p != context.predictions.end())
        for (const StoredPrediction& prediction : p->second)
            if (const auto m = context.modelsById.find(prediction.modelId);
                m != context.modelsById.end())
                models.push_back(m->second);
    context.useModels(models);
    const std::vector<Target> targets = targetsOf(db, patient, context.parameterSets);

    report::Document doc;
    doc.title = "Patient report — " + patientId;
    doc.subtitle = {options.date.empty() ? utcDate() : options.date,
                    std::string("Radiogenomics Workstation ") + RGW_VERSION};
    const std::string prefix = "patient-1";
    report::Section images{1, "patient-images", "Images and ROIs", {}, {}};
    images.blocks.push_back(patientFacts(patient, targets));
    append(images.blocks, imageBlocks(context, targets, prefix));
    report::Section features{1, "patient-features", "Radiomic features", {}, {}};
    features.blocks = featureBlocks(context, targets, prefix);
    report::Section genomics{1, "patient-genomics", "Genomics and clinical data", {}, {}};
    genomics.blocks = genomicBlocks(context, patientId, prefix);
    report::Section predictions{1, "patient-predictions", "Predictions", {}, {}};
    predictions.blocks = predictionBlocks(context, patientId, prefix);
    doc.sections = {std::move(images), std::move(features), std::move(genomics),
                    std::move(predictions)};
    return doc;
}

void appendPatientAppendix(Database& db, const CohortRow& cohort,
                           const PatientReportOptions& options, report::Document& doc,
                           const ProgressFn& progress, const CancelToken* cancel) {
    NamedCohortRepository cohorts(db);
    const std::vector<std::string> patients = cohorts.includedPatients(cohort.id);
    ReportContext context(db, options);
    context.resolveParameterSet();
    // The cohort's models: trained on this version, else on any version of it.
    const std::string nameAtVersion = cohort.name + "@" + std::to_string(cohort.version);
    std::vector<const StoredModel*> models;
    for (const StoredModel& model : context.models)
        if (model.cohort == nameAtVersion)
            models.push_back(&model);
    if (models.empty())
        for (const StoredModel& model : context.models)
            if (model.cohort.rfind(cohort.name + "@", 0) == 0)
                models.push_back(&model);
    context.useModels(models);
    context.readPatients(patients);

    report::Section appendix{1, report::anchors::kPatients, "Patients", {}, {}};
    appendix.blocks.push_back(report::Paragraph{
        "One section per included patient of cohort " + nameAtVersion + " (" +
        std::to_string(patients.size()) +
        "): the key image of each ROI (the axial slice with the largest ROI area, the "
        "ROI's contour, the window of the series' default viewer preset), the ROI "
        "statistics, the main radiomic features, the genomic results and the stored "
        "predictions with their model's identity."});
    doc.sections.push_back(std::move(appendix));

    for (std::size_t n = 0; n < patients.size(); ++n) {
        if (cancel && cancel->isCancelled())
            throw Error("cancelled");
        const std::string& patientId = patients[n];
        if (progress)
            progress(n, patients.size(), patientId);
        const PatientRow patient = requirePatient(db, patientId);
        const std::vector<Target> targets = targetsOf(db, patient, context.parameterSets);
        const std::string anchor = "patient-" + std::to_string(n + 1);
        report::Section section{2, anchor, "Patient " + patientId, {}, {}};
        // The break ends the section before, so each patient starts a page
        // with its heading.
        doc.sections.back().blocks.push_back(report::PageBreak{});
        section.blocks.push_back(patientFacts(patient, targets));
        append(section.blocks, imageBlocks(context, targets, anchor));
        append(section.blocks, featureBlocks(context, targets, anchor));
        append(section.blocks, genomicBlocks(context, patientId, anchor));
        append(section.blocks, predictionBlocks(context, patientId, anchor));
        doc.sections.push_back(std::move(section));
    }
    if (progress)
        progress(patients.size(), patients.size(), "");
}

} // namespace rgw::storage
