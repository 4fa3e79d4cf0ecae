#include "genomics/CbioWriter.h"

#include "genomics/CbioClinical.h"
#include "genomics/Identity.h"
#include "genomics/TabularText.h"
#include "util/Error.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace fs = std::filesystem;

namespace rgw::genomics {

namespace {

constexpr const char* kMissing = "[Not Available]";

// ------------------------------------------------------------------ values

/// Refuses a field the reader would not give back as written.
void checkField(const std::string& text, const std::string& file, const std::string& record,
                const std::string& column) {
    const auto fail = [&](const std::string& why) {
        throw Error(file + ": " + record + ", column '" + column + "': the value '" +
                    text.substr(0, 60) + "' " + why + "; it cannot be written");
    };
    if (text.find_first_of("\t\n\r") != std::string::npos)
        fail("holds a tab or a line break");
    if (trim(text).size() != text.size())
        fail("starts or ends with blanks");
    if (!text.empty() && isMissingValue(text))
        fail("would read back as a missing value");
    if (!isValidUtf8(text))
        fail("is not UTF-8");
}

/// Refuses a `key: value` entry that would not read back.
void checkMetaValue(const std::string& text, const std::string& file, const std::string& key) {
    if (text.find_first_of("\n\r") != std::string::npos || trim(text).size() != text.size() ||
        !isValidUtf8(text))
        throw Error(file + ": '" + key + "' value '" + text.substr(0, 60) +
                    "' holds a line break, starts or ends with blanks or is not UTF-8; it cannot "
                    "be written");
}

/// True for an id that is safe as part of a file name and a stable id.
bool isSafeId(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    }) && id.front() != '.';
}

/// The shortest text that the matrix reader (a double rounded to float)
/// reads back as exactly `v`; "NA" for NaN.
std::string floatText(float v, const std::string& file, const std::string& record) {
    if (std::isnan(v))
        return "NA";
    if (!std::isfinite(v))
        throw Error(file + ": " + record + ": an infinite value cannot be written");
    char buffer[64];
    auto written = std::to_chars(buffer, buffer + sizeof buffer, v);
    std::string text(buffer, written.ptr);
    double back = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), back);
    // As CbioMatrix.cpp reads it: a double within float range, then rounded.
    if (std::fabs(back) <= static_cast<double>(std::numeric_limits<float>::max()) &&
        static_cast<float>(back) == v && std::signbit(static_cast<float>(back)) == std::signbit(v))
        return text;
    written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(v));
    return std::string(buffer, written.ptr);
}

std::string joined(const std::vector<std::string>& fields, char separator = '\t') {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            line += separator;
        line += fields[i];
    }
    return line;
}

// --------------------------------------------------------------- the files

/// The files of the study, by path relative to the folder.
class StudyFiles {
public:
    explicit StudyFiles(const GenomicDataSet& data) : data_(data) {}

    CbioWriteReport build();
    const std::map<std::string, std::string>& contents() const { return files_; }

private:
    struct Kind {
        std::string type, datatype;
    };
    std::optional<Kind> kindOf(const GenomicProfile& p) const;

    std::string metaText(const std::string& file,
                         const std::vector<std::pair<std::string, std::string>>& entries) const;
    void addStudy();
    void addClinical(AttributeLevel level);
    bool addProfile(const GenomicProfile& p, const Kind& kind);
    void addMaf(const GenomicProfile& p, const std::string& file);
    bool addMatrix(const GenomicProfile& p, const Kind& kind, const std::string& file);
    void addPanelMatrix(const std::vector<const GenomicProfile*>& profiles);
    void addPanels(const std::vector<const GenomicProfile*>& profiles);
    void addCaseLists(const std::vector<const GenomicProfile*>& profiles);

    const GenomicDataSet& data_;
    std::map<std::string, std::string> files_;
    CbioWriteReport report_;
};

