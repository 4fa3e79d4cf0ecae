#include "CohortBundle.h"

#include "AuditLog.h"
#include "BundleZip.h"
#include "CohortExport.h"
#include "CohortRepositories.h"
#include "DeidentifiedExport.h"
#include "FeatureRepository.h"
#include "GenomicsExport.h"
#include "GenomicsImport.h"
#include "ImportService.h"
#include "ModelRepository.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "StudyReport.h"
#include "genomics/CbioPortalStudy.h"
#include "modeling/ModelFile.h"
#include "radiomics/FeatureCsv.h"
#include "radiomics/Sha256.h"
#include "util/CsvText.h"
#include "util/Error.h"
#include "util/UtcTime.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

namespace rgw::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct TemporaryFolder {
    fs::path path;
    bool keep = false;
    ~TemporaryFolder() {
        if (!keep) {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    }
};

void writeFile(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    if (!out)
        throw Error("cannot write " + file.string());
}

bool cancelled(const CancelToken* cancel) {
    return cancel && cancel->isCancelled();
}

/// A segmentation kind as the receiver sees it: the source's RTSTRUCT and
/// SEG ROIs arrive as they were; NIFTI / MANUAL ones arrive as SEG.
std::string receivedKind(SegmentationSource source) {
    return source == SegmentationSource::RtStruct ? "RTSTRUCT" : "SEG";
}

/// SHA-256 of a mask's grid size and voxels: equal masks on equal grids,
/// whatever their UIDs (what survives de-identification).
std::string maskHash(Database& db, Id segmentationId) {
    const Mask mask = loadSegmentationMask(db, segmentationId);
    std::string text;
    for (int k = 0; k < 3; ++k)
        text += std::to_string(mask.geometry.size[k]) + "x";
    text += "|";
    text.append(mask.voxels.begin(), mask.voxels.end());
    return radiomics::sha256Hex(text);
}

bool isZipPath(const fs::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".zip";
}

} // namespace

