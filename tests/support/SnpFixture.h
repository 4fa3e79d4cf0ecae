#pragma once

// The outcome table of the committed PLINK fixture (tests/reference/snp/):
// one row per sample (IID) with tox (the .raw's PHENOTYPE, 2 case -> 1,
// 1 control -> 0, -9 missing), dose, age (snp_covar.txt), qt (snp_qt.txt),
// time, event (snp_surv.csv), to import as clinical data beside the
// fixture's genotypes. Shared by the CLI and GUI association tests.

#include "Reference.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace rgw::test {

/// Writes FOLDER/outcomes.csv (IID,tox,dose,age,qt,time,event) and returns its path.
inline std::filesystem::path snpOutcomes(const std::filesystem::path& folder) {
    const auto readText = [](const std::filesystem::path& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };

    const auto words = [readText](const std::filesystem::path& file) {
        std::vector<std::vector<std::string>> rows;
        std::istringstream lines(readText(file));
        std::string line;
        while (std::getline(lines, line)) {
            std::replace(line.begin(), line.end(), ',', ' ');
            std::istringstream fields(line);
            std::vector<std::string> row;
            for (std::string f; fields >> f;)
                row.push_back(f == "-9" || f == "NA" ? "" : f);
            if (!row.empty())
                rows.push_back(row);
        }
        return rows;
    };
    std::map<std::string, std::vector<std::string>> byId;
    for (const auto& r : words(referenceFile("snp/snp.raw")))
        if (r[1] != "IID")
            byId[r[1]].push_back(r[5] == "2" ? "1" : r[5] == "1" ? "0" : "");
    for (const char* file : {"snp/snp_covar.txt", "snp/snp_qt.txt", "snp/snp_surv.csv"}) {
        const auto rows = words(referenceFile(file));
        const std::size_t first = rows.front().front() == "FID" ? 2 : 1; // PLINK: FID IID ...
        for (std::size_t i = 1; i < rows.size(); ++i)
            for (std::size_t c = first; c < rows[i].size(); ++c)
                byId[rows[i][first - 1]].push_back(rows[i][c]);
    }
    const std::filesystem::path file = folder / "outcomes.csv";
    std::ofstream o(file, std::ios::binary);
    o << "IID,tox,dose,age,qt,time,event\n";
    for (const auto& [id, values] : byId) {
        o << id;
        for (const auto& v : values)
            o << "," << v;
        o << "\n";
    }
    return file;
}

/// The column mapping of snpOutcomes()'s table: TOX, DOSE, AGE as numbers.
inline std::filesystem::path snpOutcomesMapping(const std::filesystem::path& folder) {
    const std::filesystem::path file = folder / "outcomes.yaml";
    std::ofstream m(file);
    m << "id_column: IID\ncolumns:\n"
         "  - column: tox\n    attribute: TOX\n    type: number\n"
         "  - column: dose\n    attribute: DOSE\n    type: number\n"
         "  - column: age\n    attribute: AGE\n    type: number\n";
    return file;
}

} // namespace rgw::test
