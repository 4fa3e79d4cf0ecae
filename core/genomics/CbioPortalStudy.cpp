#include "genomics/CbioPortalStudy.h"

#include "genomics/CbioClinical.h"
#include "genomics/CbioMatrix.h"
#include "genomics/CbioMeta.h"
#include "genomics/CbioMutations.h"
#include "genomics/CbioPanelMatrix.h"
#include "genomics/TabularText.h"
#include "genomics/detail/CbioStudyLinks.h"
#include "util/Error.h"

#include <algorithm>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace rgw::genomics {

namespace {

/// What the workstation does with a data file.
enum class Reader {
    PatientClinical,
    SampleClinical,
    Maf,
    StructuralVariant,
    Matrix,
    PanelMatrix,
    Skip,
};

struct Dispatch {
    Reader reader = Reader::Skip;
    ProfileKind kind = ProfileKind::Mutation;
    MatrixValues values = MatrixValues::Continuous;
    std::string skipReason;
};

Dispatch dispatch(const std::string& type, const std::string& datatype) {
    const auto is = [&](std::initializer_list<const char*> names) {
        return std::any_of(names.begin(), names.end(),
                           [&](const char* n) { return datatype == n; });
    };
    const auto matrix = [](ProfileKind kind, MatrixValues values = MatrixValues::Continuous) {
        return Dispatch{Reader::Matrix, kind, values, {}};
    };
    const auto skip = [](std::string reason) {
        return Dispatch{Reader::Skip, ProfileKind::Mutation, MatrixValues::Continuous,
                        std::move(reason)};
    };
    if (type == "CLINICAL") {
        if (datatype == "PATIENT_ATTRIBUTES")
            return Dispatch{Reader::PatientClinical, {}, {}, {}};
        if (datatype == "SAMPLE_ATTRIBUTES")
            return Dispatch{Reader::SampleClinical, {}, {}, {}};
        if (datatype == "TIMELINE")
            return skip("timeline events (CLINICAL TIMELINE) are not used by the workstation");
    } else if (type == "MUTATION_EXTENDED" && datatype == "MAF") {
        return Dispatch{Reader::Maf, ProfileKind::Mutation, {}, {}};
    } else if (type == "STRUCTURAL_VARIANT" && datatype == "SV") {
        return Dispatch{Reader::StructuralVariant, ProfileKind::StructuralVariant, {}, {}};
    } else if (type == "COPY_NUMBER_ALTERATION") {
        if (datatype == "DISCRETE")
            return matrix(ProfileKind::CopyNumberDiscrete, MatrixValues::GisticLevels);
        if (is({"CONTINUOUS", "LOG2-VALUE"}))
            return matrix(ProfileKind::CopyNumberContinuous);
        if (datatype == "SEG")
            return skip("segmented copy number (by genomic position, not by gene) is not used");
        if (datatype == "DISCRETE_LONG")
            return skip("the long discrete copy-number format is not read; write it as a "
                        "gene x sample matrix (datatype DISCRETE)");
    } else if (type == "MRNA_EXPRESSION" && is({"CONTINUOUS", "Z-SCORE", "DISCRETE"})) {
        return matrix(ProfileKind::Expression);
    } else if (type == "METHYLATION" && datatype == "CONTINUOUS") {
        return matrix(ProfileKind::Methylation);
    } else if (type == "PROTEIN_LEVEL" && is({"LOG2-VALUE", "Z-SCORE", "CONTINUOUS"})) {
        return matrix(ProfileKind::ProteinLevel);
    } else if (type == "GENE_PANEL_MATRIX") {
        return Dispatch{Reader::PanelMatrix, {}, {}, {}};
    } else if (type == "GENERIC_ASSAY") {
        return skip("generic assay data (treatment response, mutational signatures, arm-level "
                    "CNA, ...) is not used by the workstation");
    } else if (type == "GENESET_SCORE") {
        return skip("gene set scores (GSVA) are not used by the workstation");
    } else if (type == "MUTSIG") {
        return skip("MutSig results (per-gene significance, not sample data) are not used");
    } else if (type == "GISTIC_GENES_AMP" || type == "GISTIC_GENES_DEL") {
        return skip("GISTIC significant regions (not sample data) are not used");
    } else if (type == "CANCER_TYPE") {
        return skip("cancer type definitions are not used by the workstation");
    } else if (type == "FUSION") {
        return skip("the deprecated FUSION format is not read; use STRUCTURAL_VARIANT (data_sv)");
    } else if (type.rfind("RESOURCE", 0) == 0) {
        return skip("resource links are not used by the workstation");
    }
    return skip("genetic_alteration_type '" + type + "' with datatype '" + datatype +
                "' is not read by the workstation");
}

/// One data file named by a meta file, ready to read.
struct DataFile {
    CbioMeta meta;
    fs::path path;
    Dispatch how;
};

bool startsWith(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

std::vector<fs::path> filesIn(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec))
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    return files;
}