CohortBundleReport exportCohortBundle(Database& db, const CohortRow& cohort,
                                      const CohortBundleOptions& options,
                                      const ProgressFn& progress, const CancelToken* cancel) {
    CohortBundleReport report;
    report.outDir = options.outDir;
    const fs::path outDir = options.outDir;
    const bool asZip = isZipPath(outDir);
    if (asZip && fs::exists(outDir))
        throw Error("bundle zip " + outDir.string() + " exists");
    if (fs::exists(outDir) && !(fs::is_directory(outDir) && fs::is_empty(outDir)))
        throw Error("bundle folder " + outDir.string() + " exists and is not empty");
    std::random_device rd;
    const std::string tag = std::to_string(rd());
    TemporaryFolder tmp{outDir.parent_path() /
                        ("." + outDir.filename().string() + ".partial-" + tag)};
    fs::create_directories(tmp.path);

    // 1. DICOM (assigns / reuses the pseudonyms).
    DeidentifiedExportOptions deid;
    deid.outDir = tmp.path / "dicom";
    deid.retainIntervals = options.retainIntervals;
    deid.seed = options.seed;
    deid.who = options.who;
    const DeidentifiedExportReport dicom = exportDeidentified(db, cohort, deid, progress, cancel);
    if (dicom.cancelled || cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }
    report.dicomFiles = dicom.files;
    report.patients = dicom.patients.size();

    NamedCohortRepository cohorts(db);
    const std::vector<std::string> included = cohorts.includedPatients(cohort.id);
    std::map<std::string, std::string> pseudonym;
    for (const std::string& p : included) {
        const auto ps = storedPseudonym(db, p);
        if (!ps)
            throw Error("patient " + p + " has no pseudonym after the de-identified export");
        pseudonym[p] = *ps;
    }
    const auto pseudonymOf = [&](const std::string& p) -> std::string {
        const auto it = pseudonym.find(p);
        if (it == pseudonym.end())
            throw Error("patient " + p + " is not an included member of " + cohort.name);
        return it->second;
    };
    const std::string cohortRef = cohort.name + "@" + std::to_string(cohort.version);
    if (progress)
        progress(0, 4, "genomic and clinical data");

    // 2. Genomics under the same pseudonyms.
    GenomicsExportOptions g;
    g.cohort = cohortRef;
    g.mapping.patient = pseudonymOf;
    const GenomicsExportReport genomics = exportCbioPortalStudy(db, g, tmp.path / "genomics");
    report.genomicFiles = genomics.files.size();
    for (const auto& skipped : genomics.notWritten)
        report.notes.push_back("genomics: " + skipped.file + ": " + skipped.reason);
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }
    if (progress)
        progress(1, 4, "feature tables");

    // 3. Segmentations: the newest version of each lineage of the included
    // patients, keyed by what survives de-identification (pseudonym, kind
    // and the mask's hash), with the ROI name the profile empties in RTSTRUCTs.
    SegmentationRepository segmentations(db);
    json segmentationList = json::array();
    std::map<Id, std::size_t> segmentationIndex;
    for (const std::string& patient : included) {
        const auto row = PatientRepository(db).find(patient);
        if (!row)
            continue;
        std::map<Id, SegmentationRow> newest;
        for (const SegmentationRow& seg : segmentations.listForPatient(row->id))
            if (!newest.count(seg.lineage) || newest.at(seg.lineage).version < seg.version)
                newest[seg.lineage] = seg;
        for (const auto& [lineage, seg] : newest) {
            if (cancelled(cancel)) {
                report.cancelled = true;
                return report;
            }
            segmentationIndex[seg.id] = segmentationList.size() + 1;
            segmentationList.push_back({{"segmentation", segmentationList.size() + 1},
                                        {"patient_id", pseudonymOf(patient)},
                                        {"roi_name", seg.roiName},
                                        {"kind", receivedKind(seg.source)},
                                        {"mask_sha256", maskHash(db, seg.id)}});
        }
    }
    writeFile(tmp.path / "segmentations.json",
              json{{"segmentations", segmentationList}}.dump(2) + "\n");

    // 3. Features: per parameter set in use, the newest extraction of each
    // segmentation lineage of the included patients.
    FeatureRepository features(db);
    json extractions = json::array();
    std::size_t key = 0;
    for (const ParameterSetRow& ps : features.parameterSetsInUse()) {
        const auto byPatient = newestExtractionsByPatient(db, ps.id);
        std::string table = std::string(kBundleFeatureTablePrefix) +
                            std::string(radiomics::kFeatureCsvHeader) + "\n";
        std::size_t rows = 0;
        for (const std::string& patient : included) {
            const auto it = byPatient.find(patient);
            if (it == byPatient.end())
                continue;
            for (const RoiExtraction& roi : it->second) {
                const FeatureProvenance prov = features.provenance(roi.id);
                const FeatureExtractionRow& e = prov.extraction;
                const auto segIt = e.segmentationId ? segmentationIndex.find(*e.segmentationId)
                                                    : segmentationIndex.end();
                if (segIt == segmentationIndex.end()) {
                    report.notes.push_back("extraction " + std::to_string(roi.id) +
                                           " is not on a segmentation of the bundle: left out");
                    continue;
                }
                const radiomics::FeatureTable values = features.values(roi.id);
                ++key;
                json notes = json::array();
                for (const auto& n : values.notes)
                    notes.push_back({{"family", n.family}, {"note", n.note}});
                extractions.push_back({{"extraction", key},
                                       {"parameter_set_hash", ps.hash},
                                       {"patient_id", pseudonymOf(patient)},
                                       {"roi_name", roi.roiName},
                                       {"segmentation", segIt->second},
                                       {"image_modality", e.imageModality},
                                       {"modality_mismatch_allowed", e.modalityMismatchAllowed},
                                       {"software_version", e.softwareVersion},
                                       {"families", e.families},
                                       {"notes", notes},
                                       {"values", values.values.size()}});
                const std::string prefix = std::to_string(key) + "," +
                                           csvField(pseudonymOf(patient)) + "," +
                                           csvField(roi.roiName) + ",";
                for (const auto& v : values.values)
                    table += prefix + radiomics::featureCsvRecord(v) + "\n";
                ++rows;
            }
        }
        if (rows == 0)
            continue;
        const std::string stem = ps.hash.substr(0, 12);
        writeFile(tmp.path / "features" / (stem + ".csv"), table);
        writeFile(tmp.path / "features" / (stem + ".parameters.yaml"), ps.canonicalText);
        ++report.parameterSets;
        report.extractions += rows;
    }
    if (!extractions.empty()) {
        json parameterSets = json::array();
        for (const ParameterSetRow& ps : features.parameterSetsInUse())
            if (fs::exists(tmp.path / "features" / (ps.hash.substr(0, 12) + ".csv")))
                parameterSets.push_back(
                    {{"hash", ps.hash},
                     {"name", ps.name},
                     {"table", ps.hash.substr(0, 12) + ".csv"},
                     {"canonical_text", ps.hash.substr(0, 12) + ".parameters.yaml"}});
        writeFile(tmp.path / "features" / "extractions.json",
                  json{{"parameter_sets", parameterSets}, {"extractions", extractions}}.dump(2) +
                      "\n");
    }
    if (progress)
        progress(2, 4, "models");

    // 4. Models trained on this cohort, members pseudonymised.
    json models = json::array();
    for (const StoredModel& stored : listModels(db)) {
        if (stored.cohort != cohortRef)
            continue;
        modeling::TrainedModel m = loadStoredModel(db, stored);
        std::size_t dropped = 0;
        std::vector<std::string> members;
        for (const std::string& id : m.training.members) {
            const auto it = pseudonym.find(id);
            if (it == pseudonym.end())
                ++dropped; // not an included member now: its pseudonym is not shipped
            else
                members.push_back(it->second);
        }
        m.training.members = members;
        std::string joined;
        for (std::size_t i = 0; i < members.size(); ++i)
            joined += (i ? "\n" : "") + members[i];
        m.training.membersSha256 = radiomics::sha256Hex(joined);
        const std::string bundleId = modeling::modelId(m);
        const std::string file = bundleId.substr(0, 12) + ".json";
        writeFile(tmp.path / "models" / file, modeling::modelToJson(m));
        models.push_back({{"file", file},
                          {"name", stored.name},
                          {"source_model_id", stored.modelId},
                          {"bundle_model_id", bundleId},
                          {"members_pseudonymised", members.size()},
                          {"members_dropped", dropped}});
        ++report.models;
    }
    if (!models.empty())
        writeFile(tmp.path / "models" / "models.json",
                  json{{"note", "training members replaced by their pseudonyms (members not "
                                "included now are dropped) and membersSha256 recomputed: the "
                                "model id is the new file's SHA-256"},
                       {"models", models}}
                          .dump(2) +
                      "\n");
    if (progress)
        progress(3, 4, "cohort");

    // 5. The cohort: definition, flow, included members with their split,
    // excluded members (pseudonyms only) with their reasons, in the order
    // of the flow's steps so that the receiver's flow is the same.
    const CohortFlow flow = cohorts.flow(cohort.id);
    json steps = json::array();
    std::map<std::string, std::size_t> stepOf;
    for (const auto& s : flow.steps) {
        stepOf.emplace(s.reason, stepOf.size());
        steps.push_back({{"reason", s.reason}, {"excluded", s.excluded}});
    }
    const std::vector<CohortMember> allMembers = cohorts.members(cohort.id);
    std::vector<std::string> excludedIds;
    for (const CohortMember& m : allMembers)
        if (m.excluded)
            excludedIds.push_back(m.patientId);
    const std::map<std::string, std::string> excludedPseudonym =
        excludedIds.empty() ? std::map<std::string, std::string>{}
                            : ensurePseudonyms(db, excludedIds, options.seed);
    json members = json::array();
    json excluded = json::array();
    for (const CohortMember& m : allMembers) {
        if (!m.excluded)
            members.push_back({{"patient_id", pseudonymOf(m.patientId)}, {"split", m.split}});
        else
            excluded.push_back({{"patient_id", excludedPseudonym.at(m.patientId)},
                                {"reason", m.reason},
                                {"split", m.split}});
    }
    std::sort(members.begin(), members.end(),
              [](const json& a, const json& b) { return a["patient_id"] < b["patient_id"]; });
    std::sort(excluded.begin(), excluded.end(), [&](const json& a, const json& b) {
        const auto key = [&](const json& e) {
            const auto it = stepOf.find(e["reason"].get<std::string>());
            return std::make_pair(it == stepOf.end() ? stepOf.size() : it->second,
                                  e["patient_id"].get<std::string>());
        };
        return key(a) < key(b);
    });
    json c{{"name", cohort.name},
           {"version", cohort.version},
           {"definition", cohort.definition},
           {"from_cohort", cohort.fromCohort},
           {"candidates", cohort.candidates},
           {"members", cohort.members},
           {"flow", {{"started", flow.started}, {"steps", steps}, {"final", flow.final}}},
           {"included", members},
           {"excluded", excluded},
           {"excluded_note", "excluded members are named by pseudonym only: their data are "
                             "not in the bundle"}};
    if (const auto split = cohorts.split(cohort.id))
        c["split"] = {{"method", split->method},
                      {"test_fraction", split->testFraction},
                      {"variable", split->variable},
                      {"seed", split->seed}};
    writeFile(tmp.path / "cohort.json", c.dump(2) + "\n");

    if (options.renderReport) {
        StudyReportOptions reportOptions;
        std::erase(reportOptions.sections, StudyReportSection::Patients);
        options.renderReport(
            studyReport(db, cohort.name + "@" + std::to_string(cohort.version), reportOptions),
            tmp.path / "report.pdf");
    }
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }

    // 6. The manifest with every file's checksum.
    json files = json::array();
    for (const std::string& rel : bundleRelativeFiles(tmp.path)) {
        const std::string text = readBundleFile(tmp.path / rel);
        files.push_back(
            {{"path", rel}, {"bytes", text.size()}, {"sha256", radiomics::sha256Hex(text)}});
    }
    report.files = files.size();
    json manifest{{"format", kCohortBundleFormat},
                  {"format_version", kCohortBundleFormatVersion},
                  {"software_version", RGW_VERSION},
                  {"created_at", utcTimestamp()},
                  {"cohort", cohortRef},
                  {"counts",
                   {{"patients", report.patients},
                    {"dicom_files", report.dicomFiles},
                    {"genomic_files", report.genomicFiles},
                    {"parameter_sets", report.parameterSets},
                    {"extractions", report.extractions},
                    {"models", report.models}}},
                  {"not_included", report.notes},
                  {"files", files}};
    writeFile(tmp.path / "bundle.json", manifest.dump(2) + "\n");
    if (progress)
        progress(4, 4, "done");
    if (asZip) {
        // The same folder, zipped next to the target and renamed at the end.
        TemporaryFolder zipTmp{tmp.path.string() + ".zip"};
        zipFolder(tmp.path, zipTmp.path);
        fs::rename(zipTmp.path, outDir);
        zipTmp.keep = true;
    } else {
        if (fs::exists(outDir))
            fs::remove(outDir); // empty (checked above)
        fs::rename(tmp.path, outDir);
        tmp.keep = true;
    }
    AuditLog(db).record(options.who.empty() ? currentUserName() : options.who,
                        "cohort.export_bundle", "cohorts", cohort.id,
                        outDir.string() + ": " + std::to_string(report.patients) + " patients, " +
                            std::to_string(report.extractions) + " extractions, " +
                            std::to_string(report.models) + " models, " +
                            std::to_string(report.files) + " files");
    return report;
}

