#include "genomics/CbioMutations.h"

#include "genomics/TabularText.h"
#include "util/Text.h"

#include <functional>
#include <map>
#include <optional>

namespace rgw::genomics {

namespace {

/// A tab-separated file of records with one column header (after any '#'
/// lines); columns found by name, case-insensitively.
class RecordTable {
public:
    FileProblems& problems() { return problems_; }
    explicit RecordTable(const std::filesystem::path& file, GenomicDataSet& out)
        : reader_(file), name_(file.string()), out_(out) {}

    const std::string& name() const { return name_; }

    /// Reads the header; false (and one problem) when there is none.
    bool open() {
        if (!reader_.isOpen())
            return problems_.unusable(0, "", reader_.error());
        TextLine line;
        std::vector<std::string_view> fields;
        while (reader_.next(line)) {
            if (!line.validUtf8)
                return problems_.unusable(line.number, "", kWrongEncoding);
            if (trim(line.text).empty() || line.text.front() == '#')
                continue;
            splitTabs(line.text, fields);
            for (std::size_t c = 0; c < fields.size(); ++c) {
                header_.emplace_back(trim(fields[c]));
                columns_.emplace(asciiLower(header_.back()), c); // the first of equal names wins
            }
            headerLine_ = line.number;
            return true;
        }
        if (!reader_.error().empty())
            return problems_.unusable(0, "", reader_.error());
        return problems_.unusable(0, "", "no column header found");
    }

    /// The index of column `name`, -1 when absent.
    int column(const char* name) const {
        const auto it = columns_.find(asciiLower(name));
        return it == columns_.end() ? -1 : static_cast<int>(it->second);
    }

    /// One problem naming the missing columns; false if any is missing.
    bool require(std::initializer_list<const char*> names) {
        std::string missing;
        const char* first = nullptr;
        for (const char* n : names) {
            if (column(n) >= 0)
                continue;
            missing += (missing.empty() ? "'" : ", '") + std::string(n) + "'";
            if (first == nullptr)
                first = n;
        }
        if (first == nullptr)
            return true;
        return problems_.unusable(headerLine_, first, "required column " + missing + " is missing");
    }

    /// Calls row(line, fields) for every data row that is UTF-8 and not
    /// ragged (those are problems); false when reading failed.
    bool
    forEachRow(const std::function<void(std::size_t, const std::vector<std::string_view>&)>& row) {
        TextLine line;
        std::vector<std::string_view> fields;
        while (reader_.next(line)) {
            if (!line.validUtf8) {
                problems_.row(line.number, "", kWrongEncoding);
                continue;
            }
            if (trim(line.text).empty())
                continue;
            splitTabs(line.text, fields);
            if (!fitRow(fields, header_.size())) {
                problems_.row(line.number, "", raggedMessage(fields.size(), header_.size()));
                continue;
            }
            row(line.number, fields);
        }
        if (!reader_.error().empty())
            return problems_.unusable(0, "", reader_.error());
        return true;
    }

