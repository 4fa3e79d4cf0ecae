#include "ReportRenderer.h"

#include <QGuiApplication>
#include <algorithm>
#include <cctype>

namespace rgw::reportrender {

void validateDocument(const report::Document& document) {
    for (const report::Section& section : document.sections) {
        for (const report::Block& block : section.blocks) {
            const auto* table = std::get_if<report::Table>(&block);
            if (!table)
                continue;
            const std::string name = "table " + std::to_string(table->number) + " ('" +
                                     table->caption + "') in section '" + section.title + "'";
            for (std::size_t r = 0; r < table->rows.size(); ++r)
                if (table->rows[r].size() != table->header.size())
                    throw Error("report: " + name + ": row " + std::to_string(r + 1) + " has " +
                                std::to_string(table->rows[r].size()) + " cells for " +
                                std::to_string(table->header.size()) + " columns");
            if (!table->align.empty() && table->align.size() != table->header.size())
                throw Error("report: " + name + ": " + std::to_string(table->align.size()) +
                            " alignments for " + std::to_string(table->header.size()) + " columns");
        }
    }
}

void writeReport(const report::Document& document, const std::filesystem::path& file,
                 const RenderOptions& options) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (extension == ".pdf")
        writePdf(document, file, options);
    else if (extension == ".html" || extension == ".htm")
        writeHtml(document, file, options);
    else
        throw Error("report: cannot tell the format of '" + file.string() +
                    "' from its extension (use .pdf or .html)");
}

} // namespace rgw::reportrender