namespace {

CohortBundleImportReport importVerifiedBundle(Database& db, const fs::path& folder,
                                              const ProgressFn& progress,
                                              const CancelToken* cancel) {
    CohortBundleImportReport report;
    const fs::path cohortFile = folder / "cohort.json";
    const BundleCohort bundleCohort =
        parseBundleCohort(readBundleFile(cohortFile), cohortFile.string());
    const std::string cohortName = bundleCohort.name;
    if (NamedCohortRepository(db).find(cohortName))
        throw Error("cohort " + cohortName + " already exists in " + db.path().string() +
                    ": import the bundle into another database");

    // All or nothing: one transaction around every stage (the import
    // services' own transactions become savepoints inside it), so a failure
    // or a cancel at any stage leaves the database as it was.
    Transaction tx(db);

    // 1. DICOM.
    const ImportReport dicom = importPaths(db, {folder / "dicom"}, progress, cancel);
    if (dicom.cancelled) {
        report.cancelled = true;
        return report;
    }
    for (const auto& skipped : dicom.skipped)
        if (skipped.reason != "not DICOM")
            throw Error("the bundle's DICOM file " + skipped.file.string() +
                        " was not imported: " + skipped.reason);
    report.instancesAdded = dicom.instancesAdded;
    report.segmentations = dicom.segmentationsAdded;
    report.patients = dicom.patients;

    // 2. Genomics.
    if (fs::exists(folder / "genomics" / "meta_study.txt")) {
        const genomics::GenomicDataSet data = genomics::readCbioPortalStudy(folder / "genomics");
        GenomicsImportOptions g;
        g.cancel = cancel;
        const GenomicsImportReport r = importGenomicData(db, data, g);
        if (r.cancelled) {
            report.cancelled = true;
            return report;
        }
        if (!r.imported) {
            std::string why;
            for (const auto& e : r.errors)
                why += "\n  " + e.describe();
            throw Error("the bundle's genomic study " + (folder / "genomics").string() +
                        " was not imported:" + why);
        }
        report.genomicProfiles = r.profiles.size();
    }
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }

