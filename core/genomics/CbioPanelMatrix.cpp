#include "genomics/CbioPanelMatrix.h"

#include "genomics/TabularText.h"

#include <map>

namespace rgw::genomics {

bool readGenePanelMatrix(const std::filesystem::path& file,
                         const std::set<std::string>* knownSamples, GenomicDataSet& out) {
    const std::string name = file.string();
    FileProblems problems(name, out.problems);
    LineReader reader(file);
    if (!reader.isOpen())
        return problems.unusable(0, "", reader.error());

    TextLine line;
    std::vector<std::string_view> fields;
    std::vector<std::string> profiles;
    std::vector<SamplePanel> cells;
    std::map<std::string, std::size_t> seen; // sample -> line
    while (reader.next(line)) {
        if (!line.validUtf8) {
            if (profiles.empty())
                return problems.unusable(line.number, "", kWrongEncoding);
            problems.row(line.number, "", kWrongEncoding);
            continue;
        }
        if (trim(line.text).empty() || line.text.front() == '#')
            continue;
        splitTabs(line.text, fields);
        if (profiles.empty()) {
            if (trim(fields[0]) != "SAMPLE_ID")
                return problems.unusable(
                    line.number, "SAMPLE_ID",
                    "required column 'SAMPLE_ID' is missing (it must be the first)");
            for (std::size_t c = 1; c < fields.size(); ++c)
                profiles.emplace_back(trim(fields[c]));
            if (profiles.empty())
                return problems.unusable(line.number, "", "no profile columns after SAMPLE_ID");
            continue;
        }
        if (!fitRow(fields, profiles.size() + 1)) {
            problems.row(line.number, "", raggedMessage(fields.size(), profiles.size() + 1));
            continue;
        }
        const std::string sample(trim(fields[0]));
        if (sample.empty()) {
            problems.row(line.number, "SAMPLE_ID", "the id is empty; the row is not used");
            continue;
        }
        if (knownSamples != nullptr && knownSamples->count(sample) == 0) {
            problems.row(line.number, "SAMPLE_ID",
                         "sample '" + sample +
                             "' is not in the clinical sample file; the row is not used");
            continue;
        }
        const auto [first, added] = seen.emplace(sample, line.number);
        if (!added) {
            problems.row(line.number, "SAMPLE_ID",
                         "sample '" + sample + "' is given twice (first on line " +
                             std::to_string(first->second) + "); the row is not used");
            continue;
        }
        for (std::size_t c = 1; c < fields.size(); ++c) {
            const std::string_view panel = trim(fields[c]);
            cells.push_back(
                SamplePanel{sample, profiles[c - 1],
                            isMissingValue(panel) ? std::string() : std::string(panel)});
        }
    }
    if (!reader.error().empty())
        return problems.unusable(0, "", reader.error());
    if (profiles.empty())
        return problems.unusable(0, "", "no column header found");
    for (auto& c : cells)
        out.samplePanels.push_back(std::move(c));
    return true;
}

} // namespace rgw::genomics
