#include "genomics/CbioPanelMatrix.h"

#include "genomics/TabularText.h"

#include <map>

namespace rgw::genomics {

bool readGenePanelMatrix(const std::filesystem::path& file,
                         const std::set<std::string>* knownSamples, GenomicDataSet& out) {
    const std::string name = file.string();
    const auto problem = [&](std::size_t line, std::string column, std::string message) {
        out.problems.push_back(problemAt(name, line, std::move(column), std::move(message)));
    };
    const auto fail = [&](std::size_t line, std::string column, const std::string& message) {
        problem(line, std::move(column), message + "; the file is not used");
        return false;
    };
    LineReader reader(file);
    if (!reader.isOpen())
        return fail(0, "", reader.error());

    TextLine line;
    std::vector<std::string_view> fields;
    std::vector<std::string> profiles;
    std::vector<SamplePanel> cells;
    std::map<std::string, std::size_t> seen; // sample -> line
    while (reader.next(line)) {
        if (!line.validUtf8) {
            if (profiles.empty())
                return fail(line.number, "", kWrongEncoding);
            problem(line.number, "", kWrongEncoding);
            continue;
        }
        if (trim(line.text).empty() || line.text.front() == '#')
            continue;
        splitTabs(line.text, fields);
        if (profiles.empty()) {
            if (trim(fields[0]) != "SAMPLE_ID")
                return fail(line.number, "SAMPLE_ID",
                            "required column 'SAMPLE_ID' is missing (it must be the first)");
            for (std::size_t c = 1; c < fields.size(); ++c)
                profiles.emplace_back(trim(fields[c]));
            if (profiles.empty())
                return fail(line.number, "", "no profile columns after SAMPLE_ID");
            continue;
        }
        if (!fitRow(fields, profiles.size() + 1)) {
            problem(line.number, "", raggedMessage(fields.size(), profiles.size() + 1));
            continue;
        }
        const std::string sample(trim(fields[0]));
        if (sample.empty()) {
            problem(line.number, "SAMPLE_ID", "the id is empty; the row is not used");
            continue;
        }
        if (knownSamples != nullptr && knownSamples->count(sample) == 0) {
            problem(line.number, "SAMPLE_ID",
                    "sample '" + sample +
                        "' is not in the clinical sample file; the row is not used");
            continue;
        }
        const auto [first, added] = seen.emplace(sample, line.number);
        if (!added) {
            problem(line.number, "SAMPLE_ID",
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
        return fail(0, "", reader.error());
    if (profiles.empty())
        return fail(0, "", "no column header found");
    for (auto& c : cells)
        out.samplePanels.push_back(std::move(c));
    return true;
}

} // namespace rgw::genomics
