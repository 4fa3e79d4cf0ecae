#include "genomics/Gmt.h"

#include "genomics/TabularText.h"
#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <unordered_map>

namespace rgw::genomics {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kListedGenes = 10; ///< genes named in a "not in the data" message

std::string inQuotes(std::string_view text) {
    return "'" + std::string(text) + "'";
}

/// The next line of `text` from `pos` (LF, CRLF or CR ends it); advances pos.
std::string_view nextLine(std::string_view text, std::size_t& pos) {
    const std::size_t start = pos;
    std::size_t end = start;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r')
        ++end;
    pos = end;
    if (pos < text.size()) {
        if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')
            ++pos;
        ++pos;
    }
    return text.substr(start, end - start);
}

/// "A, B, C" for at most kListedGenes names, then "and N more".
std::string listGenes(const std::vector<std::string>& genes) {
    std::string text;
    for (std::size_t i = 0; i < genes.size() && i < kListedGenes; ++i)
        text += (i > 0 ? ", " : "") + genes[i];
    if (genes.size() > kListedGenes)
        text += " and " + std::to_string(genes.size() - kListedGenes) + " more";
    return text;
}

class GmtParser {
public:
    GmtParser(GmtFile& out, const GmtLimits& limits) : out_(out), limits_(limits) {}

    void line(std::size_t number, std::string_view text) {
        if (trim(text).empty())
            return; // blank lines separate nothing in GMT; skipped silently
        if (text.size() > limits_.maxLineBytes)
            return problem(number, "the line has " + budget::formatBytes(text.size()) +
                                       ", more than the " +
                                       budget::formatBytes(limits_.maxLineBytes) +
                                       " a gene-set line may have; left out");
        if (!isValidUtf8(text))
            return problem(number, std::string(kWrongEncoding) + "; left out");
        splitTabs(text, fields_);
        const std::string_view name = trim(fields_[0]);
        if (name.empty())
            return problem(number, "the gene set has a blank name (field 1); left out");
        if (fields_.size() < 2)
            return problem(number, "gene set " + inQuotes(name) +
                                       " has no tab: a GMT line is the name, a description and "
                                       "the genes, separated by tabs; left out");
        if (const auto seen = lineOfName_.find(std::string(name)); seen != lineOfName_.end())
            return problem(number, "gene set " + inQuotes(name) + " was already defined on line " +
                                       std::to_string(seen->second) + "; this one is left out");

        GeneSet set;
        set.name = std::string(name);
        set.description = std::string(trim(fields_[1]));
        set.where = {out_.file, number, {}};
        std::size_t last = fields_.size();
        while (last > 2 && trim(fields_[last - 1]).empty())
            --last; // trailing tabs end many hand-written files
        fieldOfGene_.clear();
        for (std::size_t f = 2; f < last; ++f) {
            const std::string_view gene = trim(fields_[f]);
            if (gene.empty()) {
                problem(number, "gene set " + inQuotes(name) + ": field " + std::to_string(f + 1) +
                                    " (a gene) is blank; ignored");
                continue;
            }
            const auto [it, fresh] = fieldOfGene_.emplace(gene, f + 1);
            if (!fresh) {
                problem(number, "gene set " + inQuotes(name) + ": gene " + inQuotes(gene) +
                                    " is listed twice (fields " + std::to_string(it->second) +
                                    " and " + std::to_string(f + 1) + "); kept once");
                continue;
            }
            set.genes.emplace_back(gene);
        }
        if (set.genes.empty())
            return problem(number, "gene set " + inQuotes(name) + " has no genes; left out");
        lineOfName_.emplace(set.name, number);
        out_.sets.push_back(std::move(set));
    }

private:
    void problem(std::size_t line, std::string message) {
        out_.problems.push_back(problemAt(out_.file, line, {}, std::move(message)));
    }

    GmtFile& out_;
    const GmtLimits& limits_;
    std::vector<std::string_view> fields_;
    std::unordered_map<std::string, std::size_t> lineOfName_;
    std::unordered_map<std::string_view, std::size_t> fieldOfGene_;
};

std::string systemMessage(int error) {
    return std::error_code(error, std::generic_category()).message();
}

} // namespace

