#include "genomics/CbioMatrix.h"

#include "genomics/TabularText.h"
#include "util/ResourceBudget.h"
#include "util/Text.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace rgw::genomics {

namespace {

bool allDigits(std::string_view s) {
    if (s.empty())
        return false;
    for (const char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

/// The value of one cell, or why it is not one.
struct Cell {
    NumberStatus status;
    float value;
};

Cell parseCell(std::string_view field) {
    // Fast path: a plain number filling the whole field.
    double v = 0.0;
    const char* first = field.data();
    const char* last = first + field.size();
    if (first != last && *first != '+' && *first != ' ') {
        const auto [end, ec] = std::from_chars(first, last, v, std::chars_format::general);
        if (ec == std::errc{} && end == last && std::isfinite(v) &&
            std::fabs(v) <= static_cast<double>(std::numeric_limits<float>::max()))
            return {NumberStatus::Value, static_cast<float>(v)};
    }
    const ParsedNumber n = parseNumber(field);
    if (n.status == NumberStatus::Missing)
        return {NumberStatus::Missing, std::numeric_limits<float>::quiet_NaN()};
    if (n.status == NumberStatus::Value &&
        std::fabs(n.value) > static_cast<double>(std::numeric_limits<float>::max()))
        return {NumberStatus::NonFinite, 0.0f}; // beyond float range
    return {n.status, static_cast<float>(n.value)};
}

bool isGisticLevel(float v) {
    return v == -2.0f || v == -1.5f || v == -1.0f || v == 0.0f || v == 1.0f || v == 2.0f;
}

class MatrixReader {
public:
    MatrixReader(const std::filesystem::path& file, const std::string& profile, MatrixValues kind,
                 std::uint64_t memoryBytes, GenomicDataSet& out)
        : path_(file), name_(file.string()), kind_(kind), memoryBytes_(memoryBytes), out_(out) {
        matrix_.profileStableId = profile;
    }

    bool read();

private:
    bool readHeader(const TextLine& line);
    bool reserve(std::size_t headerLine);
    void readRow(const TextLine& line);
    bool rowGene(const TextLine& line, Gene& gene, std::string& rowId);

    std::filesystem::path path_;
    std::string name_;
    MatrixValues kind_;
    std::uint64_t memoryBytes_;
    GenomicDataSet& out_;
    FileProblems problems_{name_, out_.problems};

    std::size_t columnCount_ = 0;
    std::size_t firstSample_ = 0;
    int hugoColumn_ = -1, entrezColumn_ = -1, compositeColumn_ = -1;
    std::vector<std::string_view> fields_;
    GeneMatrix matrix_;
};

bool MatrixReader::readHeader(const TextLine& line) {
    splitTabs(line.text, fields_);
    columnCount_ = fields_.size();
    std::size_t c = 0;
    for (; c < fields_.size(); ++c) {
        const std::string name = asciiLower(trim(fields_[c]));
        if (name == "hugo_symbol")
            hugoColumn_ = static_cast<int>(c);
        else if (name == "entrez_gene_id")
            entrezColumn_ = static_cast<int>(c);
        else if (name == "composite.element.ref")
            compositeColumn_ = static_cast<int>(c);
        else if (name != "cytoband")
            break;
    }
    firstSample_ = c;
    if (hugoColumn_ < 0 && entrezColumn_ < 0 && compositeColumn_ < 0)
        return problems_.unusable(line.number, "Hugo_Symbol",
                                  "required column 'Hugo_Symbol' or 'Entrez_Gene_Id' (or "
                                  "'Composite.Element.REF') is missing before the sample columns");
    if (firstSample_ == columnCount_)
        return problems_.unusable(line.number, "", "no sample columns");
    std::set<std::string_view> seen;
    for (c = firstSample_; c < columnCount_; ++c) {
        const std::string_view sample = trim(fields_[c]);
        if (sample.empty())
            return problems_.unusable(line.number, "",
                                      "sample column " + std::to_string(c + 1) + " has no name");
        if (!seen.insert(sample).second)
            return problems_.unusable(line.number, std::string(sample),
                                      "the sample column is given twice");
        matrix_.samples.emplace_back(sample);
    }
    return true;
}

bool MatrixReader::reserve(std::size_t headerLine) {
    const auto lines = countLines(path_);
    if (!lines)
        return problems_.unusable(0, "", "cannot be read");
    const std::uint64_t rows = *lines > headerLine ? *lines - headerLine : 0;
    const std::uint64_t samples = matrix_.samples.size();
    const std::uint64_t bytes =
        budget::sum(budget::product({rows, samples, sizeof(float)}),
                    budget::product({rows, sizeof(Gene) + sizeof(std::string)}));
    const std::uint64_t limit = memoryBytes_ != 0 ? memoryBytes_ : budget::memoryBytes();
    if (bytes > limit)
        return problems_.unusable(
            0, "",
            "the matrix (" + std::to_string(rows) + " rows x " + std::to_string(samples) +
                " samples) needs " + budget::formatBytes(bytes) + ", over the memory budget of " +
                budget::formatBytes(limit) + " (--max-memory, or File > Memory budget)");
    matrix_.values.reserve(static_cast<std::size_t>(rows * samples));
    matrix_.genes.reserve(static_cast<std::size_t>(rows));
    if (compositeColumn_ >= 0)
        matrix_.rowIds.reserve(static_cast<std::size_t>(rows));
    return true;
}

bool MatrixReader::rowGene(const TextLine& line, Gene& gene, std::string& rowId) {
    const auto field = [&](int column) {
        const std::string_view v = trim(fields_[static_cast<std::size_t>(column)]);
        return isMissingValue(v) ? std::string_view() : v;
    };
    if (hugoColumn_ >= 0)
        gene.hugoSymbol = field(hugoColumn_);
    if (entrezColumn_ >= 0) {
        const std::string_view e = field(entrezColumn_);
        if (!e.empty()) {
            const auto id = parseInteger(e);
            if (!id || *id < 0) {
                problems_.row(line.number, "Entrez_Gene_Id",
                              "'" + std::string(e.substr(0, 60)) +
                                  "' is not an Entrez gene id; the row is not used");
                return false;
            }
            if (*id > 0)
                gene.entrezId = *id;
        }
    }
    if (compositeColumn_ >= 0) {
        rowId = field(compositeColumn_);
        if (gene.hugoSymbol.empty() && !gene.entrezId) {
            // "GENE1 GENE2|antibody": the first gene named.
            std::string_view genes = rowId;
            genes = genes.substr(0, genes.find('|'));
            genes = trim(genes.substr(0, genes.find(' ')));
            if (allDigits(genes) && genes.size() < 18)
                gene.entrezId = *parseInteger(genes);
            else
                gene.hugoSymbol = genes;
        }
    }
    if (gene.hugoSymbol.empty() && !gene.entrezId) {
        problems_.row(line.number, hugoColumn_ >= 0 ? "Hugo_Symbol" : "",
                      "no gene; the row is not used");
        return false;
    }
    return true;
}

void MatrixReader::readRow(const TextLine& line) {
    if (!line.validUtf8) {
        problems_.row(line.number, "", kWrongEncoding);
        return;
    }
    if (trim(line.text).empty())
        return;
    splitTabs(line.text, fields_);
    if (!fitRow(fields_, columnCount_)) {
        problems_.row(line.number, "", raggedMessage(fields_.size(), columnCount_));
        return;
    }
    Gene gene;
    std::string rowId;
    if (!rowGene(line, gene, rowId))
        return;
    const std::size_t rowStart = matrix_.values.size();
    for (std::size_t c = firstSample_; c < columnCount_; ++c) {
        const Cell cell = parseCell(fields_[c]);
        const bool bad = cell.status == NumberStatus::Invalid ||
                         cell.status == NumberStatus::NonFinite ||
                         (kind_ == MatrixValues::GisticLevels &&
                          cell.status == NumberStatus::Value && !isGisticLevel(cell.value));
        if (bad) {
            matrix_.values.resize(rowStart);
            const std::string message =
                cell.status == NumberStatus::Value
                    ? "'" + std::string(trim(fields_[c]).substr(0, 60)) +
                          "' is not a discrete copy-number level (-2, -1.5, -1, 0, 1, 2)"
                    : numberProblem(fields_[c], cell.status);
            problems_.row(line.number, matrix_.samples[c - firstSample_],
                          message + "; the row is not used");
            return;
        }
        matrix_.values.push_back(cell.value);
    }
    matrix_.genes.push_back(std::move(gene));
    if (compositeColumn_ >= 0)
        matrix_.rowIds.push_back(std::move(rowId));
}

bool MatrixReader::read() {
    LineReader reader(path_);
    if (!reader.isOpen())
        return problems_.unusable(0, "", reader.error());
    TextLine line;
    bool haveHeader = false;
    while (!haveHeader && reader.next(line)) {
        if (!line.validUtf8)
            return problems_.unusable(line.number, "", kWrongEncoding);
        if (trim(line.text).empty() || line.text.front() == '#')
            continue;
        if (!readHeader(line) || !reserve(line.number))
            return false;
        haveHeader = true;
    }
    if (!haveHeader)
        return problems_.unusable(
            0, "", reader.error().empty() ? "no column header found" : reader.error());
    while (reader.next(line))
        readRow(line);
    if (!reader.error().empty())
        return problems_.unusable(0, "", reader.error());
    out_.matrices.push_back(std::move(matrix_));
    return true;
}

} // namespace

bool readGeneMatrix(const std::filesystem::path& file, const std::string& profileStableId,
                    MatrixValues kind, std::uint64_t memoryBytes, GenomicDataSet& out) {
    return MatrixReader(file, profileStableId, kind, memoryBytes, out).read();
}

} // namespace rgw::genomics
