#include "genomics/GenomicSource.h"

#include "genomics/CbioMeta.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/MappedTable.h"
#include "genomics/PlinkRaw.h"
#include "genomics/Vcf.h"
#include "util/Error.h"
#include "util/Text.h"

namespace rgw::genomics {

namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

const char* sourceFormatName(SourceFormat format) {
    switch (format) {
    case SourceFormat::CbioPortalStudy:
        return "cBioPortal study";
    case SourceFormat::Vcf:
        return "VCF";
    case SourceFormat::PlinkRaw:
        return "PLINK .raw";
    case SourceFormat::MappedTable:
        break;
    }
    return "mapped table";
}

SourceFormat detectSourceFormat(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        if (std::filesystem::is_regular_file(path / "meta_study.txt", ec))
            return SourceFormat::CbioPortalStudy;
        throw Error(path.string() + ": a folder without meta_study.txt is not a cBioPortal study");
    }
    const std::string name = asciiLower(path.filename().string());
    if (endsWith(name, ".vcf") || endsWith(name, ".vcf.gz") || endsWith(name, ".vcf.bgz"))
        return SourceFormat::Vcf;
    if (endsWith(name, ".raw"))
        return SourceFormat::PlinkRaw;
    if (endsWith(name, ".csv") || endsWith(name, ".tsv") || endsWith(name, ".txt"))
        return SourceFormat::MappedTable;
    throw Error(path.string() +
                ": not a known genomic source (a cBioPortal study folder, .vcf[.gz], PLINK .raw, "
                "or a .csv/.tsv/.txt table with a mapping)");
}

GenomicDataSet readGenomicSource(const std::filesystem::path& path,
                                 const GenomicSourceOptions& options) {
    switch (detectSourceFormat(path)) {
    case SourceFormat::CbioPortalStudy:
        return readCbioPortalStudy(path);
    case SourceFormat::Vcf: {
        VcfOptions vcf;
        vcf.wholeExome = options.wholeExome;
        vcf.tumorSample = options.tumorSample;
        if (options.genePanel) {
            std::vector<InputProblem> problems;
            vcf.panel = readGenePanelFile(*options.genePanel, problems);
            if (!problems.empty() || !vcf.panel)
                throw Error(problems.empty() ? options.genePanel->string() + ": no gene panel"
                                             : problems.front().describe());
        }
        return readVcf(path, vcf);
    }
    case SourceFormat::PlinkRaw:
        return readPlinkRaw(path);
    case SourceFormat::MappedTable:
        break;
    }
    if (!options.tableMapping)
        throw Error(path.string() + ": a table needs its column mapping (--mapping FILE.yaml; see "
                                    "resources/mapping/README.md)");
    return readMappedTable(path, *options.tableMapping);
}

} // namespace rgw::genomics