/// True when the first non-blank line of `file` is `stable_id: ...` (a gene
/// panel file, not a data file that happens to be named like one).
bool startsLikeGenePanel(const fs::path& file) {
    LineReader reader(file);
    TextLine line;
    while (reader.next(line)) {
        const std::string_view text = trim(line.text);
        if (!text.empty())
            return text.rfind("stable_id:", 0) == 0;
    }
    return false;
}

class StudyReader {
public:
    StudyReader(const fs::path& folder, const CbioReadOptions& options)
        : folder_(folder), options_(options) {}

    GenomicDataSet read();

private:
    void problem(const std::string& file, std::size_t line, std::string column,
                 std::string message) {
        data_.problems.push_back(problemAt(file, line, std::move(column), std::move(message)));
    }
    void readStudyMeta();
    std::vector<DataFile> collectDataFiles();
    void readClinical(const std::vector<DataFile>& files);
    void readProfile(const DataFile& file);
    void readPanels();
    std::vector<CaseList> readCaseLists();
    void checkPanelReferences(const std::vector<DataFile>& files);

    fs::path folder_;
    const CbioReadOptions& options_;
    GenomicDataSet data_;
    std::set<std::string> dataFileNames_; ///< data files named by meta files
    bool samplesKnown_ = false;
};

void StudyReader::readStudyMeta() {
    const fs::path file = folder_ / "meta_study.txt";
    data_.studyId = folder_.filename().string();
    const auto meta = readCbioMeta(file, data_.problems);
    if (!meta)
        return;
    for (const char* key : {"type_of_cancer", "cancer_study_identifier", "name", "description"})
        if (!meta->has(key) || meta->entries.at(key).value.empty())
            problem(meta->file, meta->lineOf(key), key,
                    std::string("the required '") + key + ":' is missing or empty");
    if (!meta->cancerStudyIdentifier.empty())
        data_.studyId = meta->cancerStudyIdentifier;
    data_.studyName = meta->name;
    data_.studyDescription = meta->description;
    data_.cancerType = meta->typeOfCancer;
}

std::vector<DataFile> StudyReader::collectDataFiles() {
    std::vector<DataFile> files;
    std::set<std::string> stableIds;
    for (const auto& path : filesIn(folder_)) {
        const std::string name = path.filename().string();
        if (!startsWith(name, "meta_") || name == "meta_study.txt")
            continue;
        auto meta = readCbioMeta(path, data_.problems);
        if (!meta)
            continue;
        if (!meta->cancerStudyIdentifier.empty() && meta->cancerStudyIdentifier != data_.studyId) {
            problem(meta->file, meta->lineOf("cancer_study_identifier"), "cancer_study_identifier",
                    "names study '" + meta->cancerStudyIdentifier + "' but meta_study.txt names '" +
                        data_.studyId + "'; the file is not used");
            continue;
        }
        if (meta->geneticAlterationType.empty()) {
            problem(meta->file, 0, "genetic_alteration_type",
                    "no genetic_alteration_type; the file is not used");
            continue;
        }
        DataFile file{*meta, {}, dispatch(meta->geneticAlterationType, meta->datatype)};
        if (!meta->dataFilename.empty()) {
            file.path = folder_ / meta->dataFilename;
            dataFileNames_.insert(file.path.lexically_normal().string());
        }
        if (file.how.reader == Reader::Skip) {
            data_.skippedFiles.push_back(
                {file.path.empty() ? meta->file : file.path.string(), file.how.skipReason});
            continue;
        }
        if (meta->dataFilename.empty()) {
            problem(meta->file, 0, "data_filename", "no data_filename; the file is not used");
            continue;
        }
        std::error_code ec;
        if (!fs::is_regular_file(file.path, ec)) {
            problem(meta->file, meta->lineOf("data_filename"), "data_filename",
                    "names '" + meta->dataFilename +
                        "', which is not a file in the study folder; no data is read for it");
            continue;
        }
        const bool profile = file.how.reader != Reader::PatientClinical &&
                             file.how.reader != Reader::SampleClinical &&
                             file.how.reader != Reader::PanelMatrix;
        if (profile && meta->stableId.empty()) {
            problem(meta->file, 0, "stable_id", "no stable_id; the file is not used");
            continue;
        }
        if (profile && !stableIds.insert(meta->stableId).second) {
            problem(meta->file, meta->lineOf("stable_id"), "stable_id",
                    "profile '" + meta->stableId +
                        "' is defined by another meta file too; the file is not used");
            continue;
        }
        files.push_back(std::move(file));
    }
    return files;
}