    // 3. The bundle's segmentations matched to the imported rows by
    // pseudonym, kind and mask hash; the ROI names the profile emptied
    // (RTSTRUCT ROI Name) are restored.
    std::map<std::size_t, std::pair<Id, std::string>> receivedSegmentation;
    std::size_t namesRestored = 0;
    const fs::path segmentationFile = folder / "segmentations.json";
    {
        std::map<Id, std::string> hashOf;
        std::set<Id> taken;
        for (const BundleSegmentation& seg : parseBundleSegmentations(
                 readBundleFile(segmentationFile), segmentationFile.string())) {
            const std::size_t index = seg.index;
            const std::string& patient = seg.patientId;
            const std::string& roi = seg.roiName;
            const std::string& kind = seg.kind;
            const std::string& hash = seg.maskSha256;
            struct Candidate {
                Id id;
                std::string series, name;
            };
            std::vector<Candidate> candidates;
            {
                Statement& s = db.prepare(
                    "SELECT s.id, s.series_uid, s.roi_name FROM segmentations s JOIN patients p "
                    "ON p.id = s.patient_id WHERE p.patient_id = ?1 AND s.source = ?2 "
                    "ORDER BY s.id");
                s.bind(1, patient).bind(2, kind);
                while (s.step())
                    candidates.push_back({s.int64(0), s.text(1), s.text(2)});
            }
            const Candidate* match = nullptr;
            for (const Candidate& c : candidates) {
                if (taken.count(c.id) || (!c.name.empty() && c.name != roi))
                    continue;
                if (!hashOf.count(c.id))
                    hashOf[c.id] = maskHash(db, c.id);
                if (hashOf[c.id] == hash) {
                    match = &c;
                    break;
                }
            }
            if (!match)
                throw Error(segmentationFile.string() + ": segmentation " + std::to_string(index) +
                            " (patient " + patient + ", " + kind + " ROI '" + roi +
                            "') matches no imported segmentation's mask");
            taken.insert(match->id);
            if (match->name.empty()) {
                ++namesRestored;
                db.prepare("UPDATE segmentations SET roi_name = ?1 WHERE id = ?2")
                    .bind(1, roi)
                    .bind(2, match->id)
                    .execute();
            }
            receivedSegmentation[index] = {match->id, match->series};
        }
    }

