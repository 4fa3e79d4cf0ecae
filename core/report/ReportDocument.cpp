#include "report/ReportDocument.h"

#include "util/Error.h"

#include <map>

namespace rgw::report {
namespace {

struct Numbering {
    std::map<std::string, std::string> labels; ///< anchor -> "Table 2"

    void add(const std::string& anchor, std::string label) {
        if (anchor.empty())
            return;
        if (!labels.emplace(anchor, std::move(label)).second)
            throw Error("report: two elements share the anchor '" + anchor + "'");
    }

    void resolve(std::string& text) const {
        static constexpr std::string_view kOpen = "{ref:";
        std::string out;
        std::size_t from = 0;
        for (std::size_t at = text.find(kOpen); at != std::string::npos;
             at = text.find(kOpen, from)) {
            const std::size_t close = text.find('}', at);
            if (close == std::string::npos)
                throw Error("report: unterminated reference in '" + text + "'");
            const std::string anchor = text.substr(at + kOpen.size(), close - at - kOpen.size());
            const auto label = labels.find(anchor);
            if (label == labels.end())
                throw Error("report: reference to the unknown anchor '" + anchor + "'");
            out.append(text, from, at - from).append(label->second);
            from = close + 1;
        }
        if (from == 0)
            return;
        out.append(text, from, std::string::npos);
        text = std::move(out);
    }
};

} // namespace

void numberDocument(Document& document) {
    Numbering numbering;
    std::vector<int> counters; // counters[level - 1]
    int tables = 0, figures = 0;
    for (Section& section : document.sections) {
        if (section.level < 1)
            throw Error("report: section '" + section.title + "' has level " +
                        std::to_string(section.level) + " (levels start at 1)");
        counters.resize(static_cast<std::size_t>(section.level), 0);
        ++counters.back();
        section.number.clear();
        for (std::size_t i = 0; i < counters.size(); ++i)
            section.number += (i ? "." : "") + std::to_string(counters[i] ? counters[i] : 1);
        numbering.add(section.anchor, "Section " + section.number);
        for (Block& block : section.blocks) {
            if (auto* table = std::get_if<Table>(&block)) {
                table->number = ++tables;
                numbering.add(table->anchor, "Table " + std::to_string(tables));
            } else if (auto* figure = std::get_if<Figure>(&block)) {
                figure->number = ++figures;
                numbering.add(figure->anchor, "Figure " + std::to_string(figures));
            }
        }
    }
    for (Section& section : document.sections) {
        numbering.resolve(section.title);
        for (Block& block : section.blocks) {
            if (auto* paragraph = std::get_if<Paragraph>(&block)) {
                numbering.resolve(paragraph->text);
            } else if (auto* list = std::get_if<BulletList>(&block)) {
                for (std::string& item : list->items)
                    numbering.resolve(item);
            } else if (auto* definitions = std::get_if<DefinitionList>(&block)) {
                for (auto& [term, definition] : definitions->entries)
                    numbering.resolve(definition);
            } else if (auto* table = std::get_if<Table>(&block)) {
                numbering.resolve(table->caption);
                for (auto& row : table->rows)
                    for (std::string& cell : row)
                        numbering.resolve(cell);
                for (std::string& note : table->notes)
                    numbering.resolve(note);
            } else if (auto* figure = std::get_if<Figure>(&block)) {
                numbering.resolve(figure->caption);
            }
        }
    }
}

} // namespace rgw::report