std::optional<StudyFiles::Kind> StudyFiles::kindOf(const GenomicProfile& p) const {
    const auto oneOf = [&](std::initializer_list<const char*> allowed, const char* fallback) {
        for (const char* a : allowed)
            if (p.datatype == a)
                return p.datatype;
        return std::string(fallback);
    };
    switch (p.kind) {
    case ProfileKind::Mutation:
        return Kind{"MUTATION_EXTENDED", "MAF"};
    case ProfileKind::CopyNumberDiscrete:
        return Kind{"COPY_NUMBER_ALTERATION", "DISCRETE"};
    case ProfileKind::CopyNumberContinuous:
        return Kind{"COPY_NUMBER_ALTERATION", oneOf({"CONTINUOUS", "LOG2-VALUE"}, "CONTINUOUS")};
    case ProfileKind::Expression:
        return Kind{"MRNA_EXPRESSION", oneOf({"CONTINUOUS", "Z-SCORE", "DISCRETE"}, "CONTINUOUS")};
    case ProfileKind::Methylation:
        return Kind{"METHYLATION", "CONTINUOUS"};
    case ProfileKind::ProteinLevel:
        return Kind{"PROTEIN_LEVEL", oneOf({"LOG2-VALUE", "Z-SCORE", "CONTINUOUS"}, "CONTINUOUS")};
    default:
        return std::nullopt;
    }
}

std::string
StudyFiles::metaText(const std::string& file,
                     const std::vector<std::pair<std::string, std::string>>& entries) const {
    std::string text;
    for (const auto& [key, value] : entries) {
        checkMetaValue(value, file, key);
        text += key + ": " + value + "\n";
    }
    return text;
}

void StudyFiles::addStudy() {
    if (!isSafeId(data_.studyId))
        throw Error("study id '" + data_.studyId +
                    "' is not a cBioPortal stable id (letters, digits, '_', '-', '.')");
    const std::string name = data_.studyName.empty() ? data_.studyId : data_.studyName;
    files_["meta_study.txt"] =
        metaText("meta_study.txt",
                 {{"type_of_cancer", data_.cancerType.empty() ? "mixed" : data_.cancerType},
                  {"cancer_study_identifier", data_.studyId},
                  {"name", name},
                  {"description", data_.studyDescription.empty() ? name : data_.studyDescription}});
}

const char* datatypeText(ClinicalDatatype type) {
    switch (type) {
    case ClinicalDatatype::Number:
        return "NUMBER";
    case ClinicalDatatype::Boolean:
        return "BOOLEAN";
    default:
        return "STRING";
    }
}