GmtFile parseGmt(std::string_view text, const std::string& source, const GmtLimits& limits) {
    if (text.size() > limits.maxFileBytes)
        throw Error(source + ": the gene-set file has " + budget::formatBytes(text.size()) +
                    ", more than the " + budget::formatBytes(limits.maxFileBytes) + " allowed");
    if (text.size() >= 2 && ((static_cast<unsigned char>(text[0]) == 0xFF &&
                              static_cast<unsigned char>(text[1]) == 0xFE) ||
                             (static_cast<unsigned char>(text[0]) == 0xFE &&
                              static_cast<unsigned char>(text[1]) == 0xFF)))
        throw Error(source + ": wrong encoding: the file is UTF-16; save it as UTF-8");
    if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom)
        text.remove_prefix(kUtf8Bom.size());

    // Every field may become a std::string (names, genes): bound them before
    // holding any.
    const auto fields = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\t')) +
                        static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) +
                        static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\r')) + 1;
    budget::requireMemory(budget::sum(budget::product({fields, sizeof(std::string) * 2}),
                                      budget::product({text.size(), 2})),
                          source, "the gene sets (" + std::to_string(fields) + " fields)");

    GmtFile out;
    out.file = source;
    GmtParser parser(out, limits);
    std::size_t pos = 0;
    std::size_t number = 0;
    while (pos < text.size())
        parser.line(++number, nextLine(text, pos));
    if (out.sets.empty()) {
        if (out.problems.empty())
            throw Error(source + ": holds no gene set (a GMT file has one per line: the name, a "
                                 "description and the genes, separated by tabs)");
        throw Error(source + ": holds no usable gene set (" + out.problems.front().describe() +
                    (out.problems.size() > 1
                         ? " and " + std::to_string(out.problems.size() - 1) + " more problems"
                         : std::string()) +
                    ")");
    }
    return out;
}

GmtFile readGmt(const std::filesystem::path& file, const GmtLimits& limits) {
    const std::string name = file.string();
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw Error(name + ": is a folder, not a gene-set file");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"),
                                                       &std::fclose);
    if (!in)
        throw Error(name + ": cannot open: " + systemMessage(errno));
    const auto size = std::filesystem::file_size(file, ec);
    if (ec)
        throw Error(name + ": cannot read its size: " + ec.message());
    if (size > limits.maxFileBytes)
        throw Error(name + ": the gene-set file has " + budget::formatBytes(size) +
                    ", more than the " + budget::formatBytes(limits.maxFileBytes) + " allowed");
    budget::requireMemory(size, name, "reading the gene-set file");
    std::string text(static_cast<std::size_t>(size), '\0');
    const std::size_t got = text.empty() ? 0 : std::fread(text.data(), 1, text.size(), in.get());
    if (got != text.size()) {
        if (std::ferror(in.get()) != 0)
            throw Error(name + ": read error: " + systemMessage(errno));
        text.resize(got); // the file shrank while being read
    }
    return parseGmt(text, name, limits);
}

GeneSetMatch matchGeneSets(const std::vector<GeneSet>& sets,
                           const std::vector<std::string>& dataGenes,
                           const GeneSetSizeLimits& limits) {
    if (limits.minSize < 1 || limits.minSize > limits.maxSize)
        throw Error("gene-set size limits: need 1 <= minimum <= maximum, not minimum " +
                    std::to_string(limits.minSize) + " and maximum " +
                    std::to_string(limits.maxSize));
    std::unordered_map<std::string_view, std::size_t> indexOf;
    indexOf.reserve(dataGenes.size());
    for (std::size_t i = 0; i < dataGenes.size(); ++i) {
        if (trim(dataGenes[i]).empty())
            throw Error("the data's gene " + std::to_string(i + 1) + " has a blank name");
        const auto [it, fresh] = indexOf.emplace(dataGenes[i], i);
        if (!fresh)
            throw Error("the data list gene " + inQuotes(dataGenes[i]) + " twice (genes " +
                        std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
    }

    GeneSetMatch match;
    std::vector<bool> inSet(dataGenes.size(), false);
    for (const GeneSet& set : sets) {
        MatchedGeneSet m;
        m.name = set.name;
        m.where = set.where;
        for (const std::string& gene : set.genes) {
            const auto it = indexOf.find(gene);
            if (it == indexOf.end()) {
                m.notInData.push_back(gene);
            } else if (inSet[it->second]) {
                match.problems.push_back({set.where, "gene set " + inQuotes(set.name) + ": gene " +
                                                         inQuotes(gene) +
                                                         " is listed twice; kept once"});
            } else {
                inSet[it->second] = true;
                m.members.push_back(it->second);
            }
        }
        for (const std::size_t i : m.members)
            inSet[i] = false;
        const std::size_t listed = m.members.size() + m.notInData.size();
        if (!m.notInData.empty())
            match.problems.push_back(
                {set.where, "gene set " + inQuotes(set.name) + ": " +
                                std::to_string(m.notInData.size()) + " of " +
                                std::to_string(listed) +
                                " genes are not in the data: " + listGenes(m.notInData)});
        const std::size_t size = m.members.size();
        if (size < limits.minSize) {
            match.problems.push_back(
                {set.where, "gene set " + inQuotes(set.name) + " has " + std::to_string(size) +
                                " genes in the data, fewer than the minimum " +
                                std::to_string(limits.minSize) + "; left out"});
            match.tooSmall.push_back(std::move(m));
        } else if (size > limits.maxSize) {
            match.problems.push_back(
                {set.where, "gene set " + inQuotes(set.name) + " has " + std::to_string(size) +
                                " genes in the data, more than the maximum " +
                                std::to_string(limits.maxSize) + "; left out"});
            match.tooLarge.push_back(std::move(m));
        } else {
            match.sets.push_back(std::move(m));
        }
    }
    return match;
}

} // namespace rgw::genomics
