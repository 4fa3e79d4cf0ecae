#include "genomics/PlinkRaw.h"

#include "genomics/Identity.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace rgw::genomics {

namespace {

std::vector<std::string> fieldsOf(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    std::string field;
    while (in >> field)
        fields.push_back(field);
    return fields;
}

struct SnpColumn {
    std::string variantId;
    std::string counted;
    std::string other;
};

/// "rs2682585_T" -> rs2682585 / T; "rs2682585_T(/C)" -> rs2682585 / T / C.
std::optional<SnpColumn> parseSnpColumn(std::string name) {
    SnpColumn column;
    if (const auto open = name.find("(/"); open != std::string::npos && name.back() == ')') {
        column.other = name.substr(open + 2, name.size() - open - 3);
        name.erase(open);
    }
    const auto underscore = name.rfind('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == name.size())
        return std::nullopt;
    column.variantId = name.substr(0, underscore);
    column.counted = name.substr(underscore + 1);
    return column;
}

} // namespace

GenomicDataSet readPlinkRaw(const std::filesystem::path& file, const PlinkRawOptions& options) {
    const std::string name = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(name + ": cannot open the file");
    GenomicDataSet out;
    out.studyId = file.stem().string();
    out.studyName = file.filename().string();
    out.source = name;

    std::string line;
    std::size_t lineNumber = 0;
    std::vector<std::string> header;
    while (header.empty() && std::getline(in, line)) {
        ++lineNumber;
        header = fieldsOf(line);
    }
    constexpr std::array<const char*, 6> kLeading{"FID", "IID", "PAT", "MAT", "SEX", "PHENOTYPE"};
    if (header.size() < kLeading.size() ||
        !std::equal(kLeading.begin(), kLeading.end(), header.begin()))
        throw Error(name + ":" + std::to_string(lineNumber) +
                    ": not a PLINK .raw file: the header must start with "
                    "FID IID PAT MAT SEX PHENOTYPE");
    std::vector<SnpColumn> snps;
    for (std::size_t c = kLeading.size(); c < header.size(); ++c) {
        const auto snp = parseSnpColumn(header[c]);
        if (!snp)
            throw Error(name + ":" + std::to_string(lineNumber) + ": column '" + header[c] +
                        "' is not <SNP>_<allele>");
        snps.push_back(*snp);
    }

    GenomicProfile profile;
    profile.stableId =
        options.profileStableId.empty() ? out.studyId + "_genotypes" : options.profileStableId;
    profile.kind = ProfileKind::GermlineGenotype;
    profile.name = "Germline genotypes (" + file.filename().string() + ")";
    profile.description = "PLINK --recode A: copies of the counted allele per sample";
    profile.datatype = "PLINK_RAW";
    profile.unit = "counted allele dosage 0..2";
    profile.sourceFile = name;

    while (std::getline(in, line)) {
        ++lineNumber;
        const auto fields = fieldsOf(line);
        if (fields.empty())
            continue;
        if (fields.size() != header.size()) {
            out.problems.push_back({{name, lineNumber, ""},
                                    std::to_string(fields.size()) + " fields, the header has " +
                                        std::to_string(header.size())});
            continue;
        }
        const std::string& sampleId = fields[1];
        if (std::find(profile.profiledSamples.begin(), profile.profiledSamples.end(), sampleId) !=
            profile.profiledSamples.end()) {
            out.problems.push_back(
                {{name, lineNumber, "IID"}, "sample '" + sampleId + "' is given twice"});
            continue;
        }
        budget::requireMemory(
            budget::product({out.genotypes.size() + snps.size(), sizeof(Genotype)}), name,
            "the genotype records");
        const auto barcode = parseTcgaBarcode(sampleId);
        const std::string patient = barcode ? barcode->patient : sampleId;
        out.samples.push_back({sampleId, patient, "normal", ""});
        if (std::find(out.patients.begin(), out.patients.end(), patient) == out.patients.end())
            out.patients.push_back(patient);
        profile.profiledSamples.push_back(sampleId);
        for (std::size_t s = 0; s < snps.size(); ++s) {
            const std::string& text = fields[kLeading.size() + s];
            if (text == "NA")
                continue; // missing genotype
            double dosage = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), dosage);
            if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(dosage) ||
                dosage < 0 || dosage > 2) {
                out.problems.push_back({{name, lineNumber, header[kLeading.size() + s]},
                                        "'" + text + "' is not a dosage in 0..2 or NA"});
                continue;
            }
            Genotype g;
            g.profileStableId = profile.stableId;
            g.sampleId = sampleId;
            g.variantId = snps[s].variantId;
            g.alternateAllele = snps[s].counted;
            g.referenceAllele = snps[s].other;
            g.dosage = dosage;
            g.where = {name, lineNumber, header[kLeading.size() + s]};
            out.genotypes.push_back(std::move(g));
        }
    }
    out.profiles.push_back(std::move(profile));
    return out;
}

} // namespace rgw::genomics
