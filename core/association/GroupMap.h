#pragma once

// Radiogenomic group map: is each radiomic feature different between groups
// of patients (mutated / wild-type, molecular subtypes)? Patients whose group
// is unknown (not profiled) carry no label and are left out; they are never
// counted as a group, and "not profiled" is never "wild-type". Missing feature
// values (NaN) are left out per feature. Each test equals R's
// (tests/reference/association/make_association.R): two groups:
// wilcox.test(x_2, x_1, exact = FALSE, correct = TRUE) and t.test(x_2, x_1)
// (Welch); three or more: kruskal.test; q = p.adjust(p, "BH") over the map's
// features.

#include "genomics/Profiling.h"

#include <Eigen/Core>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace rgw::association {

/// The group of each patient and the order of the groups.
struct Grouping {
    /// One label per patient (row of the feature matrix); no label = unknown
    /// (not profiled, no subtype called): left out.
    std::vector<std::optional<std::string>> labels;
    /// The groups in order; empty: the labels found, sorted by byte order.
    /// With two groups the second is compared with the first, the reference
    /// (levels {"wild-type", "mutated"}: effects of mutated vs wild-type).
    std::vector<std::string> levels;
};

/// The grouping of one gene's statuses: "wild-type" (reference) and
/// "mutated"; NotProfiled patients get no label (left out, never wild-type).
Grouping mutationGrouping(const std::vector<genomics::GeneStatus>& statuses);

struct GroupMapOptions {
    /// Compute log2 of the ratio of the two group means (two groups only).
    bool log2FoldChange = false;
};

/// One group's values of one feature.
struct GroupSummary {
    Eigen::Index n = 0; ///< patients of the group with a value
    double mean = std::numeric_limits<double>::quiet_NaN();
    double median = std::numeric_limits<double>::quiet_NaN(); ///< as R's median
};

/// The tests of one feature. Fields of the design that does not apply (two
/// groups vs three or more) stay NaN. A test that cannot run leaves its
/// fields NaN and says why in its note (empty when tested).
struct FeatureGroupTest {
    std::vector<GroupSummary> groups; ///< one per level, in level order

    // Two groups: group 2 (comparison) vs group 1 (reference).
    /// Mann–Whitney W = Σ ranks of group 2 − n2 (n2 + 1)/2 (R's wilcox.test statistic).
    double mannWhitneyW = std::numeric_limits<double>::quiet_NaN();
    double mannWhitneyP = std::numeric_limits<double>::quiet_NaN();
    double mannWhitneyQ = std::numeric_limits<double>::quiet_NaN();
    /// AUC = W / (n1 n2) = P(X2 > X1) + P(X2 = X1)/2.
    double auc = std::numeric_limits<double>::quiet_NaN();
    /// Cliff's delta = P(X2 > X1) − P(X2 < X1) = 2 AUC − 1.
    double cliffsDelta = std::numeric_limits<double>::quiet_NaN();
    std::string rankTestNote;
    /// Welch t = (mean2 − mean1) / √(v2/n2 + v1/n1), Welch–Satterthwaite df.
    double welchT = std::numeric_limits<double>::quiet_NaN();
    double welchDf = std::numeric_limits<double>::quiet_NaN();
    double welchP = std::numeric_limits<double>::quiet_NaN();
    double welchQ = std::numeric_limits<double>::quiet_NaN();
    /// Cohen's d with the pooled SD, √(((n2−1) v2 + (n1−1) v1) / (n1 + n2 − 2))
    /// (Cohen 1988), not the Welch denominator: the usual standardised difference.
    double cohensD = std::numeric_limits<double>::quiet_NaN();
    std::string tTestNote;
    /// log2(mean2 / mean1) when asked for and both means are positive, else NaN.
    double log2FoldChange = std::numeric_limits<double>::quiet_NaN();

    // Three or more groups.
    double kruskalH = std::numeric_limits<double>::quiet_NaN(); ///< tie-corrected H
    /// k − 1 for the k groups that have values (R drops empty groups).
    double kruskalDf = std::numeric_limits<double>::quiet_NaN();
    double kruskalP = std::numeric_limits<double>::quiet_NaN();
    double kruskalQ = std::numeric_limits<double>::quiet_NaN();
    /// η²_H = (H − k + 1) / (n − k) (Tomczak & Tomczak 2014), n the patients
    /// with a value and a group, k the groups with values; not truncated at 0.
    double etaSquared = std::numeric_limits<double>::quiet_NaN();
};

struct GroupMap {
    GroupMapOptions options;
    std::vector<std::string> levels;        ///< the groups, in order
    Eigen::Index unknownPatients = 0;       ///< patients without a group, left out
    std::vector<FeatureGroupTest> features; ///< one per feature column
    bool twoGroups() const { return levels.size() == 2; }
};

/// Tests every feature (column of `features`, patients × features, NaN =
/// missing) between the groups of `grouping`: two levels: Mann–Whitney (reuses
/// stats::mannWhitney) with AUC and Cliff's delta, and Welch t (stats::welchT)
/// with Cohen's d; three or more: Kruskal–Wallis (stats::kruskalWallis) with
/// η²_H. Per group n, mean and median. BH q of each test over all features.
/// Throws rgw::Error for a label count that differs from the rows, an empty
/// label, a label not among the given levels (naming the patient row), a
/// repeated level, fewer than two levels, or an infinite feature value.
GroupMap groupMap(const Eigen::MatrixXd& features, const Grouping& grouping,
                  const GroupMapOptions& options = {});

} // namespace rgw::association