    // 4. Features, linked to the imported segmentations.
    const fs::path featureIndex = folder / "features" / "extractions.json";
    if (fs::exists(featureIndex)) {
        const BundleFeatureIndex index =
            parseBundleFeatureIndex(readBundleFile(featureIndex), featureIndex.string());
        std::map<std::size_t, const BundleExtraction*> byKey;
        for (const BundleExtraction& e : index.extractions)
            byKey[e.index] = &e;
        FeatureRepository features(db);
        for (const BundleParameterSet& ps : index.parameterSets) {
            const fs::path textFile = folder / "features" / ps.canonicalText;
            const std::string canonical = readBundleFile(textFile);
            if (radiomics::sha256Hex(canonical) != ps.hash)
                throw Error(textFile.string() + " does not hash to its parameter set " + ps.hash);
            const fs::path tableFile = folder / "features" / ps.table;
            for (const auto& [k, csv] :
                 splitBundleFeatureTable(readBundleFile(tableFile), tableFile.string())) {
                const auto it = byKey.find(k);
                if (it == byKey.end())
                    throw Error(tableFile.string() + ": extraction " + std::to_string(k) +
                                " is not in " + featureIndex.string());
                const BundleExtraction& e = *it->second;
                radiomics::FeatureTable values = radiomics::readFeatureCsv(csv, tableFile.string());
                for (const BundleFeatureNote& n : e.notes)
                    values.notes.push_back({n.family, n.note});
                const auto seg = receivedSegmentation.find(e.segmentation);
                if (seg == receivedSegmentation.end())
                    throw Error("extraction " + std::to_string(k) + " of " + featureIndex.string() +
                                " names no segmentation of " + segmentationFile.string());
                NewFeatureExtraction n;
                n.seriesInstanceUid = seg->second.second;
                n.segmentationId = seg->second.first;
                n.maskDescription = e.roiName;
                n.parameterSetHash = ps.hash;
                n.parameterSetCanonicalText = canonical;
                n.parameterSetName = ps.name;
                n.softwareVersion = e.softwareVersion;
                n.families = e.families;
                n.table = &values;
                n.imageModality = e.imageModality;
                n.modalityMismatchAllowed = e.modalityMismatchAllowed;
                features.store(n, currentUserName());
                ++report.extractions;
            }
        }
    }
    if (progress)
        progress(0, 1, "models and cohort");

