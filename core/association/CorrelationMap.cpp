#include "association/CorrelationMap.h"

#include "association/detail/PairwiseCorrelation.h"
#include "stats/Distributions.h"
#include "stats/MultipleTesting.h"
#include "util/Error.h"
#include "util/ParallelFor.h"
#include "util/ResourceBudget.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

namespace rgw::association {

namespace {

void requireFinite(const Eigen::MatrixXd& m, const char* what) {
    for (Eigen::Index c = 0; c < m.cols(); ++c)
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            if (std::isinf(m(r, c)))
                throw Error(std::string("correlation map: ") + what + " row " +
                            std::to_string(r + 1) + ", column " + std::to_string(c + 1) +
                            " is not finite (" + std::to_string(m(r, c)) +
                            "); a missing value is NaN");
}

/// Two-sided p of r over n patients as R's cor.test.
double pValueOf(double r, Eigen::Index patients, CorrelationMethod method) {
    const auto n = static_cast<double>(patients);
    const double df = n - 2.0;
    if (method == CorrelationMethod::Pearson)
        return stats::studentTwoSidedPDouble(std::sqrt(df) * r / std::sqrt(1.0 - r * r), df);
    // cor.test(method = "spearman", exact = FALSE): S = (n³ − n)(1 − ρ)/6, then
    // ρ recovered as 1 − S / (n (n² − 1) / 6) and t = ρ / √((1 − ρ²)/(n − 2)),
    // the same operations in the same order so the bits agree.
    const double s = (n * n * n - n) * (1.0 - r) / 6.0;
    const double rho = 1.0 - s / ((n * (n * n - 1.0)) / 6.0);
    return stats::studentTwoSidedPDouble(rho / std::sqrt((1.0 - rho * rho) / df), df);
}

/// pValueOf remembered for the last r seen in each of kSlots slots, for the
/// pairs over all `patients` (the pairs of complete columns, most of a map):
/// they share n, and Spearman's ρ over them takes few distinct values (ρ = 1 −
/// 6 Σd² / (n³ − n) without ties), so most find their p here. Other pairs are
/// evaluated directly. A pure memo: the p-values are pValueOf's to the bit.
class PValueMemo {
public:
    PValueMemo(CorrelationMethod method, Eigen::Index patients)
        : method_(method), patients_(patients), slots_(kSlots) {}

    double operator()(double r, Eigen::Index n) {
        if (n != patients_)
            return pValueOf(r, n, method_);
        std::uint64_t bits;
        std::memcpy(&bits, &r, sizeof bits);
        Slot& slot =
            slots_[static_cast<std::size_t>((bits * 0xBF58476D1CE4E5B9ull) >> (64 - kSlotBits))];
        if (slot.rBits != bits || std::isnan(slot.p))
            slot = {bits, pValueOf(r, n, method_)};
        return slot.p;
    }

private:
    static constexpr int kSlotBits = 22;
    static constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
    struct Slot {
        std::uint64_t rBits = 0;
        double p = std::numeric_limits<double>::quiet_NaN(); ///< NaN: empty
    };
    CorrelationMethod method_;
    Eigen::Index patients_;
    std::vector<Slot> slots_;
};

} // namespace

const char* correlationMethodName(CorrelationMethod method) {
    return method == CorrelationMethod::Pearson ? "Pearson" : "Spearman";
}

const char* pairStatusName(PairStatus status) {
    switch (status) {
    case PairStatus::Tested:
        return "tested";
    case PairStatus::TooFewPatients:
        return "too few patients";
    case PairStatus::ConstantFeature:
        return "constant feature";
    case PairStatus::ConstantMolecular:
        return "constant molecular value";
    }
    return "unknown";
}

CorrelationMap correlationMap(const Eigen::MatrixXd& features, const Eigen::MatrixXd& molecular,
                              const CorrelationOptions& options, const CancelToken* cancel) {
    if (features.rows() != molecular.rows())
        throw Error("correlation map: " + std::to_string(features.rows()) +
                    " patients (rows) of features but " + std::to_string(molecular.rows()) +
                    " of molecular values; the rows must be the same patients");
    if (options.minimumPatients < 3)
        throw Error("correlation map: the minimum number of patients is " +
                    std::to_string(options.minimumPatients) +
                    ", needs at least 3 (the t test has n - 2 degrees of freedom)");
    requireFinite(features, "feature matrix");
    requireFinite(molecular, "molecular matrix");
    // Per pair: r, p, q and n (8 bytes each), the status (1) and the BH
    // ordering (16); per patient and column: the ranks and a centred copy.
    const auto pairs64 =
        budget::product({std::uint64_t(features.cols()), std::uint64_t(molecular.cols())});
    const auto values64 = budget::product(
        {std::uint64_t(features.rows()), std::uint64_t(features.cols() + molecular.cols())});
    budget::requireMemory(budget::sum(budget::product({pairs64, 4 * sizeof(double) + 1 + 16}),
                                      budget::product({values64, 2 * sizeof(double)})),
                          "correlation map",
                          std::to_string(features.cols()) + " features x " +
                              std::to_string(molecular.cols()) + " molecular columns over " +
                              std::to_string(features.rows()) + " patients",
                          "map fewer genes (e.g. the most variable) or raise the budget");

    detail::PairwiseCorrelations pairs = detail::pairwiseCorrelations(
        features, molecular, options.method, options.minimumPatients, options.threads, cancel);
    CorrelationMap map;
    map.options = options;
    map.r = std::move(pairs.r);
    map.n = std::move(pairs.n);
    map.statuses = std::move(pairs.statuses);
    map.p = Eigen::MatrixXd::Constant(map.r.rows(), map.r.cols(),
                                      std::numeric_limits<double>::quiet_NaN());
    // One contiguous range of genes per thread, each with its own memo (the
    // memo changes the time only, never a p-value).
    const auto genes = static_cast<std::size_t>(map.r.cols());
    const unsigned workers = resolveThreadCount(options.threads, genes);
    parallelFor(workers, workers, [&](std::size_t worker) {
        PValueMemo pValue(options.method, features.rows());
        const auto g0 = static_cast<Eigen::Index>(genes * worker / workers);
        const auto g1 = static_cast<Eigen::Index>(genes * (worker + 1) / workers);
        for (Eigen::Index g = g0; g < g1; ++g)
            for (Eigen::Index f = 0; f < map.r.rows(); ++f)
                if (map.status(f, g) == PairStatus::Tested)
                    map.p(f, g) = pValue(map.r(f, g), map.n(f, g));
    });
    map.tested = std::count(map.statuses.begin(), map.statuses.end(), PairStatus::Tested);
    // BH over the whole map; NaN (untested) is left out of the count m.
    const std::vector<double> p(map.p.data(), map.p.data() + map.p.size());
    const std::vector<double> q = stats::benjaminiHochberg(p);
    map.q = Eigen::Map<const Eigen::MatrixXd>(q.data(), map.p.rows(), map.p.cols());
    return map;
}

} // namespace rgw::association
