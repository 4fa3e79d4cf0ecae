#include "ReportMethods.h"

#include "FeatureRepository.h"
#include "ModelRepository.h"
#include "Rows.h"
#include "io/dicom/ObjectOrigin.h"
#include "radiomics/ParameterSet.h"
#include "report/ModelProtocol.h"
#include "report/NumberFormat.h"
#include "report/ParameterSetDescription.h"
#include "report/SoftwareVersions.h"
#include "report/StudyReportAnchors.h"
#include "util/Error.h"

#include <algorithm>
#include <map>
#include <set>
#include <sqlite3.h>

namespace rgw::storage {
namespace {

namespace anchors = report::anchors;

std::string countsText(const std::map<std::string, std::size_t>& counts,
                       const std::string& emptyName = "not recorded") {
    std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [name, n] : sorted)
        out += (out.empty() ? "" : "; ") + (name.empty() ? emptyName : name) + " (" +
               std::to_string(n) + ")";
    return out;
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string modalityName(const std::string& modality) {
    if (modality == "CT")
        return "CT";
    if (modality == "PT")
        return "PET (PT)";
    if (modality == "MR")
        return "MR";
    return modality.empty() ? "modality not recorded" : modality;
}

std::string cohortKey(const CohortRow& cohort) {
    return cohort.name + "@" + std::to_string(cohort.version);
}

report::Section subsection(const char* anchor, const char* title) {
    report::Section s;
    s.level = 2;
    s.anchor = anchor;
    s.title = title;
    return s;
}

// ------------------------------------------------------------ acquisition

report::Section acquisitionSection(const std::vector<CohortSeriesHeader>& series) {
    report::Section section = subsection(anchors::kAcquisition, "Image acquisition");
    std::vector<dicom::AcquisitionHeader> headers;
    std::vector<std::string> problems;
    for (const CohortSeriesHeader& s : series) {
        headers.push_back(s.header);
        if (!s.problem.empty())
            problems.push_back(s.seriesInstanceUid + " (" + s.problem + ")");
    }
    const auto summary = dicom::summariseAcquisition(headers);
    if (summary.empty()) {
        section.blocks.push_back(report::Paragraph{
            "No image series of the cohort's included patients is stored in the database."});
        return section;
    }
    std::string sentence =
        "The included patients have " + std::to_string(series.size()) + " image series: ";
    for (std::size_t i = 0; i < summary.size(); ++i)
        sentence += (i ? ", " : "") + std::to_string(summary[i].series) + " " +
                    modalityName(summary[i].modality);
    sentence += ". {ref:" + std::string(anchors::kAcquisitionTable) +
                "} summarises their acquisition from the DICOM header of one instance per "
                "series (scanner, tube voltage, slice thickness, pixel spacing, reconstruction "
                "kernel, contrast agent and, for PET, the units and the SUV normalisation).";
    for (const auto& m : summary)
        if (m.modality == "PT")
            sentence += " PET intensities were converted to body-weight SUV (SUVbw = activity "
                        "concentration × body weight / injected dose decayed to the time the "
                        "image is decay-corrected to: Series Time for Decay Correction START, "
                        "the injection for ADMIN, the acquisition for NONE; Units GML taken as "
                        "SUVbw) for " +
                        std::to_string(m.suvConvertible) + " of " + plural(m.series, "PET series") +
                        "; the others keep raw activity and are named in the table.";
    if (!problems.empty())
        sentence += " The header of " + plural(problems.size(), "series") +
                    " could not be read; they are counted with their stored modality and their "
                    "attributes as not recorded.";
    section.blocks.push_back(report::Paragraph{sentence});

    report::Table table;
    table.anchor = anchors::kAcquisitionTable;
    table.caption = "Image acquisition of the included patients' series, per modality (one "
                    "representative DICOM header per series)";
    table.header = {"Modality", "Characteristic", "Series: values"};
    auto row = [&](const std::string& modality, const std::string& what, const std::string& value) {
        table.rows.push_back({modality, what, value});
    };
    for (const auto& m : summary) {
        const std::string name = modalityName(m.modality);
        row(name, "Series", std::to_string(m.series));
        row(name, "Scanner (manufacturer model)", countsText(m.scanners));
        auto range = [&](const std::optional<dicom::ValueRange>& r, const std::string& what) {
            row(name, what,
                r ? std::to_string(r->series) + " recorded: " + dicom::rangeText(*r)
                  : std::string("not recorded"));
        };
        if (m.modality == "CT" || m.kvp)
            range(m.kvp, "Tube voltage (kVp)");
        range(m.sliceThickness, "Slice thickness (mm)");
        range(m.pixelSpacing, "Pixel spacing (mm)");
        if (m.modality == "CT" || !m.kernels.empty()) {
            auto kernels = m.kernels;
            if (m.withoutKernel)
                kernels[""] = m.withoutKernel;
            row(name, "Reconstruction kernel", countsText(kernels));
        }
        row(name, "Contrast agent (0018,0010)",
            "recorded: " + std::to_string(m.withContrast) +
                "; absent: " + std::to_string(m.withoutContrast));
        if (m.modality == "PT") {
            row(name, "Units (0054,1001)", countsText(m.petUnits));
            row(name, "Decay correction (0054,1102)", countsText(m.decayCorrections));
            row(name, "Convertible to SUVbw",
                std::to_string(m.suvConvertible) + " of " + std::to_string(m.series) + " (" +
                    countsText(m.suvNotes) + ")");
        }
    }
    if (!problems.empty()) {
        std::string note = "Header not readable: ";
        for (std::size_t i = 0; i < problems.size() && i < 10; ++i)
            note += (i ? "; " : "") + problems[i];
        if (problems.size() > 10)
            note += "; and " + std::to_string(problems.size() - 10) + " more";
        table.notes.push_back(note + ".");
    }
    table.notes.push_back("Ranges: minimum–maximum (median) over the series that record the "
                          "attribute; pixel spacing is the mean of the row and column spacing.");
    section.blocks.push_back(std::move(table));
    return section;
}

// ---------------------------------------------------------- segmentation

struct SegmentationFacts {
    std::string source;
    int version = 1;
    std::string createdBy, createdAt, roiName, derivation, sourceFile;
};

std::optional<SegmentationFacts> segmentationFacts(Database& db, Id id) {
    Statement& s = db.prepare("SELECT s.source, s.version, s.created_by, s.created_at, s.roi_name, "
                              "COALESCE(r.tool, ''), s.source_file FROM segmentations s "
                              "LEFT JOIN segmentation_derivations d ON d.segmentation_id = s.id "
                              "LEFT JOIN derivation_runs r ON r.id = d.run_id WHERE s.id = ?1");
    s.bind(1, id);
    std::optional<SegmentationFacts> out;
    if (s.step())
        out = SegmentationFacts{s.text(0), s.integer(1), s.text(2), s.text(3),
                                s.text(4), s.text(5),    s.text(6)};
    s.reset();
    return out;
}

/// A DICOM DA "20120315" as the report writes every date, "2012-03-15";
/// anything else (a malformed header) as it is.
std::string isoDate(const std::string& da) {
    if (da.size() != 8 ||
        !std::all_of(da.begin(), da.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return da;
    return da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2);
}

report::Section segmentationSection(Database& db,
                                    const std::vector<FeatureExtractionRow>& extractions) {
    report::Section section = subsection(anchors::kSegmentation, "Segmentation");
    if (extractions.empty()) {
        section.blocks.push_back(report::Paragraph{
            "No feature extraction of the cohort's included patients is stored, so no "
            "segmentation was used by this report's analyses."});
        return section;
    }
    std::set<Id> ids;
    std::size_t fileMasks = 0;
    for (const auto& e : extractions) {
        if (e.segmentationId)
            ids.insert(*e.segmentationId);
        else
            ++fileMasks;
    }
    std::map<std::string, std::size_t> sources, versions, creators, rois, derivations, tools,
        authors;
    std::map<std::string, dicom::ObjectOrigin> origins; // by source file, read once
    std::string first, last, firstDrawn, lastDrawn;
    for (Id id : ids) {
        const auto f = segmentationFacts(db, id);
        if (!f)
            continue;
        ++sources[f->source];
        ++versions["version " + std::to_string(f->version)];
        ++creators[f->createdBy];
        ++rois[f->roiName];
        if (!f->derivation.empty())
            ++derivations[f->derivation == "habitat" ? "tumour habitats" : "peritumoural rings"];
        if (f->source == "RTSTRUCT" || f->source == "SEG") {
            auto origin = origins.find(f->sourceFile);
            if (origin == origins.end()) {
                dicom::ObjectOrigin read;
                try {
                    read = dicom::readObjectOrigin(f->sourceFile);
                } catch (const Error&) {
                    read.tool = "source file not readable";
                }
                origin = origins.emplace(f->sourceFile, read).first;
            }
            ++tools[origin->second.tool];
            if (!origin->second.author.empty())
                ++authors[origin->second.author];
            const std::string& date = origin->second.date;
            if (!date.empty() && (firstDrawn.empty() || date < firstDrawn))
                firstDrawn = date;
            if (!date.empty() && (lastDrawn.empty() || date > lastDrawn))
                lastDrawn = date;
        } else {
            ++tools[f->source == "MANUAL" ? "this workstation (drawn, edited or derived)"
                                          : "NIfTI label file"];
        }
        if (first.empty() || f->createdAt < first)
            first = f->createdAt;
        if (last.empty() || f->createdAt > last)
            last = f->createdAt;
    }
    std::string text = "The cohort's " + plural(extractions.size(), "feature extraction") +
                       " used " + plural(ids.size(), "stored segmentation") +
                       (fileMasks ? " and " + plural(fileMasks, "mask file") : "") + ".";
    if (!ids.empty())
        text += " Sources: " + countsText(sources) +
                ". Segmentations imported from RTSTRUCT or "
                "DICOM SEG keep their contours as delivered; MANUAL ones were drawn or edited "
                "in the workstation, each edit stored as a new version of its lineage.";
    section.blocks.push_back(report::Paragraph{text});
    report::DefinitionList list;
    if (!ids.empty()) {
        list.entries.emplace_back("Source", countsText(sources));
        list.entries.emplace_back("Version used", countsText(versions));
        list.entries.emplace_back("Delineation tool", countsText(tools));
        if (!authors.empty())
            list.entries.emplace_back("Delineated by (DICOM header)", countsText(authors));
        if (!firstDrawn.empty())
            list.entries.emplace_back("Delineation date (DICOM header)",
                                      firstDrawn == lastDrawn
                                          ? isoDate(firstDrawn)
                                          : isoDate(firstDrawn) + " to " + isoDate(lastDrawn));
        list.entries.emplace_back("Recorded by (workstation user)",
                                  countsText(creators, "not recorded"));
        list.entries.emplace_back("Recorded in the database",
                                  first == last ? first : first + " to " + last);
        list.entries.emplace_back("Regions of interest", countsText(rois));
        list.entries.emplace_back("Derived regions", derivations.empty() ? std::string("none")
                                                                         : countsText(derivations));
    }
    if (fileMasks)
        list.entries.emplace_back("Mask files", plural(fileMasks, "extraction") +
                                                    " with a mask read from a file");
    section.blocks.push_back(std::move(list));
    return section;
}

// --------------------------------------------------------------- radiomics

report::Section radiomicsSection(Database& db,
                                 const std::vector<FeatureExtractionRow>& extractions) {
    report::Section section = subsection(anchors::kRadiomics, "Radiomic features");
    if (extractions.empty()) {
        section.blocks.push_back(report::Paragraph{
            "No radiomic features of the cohort's included patients are stored."});
        return section;
    }
    std::map<std::string, std::vector<const FeatureExtractionRow*>> byHash;
    for (const auto& e : extractions)
        byHash[e.parameterSetHash].push_back(&e);
    FeatureRepository features(db);
    section.blocks.push_back(report::Paragraph{
        "Radiomic features were computed by the workstation's IBSI-compliant engine with " +
        plural(byHash.size(), "parameter set") +
        ", described below in the terms of the IBSI reporting guidelines. A parameter set is "
        "identified by the SHA-256 of its canonical text, so equal hashes mean identical "
        "settings."});
    for (const auto& [hash, rows] : byHash) {
        std::map<std::string, std::size_t> software, modalities;
        std::size_t mismatches = 0;
        for (const auto* e : rows) {
            ++software[e->softwareVersion];
            ++modalities[e->imageModality];
            if (e->modalityMismatchAllowed)
                ++mismatches;
        }
        report::DefinitionList list;
        const auto stored = features.findParameterSet(hash);
        std::string sentence;
        try {
            if (!stored)
                throw Error("parameter set " + hash + " is not stored");
            const radiomics::ParameterSet set =
                radiomics::parseParameterSet(stored->canonicalText, stored->name);
            list.entries = report::describeParameterSet(set);
            sentence = "With parameter set " +
                       (set.settings.name.empty() ? stored->name : set.settings.name);
        } catch (const Error& e) {
            list.entries.emplace_back("Parameter-set SHA-256", hash);
            list.entries.emplace_back("Settings", std::string("not readable: ") + e.what());
            sentence = "With parameter set " + hash.substr(0, 12);
        }
        std::string units;
        for (const auto& [modality, n] : modalities)
            units += (units.empty() ? "" : "; ") + modalityName(modality) + ": " +
                     report::intensityUnitOfModality(modality);
        list.entries.emplace_back("Intensity unit", units);
        // A loop, not a lambda: Debian 12's clang 14 cannot capture the
        // structured binding `rows` (a C++20 feature it lacks).
        std::string families;
        for (const auto& family : rows.front()->families)
            families += (families.empty() ? "" : ", ") + family;
        list.entries.emplace_back("Feature families", families);
        // The engine has no convolutional filters: every feature is of the
        // original image (CLEAR item 24, filled from the same fact).
        list.entries.emplace_back("Image types", "original image only (no filtered images)");
        const auto [fewest, most] =
            std::minmax_element(rows.begin(), rows.end(),
                                [](const FeatureExtractionRow* a, const FeatureExtractionRow* b) {
                                    return a->valueCount < b->valueCount;
                                });
        list.entries.emplace_back("Features per ROI",
                                  (*fewest)->valueCount == (*most)->valueCount
                                      ? std::to_string((*fewest)->valueCount)
                                      : std::to_string((*fewest)->valueCount) + "–" +
                                            std::to_string((*most)->valueCount));
        list.entries.emplace_back("Extractions", std::to_string(rows.size()) +
                                                     " (image modality: " + countsText(modalities) +
                                                     ")");
        list.entries.emplace_back("Software version", countsText(software));
        sentence += " (SHA-256 " + hash + "), features of " + plural(rows.size(), "ROI") +
                    " were extracted (image modality: " + countsText(modalities) +
                    ") by software version " + countsText(software) + ".";
        if (mismatches)
            sentence += " For " + plural(mismatches, "extraction") +
                        " the user allowed a modality the parameter set is not declared for.";
        section.blocks.push_back(report::Paragraph{sentence});
        section.blocks.push_back(std::move(list));
    }
    return section;
}

// ---------------------------------------------------------------- analysis

report::Section analysisSection(Database& db, const CohortRow& cohort,
                                std::vector<std::string>& modelSoftware) {
    report::Section section = subsection(anchors::kAnalysis, "Statistical analysis and models");
    std::vector<StoredModel> models;
    for (const StoredModel& m : listModels(db))
        if (m.cohort == cohortKey(cohort))
            models.push_back(m);
    std::reverse(models.begin(), models.end()); // oldest stored first
    if (models.empty()) {
        section.blocks.push_back(report::Paragraph{
            "No model trained on cohort " + cohortKey(cohort) + " is stored in the database."});
        return section;
    }
    section.blocks.push_back(report::Paragraph{
        plural(models.size(), "model") + (models.size() == 1 ? " was" : " were") +
        " trained on cohort " + cohortKey(cohort) +
        ". Each is described from its stored pipeline. Validation used repeated stratified "
        "k-fold cross-validation in which each training split fits the whole pipeline, so "
        "every fitted step was fitted inside the resampling loop and the held-out rows never "
        "informed imputation, scaling, harmonisation, feature selection, the choice of λ or "
        "the learner."});
    for (std::size_t i = 0; i < models.size(); ++i) {
        const StoredModel& stored = models[i];
        modelSoftware.push_back(stored.softwareVersion);
        std::string heading = "Model " + std::to_string(i + 1) + ": " + stored.name + " (" +
                              stored.kind + ", id " + stored.modelId.substr(0, 12) + ", trained " +
                              stored.createdUtc + " with software " + stored.softwareVersion + ").";
        report::DefinitionList list;
        try {
            list.entries = report::modelProtocol(loadStoredModel(db, stored));
        } catch (const Error& e) {
            list.entries.emplace_back("Protocol", std::string("not readable: ") + e.what());
        }
        section.blocks.push_back(report::Paragraph{heading});
        section.blocks.push_back(std::move(list));
    }
    return section;
}

// ---------------------------------------------------------------- software

report::Section softwareSection(const std::vector<FeatureExtractionRow>& extractions,
                                const std::vector<std::string>& modelSoftware) {
    report::Section section = subsection(anchors::kSoftware, "Software");
    report::DefinitionList list;
    for (auto& entry : report::coreSoftwareVersions())
        list.entries.push_back(std::move(entry));
    list.entries.emplace_back("SQLite", sqlite3_libversion());
    std::map<std::string, std::size_t> extractionSoftware, trainingSoftware;
    for (const auto& e : extractions)
        ++extractionSoftware[e.softwareVersion];
    for (const auto& v : modelSoftware)
        ++trainingSoftware[v];
    section.blocks.push_back(report::Paragraph{
        "This report was written by the Radiogenomics Workstation " + std::string(RGW_VERSION) +
        ", built with the libraries below. The versions that computed the stored results "
        "are recorded with them: features " +
        (extractionSoftware.empty() ? std::string("(none)") : countsText(extractionSoftware)) +
        "; models " +
        (trainingSoftware.empty() ? std::string("(none)") : countsText(trainingSoftware)) + "."});
    section.blocks.push_back(std::move(list));
    return section;
}

} // namespace

std::vector<CohortSeriesHeader> cohortSeriesHeaders(Database& db, const CohortRow& cohort) {
    std::vector<CohortSeriesHeader> out;
    Statement& s = db.prepare(
        "SELECT se.series_uid, se.modality, (SELECT i.file_path FROM instances i "
        "WHERE i.series_id = se.id ORDER BY i.instance_number IS NULL, i.instance_number, i.id "
        "LIMIT 1) FROM series se JOIN studies st ON st.id = se.study_id "
        "JOIN patients p ON p.id = st.patient_id "
        "WHERE p.patient_id = ?1 AND se.object_kind = 'image' ORDER BY se.series_uid");
    for (const std::string& patient : NamedCohortRepository(db).includedPatients(cohort.id)) {
        s.bind(1, patient);
        while (s.step()) {
            CohortSeriesHeader h;
            h.patientId = patient;
            h.seriesInstanceUid = s.text(0);
            h.header.modality = s.text(1);
            h.file = s.isNull(2) ? "" : s.text(2);
            out.push_back(std::move(h));
        }
        s.reset();
    }
    for (CohortSeriesHeader& h : out) {
        if (h.file.empty()) {
            h.problem = "no stored instance";
            continue;
        }
        try {
            dicom::AcquisitionHeader read = dicom::readAcquisitionHeader(h.file);
            if (read.modality.empty())
                read.modality = h.header.modality;
            h.header = std::move(read);
        } catch (const Error& e) {
            h.problem = e.what();
        }
    }
    return out;
}

void appendMethods(Database& db, const CohortRow& cohort, report::Document& doc) {
    report::Section methods;
    methods.level = 1;
    methods.anchor = anchors::kMethods;
    methods.title = "Methods";
    methods.blocks.push_back(report::Paragraph{
        "This section was written by the workstation from the provenance stored with the "
        "data of cohort " +
        cohortKey(cohort) + ": image headers ({ref:" + std::string(anchors::kAcquisition) +
        "}), segmentations ({ref:" + std::string(anchors::kSegmentation) +
        "}), radiomics parameter sets ({ref:" + std::string(anchors::kRadiomics) +
        "}), models ({ref:" + std::string(anchors::kAnalysis) +
        "}) and software ({ref:" + std::string(anchors::kSoftware) + "})."});

    const std::vector<CohortSeriesHeader> series = cohortSeriesHeaders(db, cohort);
    std::set<std::string> seriesUids;
    for (const auto& s : series)
        seriesUids.insert(s.seriesInstanceUid);
    std::vector<FeatureExtractionRow> extractions;
    for (FeatureExtractionRow& e : FeatureRepository(db).list())
        if (seriesUids.count(e.seriesInstanceUid))
            extractions.push_back(std::move(e));

    std::vector<std::string> modelSoftware;
    std::vector<report::Section> parts;
    parts.push_back(acquisitionSection(series));
    parts.push_back(segmentationSection(db, extractions));
    parts.push_back(radiomicsSection(db, extractions));
    parts.push_back(analysisSection(db, cohort, modelSoftware));
    parts.push_back(softwareSection(extractions, modelSoftware));
    doc.sections.push_back(std::move(methods));
    for (report::Section& part : parts)
        doc.sections.push_back(std::move(part));
}

} // namespace rgw::storage