void StudyFiles::addClinical(AttributeLevel level) {
    const bool samples = level == AttributeLevel::Sample;
    const std::string kind = samples ? "sample" : "patient";
    const std::string dataFile = "data_clinical_" + kind + ".txt";
    std::vector<const ClinicalAttribute*> attributes;
    for (const ClinicalAttribute& a : data_.attributes) {
        if (a.level != level)
            continue;
        if (a.datatype == ClinicalDatatype::Date) {
            report_.notWritten.push_back(
                {"clinical attribute " + a.id,
                 "a date attribute (from a mapped table) has no cBioPortal datatype"});
            continue;
        }
        attributes.push_back(&a);
    }
    // The four '#' lines and the column header.
    std::vector<std::vector<std::string>> header(5);
    const auto column = [&](const std::string& id, const std::string& display,
                            const std::string& description, const char* datatype, int priority) {
        for (const auto& [text, what] :
             {std::pair{&id, "attribute id"}, std::pair{&display, "display name"},
              std::pair{&description, "description"}})
            checkField(*text, dataFile, "attribute " + id, what);
        if (id.empty())
            throw Error(dataFile + ": a clinical attribute has an empty id");
        header[0].push_back(display);
        header[1].push_back(description);
        header[2].push_back(datatype);
        header[3].push_back(std::to_string(priority));
        header[4].push_back(id);
    };
    column("PATIENT_ID", "Patient Identifier", "Patient Identifier", "STRING", 1);
    if (samples)
        column("SAMPLE_ID", "Sample Identifier", "Sample Identifier", "STRING", 1);
    for (const ClinicalAttribute* a : attributes)
        column(a->id, a->displayName, a->description, datatypeText(a->datatype), a->priority);
    std::string text;
    for (std::size_t k = 0; k < 4; ++k)
        text += "#" + joined(header[k]) + "\n";
    text += joined(header[4]) + "\n";

    std::map<std::pair<std::string, std::string>, const std::string*> values;
    for (const ClinicalValue& v : data_.clinicalValues)
        values[{v.entityId, v.attributeId}] = &v.text;
    const auto row = [&](const std::string& entity, std::vector<std::string> cells) {
        for (const std::string& id : cells)
            if (!isValidCaseId(id))
                throw Error(dataFile + ": id '" + id +
                            "' is not a cBioPortal case id (letters, digits, '.', '_', '-')");
        for (const ClinicalAttribute* a : attributes) {
            const auto found = values.find({entity, a->id});
            if (found == values.end()) {
                cells.emplace_back(kMissing);
                continue;
            }
            checkField(*found->second, dataFile, kind + " " + entity, a->id);
            if (found->second->empty())
                throw Error(dataFile + ": " + kind + " " + entity + ", column '" + a->id +
                            "': an empty value cannot be written");
            cells.push_back(*found->second);
        }
        text += joined(cells) + "\n";
    };
    if (samples)
        for (const Sample& s : data_.samples)
            row(s.sampleId, {s.patientId, s.sampleId});
    else
        for (const std::string& p : data_.patients)
            row(p, {p});
    files_[dataFile] = text;
    const std::string metaFile = "meta_clinical_" + kind + ".txt";
    files_[metaFile] =
        metaText(metaFile, {{"cancer_study_identifier", data_.studyId},
                            {"genetic_alteration_type", "CLINICAL"},
                            {"datatype", samples ? "SAMPLE_ATTRIBUTES" : "PATIENT_ATTRIBUTES"},
                            {"data_filename", dataFile}});
}

void StudyFiles::addMaf(const GenomicProfile& p, const std::string& file) {
    std::string text = "#version 2.4\n"
                       "Hugo_Symbol\tEntrez_Gene_Id\tTumor_Sample_Barcode\tVariant_Classification\t"
                       "HGVSp_Short\tVariant_Type\tChromosome\tStart_Position\tReference_Allele\t"
                       "Tumor_Seq_Allele2\tt_ref_count\tt_alt_count\tcbp_driver\n";
    static const char* const kColumns[] = {
        "Hugo_Symbol",      "Entrez_Gene_Id",    "Tumor_Sample_Barcode", "Variant_Classification",
        "HGVSp_Short",      "Variant_Type",      "Chromosome",           "Start_Position",
        "Reference_Allele", "Tumor_Seq_Allele2", "t_ref_count",          "t_alt_count",
        "cbp_driver"};
    const auto number = [](const std::optional<std::int64_t>& v) {
        return v ? std::to_string(*v) : std::string();
    };
    std::size_t index = 0;
    for (const Mutation& m : data_.mutations) {
        if (m.profileStableId != p.stableId)
            continue;
        ++index;
        if (m.variantClassification.empty())
            throw Error(file + ": mutation " + std::to_string(index) + " of sample " + m.sampleId +
                        " has no Variant_Classification");
        const std::vector<std::string> cells{m.gene.hugoSymbol,
                                             number(m.gene.entrezId),
                                             m.sampleId,
                                             m.variantClassification,
                                             m.proteinChange.empty() ? std::string()
                                                                     : "p." + m.proteinChange,
                                             m.variantType,
                                             m.chromosome,
                                             number(m.startPosition),
                                             m.referenceAllele,
                                             m.tumorSeqAllele,
                                             number(m.tRefCount),
                                             number(m.tAltCount),
                                             m.driverAnnotation};
        for (std::size_t c = 0; c < cells.size(); ++c)
            checkField(cells[c], file,
                       "mutation " + std::to_string(index) + " of sample " + m.sampleId,
                       kColumns[c]);
        text += joined(cells) + "\n";
    }
    files_[file] = text;
}

bool isGisticLevel(float v) {
    return v == -2.0f || v == -1.5f || v == -1.0f || v == 0.0f || v == 1.0f || v == 2.0f;
}

