#include "genomics/Vcf.h"

#include "genomics/Identity.h"
#include "genomics/VariantConsequence.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <zlib.h>

namespace rgw::genomics {

namespace {

/// Lines of a plain or gzip/bgzip-compressed text file (zlib reads both).
class LineSource {
public:
    explicit LineSource(const std::filesystem::path& file)
        : file_(gzopen(file.string().c_str(), "rb"), &gzclose) {
        if (!file_)
            throw Error(file.string() + ": cannot open the file");
        gzbuffer(file_.get(), 1 << 17);
    }
    /// The next line without its end of line; false at the end.
    bool next(std::string& line) {
        line.clear();
        char buffer[1 << 14];
        while (gzgets(file_.get(), buffer, sizeof buffer)) {
            line += buffer;
            if (!line.empty() && line.back() == '\n') {
                line.pop_back();
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                ++number_;
                return true;
            }
        }
        if (line.empty())
            return false;
        ++number_;
        return true;
    }
    std::size_t lineNumber() const { return number_; }

private:
    std::unique_ptr<gzFile_s, int (*)(gzFile)> file_;
    std::size_t number_ = 0;
};

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        fields.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos)
            return fields;
        start = end + 1;
    }
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t'\"");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t'\"");
    return s.substr(first, last - first + 1);
}