void StudyReader::readClinical(const std::vector<DataFile>& files) {
    for (const Reader level : {Reader::PatientClinical, Reader::SampleClinical}) {
        for (const auto& file : files) {
            if (file.how.reader != level)
                continue;
            const std::size_t attributesBefore = data_.attributes.size();
            const bool sampleFile = level == Reader::SampleClinical;
            const bool used = readClinicalFile(
                file.path, sampleFile ? AttributeLevel::Sample : AttributeLevel::Patient, data_);
            samplesKnown_ = samplesKnown_ || (sampleFile && used);
            // An attribute defined twice (patient and sample file, or two
            // files): the first definition stays, this file's column is dropped.
            const std::string name = file.path.string();
            for (std::size_t a = attributesBefore; a < data_.attributes.size();) {
                const std::string id = data_.attributes[a].id;
                const bool twice = std::any_of(
                    data_.attributes.begin(), data_.attributes.begin() + long(attributesBefore),
                    [&](const ClinicalAttribute& b) { return b.id == id; });
                if (!twice) {
                    ++a;
                    continue;
                }
                problem(name, 0, id,
                        "the attribute is defined in another clinical file too; this file's "
                        "column is not used");
                data_.attributes.erase(data_.attributes.begin() + long(a));
                auto& values = data_.clinicalValues;
                values.erase(std::remove_if(values.begin(), values.end(),
                                            [&](const ClinicalValue& v) {
                                                return v.attributeId == id && v.where.file == name;
                                            }),
                             values.end());
            }
        }
    }
    // Patients named only by the sample file; samples given twice across files.
    std::set<std::string> patients(data_.patients.begin(), data_.patients.end());
    std::set<std::string> samples;
    std::vector<Sample> unique;
    for (auto& s : data_.samples) {
        if (!samples.insert(s.sampleId).second) {
            problem(folder_.string(), 0, "SAMPLE_ID",
                    "sample '" + s.sampleId + "' is defined by two clinical sample files");
            continue;
        }
        if (patients.insert(s.patientId).second)
            data_.patients.push_back(s.patientId);
        unique.push_back(std::move(s));
    }
    data_.samples = std::move(unique);
    if (!samplesKnown_)
        problem((folder_ / "meta_study.txt").string(), 0, "",
                "the study has no usable clinical sample file (meta file with "
                "genetic_alteration_type CLINICAL, datatype SAMPLE_ATTRIBUTES): sample ids of "
                "the data files cannot be checked");
}

void StudyReader::readProfile(const DataFile& file) {
    const CbioMeta& meta = file.meta;
    GenomicProfile profile;
    profile.stableId = meta.stableId;
    profile.kind = file.how.kind;
    profile.name = meta.profileName;
    profile.description = meta.profileDescription;
    profile.datatype = meta.datatype;
    profile.unit =
        detail::unitOf(profile.kind, meta.datatype, meta.profileName, meta.profileDescription);
    profile.sourceFile = file.path.string();
    profile.genePanel = meta.genePanel;
    bool used = false;
    switch (file.how.reader) {
    case Reader::Maf:
        used = readMafFile(file.path, profile.stableId, data_);
        break;
    case Reader::StructuralVariant:
        used = readStructuralVariantFile(file.path, profile.stableId, data_);
        break;
    case Reader::Matrix:
        used = readGeneMatrix(file.path, profile.stableId, file.how.values, options_.memoryBytes,
                              data_);
        break;
    default:
        break;
    }
    if (used)
        data_.profiles.push_back(std::move(profile));
}