bool StudyFiles::addMatrix(const GenomicProfile& p, const Kind& kind, const std::string& file) {
    const auto m =
        std::find_if(data_.matrices.begin(), data_.matrices.end(),
                     [&](const GeneMatrix& g) { return g.profileStableId == p.stableId; });
    if (m == data_.matrices.end() || m->samples.empty()) {
        report_.notWritten.push_back(
            {"profile " + p.stableId, "no sample of the exported patients has a column"});
        return false;
    }
    bool entrez = false;
    for (const Gene& g : m->genes)
        entrez = entrez || g.entrezId.has_value();
    std::vector<std::string> header{"Hugo_Symbol"};
    if (entrez)
        header.emplace_back("Entrez_Gene_Id");
    for (const std::string& s : m->samples) {
        checkField(s, file, "the header", "sample");
        header.push_back(s);
    }
    std::string text = joined(header) + "\n";
    const bool discrete = kind.datatype == "DISCRETE" && p.kind == ProfileKind::CopyNumberDiscrete;
    for (std::size_t g = 0; g < m->genes.size(); ++g) {
        const Gene& gene = m->genes[g];
        const std::string record =
            "gene " + (gene.hugoSymbol.empty() && gene.entrezId ? std::to_string(*gene.entrezId)
                                                                : gene.hugoSymbol);
        checkField(gene.hugoSymbol, file, record, "Hugo_Symbol");
        if (gene.hugoSymbol.empty() && !gene.entrezId)
            throw Error(file + ": row " + std::to_string(g + 1) + " names no gene");
        text += gene.hugoSymbol;
        if (entrez)
            text += "\t" + (gene.entrezId ? std::to_string(*gene.entrezId) : std::string());
        for (std::size_t s = 0; s < m->samples.size(); ++s) {
            const float v = m->at(g, s);
            if (discrete && !std::isnan(v) && !isGisticLevel(v))
                throw Error(file + ": " + record + ", sample " + m->samples[s] + ": " +
                            std::to_string(v) + " is not a discrete copy-number level");
            text += "\t" + floatText(v, file, record + ", sample " + m->samples[s]);
        }
        text += "\n";
    }
    files_[file] = text;
    return true;
}

bool StudyFiles::addProfile(const GenomicProfile& p, const Kind& kind) {
    if (!isSafeId(p.stableId))
        throw Error("profile stable id '" + p.stableId +
                    "' is not a cBioPortal stable id (letters, digits, '_', '-', '.')");
    for (const char* reserved :
         {"study", "clinical_patient", "clinical_sample", "gene_panel_matrix"})
        if (p.stableId == reserved)
            throw Error("profile stable id '" + p.stableId + "' is the name of a study file");
    if (p.stableId.rfind("gene_panel", 0) == 0)
        throw Error("profile stable id '" + p.stableId +
                    "' starts like a gene panel file (gene_panel)");
    const std::string dataFile = "data_" + p.stableId + ".txt";
    if (isMatrixKind(p.kind)) {
        if (!addMatrix(p, kind, dataFile))
            return false;
    } else {
        const bool panelCells =
            std::any_of(data_.samplePanels.begin(), data_.samplePanels.end(),
                        [&](const SamplePanel& c) { return c.profileStableId == p.stableId; });
        if (!p.allSamplesProfiled && p.profiledSamples.empty() && !panelCells) {
            // No case list can be empty, and without one the reader would
            // take every sample as covered.
            report_.notWritten.push_back(
                {"profile " + p.stableId, "covers none of the exported samples"});
            return false;
        }
        addMaf(p, dataFile);
    }
    std::vector<std::pair<std::string, std::string>> meta{
        {"cancer_study_identifier", data_.studyId},
        {"genetic_alteration_type", kind.type},
        {"datatype", kind.datatype},
        {"stable_id", p.stableId},
        {"show_profile_in_analysis_tab", "true"},
        {"profile_name", p.name.empty() ? p.stableId : p.name},
        {"profile_description", p.description.empty() ? p.name : p.description},
        {"data_filename", dataFile}};
    if (meta[6].second.empty())
        meta[6].second = p.stableId;
    if (!p.genePanel.empty())
        meta.emplace_back("gene_panel", p.genePanel);
    const std::string metaFile = "meta_" + p.stableId + ".txt";
    files_[metaFile] = metaText(metaFile, meta);
    return true;
}