std::optional<double> parseNumber(const std::string& text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> parseInteger(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string fileStem(const std::filesystem::path& file) {
    std::string name = file.filename().string();
    for (const char* suffix : {".gz", ".bgz", ".vcf"})
        if (name.size() > std::strlen(suffix) &&
            name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
            name.erase(name.size() - std::strlen(suffix));
    return name;
}

/// The header of a VCF: annotation field layout, samples, tumour sample.
struct VcfHeader {
    std::vector<std::string> csqFields; // VEP CSQ "Format: Allele|Consequence|..."
    std::vector<std::string> annFields; // SnpEff ANN 'Allele | Annotation | ...'
    std::string tumorSampleLine;        // ##tumor_sample=
    std::vector<std::string> samples;   // columns after FORMAT
    std::size_t columnLine = 0;         // line of #CHROM
};

std::vector<std::string> annotationLayout(const std::string& line) {
    // Description="... Format: A|B|C" (VEP) or "Functional annotations: 'A | B | C' " (SnpEff).
    const auto description = line.find("Description=");
    if (description == std::string::npos)
        return {};
    auto colon = line.find(':', description);
    if (colon == std::string::npos)
        return {};
    std::string layout = line.substr(colon + 1);
    if (const auto close = layout.find_last_of('>'); close != std::string::npos)
        layout.erase(close);
    std::vector<std::string> fields;
    for (const auto& f : split(layout, '|'))
        fields.push_back(trim(f));
    return fields;
}

VcfHeader readHeader(LineSource& source, const std::string& name) {
    VcfHeader header;
    std::string line;
    while (source.next(line)) {
        if (line.rfind("##INFO=<ID=CSQ,", 0) == 0)
            header.csqFields = annotationLayout(line);
        else if (line.rfind("##INFO=<ID=ANN,", 0) == 0)
            header.annFields = annotationLayout(line);
        else if (line.rfind("##tumor_sample=", 0) == 0)
            header.tumorSampleLine = line.substr(15);
        else if (line.rfind("#CHROM", 0) == 0) {
            const auto columns = split(line, '\t');
            if (columns.size() < 8)
                throw Error(name + ":" + std::to_string(source.lineNumber()) +
                            ": the #CHROM line has " + std::to_string(columns.size()) +
                            " columns, a VCF needs at least 8");
            for (std::size_t c = 9; c < columns.size(); ++c)
                header.samples.push_back(columns[c]);
            header.columnLine = source.lineNumber();
            return header;
        } else if (line.rfind("##", 0) != 0)
            break;
    }
    throw Error(name + ": no #CHROM header line: not a VCF file");
}

/// One VCF data line split into its columns, with the FORMAT keys.
struct VcfRecord {
    std::vector<std::string> columns;
    std::vector<std::string> format;

    const std::string& chrom() const { return columns[0]; }
    const std::string& id() const { return columns[2]; }
    const std::string& ref() const { return columns[3]; }
    std::vector<std::string> alts() const { return split(columns[4], ','); }
    const std::string& filter() const { return columns[6]; }
    /// The INFO value of `key`, or nothing.
    std::optional<std::string> info(const std::string& key) const {
        for (const auto& entry : split(columns[7], ';'))
            if (entry.rfind(key + "=", 0) == 0)
                return entry.substr(key.size() + 1);
        return std::nullopt;
    }
    /// The FORMAT field `key` of sample column `sample` (0-based), or nothing.
    std::optional<std::string> sampleField(std::size_t sample, const std::string& key) const {
        for (std::size_t k = 0; k < format.size(); ++k)
            if (format[k] == key) {
                const auto values = split(columns[9 + sample], ':');
                if (k < values.size() && values[k] != ".")
                    return values[k];
                return std::nullopt;
            }
        return std::nullopt;
    }
};

class VcfReader {
public:
    VcfReader(const std::filesystem::path& file, GenomicDataSet& out)
        : name_(file.string()), source_(file), out_(out) {
        header_ = readHeader(source_, name_);
    }

    const VcfHeader& header() const { return header_; }

    /// The next parsable record (problems for others); false at the end.
    bool next(VcfRecord& record, std::int64_t& position) {
        std::string line;
        while (source_.next(line)) {
            if (line.empty())
                continue;
            record.columns = split(line, '\t');
            const std::size_t expected =
                8 + (header_.samples.empty() ? 0 : header_.samples.size() + 1);
            if (record.columns.size() != expected) {
                problem("", std::to_string(record.columns.size()) +
                                " columns, the #CHROM line has " + std::to_string(expected));
                continue;
            }
            const auto pos = parseInteger(record.columns[1]);
            if (!pos || *pos < 1) {
                problem("POS", "'" + record.columns[1] + "' is not a position");
                continue;
            }
            if (record.ref().empty() || record.ref() == "." || record.columns[4].empty()) {
                problem(record.ref().empty() || record.ref() == "." ? "REF" : "ALT",
                        "the allele is missing");
                continue;
            }
            record.format =
                expected > 8 ? split(record.columns[8], ':') : std::vector<std::string>{};
            position = *pos;
            return true;
        }
        return false;
    }

    void problem(const std::string& column, const std::string& message) {
        out_.problems.push_back({{name_, source_.lineNumber(), column}, message});
    }
    SourceLocation here(const std::string& column = {}) const {
        return {name_, source_.lineNumber(), column};
    }
    const std::string& name() const { return name_; }

private:
    std::string name_;
    LineSource source_;
    GenomicDataSet& out_;
    VcfHeader header_;
};

void addSample(GenomicDataSet& out, const std::string& sampleId, const std::string& type) {
    const auto barcode = parseTcgaBarcode(sampleId);
    const std::string patient = barcode ? barcode->patient : sampleId;
    std::string sampleType = type;
    if (barcode && barcode->sampleType)
        sampleType = tcgaSampleType(*barcode->sampleType);
    out.samples.push_back({sampleId, patient, sampleType, ""});
    if (std::find(out.patients.begin(), out.patients.end(), patient) == out.patients.end())
        out.patients.push_back(patient);
}

/// The annotation (fields by name) chosen for ALT allele `alt` (1-based):
/// VEP's PICK when flagged, else the most severe consequence, preferring the
/// canonical transcript among equals.
std::optional<std::map<std::string, std::string>>
chooseAnnotation(const VcfRecord& record, const VcfHeader& header, std::size_t alt) {
    const bool vep = !header.csqFields.empty();
    const auto value = record.info(vep ? "CSQ" : "ANN");
    if (!value)
        return std::nullopt;
    const auto& layout = vep ? header.csqFields : header.annFields;
    const auto alts = record.alts();
    const std::string& allele = alts[alt - 1];
    // VEP writes indel alleles without the shared first base ("-" when empty).
    std::string trimmed = allele;
    if (!record.ref().empty() && !allele.empty() && record.ref()[0] == allele[0] &&
        record.ref().size() != allele.size())
        trimmed = allele.size() == 1 ? "-" : allele.substr(1);
    std::optional<std::map<std::string, std::string>> best;
    int bestRank = 0;
    for (const auto& annotation : split(*value, ',')) {
        const auto values = split(annotation, '|');
        std::map<std::string, std::string> fields;
        for (std::size_t f = 0; f < layout.size() && f < values.size(); ++f)
            fields[layout[f]] = values[f];
        const std::string& a = fields["Allele"];
        const bool matches =
            a == allele || a == trimmed ||
            (fields.count("ALLELE_NUM") && fields["ALLELE_NUM"] == std::to_string(alt)) ||
            alts.size() == 1;
        if (!matches)
            continue;
        const std::string consequence = vep ? fields["Consequence"] : fields["Annotation"];
        int severity = consequenceSeverity("");
        for (const auto& term : split(consequence, '&'))
            severity = std::min(severity, consequenceSeverity(term));
        int rank = severity * 2 + (fields["CANONICAL"] == "YES" ? 0 : 1);
        if (fields["PICK"] == "1")
            rank = -1;
        if (!best || rank < bestRank) {
            best = std::move(fields);
            bestRank = rank;
        }
    }
    return best;
}

std::size_t tumorColumn(const VcfHeader& header, const VcfOptions& options,
                        const std::string& name) {
    const std::string wanted =
        !options.tumorSample.empty() ? options.tumorSample : header.tumorSampleLine;
    if (!wanted.empty()) {
        for (std::size_t s = 0; s < header.samples.size(); ++s)
            if (header.samples[s] == wanted)
                return s;
        throw Error(name + ": the tumour sample '" + wanted +
                    "' is not a column of the #CHROM line");
    }
    if (header.samples.size() == 1)
        return 0;
    for (std::size_t s = 0; s < header.samples.size(); ++s)
        if (header.samples[s] == "TUMOR")
            return s;
    throw Error(
        name + ": " + std::to_string(header.samples.size()) +
        " sample columns: name the tumour sample (a ##tumor_sample= line or --tumor-sample)");
}

GenomicDataSet emptySet(const std::filesystem::path& file) {
    GenomicDataSet out;
    out.studyId = fileStem(file);
    out.studyName = file.filename().string();
    out.source = file.string();
    return out;
}

void requireRecords(std::size_t count, std::size_t recordBytes, const std::string& name) {
    budget::requireMemory(budget::product({count, recordBytes}), name, "the variant records");
}

} // namespace

VcfContent detectVcfContent(const std::filesystem::path& file) {
    LineSource source(file);
    const VcfHeader header = readHeader(source, file.string());
    return header.csqFields.empty() && header.annFields.empty() ? VcfContent::Germline
                                                                : VcfContent::SomaticAnnotated;
}

GenomicDataSet readVcf(const std::filesystem::path& file, const VcfOptions& options) {
    return detectVcfContent(file) == VcfContent::SomaticAnnotated ? readSomaticVcf(file, options)
                                                                  : readGermlineVcf(file, options);
}

GenomicDataSet readSomaticVcf(const std::filesystem::path& file, const VcfOptions& options) {
    GenomicDataSet out = emptySet(file);
    VcfReader reader(file, out);
    const VcfHeader& header = reader.header();
    if (header.csqFields.empty() && header.annFields.empty())
        throw Error(reader.name() + ": no INFO CSQ (VEP) or ANN (SnpEff) annotation in the header");
    if (header.samples.empty())
        throw Error(reader.name() + ": no sample column: a somatic VCF needs its tumour sample");
    const std::size_t tumor = tumorColumn(header, options, reader.name());
    const std::string sampleId = header.samples[tumor];
    addSample(out, sampleId, "");

    GenomicProfile profile;
    profile.stableId =
        options.profileStableId.empty() ? out.studyId + "_mutations" : options.profileStableId;
    profile.kind = ProfileKind::Mutation;
    profile.name = "Mutations (" + file.filename().string() + ")";
    profile.description = header.csqFields.empty() ? "Somatic VCF annotated by SnpEff"
                                                   : "Somatic VCF annotated by Ensembl VEP";
    profile.datatype = "VCF";
    profile.sourceFile = file.string();
    if (options.panel || options.wholeExome)
        profile.profiledSamples = {sampleId};
    if (options.panel) {
        profile.genePanel = options.panel->stableId;
        out.panels.push_back(*options.panel);
    }

    VcfRecord record;
    std::int64_t position = 0;
    while (reader.next(record, position)) {
        if (record.filter() != "PASS" && record.filter() != ".")
            continue; // calls a caller's filter rejected are not mutations
        const auto alts = record.alts();
        for (std::size_t a = 1; a <= alts.size(); ++a) {
            const std::string& alt = alts[a - 1];
            if (alt == "." || alt == "*")
                continue;
            if (alt.find_first_not_of("ACGTNacgtn") != std::string::npos) {
                reader.problem("ALT", "'" + alt + "' is not a sequence allele");
                continue;
            }
            const auto annotation = chooseAnnotation(record, header, a);
            if (!annotation)
                continue; // no annotation for this allele: no gene to report
            auto fields = *annotation;
            const bool vep = !header.csqFields.empty();
            const std::string symbol = vep ? fields["SYMBOL"] : fields["Gene_Name"];
            if (symbol.empty())
                continue; // intergenic: not a gene-level mutation
            Mutation m;
            m.profileStableId = profile.stableId;
            m.sampleId = sampleId;
            m.gene.hugoSymbol = symbol;
            if (const auto entrez = parseInteger(fields["ENTREZ"]); entrez && vep)
                m.gene.entrezId = entrez;
            m.variantType = mafVariantType(record.ref(), alt);
            m.variantClassification = mafClassification(
                vep ? fields["Consequence"] : fields["Annotation"], m.variantType);
            m.proteinChange = shortProteinChange(vep ? fields["HGVSp"] : fields["HGVS.p"]);
            m.chromosome = record.chrom();
            m.startPosition = position;
            m.referenceAllele = record.ref();
            m.tumorSeqAllele = alt;
            if (const auto ad = record.sampleField(tumor, "AD")) {
                const auto counts = split(*ad, ',');
                const auto ref = counts.empty() ? std::nullopt : parseInteger(counts[0]);
                const auto altCount = a < counts.size() ? parseInteger(counts[a]) : std::nullopt;
                if (!ref || !altCount || *ref < 0 || *altCount < 0) {
                    reader.problem(sampleId,
                                   "FORMAT AD '" + *ad + "' is not a list of read counts");
                    continue;
                }
                m.tRefCount = ref;
                m.tAltCount = altCount;
                if (*ref + *altCount > 0)
                    m.vaf = double(*altCount) / double(*ref + *altCount);
            }
            if (const auto af = record.sampleField(tumor, "AF")) {
                const auto values = split(*af, ',');
                const auto value =
                    a - 1 < values.size() ? parseNumber(values[a - 1]) : std::nullopt;
                if (!value || *value < 0 || *value > 1) {
                    reader.problem(sampleId, "FORMAT AF '" + *af + "' is not an allele fraction");
                    continue;
                }
                m.vaf = value;
            }
            m.where = reader.here();
            requireRecords(out.mutations.size() + 1, sizeof(Mutation), reader.name());
            out.mutations.push_back(std::move(m));
        }
    }
    out.profiles.push_back(std::move(profile));
    return out;
}

GenomicDataSet readGermlineVcf(const std::filesystem::path& file, const VcfOptions& options) {
    GenomicDataSet out = emptySet(file);
    VcfReader reader(file, out);
    const VcfHeader& header = reader.header();
    if (header.samples.empty())
        throw Error(reader.name() + ": no sample column: a germline VCF needs genotypes");
    for (const auto& sample : header.samples)
        addSample(out, sample, "normal");

    GenomicProfile profile;
    profile.stableId =
        options.profileStableId.empty() ? out.studyId + "_genotypes" : options.profileStableId;
    profile.kind = ProfileKind::GermlineGenotype;
    profile.name = "Germline genotypes (" + file.filename().string() + ")";
    profile.description = "Alternate-allele dosage per sample (DS, else counted from GT)";
    profile.datatype = "VCF";
    profile.unit = "alternate allele dosage 0..2";
    profile.sourceFile = file.string();
    profile.profiledSamples = header.samples;

    VcfRecord record;
    std::int64_t position = 0;
    while (reader.next(record, position)) {
        const auto alts = record.alts();
        if (std::find(record.format.begin(), record.format.end(), "GT") == record.format.end() &&
            std::find(record.format.begin(), record.format.end(), "DS") == record.format.end()) {
            reader.problem("FORMAT", "neither GT nor DS: no genotype");
            continue;
        }
        std::string rsId = record.id() == "." ? "" : split(record.id(), ';').front();
        requireRecords(out.genotypes.size() + alts.size() * header.samples.size(), sizeof(Genotype),
                       reader.name());
        for (std::size_t s = 0; s < header.samples.size(); ++s) {
            const auto gt = record.sampleField(s, "GT");
            const auto ds = record.sampleField(s, "DS");
            std::vector<std::string> alleles;
            if (gt) {
                std::string normalised = *gt;
                std::replace(normalised.begin(), normalised.end(), '|', '/');
                alleles = split(normalised, '/');
                if (alleles.size() > 2) {
                    reader.problem(header.samples[s],
                                   "GT '" + *gt + "' has more than two alleles: not diploid");
                    continue;
                }
            }
            const auto dsValues = ds ? split(*ds, ',') : std::vector<std::string>{};
            for (std::size_t a = 1; a <= alts.size(); ++a) {
                std::optional<double> dosage;
                if (a - 1 < dsValues.size()) {
                    dosage = parseNumber(dsValues[a - 1]);
                    if (!dosage || *dosage < 0 || *dosage > 2) {
                        reader.problem(header.samples[s],
                                       "DS '" + dsValues[a - 1] + "' is not a dosage in 0..2");
                        continue;
                    }
                } else if (gt) {
                    double count = 0;
                    bool known = true;
                    for (const auto& allele : alleles) {
                        const auto index = parseInteger(allele);
                        if (allele == ".") {
                            known = false;
                        } else if (!index || *index < 0 || std::size_t(*index) > alts.size()) {
                            reader.problem(header.samples[s], "GT '" + *gt + "' is not a genotype");
                            known = false;
                            break;
                        } else if (std::size_t(*index) == a) {
                            count += 1;
                        }
                    }
                    if (known)
                        dosage = count;
                }
                if (!dosage)
                    continue; // missing genotype: no record, never a zero dosage
                Genotype g;
                g.profileStableId = profile.stableId;
                g.sampleId = header.samples[s];
                g.chromosome = record.chrom();
                g.position = position;
                g.referenceAllele = record.ref();
                g.alternateAllele = alts[a - 1];
                g.variantId = !rsId.empty() && alts.size() == 1
                                  ? rsId
                                  : record.chrom() + ":" + std::to_string(position) + ":" +
                                        record.ref() + ":" + alts[a - 1];
                g.dosage = *dosage;
                g.where = reader.here(header.samples[s]);
                out.genotypes.push_back(std::move(g));
            }
        }
    }
    out.profiles.push_back(std::move(profile));
    return out;
}

} // namespace rgw::genomics