void StudyReader::readPanels() {
    std::vector<fs::path> candidates;
    for (const auto& path : filesIn(folder_)) {
        const std::string name = path.filename().string();
        if ((startsWith(name, "data_gene_panel") || startsWith(name, "gene_panel")) &&
            dataFileNames_.count(path.lexically_normal().string()) == 0 &&
            startsLikeGenePanel(path))
            candidates.push_back(path);
    }
    std::vector<fs::path> folders{folder_ / "gene_panels"};
    folders.insert(folders.end(), options_.genePanelFolders.begin(),
                   options_.genePanelFolders.end());
    for (const auto& folder : folders)
        for (const auto& path : filesIn(folder))
            if (path.extension() == ".txt")
                candidates.push_back(path);
    std::map<std::string, std::string> defined; // panel id -> file
    for (const auto& path : candidates) {
        auto panel = readGenePanelFile(path, data_.problems);
        if (!panel)
            continue;
        const auto [first, added] = defined.emplace(panel->stableId, path.string());
        if (!added) {
            problem(path.string(), 0, "stable_id",
                    "gene panel '" + panel->stableId + "' is defined in " + first->second +
                        " too; this file is not used");
            continue;
        }
        data_.panels.push_back(std::move(*panel));
    }
}

std::vector<CaseList> StudyReader::readCaseLists() {
    std::vector<CaseList> lists;
    std::set<std::string> ids;
    for (const auto& path : filesIn(folder_ / "case_lists")) {
        auto list = readCaseList(path, data_.problems);
        if (!list)
            continue;
        if (list->cancerStudyIdentifier != data_.studyId) {
            problem(list->file, 0, "cancer_study_identifier",
                    "names study '" + list->cancerStudyIdentifier + "' but meta_study.txt names '" +
                        data_.studyId + "'; the list is not used");
            continue;
        }
        if (!ids.insert(list->stableId).second) {
            problem(list->file, 0, "stable_id",
                    "case list '" + list->stableId + "' is defined twice; this file is not used");
            continue;
        }
        lists.push_back(std::move(*list));
    }
    return lists;
}

void StudyReader::checkPanelReferences(const std::vector<DataFile>& files) {
    std::set<std::string> known;
    for (const auto& p : data_.panels)
        known.insert(p.stableId);
    std::set<std::string> reported;
    const auto check = [&](const std::string& panel, const std::string& file, std::size_t line,
                           const std::string& column) {
        if (panel.empty() || known.count(panel) > 0 || !reported.insert(panel).second)
            return;
        problem(file, line, column,
                "gene panel '" + panel +
                    "' has no gene panel file (in the study folder, its gene_panels folder or "
                    "the panel folders given): its samples count as not profiled");
    };
    for (const auto& f : files)
        if (!f.meta.genePanel.empty())
            check(f.meta.genePanel, f.meta.file, f.meta.lineOf("gene_panel"), "gene_panel");
    std::string matrixFile;
    for (const auto& f : files)
        if (f.how.reader == Reader::PanelMatrix)
            matrixFile = f.path.string();
    for (const auto& cell : data_.samplePanels)
        check(cell.panelId, matrixFile, 0, cell.profileStableId);
}

GenomicDataSet StudyReader::read() {
    data_.source = folder_.string();
    readStudyMeta();
    const std::vector<DataFile> files = collectDataFiles();
    readClinical(files);
    for (const auto& file : files)
        readProfile(file);
    std::set<std::string> knownSamples;
    for (const auto& s : data_.samples)
        knownSamples.insert(s.sampleId);
    for (const auto& file : files)
        if (file.how.reader == Reader::PanelMatrix)
            readGenePanelMatrix(file.path, samplesKnown_ ? &knownSamples : nullptr, data_);
    readPanels();
    std::vector<CaseList> caseLists = readCaseLists();
    if (samplesKnown_)
        detail::resolveSampleReferences(data_, caseLists);
    detail::assignCoverage(data_, caseLists);
    checkPanelReferences(files);
    return std::move(data_);
}

} // namespace

GenomicDataSet readCbioPortalStudy(const fs::path& folder, const CbioReadOptions& options) {
    std::error_code ec;
    if (!fs::is_regular_file(folder / "meta_study.txt", ec))
        throw Error(folder.string() + ": not a cBioPortal study folder (no meta_study.txt)");
    return StudyReader(folder, options).read();
}

} // namespace rgw::genomics