void StudyFiles::addPanelMatrix(const std::vector<const GenomicProfile*>& profiles) {
    const std::string file = "data_gene_panel_matrix.txt";
    std::vector<std::string> columns;
    for (const GenomicProfile* p : profiles)
        if (std::any_of(data_.samplePanels.begin(), data_.samplePanels.end(),
                        [&](const SamplePanel& c) { return c.profileStableId == p->stableId; }))
            columns.push_back(p->stableId);
    if (columns.empty())
        return;
    std::map<std::pair<std::string, std::string>, std::string> cells; // (sample, profile)
    for (const SamplePanel& c : data_.samplePanels)
        cells[{c.sampleId, c.profileStableId}] = c.panelId;
    std::string text = "SAMPLE_ID\t" + joined(columns) + "\n";
    for (const Sample& s : data_.samples) {
        std::vector<std::string> row{s.sampleId};
        bool any = false;
        for (const std::string& profile : columns) {
            const auto found = cells.find({s.sampleId, profile});
            row.push_back(found == cells.end() ? std::string()
                                               : (found->second.empty() ? "NA" : found->second));
            any = any || found != cells.end();
        }
        if (!any)
            continue;
        for (std::size_t c = 1; c < row.size(); ++c) {
            if (row[c].empty())
                throw Error(file + ": sample " + s.sampleId +
                            " has a panel in one profile but "
                            "none in '" +
                            columns[c - 1] +
                            "' (neither a panel nor NA): the gene panel matrix cannot say so");
            if (row[c] != "NA")
                checkField(row[c], file, "sample " + s.sampleId, columns[c - 1]);
        }
        text += joined(row) + "\n";
    }
    files_[file] = text;
    files_["meta_gene_panel_matrix.txt"] =
        metaText("meta_gene_panel_matrix.txt", {{"cancer_study_identifier", data_.studyId},
                                                {"genetic_alteration_type", "GENE_PANEL_MATRIX"},
                                                {"datatype", "GENE_PANEL_MATRIX"},
                                                {"data_filename", file}});
}

void StudyFiles::addPanels(const std::vector<const GenomicProfile*>& profiles) {
    std::set<std::string> named;
    std::set<std::string> written;
    for (const GenomicProfile* p : profiles) {
        written.insert(p->stableId);
        if (!p->genePanel.empty())
            named.insert(p->genePanel);
    }
    for (const SamplePanel& c : data_.samplePanels)
        if (!c.panelId.empty() && written.count(c.profileStableId))
            named.insert(c.panelId);
    for (const std::string& id : named) {
        const auto panel = std::find_if(data_.panels.begin(), data_.panels.end(),
                                        [&](const GenePanel& g) { return g.stableId == id; });
        if (panel == data_.panels.end() || panel->genes.empty())
            throw Error("gene panel '" + id +
                        "' is named by a profile but its gene list is not known: without it "
                        "every sample on it would read back as not profiled");
        if (!isSafeId(id))
            throw Error("gene panel id '" + id + "' is not a cBioPortal stable id");
        const std::string file = "data_gene_panel_" + id + ".txt";
        for (const std::string& gene : panel->genes)
            checkField(gene, file, "gene_list", "gene");
        files_[file] =
            metaText(file, {{"stable_id", id},
                            {"description", panel->description.empty() ? id : panel->description},
                            {"gene_list", joined(panel->genes)}});
    }
}

