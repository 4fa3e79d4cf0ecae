#pragma once

// What a database's genomic tables say, one line per fact, to compare two
// databases (the cBioPortal export round trip, the cohort bundle). Shared by
// tests/storage/test_genomics_export and tests/app/test_cli_bundle.

#include "Database.h"
#include "GenomicsRepository.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace rgw::test {

using Rename = std::function<std::string(const std::string&)>;

namespace genomics_snapshot_detail {
using namespace rgw::storage;

inline std::string number(double v) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

inline std::string floatBits(float v) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%08" PRIx32, bits);
    return buffer;
}

template <typename T> inline std::string optional(const std::optional<T>& v) {
    if (!v)
        return "-";
    if constexpr (std::is_floating_point_v<T>)
        return number(*v);
    else
        return std::to_string(*v);
}

/// Everything the genomic tables say, one line per fact, with patient and
/// sample ids passed through `patient` / `sample` (to compare under a
/// pseudonym mapping). Provenance (source paths, import runs, content
/// hashes, which include the source path) is left out.
struct Snapshot {
    std::set<std::string> lines;
    std::size_t mutated = 0, wildType = 0, notProfiled = 0, cells = 0, missingCells = 0;
};

inline Snapshot snapshot(Database& db, const Rename& patient, const Rename& sample) {
    Snapshot out;
    auto& lines = out.lines;
    GenomicsRepository repository(db);
    std::vector<std::string> patients;
    {
        Statement& s = db.prepare("SELECT patient_id FROM patients ORDER BY patient_id");
        while (s.step())
            patients.push_back(s.text(0));
        s.reset();
    }
    std::vector<std::string> samples;
    std::set<std::string> sampleIds;
    for (const std::string& p : patients) {
        lines.insert("patient|" + patient(p));
        for (const SampleRow& s : repository.samplesOfPatient(p)) {
            lines.insert("sample|" + sample(s.sampleId) + "|" + patient(p) + "|" + s.type + "|" +
                         s.date);
            samples.push_back(s.sampleId);
            sampleIds.insert(s.sampleId);
        }
        for (const ClinicalValueRow& v : repository.clinicalValuesOfPatient(p)) {
            const bool sampleLevel = v.level == genomics::AttributeLevel::Sample;
            lines.insert("clinical|" + (sampleLevel ? sample(v.entityId) : patient(v.entityId)) +
                         "|" + v.attributeId + "|" + v.text + "|" + optional(v.number));
        }
    }
    for (const genomics::ClinicalAttribute& a : repository.clinicalAttributes())
        lines.insert("attribute|" + a.id + "|" + a.displayName + "|" + a.description + "|" +
                     std::to_string(static_cast<int>(a.datatype)) + "|" +
                     std::to_string(a.priority) + "|" + std::to_string(static_cast<int>(a.level)));
    for (const GenomicStudyRow& s : repository.studies())
        lines.insert("study|" + s.studyId + "|" + s.name + "|" + s.description);
    std::set<std::string> genes{"NOT_A_PANEL_GENE"};
    for (const genomics::GenePanel& p : repository.panels()) {
        std::string text = "panel|" + p.stableId + "|" + p.description;
        for (const std::string& g : p.genes) {
            text += "|" + g;
            genes.insert(g);
        }
        lines.insert(text);
    }
    for (const GenomicProfileRow& p : repository.profiles()) {
        const std::string id = p.studyId + "/" + p.stableId;
        lines.insert("profile|" + id + "|" + genomics::profileKindName(p.kind) + "|" + p.name +
                     "|" + p.description + "|" + p.datatype + "|" + p.unit + "|" +
                     std::to_string(p.allSamples) + "|" + p.genePanel);
        const genomics::ProfileCoverage coverage = repository.coverage(p.id);
        for (const std::string& s : coverage.samples)
            lines.insert("covered|" + id + "|" + sample(s));
        for (const auto& [s, panel] : coverage.samplePanels)
            lines.insert("sample panel|" + id + "|" + sample(s) + "|" +
                         (panel.empty() ? "NA" : panel));
        for (const genomics::Mutation& m : repository.mutations(p.id)) {
            lines.insert("mutation|" + id + "|" + sample(m.sampleId) + "|" + m.gene.hugoSymbol +
                         "|" + optional(m.gene.entrezId) + "|" + m.proteinChange + "|" +
                         m.variantClassification + "|" + m.variantType + "|" + m.chromosome + "|" +
                         optional(m.startPosition) + "|" + m.referenceAllele + "|" +
                         m.tumorSeqAllele + "|" + optional(m.tRefCount) + "|" +
                         optional(m.tAltCount) + "|" + optional(m.vaf) + "|" + m.driverAnnotation);
            genes.insert(m.gene.hugoSymbol);
        }
        if (genomics::isMatrixKind(p.kind)) {
            const std::vector<std::string>& columns = repository.matrixSamples(p.id);
            std::string order = "columns|" + id;
            for (const std::string& c : columns)
                order += "|" + sample(c);
            lines.insert(order);
            const std::vector<genomics::Gene> rows = repository.matrixGenes(p.id);
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const auto values = repository.geneRow(p.id, rows[r].hugoSymbol);
                EXPECT_TRUE(values.has_value()) << rows[r].hugoSymbol;
                if (!values)
                    continue;
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    lines.insert("cell|" + id + "|" + std::to_string(r) + "|" + rows[r].hugoSymbol +
                                 "|" + optional(rows[r].entrezId) + "|" + sample(columns[c]) + "|" +
                                 floatBits((*values)[c]));
                    ++out.cells;
                    out.missingCells += std::isnan((*values)[c]);
                }
            }
        } else {
            for (const std::string& s : samples)
                for (const std::string& g : genes) {
                    const auto status = repository.geneStatus(p.id, s, g);
                    lines.insert("status|" + id + "|" + sample(s) + "|" + g + "|" +
                                 genomics::geneStatusName(status));
                    out.mutated += status == genomics::GeneStatus::Altered;
                    out.wildType += status == genomics::GeneStatus::NotAltered;
                    out.notProfiled += status == genomics::GeneStatus::NotProfiled;
                }
        }
    }
    return out;
}

/// The lines of `a` missing from `b`, the first few, for a readable failure.
inline std::string missingFrom(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::string text;
    int shown = 0;
    for (const std::string& line : a)
        if (!b.count(line) && shown++ < 8)
            text += "  " + line + "\n";
    return text;
}

inline void expectEqual(const Snapshot& expected, const Snapshot& actual) {
    EXPECT_EQ(expected.lines.size(), actual.lines.size());
    EXPECT_TRUE(expected.lines == actual.lines)
        << "only in the source:\n"
        << missingFrom(expected.lines, actual.lines) << "only after the round trip:\n"
        << missingFrom(actual.lines, expected.lines);
}

} // namespace genomics_snapshot_detail

using genomics_snapshot_detail::expectEqual;
using genomics_snapshot_detail::Snapshot;
using genomics_snapshot_detail::snapshot;

} // namespace rgw::test
