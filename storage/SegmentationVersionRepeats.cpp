#include "SegmentationVersionRepeats.h"

#include "CohortExport.h"
#include "NamedCohorts.h"
#include "radiomics/FeatureColumnName.h"
#include "util/CsvText.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace rgw::storage {

namespace {

std::vector<std::string> cohortPatients(Database& db, const std::string& cohort) {
    if (!cohort.empty()) {
        NamedCohortRepository cohorts(db);
        return cohorts.includedPatients(cohorts.require(cohort).id);
    }
    std::vector<std::string> patients;
    Statement& s = db.prepare("SELECT patient_id FROM patients ORDER BY patient_id");
    while (s.step())
        patients.push_back(s.text(0));
    s.reset();
    return patients;
}

/// The repeat of the analysed extraction `analysed`, if its lineage has one.
std::optional<SegmentationVersionPair> repeatOf(Database& db, const RoiExtraction& analysed,
                                                Id parameterSetId) {
    Statement& where = db.prepare("SELECT sg.lineage, sg.version FROM feature_extractions fe "
                                  "JOIN segmentations sg ON sg.id = fe.segmentation_id "
                                  "WHERE fe.id = ?1");
    where.bind(1, analysed.id);
    if (!where.step()) {
        where.reset();
        return std::nullopt;
    }
    SegmentationVersionPair pair;
    pair.patientId = analysed.patientId;
    pair.roiName = analysed.roiName;
    pair.seriesUid = analysed.seriesUid;
    pair.lineage = where.int64(0);
    pair.analysedVersion = static_cast<int>(where.int64(1));
    pair.analysedExtraction = analysed.id;
    where.reset();

    Statement& earlier = db.prepare(
        "SELECT fe.id, sg.version FROM feature_extractions fe "
        "JOIN segmentations sg ON sg.id = fe.segmentation_id "
        "WHERE sg.lineage = ?1 AND sg.version < ?2 AND fe.parameter_set_id = ?3 "
        "AND fe.series_uid = ?4 AND fe.status = 'complete' ORDER BY sg.version DESC LIMIT 1");
    earlier.bind(1, pair.lineage)
        .bind(2, static_cast<std::int64_t>(pair.analysedVersion))
        .bind(3, parameterSetId)
        .bind(4, pair.seriesUid);
    const bool found = earlier.step();
    if (found) {
        pair.repeatExtraction = earlier.int64(0);
        pair.repeatVersion = static_cast<int>(earlier.int64(1));
    }
    earlier.reset();
    if (!found)
        return std::nullopt;
    return pair;
}

/// The values of an extraction by feature column name (NaN = missing).
std::map<std::string, double> valuesByColumn(FeatureRepository& features, Id extraction) {
    std::map<std::string, double> out;
    for (const radiomics::FeatureValue& v : features.values(extraction).values)
        if (!out.emplace(radiomics::featureColumnName(v), v.value).second)
            throw Error("feature extraction " + std::to_string(extraction) +
                        " has two features named '" + radiomics::featureColumnName(v) + "'");
    return out;
}

/// Feature columns in first-seen order over `extractions`.
std::vector<std::string> columnsOf(FeatureRepository& features,
                                   const std::vector<Id>& extractions) {
    std::vector<std::string> columns;
    std::set<std::string> seen;
    for (const Id id : extractions)
        for (const radiomics::FeatureValue& v : features.values(id).values) {
            const std::string name = radiomics::featureColumnName(v);
            if (seen.insert(name).second)
                columns.push_back(name);
        }
    return columns;
}

std::string quoteFirstFew(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < 5; ++i)
        out += (out.empty() ? "'" : ", '") + names[i] + "'";
    return out + (names.size() > 5 ? ", ..." : "");
}

std::string describeSource(const SegmentationVersionPairs& pairs) {
    const std::string set =
        pairs.parameterSet.hash.substr(0, 12) +
        (pairs.parameterSet.name.empty() ? "" : " (" + pairs.parameterSet.name + ")");
    return "segmentation versions of " +
           (pairs.cohort.empty() ? std::string("every patient") : "cohort " + pairs.cohort) +
           " under parameter set " + set;
}

} // namespace

SegmentationVersionPairs segmentationVersionPairs(Database& db, const std::string& cohort,
                                                  const std::string& parameterSet) {
    SegmentationVersionPairs out;
    out.cohort = cohort;
    if (parameterSet.empty())
        throw Error("repeated segmentations" +
                    (cohort.empty() ? std::string() : " of cohort " + cohort) +
                    ": no parameter set given (their features are those of one parameter set)");
    const std::vector<std::string> patients = cohortPatients(db, cohort);
    out.parameterSet = requireParameterSet(db, parameterSet);
    out.patients = patients.size();
    const auto newest = newestExtractionsByPatient(db, out.parameterSet.id);
    for (const std::string& patient : patients) {
        const auto found = newest.find(patient);
        if (found == newest.end())
            continue;
        const RoiExtraction* analysed = largestRoi(found->second);
        if (!analysed)
            continue;
        ++out.patientsWithFeatures;
        if (auto pair = repeatOf(db, *analysed, out.parameterSet.id))
            out.pairs.push_back(std::move(*pair));
    }
    return out;
}