void StudyFiles::addCaseLists(const std::vector<const GenomicProfile*>& profiles) {
    const auto list = [&](const std::string& suffix, const std::string& name,
                          const std::string& description, const std::string& category,
                          const std::vector<std::string>& samples) {
        const std::string file = "case_lists/cases_" + suffix + ".txt";
        std::vector<std::pair<std::string, std::string>> entries{
            {"cancer_study_identifier", data_.studyId},
            {"stable_id", data_.studyId + "_" + suffix},
            {"case_list_name", name},
            {"case_list_description", description}};
        if (!category.empty())
            entries.emplace_back("case_list_category", category);
        entries.emplace_back("case_list_ids", joined(samples));
        files_[file] = metaText(file, entries);
    };
    std::vector<std::string> all;
    for (const Sample& s : data_.samples)
        all.push_back(s.sampleId);
    if (!all.empty())
        list("all", "All samples", "All samples of the study", "all_cases_in_study", all);
    // The one mutation profile's list is cBioPortal's <study>_sequenced; the
    // others are <study>_<stable_id>, which the reader looks up first.
    const auto mutationProfiles =
        std::count_if(profiles.begin(), profiles.end(),
                      [](const GenomicProfile* p) { return p->kind == ProfileKind::Mutation; });
    for (const GenomicProfile* p : profiles) {
        if (p->allSamplesProfiled || p->profiledSamples.empty())
            continue;
        const bool sequenced = p->kind == ProfileKind::Mutation && mutationProfiles == 1;
        const std::string suffix = sequenced ? "sequenced" : p->stableId;
        if (suffix == "all" ||
            (!sequenced && suffix == "sequenced" && p->kind != ProfileKind::Mutation))
            throw Error("profile stable id '" + p->stableId +
                        "' is the name of another case list of the study");
        list(suffix, "Samples of " + (p->name.empty() ? p->stableId : p->name),
             "The samples profiled in " + p->stableId,
             sequenced ? "all_cases_with_mutation_data" : "", p->profiledSamples);
    }
}

/// The sample type the clinical reader will give `sample`: from its
/// SAMPLE_TYPE, else SAMPLE_CLASS value, else its TCGA barcode.
std::string typeReadBack(const GenomicDataSet& data, const Sample& sample) {
    const auto attributeExists = [&](const char* id) {
        return std::any_of(data.attributes.begin(), data.attributes.end(),
                           [&](const ClinicalAttribute& a) {
                               return a.id == id && a.level == AttributeLevel::Sample;
                           });
    };
    for (const char* id : {"SAMPLE_TYPE", "SAMPLE_CLASS"}) {
        if (!attributeExists(id))
            continue;
        for (const ClinicalValue& v : data.clinicalValues)
            if (v.entityId == sample.sampleId && v.attributeId == id)
                if (std::string type = sampleTypeFromText(v.text); !type.empty())
                    return type;
    }
    if (const auto barcode = parseTcgaBarcode(sample.sampleId); barcode && barcode->sampleType)
        return tcgaSampleType(*barcode->sampleType);
    return {};
}

CbioWriteReport StudyFiles::build() {
    for (const Sample& s : data_.samples)
        if (typeReadBack(data_, s) != s.type)
            report_.notWritten.push_back(
                {"sample " + s.sampleId + " type '" + s.type + "'",
                 "the sample file gives a sample's type only through its SAMPLE_TYPE or "
                 "SAMPLE_CLASS value or a TCGA barcode"});
    addStudy();
    addClinical(AttributeLevel::Patient);
    addClinical(AttributeLevel::Sample);
    std::vector<const GenomicProfile*> written;
    std::set<std::string> stableIds;
    for (const GenomicProfile& p : data_.profiles) {
        if (!stableIds.insert(p.stableId).second)
            throw Error("profile '" + p.stableId + "' is given twice");
        const auto kind = kindOf(p);
        if (!kind) {
            report_.notWritten.push_back(
                {"profile " + p.stableId, std::string("a ") + profileKindName(p.kind) +
                                              " profile has no cBioPortal file here"});
            continue;
        }
        if (addProfile(p, *kind))
            written.push_back(&p);
    }
    addPanelMatrix(written);
    addPanels(written);
    addCaseLists(written);
    for (const auto& [file, text] : files_)
        report_.files.push_back(file);
    return report_;
}

void writeFile(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        throw Error("cannot write " + file.string());
}

} // namespace

