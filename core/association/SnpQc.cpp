#include "association/SnpQc.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace rgw::association {

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

void addHardCall(GenotypeCounts& counts, double dosage) {
    if (dosage == 2.0)
        ++counts.homCounted;
    else if (dosage == 1.0)
        ++counts.heterozygous;
    else
        ++counts.homOther;
}

} // namespace

SnpQc snpQc(const Eigen::Ref<const Eigen::VectorXd>& dosage, const Eigen::VectorXd& binaryOutcome) {
    SnpQc qc;
    const bool byOutcome = binaryOutcome.size() > 0;
    if (byOutcome && binaryOutcome.size() != dosage.size())
        throw Error("SNP QC: " + std::to_string(binaryOutcome.size()) + " outcomes for " +
                    std::to_string(dosage.size()) + " genotypes");
    GenotypeCounts cases, controls;
    double copies = 0.0;
    for (Eigen::Index i = 0; i < dosage.size(); ++i) {
        const double d = dosage(i);
        if (std::isnan(d)) {
            ++qc.missing;
            continue;
        }
        ++qc.genotyped;
        copies += d;
        if (d != 0.0 && d != 1.0 && d != 2.0) {
            qc.hardCalls = false;
            continue;
        }
        addHardCall(qc.counts, d);
        if (byOutcome && binaryOutcome(i) == 1.0)
            addHardCall(cases, d);
        else if (byOutcome && binaryOutcome(i) == 0.0)
            addHardCall(controls, d);
    }
    if (dosage.size() > 0)
        qc.missingRate = static_cast<double>(qc.missing) / static_cast<double>(dosage.size());
    if (qc.genotyped > 0) {
        qc.countedAlleleFrequency = copies / (2.0 * static_cast<double>(qc.genotyped));
        qc.minorAlleleFrequency =
            std::min(qc.countedAlleleFrequency, 1.0 - qc.countedAlleleFrequency);
    }
    if (qc.hardCalls) {
        qc.hweP = hardyWeinbergExactP(qc.counts);
        if (byOutcome) {
            qc.hweCasesP = hardyWeinbergExactP(cases);
            qc.hweControlsP = hardyWeinbergExactP(controls);
        }
    } else {
        qc.counts = {};
    }
    return qc;
}

std::string filterReason(const SnpQc& qc, const SnpFilters& filters, bool binaryOutcome) {
    if (filters.maxMissingRate && qc.missingRate > *filters.maxMissingRate)
        return "missing rate " + number(qc.missingRate) + " > " + number(*filters.maxMissingRate) +
               " (--geno)";
    if (filters.minHweP) {
        const bool controls = binaryOutcome && !filters.hweIncludeNonControls;
        const double p = controls ? qc.hweControlsP : qc.hweP;
        if (p < *filters.minHweP)
            return std::string("Hardy-Weinberg exact p ") + number(p) +
                   (controls ? " in controls" : "") + " < " + number(*filters.minHweP) + " (--hwe)";
    }
    if (filters.minMaf && !(qc.minorAlleleFrequency >= *filters.minMaf))
        return "minor allele frequency " + number(qc.minorAlleleFrequency) + " < " +
               number(*filters.minMaf) + " (--maf)";
    return {};
}

void validateFilters(const SnpFilters& filters) {
    const auto check = [](const std::optional<double>& value, const char* name) {
        if (value && !(*value >= 0.0 && *value <= 1.0))
            throw Error(std::string("SNP filters: ") + name + " is " + number(*value) +
                        ", outside [0, 1]");
    };
    check(filters.maxMissingRate, "maxMissingRate (--geno)");
    check(filters.minHweP, "minHweP (--hwe)");
    check(filters.minMaf, "minMaf (--maf)");
}

} // namespace rgw::association