    // 5. Models.
    const fs::path modelIndex = folder / "models" / "models.json";
    if (fs::exists(modelIndex)) {
        for (const BundleModelEntry& m :
             parseBundleModels(readBundleFile(modelIndex), modelIndex.string())) {
            importModelFile(db, folder / "models" / m.file);
            ++report.models;
        }
    }

    // 6. The cohort at the sender's version, with its included members and
    // split, and its excluded members (pseudonyms without data: bare patient
    // rows) excluded again for their reasons in the bundle's order.
    NamedCohortRepository cohorts(db);
    std::vector<std::string> members;
    std::map<std::string, cohort::SplitRole> roles;
    for (const auto* list : {&bundleCohort.included, &bundleCohort.excluded})
        for (const BundleCohortMember& m : *list) {
            members.push_back(m.patientId);
            if (m.split == "train")
                roles[m.patientId] = cohort::SplitRole::Train;
            else if (m.split == "test")
                roles[m.patientId] = cohort::SplitRole::Test;
        }
    for (const BundleCohortMember& m : bundleCohort.excluded)
        if (!PatientRepository(db).find(m.patientId))
            db.prepare("INSERT INTO patients (patient_id) VALUES (?1)")
                .bind(1, m.patientId)
                .execute();
    CohortRow created = cohorts.create(cohortName, bundleCohort.definition, "",
                                       bundleCohort.candidates, members, currentUserName());
    // The sender's version (its models name NAME@VERSION): the name is new
    // here (checked above), so version 1 just created becomes that one.
    if (bundleCohort.version != created.version) {
        db.prepare("UPDATE cohorts SET version = ?1 WHERE id = ?2")
            .bind(1, bundleCohort.version)
            .bind(2, created.id)
            .execute();
        created = cohorts.require(cohortName + "@" + std::to_string(bundleCohort.version));
    }
    for (const BundleCohortMember& m : bundleCohort.excluded)
        cohorts.exclude(created.id, m.patientId, m.reason, currentUserName());
    if (bundleCohort.split && !roles.empty()) {
        CohortSplitRecord record;
        record.method = bundleCohort.split->method;
        record.testFraction = bundleCohort.split->testFraction;
        record.variable = bundleCohort.split->variable;
        record.seed = bundleCohort.split->seed;
        cohorts.storeSplit(created.id, record, roles, currentUserName());
    }
    report.cohort = created.name + "@" + std::to_string(created.version);
    AuditLog(db).record(currentUserName(), "cohort.import_bundle", "cohorts", created.id,
                        folder.string() + ": " + std::to_string(report.extractions) +
                            " extractions, " + std::to_string(report.models) + " models, " +
                            std::to_string(namesRestored) +
                            " RTSTRUCT ROI names (emptied by the profile) restored");
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report; // the transaction rolls back: nothing of the bundle stays
    }
    tx.commit();
    if (progress)
        progress(1, 1, "done");
    return report;
}

} // namespace

fs::path bundleExtractionFolder(const Database& db, const fs::path& zipFile) {
    const fs::path parent = fs::absolute(db.path()).parent_path() / "bundles";
    fs::path folder = parent / zipFile.stem();
    for (int n = 2; fs::exists(folder); ++n)
        folder = parent / (zipFile.stem().string() + "-" + std::to_string(n));
    return folder;
}

CohortBundleImportReport importCohortBundle(Database& db, const fs::path& bundle,
                                            const ProgressFn& progress, const CancelToken* cancel) {
    fs::path folder = bundle;
    // A zip is extracted next to the database (its DICOM files stay
    // referenced from there) and the folder removed unless the import commits.
    TemporaryFolder extracted{{}, true};
    if (fs::is_regular_file(bundle)) {
        extracted.path = bundleExtractionFolder(db, bundle);
        extracted.keep = false;
        if (progress)
            progress(0, 1, "extracting " + bundle.filename().string());
        unzipToFolder(bundle, extracted.path);
        folder = extracted.path;
    }
    verifyCohortBundle(folder);
    // A listed file (checksums match) that is not what the format says is
    // named by its reader (CohortBundleFiles.h); the transaction rolls back.
    const CohortBundleImportReport report = importVerifiedBundle(db, folder, progress, cancel);
    if (!report.cancelled)
        extracted.keep = true;
    return report;
}

} // namespace rgw::storage