    std::size_t headerLine() const { return headerLine_; }
    const std::string& header(int column) const {
        return header_[static_cast<std::size_t>(column)];
    }

private:
    LineReader reader_;
    std::string name_;
    GenomicDataSet& out_;
    FileProblems problems_{name_, out_.problems};
    std::vector<std::string> header_;
    std::map<std::string, std::size_t> columns_;
    std::size_t headerLine_ = 0;
};

/// The trimmed field of `column` ("" when the column is absent or the value
/// is missing).
std::string text(const std::vector<std::string_view>& fields, int column) {
    if (column < 0)
        return {};
    const std::string_view v = trim(fields[static_cast<std::size_t>(column)]);
    return isMissingValue(v) ? std::string() : std::string(v);
}

/// A whole number of `column`: nothing when absent or missing; false when
/// the value is not one (a problem is recorded).
bool wholeNumber(RecordTable& table, std::size_t line, const std::vector<std::string_view>& fields,
                 int column, bool nonNegative, std::optional<std::int64_t>& value) {
    value.reset();
    const std::string v = text(fields, column);
    if (v.empty())
        return true;
    const auto n = parseInteger(v);
    if (!n || (nonNegative && *n < 0)) {
        table.problems().row(line, table.header(column),
                             "'" + v.substr(0, 60) + "' is not a " +
                                 (nonNegative ? "non-negative " : "") +
                                 "whole number; the row is not used");
        return false;
    }
    value = *n;
    return true;
}

/// An Entrez id: 0 means "unknown" in MAFs and is no id.
bool entrezId(RecordTable& table, std::size_t line, const std::vector<std::string_view>& fields,
              int column, std::optional<std::int64_t>& value) {
    if (!wholeNumber(table, line, fields, column, true, value))
        return false;
    if (value && *value == 0)
        value.reset();
    return true;
}

} // namespace

bool readMafFile(const std::filesystem::path& file, const std::string& profileStableId,
                 GenomicDataSet& out) {
    RecordTable table(file, out);
    if (!table.open() ||
        !table.require({"Hugo_Symbol", "Tumor_Sample_Barcode", "Variant_Classification"}))
        return false;
    const int cSample = table.column("Tumor_Sample_Barcode");
    const int cHugo = table.column("Hugo_Symbol");
    const int cEntrez = table.column("Entrez_Gene_Id");
    const int cClass = table.column("Variant_Classification");
    const int cProtein = table.column("HGVSp_Short");
    const int cType = table.column("Variant_Type");
    const int cChromosome = table.column("Chromosome");
    const int cStart = table.column("Start_Position");
    const int cRef = table.column("Reference_Allele");
    const int cAllele2 = table.column("Tumor_Seq_Allele2");
    const int cAllele1 = table.column("Tumor_Seq_Allele1");
    const int cRefCount = table.column("t_ref_count");
    const int cAltCount = table.column("t_alt_count");
    const int cDriver = table.column("cbp_driver");
    const int cDriverNote = table.column("cbp_driver_annotation");
    const int cTiers = table.column("cbp_driver_tiers");

    std::vector<Mutation> mutations;
    const bool read = table.forEachRow([&](std::size_t line, const auto& fields) {
        Mutation m;
        m.profileStableId = profileStableId;
        m.sampleId = text(fields, cSample);
        if (m.sampleId.empty()) {
            table.problems().row(line, "Tumor_Sample_Barcode", "no sample id; the row is not used");
            return;
        }
        m.gene.hugoSymbol = text(fields, cHugo);
        if (!entrezId(table, line, fields, cEntrez, m.gene.entrezId))
            return;
        if (m.gene.hugoSymbol.empty() && !m.gene.entrezId) {
            table.problems().row(line, "Hugo_Symbol", "no gene; the row is not used");
            return;
        }
        m.variantClassification = text(fields, cClass);
        if (m.variantClassification.empty()) {
            table.problems().row(line, "Variant_Classification",
                                 "no variant classification; the row is not used");
            return;
        }
        m.proteinChange = text(fields, cProtein);
        if (m.proteinChange.rfind("p.", 0) == 0)
            m.proteinChange.erase(0, 2);
        m.variantType = text(fields, cType);
        m.chromosome = text(fields, cChromosome);
        m.referenceAllele = text(fields, cRef);
        m.tumorSeqAllele = text(fields, cAllele2);
        if (m.tumorSeqAllele.empty())
            m.tumorSeqAllele = text(fields, cAllele1);
        if (!wholeNumber(table, line, fields, cStart, false, m.startPosition) ||
            !wholeNumber(table, line, fields, cRefCount, true, m.tRefCount) ||
            !wholeNumber(table, line, fields, cAltCount, true, m.tAltCount))
            return;
        if (m.tRefCount && m.tAltCount && *m.tRefCount + *m.tAltCount > 0)
            m.vaf = static_cast<double>(*m.tAltCount) /
                    static_cast<double>(*m.tRefCount + *m.tAltCount);
        m.driverAnnotation = text(fields, cDriver);
        const std::string note = text(fields, cDriverNote);
        if (!m.driverAnnotation.empty() && !note.empty())
            m.driverAnnotation += ": " + note;
        if (m.driverAnnotation.empty())
            m.driverAnnotation = text(fields, cTiers);
        m.where = SourceLocation{table.name(), line, ""};
        mutations.push_back(std::move(m));
    });
    if (!read)
        return false;
    for (auto& m : mutations)
        out.mutations.push_back(std::move(m));
    return true;
}

bool readStructuralVariantFile(const std::filesystem::path& file,
                               const std::string& profileStableId, GenomicDataSet& out) {
    RecordTable table(file, out);
    if (!table.open() || !table.require({"Sample_Id"}))
        return false;
    struct Site {
        int hugo, entrez, chromosome, position;
    };
    const Site sites[2] = {{table.column("Site1_Hugo_Symbol"), table.column("Site1_Entrez_Gene_Id"),
                            table.column("Site1_Chromosome"), table.column("Site1_Position")},
                           {table.column("Site2_Hugo_Symbol"), table.column("Site2_Entrez_Gene_Id"),
                            table.column("Site2_Chromosome"), table.column("Site2_Position")}};
    if (sites[0].hugo < 0 && sites[0].entrez < 0 && sites[1].hugo < 0 && sites[1].entrez < 0)
        return table.problems().unusable(
            table.headerLine(), "Site1_Hugo_Symbol",
            "required column 'Site1_Hugo_Symbol' or 'Site2_Hugo_Symbol' (or their "
            "_Entrez_Gene_Id) is missing");
    const int cSample = table.column("Sample_Id");
    const int cClass = table.column("Class");

    std::vector<Mutation> mutations;
    const bool read = table.forEachRow([&](std::size_t line, const auto& fields) {
        const std::string sample = text(fields, cSample);
        if (sample.empty()) {
            table.problems().row(line, "Sample_Id", "no sample id; the row is not used");
            return;
        }
        Gene genes[2];
        std::optional<std::int64_t> positions[2];
        for (int s = 0; s < 2; ++s) {
            genes[s].hugoSymbol = text(fields, sites[s].hugo);
            if (!entrezId(table, line, fields, sites[s].entrez, genes[s].entrezId) ||
                !wholeNumber(table, line, fields, sites[s].position, false, positions[s]))
                return;
        }
        const auto named = [](const Gene& g) { return !g.hugoSymbol.empty() || g.entrezId; };
        const auto label = [](const Gene& g) {
            return !g.hugoSymbol.empty() ? g.hugoSymbol : std::to_string(*g.entrezId);
        };
        if (!named(genes[0]) && !named(genes[1])) {
            table.problems().row(line, "Site1_Hugo_Symbol",
                                 "no gene at either site; the row is not used");
            return;
        }
        std::string event;
        for (const auto& g : genes)
            if (named(g))
                event += (event.empty() ? "" : "-") + label(g);
        const std::string type = text(fields, cClass);
        for (int s = 0; s < 2; ++s) {
            if (!named(genes[s]) ||
                (s == 1 && named(genes[0]) && label(genes[0]) == label(genes[1])))
                continue;
            Mutation m;
            m.profileStableId = profileStableId;
            m.sampleId = sample;
            m.gene = genes[s];
            m.proteinChange = event;
            m.variantClassification = "Fusion";
            m.variantType = type.empty() ? "SV" : type;
            m.chromosome = text(fields, sites[s].chromosome);
            m.startPosition = positions[s];
            m.where = SourceLocation{table.name(), line, ""};
            mutations.push_back(std::move(m));
        }
    });
    if (!read)
        return false;
    for (auto& m : mutations)
        out.mutations.push_back(std::move(m));
    return true;
}

} // namespace rgw::genomics
