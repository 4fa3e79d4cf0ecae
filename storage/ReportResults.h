#pragma once

// The Results part of the study report (issue #15 §1) as report::Document
// sections: one section per model stored for the cohort — its cross-
// validated performance, its performance on the cohort's held-out test split
// evaluated now (modeling::evaluateModel on the table `rgw-cli model
// evaluate --cohort` reads, storage::modelAnalysisTable), its figures (ROC,
// calibration, decision curve or Kaplan–Meier by risk group), coefficient or
// importance table and nomogram — and one section per association result
// (`rgw-cli assoc map` / `assoc groups` CSV files): the top associations,
// a volcano plot or heatmap and the count of tests with FDR < 0.05.
//
// Every number is taken from the core structs that compute it and written
// with report/NumberFormat.h; anchors are those of
// report/StudyReportAnchors.h ("results-model-N-roc", ...), so the methods
// and checklists can cite them.

#include "Database.h"
#include "NamedCohorts.h"
#include "report/ReportDocument.h"
#include "util/Cancel.h"

#include <cstddef>
#include <filesystem>
#include <vector>

namespace rgw::storage {

struct ResultsOptions {
    /// CSV files of `rgw-cli assoc map` or `assoc groups` computed on this
    /// cohort (each with its TABLE.csv.provenance.json side file).
    std::vector<std::filesystem::path> associationTables;
    std::size_t topAssociations = 20; ///< rows of each top-associations table (by q)
    std::size_t heatmapFeatures = 20; ///< rows of a correlation map's heatmap (best q first)
    std::size_t heatmapGenes = 20;    ///< columns of a correlation map's heatmap
    /// Probabilities drawn on a nomogram's outcome axes (probability or
    /// survival); empty = 0.1, 0.2, …, 0.9 as the GUI's nomogram.
    std::vector<double> nomogramProbabilities;
    const CancelToken* cancel = nullptr; ///< checked between models and maps ("cancelled")
};

/// The model section anchor of the `number`-th model (1-based):
/// "results-model-N"; its figures and tables append "-roc", "-calibration",
/// "-decision-curve", "-km", "-metrics", "-auc", "-confusion", "-td-auc",
/// "-coefficients", "-nomogram".
std::string modelAnchor(std::size_t number);

/// The anchor of the `number`-th association result: "results-associations-N";
/// its parts append "-top", "-volcano", "-heatmap".
std::string associationAnchor(std::size_t number);

/// Appends the level-1 section anchors::kResults and its subsections to
/// `doc`: one level-2 section per model stored with training.cohort ==
/// "NAME@VERSION" of `cohort` (oldest stored first; none: a paragraph says
/// so), then the level-2 section anchors::kAssociations with one level-3
/// section per file of options.associationTables (when any).
/// A model whose cohort table cannot be read or evaluated gets a paragraph
/// naming the reason instead of the test-split numbers; a cohort without a
/// test split gets the cross-validated performance only.
/// Throws rgw::Error naming the file when an association table cannot be
/// read, has no provenance side file, was computed on another cohort (or a
/// plain table), is not a correlation or group map, or lacks a column; and
/// "cancelled" when options.cancel is set.
void appendResults(Database& db, const CohortRow& cohort, const ResultsOptions& options,
                   report::Document& doc);

} // namespace rgw::storage