GenomicDataSet renameCases(const GenomicDataSet& data, const CaseIdMapping& mapping) {
    if (!mapping.patient)
        throw Error("renaming cases needs a patient id mapping");
    GenomicDataSet out = data;
    std::unordered_map<std::string, std::string> patients, samples;
    std::set<std::string> newPatients, newSamples;
    const auto checked = [](const std::string& id, const std::string& old, const char* what,
                            std::set<std::string>& taken) {
        if (!isValidCaseId(id))
            throw Error(std::string("the new ") + what + " id '" + id + "' of '" + old +
                        "' is not a cBioPortal case id (letters, digits, '.', '_', '-')");
        if (!taken.insert(id).second)
            throw Error(std::string("two ") + what + "s get the new id '" + id + "'");
        return id;
    };
    const auto patientOf = [&](const std::string& id) -> const std::string& {
        auto it = patients.find(id);
        if (it == patients.end())
            it = patients.emplace(id, checked(mapping.patient(id), id, "patient", newPatients))
                     .first;
        return it->second;
    };
    for (std::string& p : out.patients)
        p = patientOf(p);
    std::map<std::string, int> rank;
    for (Sample& s : out.samples) {
        const std::string oldPatient = s.patientId;
        const std::string& newPatient = patientOf(oldPatient);
        const int n = ++rank[oldPatient];
        std::string id;
        if (mapping.sample)
            id = mapping.sample(s.sampleId, oldPatient);
        else if (s.sampleId.rfind(oldPatient, 0) == 0)
            id = newPatient + s.sampleId.substr(oldPatient.size());
        else
            id = newPatient + "_" + std::to_string(n);
        samples[s.sampleId] = checked(id, s.sampleId, "sample", newSamples);
        s.sampleId = samples[s.sampleId];
        s.patientId = newPatient;
    }
    const auto sampleOf = [&](std::string& id) {
        const auto it = samples.find(id);
        if (it == samples.end())
            throw Error("sample '" + id +
                        "' is not a sample of the data set; it cannot be renamed");
        id = it->second;
    };
    std::set<std::string> patientAttributes;
    for (const ClinicalAttribute& a : out.attributes)
        if (a.level == AttributeLevel::Patient)
            patientAttributes.insert(a.id);
    for (ClinicalValue& v : out.clinicalValues) {
        if (patientAttributes.count(v.attributeId))
            v.entityId = patientOf(v.entityId);
        else
            sampleOf(v.entityId);
    }
    for (GenomicProfile& p : out.profiles)
        for (std::string& s : p.profiledSamples)
            sampleOf(s);
    for (SamplePanel& c : out.samplePanels)
        sampleOf(c.sampleId);
    for (Mutation& m : out.mutations)
        sampleOf(m.sampleId);
    for (GeneMatrix& m : out.matrices)
        for (std::string& s : m.samples)
            sampleOf(s);
    for (Genotype& g : out.genotypes)
        sampleOf(g.sampleId);
    for (SampleCall& c : out.calls)
        sampleOf(c.sampleId);
    return out;
}

CbioWriteReport writeCbioPortalStudy(const GenomicDataSet& data, const fs::path& folder) {
    std::error_code ec;
    if (fs::exists(folder, ec) && (!fs::is_directory(folder, ec) || !fs::is_empty(folder, ec)))
        throw Error(folder.string() + ": exists and is not an empty folder; the study is not "
                                      "written over it");
    StudyFiles files(data);
    CbioWriteReport report = files.build(); // every value is checked before any file is written

    const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
    const fs::path temporary =
        parent / (folder.filename().string() + ".part-" +
                  std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    try {
        fs::create_directories(temporary / "case_lists");
        for (const auto& [name, text] : files.contents())
            writeFile(temporary / name, text);
        if (fs::exists(folder, ec))
            fs::remove(folder); // empty, checked above
        fs::rename(temporary, folder);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(temporary, ec);
        throw Error("cannot write the study into " + folder.string() + ": " + e.what());
    } catch (...) {
        fs::remove_all(temporary, ec);
        throw;
    }
    return report;
}

} // namespace rgw::genomics