stats::DataTable segmentationVersionRepeats(Database& db, const SegmentationVersionPairs& pairs,
                                            const std::vector<std::string>& featureColumns) {
    FeatureRepository features(db);
    std::vector<Id> repeats;
    for (const SegmentationVersionPair& p : pairs.pairs)
        repeats.push_back(p.repeatExtraction);
    const std::vector<std::string> columns =
        featureColumns.empty() ? columnsOf(features, repeats) : featureColumns;
    std::vector<std::string> names{"patient_id"};
    names.insert(names.end(), columns.begin(), columns.end());
    std::vector<std::vector<std::string>> cells(names.size());
    for (const SegmentationVersionPair& p : pairs.pairs) {
        const std::map<std::string, double> values = valuesByColumn(features, p.repeatExtraction);
        cells[0].push_back(p.patientId);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto v = values.find(columns[c]);
            cells[c + 1].push_back(v != values.end() ? shortestNumber(v->second) : "");
        }
    }
    return stats::DataTable::fromText(describeSource(pairs), std::move(names), cells);
}

NotRadiomicCandidates::NotRadiomicCandidates(const std::string& set,
                                             std::vector<std::string> others)
    : Error("the stability filter across segmentation versions filters the radiomic features "
            "of parameter set " +
            set + "; " + std::to_string(others.size()) + " candidate" +
            (others.size() == 1 ? " is" : "s are") + " not (" + quoteFirstFew(others) + ")"),
      parameterSet(set), candidates(std::move(others)) {}

std::string NotRadiomicCandidates::firstFew() const {
    return quoteFirstFew(candidates);
}

StabilityVersionRepeats stabilityVersionRepeats(Database& db, const std::string& cohort,
                                                const std::string& parameterSet,
                                                const std::vector<std::string>& featureColumns,
                                                const std::vector<std::string>& candidates) {
    std::vector<std::string> others;
    for (const std::string& c : candidates)
        if (std::find(featureColumns.begin(), featureColumns.end(), c) == featureColumns.end())
            others.push_back(c);
    if (!others.empty())
        throw NotRadiomicCandidates(parameterSet, std::move(others));
    StabilityVersionRepeats out;
    out.pairs = segmentationVersionPairs(db, cohort, parameterSet);
    out.repeats = std::make_shared<const stats::DataTable>(
        segmentationVersionRepeats(db, out.pairs, featureColumns));
    return out;
}

radiomics::robustness::RepeatedFeatures
segmentationVersionFeatures(Database& db, const SegmentationVersionPairs& pairs) {
    FeatureRepository features(db);
    std::vector<Id> extractions;
    for (const SegmentationVersionPair& p : pairs.pairs) {
        extractions.push_back(p.analysedExtraction);
        extractions.push_back(p.repeatExtraction);
    }
    radiomics::robustness::RepeatedFeatures out;
    out.features = columnsOf(features, extractions);
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t f = 0; f < out.features.size(); ++f)
        index.emplace(out.features[f], f);
    const auto n = static_cast<Eigen::Index>(pairs.pairs.size());
    out.values.assign(out.features.size(),
                      Eigen::MatrixXd::Constant(n, 2, std::numeric_limits<double>::quiet_NaN()));
    for (Eigen::Index c = 0; c < n; ++c) {
        const SegmentationVersionPair& p = pairs.pairs[static_cast<std::size_t>(c)];
        out.cases.push_back(p.patientId);
        const Id byRepeat[2] = {p.repeatExtraction, p.analysedExtraction}; // version order
        for (Eigen::Index r = 0; r < 2; ++r)
            for (const auto& [name, value] : valuesByColumn(features, byRepeat[r]))
                out.values[index.at(name)](c, r) = value;
    }
    return out;
}

std::vector<std::string> describePairs(const SegmentationVersionPairs& pairs) {
    std::vector<std::string> out;
    for (const SegmentationVersionPair& p : pairs.pairs)
        out.push_back(p.patientId + ": " + p.roiName + " (" + p.seriesUid + ") versions " +
                      std::to_string(p.repeatVersion) + " and " +
                      std::to_string(p.analysedVersion) + ", extractions " +
                      std::to_string(p.repeatExtraction) + " and " +
                      std::to_string(p.analysedExtraction));
    return out;
}

} // namespace rgw::storage
