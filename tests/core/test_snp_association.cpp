// Candidate-SNP association (core/association) against PLINK 1.9 and R on the
// seeded fixture of tests/reference/snp/make_snp.sh: 300 samples, 40 SNPs,
// read through genomics::readPlinkRaw (and readGermlineVcf). PLINK prints 4
// significant digits: each of our numbers, printed as PLINK prints it (%.4g),
// must equal PLINK's text; the largest relative deviation before rounding is
// reported. Cox, logistic and linear fits are also checked per SNP against R
// (coxph, glm, lm) to 1e-6.

#include "Reference.h"
#include "association/HardyWeinberg.h"
#include "association/SnpAssociation.h"
#include "genomics/PlinkRaw.h"
#include "genomics/Vcf.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace rgw;
using namespace rgw::association;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::filesystem::path snpFile(const std::string& name) {
    return test::referenceFile("snp/" + name);
}

/// Whitespace- or comma-separated table: header fields and rows of fields.
struct TextTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::size_t column(const std::string& name) const {
        const auto found = std::find(header.begin(), header.end(), name);
        if (found == header.end())
            throw std::runtime_error("no column " + name);
        return static_cast<std::size_t>(found - header.begin());
    }
};

TextTable readTable(const std::string& name) {
    std::ifstream in(snpFile(name));
    if (!in)
        throw std::runtime_error("cannot open " + snpFile(name).string());
    TextTable table;
    std::string line;
    while (std::getline(in, line)) {
        std::replace(line.begin(), line.end(), ',', ' ');
        std::istringstream fields(line);
        std::vector<std::string> row;
        std::string field;
        while (fields >> field)
            row.push_back(field);
        if (row.empty())
            continue;
        if (table.header.empty())
            table.header = std::move(row);
        else
            table.rows.push_back(std::move(row));
    }
    return table;
}

double numberOf(const std::string& text) {
    return text == "NA" || text == "-9" ? kNaN : std::stod(text);
}

/// Values of `column` of a table keyed by IID, in the order of `samples`.
Eigen::VectorXd bySample(const TextTable& table, const std::string& column,
                         const std::vector<std::string>& samples) {
    std::map<std::string, double> values;
    for (const auto& row : table.rows)
        values[row[table.column("IID")]] = numberOf(row[table.column(column)]);
    Eigen::VectorXd out(static_cast<Eigen::Index>(samples.size()));
    for (std::size_t i = 0; i < samples.size(); ++i)
        out(static_cast<Eigen::Index>(i)) = values.at(samples[i]);
    return out;
}

GenotypeMatrix rawGenotypes() {
    return genotypeMatrix(genomics::readPlinkRaw(snpFile("snp.raw")));
}

/// The .raw's PHENOTYPE (1 control, 2 case, -9/0 missing) as 0/1/NaN.
SnpOutcome toxicity(const std::vector<std::string>& samples) {
    const Eigen::VectorXd phenotype = bySample(readTable("snp.raw"), "PHENOTYPE", samples);
    SnpOutcome outcome{OutcomeKind::Binary, "toxicity", phenotype, {}};
    for (Eigen::Index i = 0; i < phenotype.size(); ++i)
        outcome.value(i) = phenotype(i) == 1 ? 0.0 : phenotype(i) == 2 ? 1.0 : kNaN;
    return outcome;
}

SnpOutcome quantitative(const std::vector<std::string>& samples) {
    return {OutcomeKind::Continuous, "qt", bySample(readTable("snp_qt.txt"), "qt", samples), {}};
}

SnpOutcome survival(const std::vector<std::string>& samples) {
    const TextTable table = readTable("snp_surv.csv");
    return {OutcomeKind::TimeToEvent, "time", bySample(table, "time", samples),
            bySample(table, "event", samples)};
}

SnpCovariates doseAndAge(const std::vector<std::string>& samples) {
    const TextTable table = readTable("snp_covar.txt");
    SnpCovariates covariates{{"dose", "age"}, Eigen::MatrixXd(samples.size(), 2)};
    covariates.values.col(0) = bySample(table, "dose", samples);
    covariates.values.col(1) = bySample(table, "age", samples);
    return covariates;
}

const SnpTest& testOf(const SnpAssociationResult& result, const std::string& id) {
    for (const auto& t : result.snps)
        if (t.snp.id == id)
            return t;
    throw std::runtime_error("no SNP " + id + " in the result");
}

/// Compares numbers with PLINK's 4-significant-digit text and keeps the
/// largest relative deviation per quantity.
struct PrintedComparison {
    std::map<std::string, double> maxDeviation;
    std::size_t compared = 0;

    void expect(double ours, const std::string& plink, const std::string& quantity,
                const std::string& snp) {
        if (plink == "NA" || plink == "nan") {
            EXPECT_TRUE(std::isnan(ours)) << snp << " " << quantity << ": PLINK NA, ours " << ours;
            return;
        }
        const double reference = std::stod(plink);
        char printed[32];
        std::snprintf(printed, sizeof printed, "%.4g", ours);
        EXPECT_EQ(std::stod(printed), reference) << snp << " " << quantity << ": ours " << ours
                                                 << " prints as " << printed << ", PLINK " << plink;
        const double deviation =
            reference == 0.0 ? std::abs(ours) : std::abs(ours - reference) / std::abs(reference);
        double& worst = maxDeviation[quantity];
        worst = std::max(worst, deviation);
        ++compared;
    }

    void report(const std::string& what) const {
        for (const auto& [quantity, deviation] : maxDeviation)
            std::cout << "[ measured ] " << what << " " << quantity
                      << " max relative |ours - PLINK| / |PLINK| = " << deviation << '\n';
    }
};

/// Our tests vs PLINK's .assoc.logistic / .assoc.linear ADD rows.
void expectAssocMatches(const SnpAssociationResult& result, const std::string& file,
                        const std::string& effectColumn) {
    const TextTable table = readTable(file);
    PrintedComparison cmp;
    std::size_t rows = 0;
    for (const auto& row : table.rows) {
        if (row[table.column("TEST")] != "ADD")
            continue;
        ++rows;
        const std::string id = row[table.column("SNP")];
        const SnpTest& t = testOf(result, id);
        EXPECT_EQ(t.snp.countedAllele, row[table.column("A1")]) << id;
        EXPECT_EQ(std::to_string(t.samples), row[table.column("NMISS")]) << id;
        if (row[table.column(effectColumn)] == "NA") {
            EXPECT_EQ(t.status, SnpStatus::NotFitted) << id;
            EXPECT_FALSE(t.reason.empty()) << id;
            std::cout << "[ note ] " << id << " not fitted (PLINK NA): " << t.reason << '\n';
            continue;
        }
        ASSERT_EQ(t.status, SnpStatus::Tested) << id << ": " << t.reason;
        cmp.expect(t.effect, row[table.column(effectColumn)], effectColumn, id);
        cmp.expect(t.standardError, row[table.column("SE")], "SE", id);
        cmp.expect(t.lower, row[table.column("L95")], "L95", id);
        cmp.expect(t.upper, row[table.column("U95")], "U95", id);
        cmp.expect(t.statistic, row[table.column("STAT")], "STAT", id);
        cmp.expect(t.p, row[table.column("P")], "P", id);
    }
    EXPECT_EQ(rows, result.snps.size() -
                        static_cast<std::size_t>(std::count_if(
                            result.snps.begin(), result.snps.end(),
                            [](const SnpTest& t) { return t.status == SnpStatus::Filtered; })));
    cmp.report(file);
}

/// Our tests vs R's per-SNP fits (snp_models.R) to 1e-6 (relative above 1).
void expectRMatches(const SnpAssociationResult& result, const std::string& file) {
    const TextTable table = readTable(file);
    double beta = 0, se = 0, stat = 0, p = 0;
    for (const auto& row : table.rows) {
        const std::string id = row[table.column("snp")];
        const SnpTest& t = testOf(result, id);
        EXPECT_EQ(std::to_string(t.samples), row[table.column("n")]) << id;
        if (row[table.column("status")] != "ok") {
            EXPECT_EQ(t.status, SnpStatus::NotFitted) << id;
            std::cout << "[ note ] " << file << " " << id << " not fitted (R fails): " << t.reason
                      << '\n';
            continue;
        }
        ASSERT_EQ(t.status, SnpStatus::Tested) << id << ": " << t.reason;
        const auto check = [&](double ours, const std::string& column, double& worst,
                               bool relative) {
            const double ref = std::stod(row[table.column(column)]);
            const double tolerance =
                relative ? 1e-6 * std::abs(ref) : std::max(1e-6, 1e-6 * std::abs(ref));
            const double difference = std::abs(ours - ref);
            EXPECT_LE(difference, tolerance)
                << file << " " << id << " " << column << ": " << ours << " vs R " << ref;
            worst = std::max(worst, relative ? difference / std::abs(ref) : difference);
        };
        check(t.beta, "beta", beta, false);
        check(t.standardError, "se", se, false);
        check(t.statistic, "stat", stat, false);
        check(t.p, "p", p, true);
    }
    std::cout << "[ measured ] " << file << " max |ours - R|: beta " << beta << ", se " << se
              << ", statistic " << stat << ", p (relative) " << p << '\n';
}

TEST(SnpAssociation, GenotypeMatrixFromPlinkRawKeepsMissingAsNaN) {
    const GenotypeMatrix g = rawGenotypes();
    ASSERT_EQ(g.samples.size(), 300u);
    ASSERT_EQ(g.snps.size(), 40u);
    EXPECT_EQ(g.snps[0].id, "rs1007");
    EXPECT_EQ(g.snps[0].countedAllele, "T");
    EXPECT_EQ(g.snps[0].otherAllele, "G");
    const TextTable lmiss = readTable("snp.lmiss");
    for (std::size_t j = 0; j < g.snps.size(); ++j) {
        const auto missing = g.dosage.col(static_cast<Eigen::Index>(j)).array().isNaN().count();
        EXPECT_EQ(std::to_string(missing), lmiss.rows[j][lmiss.column("N_MISS")]) << g.snps[j].id;
    }
}

TEST(SnpAssociation, QcEqualsPlinkFreqMissingHardy) {
    const GenotypeMatrix g = rawGenotypes();
    const SnpAssociationResult result =
        associateSnps(g, toxicity(g.samples), doseAndAge(g.samples));
    PrintedComparison cmp;
    const TextTable frq = readTable("snp.frq");
    for (const auto& row : frq.rows) {
        const SnpTest& t = testOf(result, row[frq.column("SNP")]);
        EXPECT_EQ(t.snp.countedAllele, row[frq.column("A1")]);
        cmp.expect(t.qc.countedAlleleFrequency, row[frq.column("MAF")], "MAF", t.snp.id);
        EXPECT_EQ(std::to_string(2 * t.qc.genotyped), row[frq.column("NCHROBS")]);
    }
    const TextTable lmiss = readTable("snp.lmiss");
    for (const auto& row : lmiss.rows) {
        const SnpTest& t = testOf(result, row[lmiss.column("SNP")]);
        EXPECT_EQ(std::to_string(t.qc.missing), row[lmiss.column("N_MISS")]);
        cmp.expect(t.qc.missingRate, row[lmiss.column("F_MISS")], "F_MISS", t.snp.id);
    }
    const TextTable hwe = readTable("snp.hwe");
    std::size_t tested = 0;
    for (const auto& row : hwe.rows) {
        const SnpTest& t = testOf(result, row[hwe.column("SNP")]);
        const std::string& group = row[hwe.column("TEST")];
        const double p = group == "ALL"   ? t.qc.hweP
                         : group == "AFF" ? t.qc.hweCasesP
                                          : t.qc.hweControlsP;
        cmp.expect(p, row[hwe.column("P")], "HWE P " + group, t.snp.id);
        if (group == "ALL") {
            const auto& c = t.qc.counts;
            EXPECT_EQ(std::to_string(c.homCounted) + "/" + std::to_string(c.heterozygous) + "/" +
                          std::to_string(c.homOther),
                      row[hwe.column("GENO")])
                << t.snp.id;
            cmp.expect(expectedHeterozygosity(c), row[hwe.column("E(HET)")], "E(HET)", t.snp.id);
        }
        ++tested;
    }
    EXPECT_EQ(tested, 3 * result.snps.size());
    EXPECT_LT(testOf(result, "rs1063").qc.hweP, 1e-70); // the SNP without heterozygotes
    cmp.report("QC");
}

TEST(SnpAssociation, LogisticEqualsPlink) {
    const GenotypeMatrix g = rawGenotypes();
    const SnpAssociationResult result =
        associateSnps(g, toxicity(g.samples), doseAndAge(g.samples));
    expectAssocMatches(result, "snp.assoc.logistic", "OR");
    expectRMatches(result, "snp_glm.csv");
    // The rare SNP carried by 3 cases only: separation, named as such.
    const SnpTest& separated = testOf(result, "rs1175");
    EXPECT_NE(separated.reason.find("separated"), std::string::npos) << separated.reason;
    const SnpTest& constant = testOf(result, "rs1119");
    EXPECT_NE(constant.reason.find("constant genotype"), std::string::npos) << constant.reason;
}

TEST(SnpAssociation, LinearEqualsPlink) {
    const GenotypeMatrix g = rawGenotypes();
    const SnpAssociationResult result =
        associateSnps(g, quantitative(g.samples), doseAndAge(g.samples));
    expectAssocMatches(result, "snp_qt.assoc.linear", "BETA");
    expectRMatches(result, "snp_lm.csv");
}

TEST(SnpAssociation, CoxEqualsR) {
    const GenotypeMatrix g = rawGenotypes();
    const SnpAssociationResult result =
        associateSnps(g, survival(g.samples), doseAndAge(g.samples));
    expectRMatches(result, "snp_cox.csv");
    // exp(beta) and its Wald interval as summary(coxph) prints them.
    const TextTable table = readTable("snp_cox.csv");
    for (const auto& row : table.rows) {
        const SnpTest& t = testOf(result, row[table.column("snp")]);
        if (t.status != SnpStatus::Tested)
            continue;
        const double z = 1.959963984540054;
        EXPECT_NEAR(t.effect, std::exp(t.beta), 1e-12 * t.effect);
        EXPECT_NEAR(t.lower, std::exp(t.beta - z * t.standardError), 1e-12 * t.effect);
        EXPECT_NEAR(t.upper, std::exp(t.beta + z * t.standardError), 1e-12 * t.upper);
    }
}

TEST(SnpAssociation, FiltersKeepPlinksVariants) {
    const GenotypeMatrix g = rawGenotypes();
    SnpAssociationOptions options;
    options.filters.maxMissingRate = 0.1;
    options.filters.minMaf = 0.05;
    options.filters.minHweP = 1e-6;
    const SnpAssociationResult result =
        associateSnps(g, toxicity(g.samples), doseAndAge(g.samples), options);
    const TextTable table = readTable("snp_filtered.assoc.logistic");
    std::vector<std::string> plinkKept;
    for (const auto& row : table.rows)
        if (row[table.column("TEST")] == "ADD")
            plinkKept.push_back(row[table.column("SNP")]);
    std::vector<std::string> ours;
    for (const auto& t : result.snps)
        if (t.status != SnpStatus::Filtered)
            ours.push_back(t.snp.id);
        else
            std::cout << "[ note ] " << t.snp.id << " filtered: " << t.reason << '\n';
    EXPECT_EQ(ours, plinkKept);
    EXPECT_NE(testOf(result, "rs1210").reason.find("--geno"), std::string::npos);
    EXPECT_NE(testOf(result, "rs1063").reason.find("--hwe"), std::string::npos);
    EXPECT_NE(testOf(result, "rs1035").reason.find("--maf"), std::string::npos);
    expectAssocMatches(result, "snp_filtered.assoc.logistic", "OR");
}

TEST(SnpAssociation, MultipleTestingOverTestedSnps) {
    const GenotypeMatrix g = rawGenotypes();
    const SnpAssociationResult result =
        associateSnps(g, toxicity(g.samples), doseAndAge(g.samples));
    const std::size_t m = result.testedCount();
    EXPECT_EQ(m, 38u); // 40 less the monomorphic and the separated SNP
    std::vector<double> sorted;
    for (const auto& t : result.snps) {
        if (t.status != SnpStatus::Tested) {
            EXPECT_TRUE(std::isnan(t.fdr) && std::isnan(t.bonferroni)) << t.snp.id;
            continue;
        }
        EXPECT_DOUBLE_EQ(t.bonferroni, std::min(1.0, static_cast<double>(m) * t.p)) << t.snp.id;
        EXPECT_GE(t.fdr, t.p);
        EXPECT_LE(t.fdr, t.bonferroni);
        sorted.push_back(t.p);
    }
    // The smallest p's BH value is min over k of m p_(k) / k.
    std::sort(sorted.begin(), sorted.end());
    double smallest = 1.0;
    for (std::size_t k = 0; k < sorted.size(); ++k)
        smallest = std::min(smallest, static_cast<double>(m) * sorted[k] / double(k + 1));
    double ours = 1.0;
    for (const auto& t : result.snps)
        if (t.status == SnpStatus::Tested && t.p == sorted.front())
            ours = t.fdr;
    EXPECT_DOUBLE_EQ(ours, smallest);
}

TEST(SnpAssociation, VcfGivesTheSameResultsAsRaw) {
    const GenotypeMatrix raw = rawGenotypes();
    const GenotypeMatrix vcf = genotypeMatrix(genomics::readGermlineVcf(snpFile("snp.vcf")));
    ASSERT_EQ(vcf.samples, raw.samples);
    ASSERT_EQ(vcf.snps.size(), raw.snps.size());
    const TextTable logistic = readTable("snp.assoc.logistic");
    for (std::size_t j = 0; j < raw.snps.size(); ++j) {
        EXPECT_EQ(vcf.snps[j].id, raw.snps[j].id);
        EXPECT_EQ(std::to_string(vcf.snps[j].position),
                  logistic.rows[3 * j][logistic.column("BP")]);
        EXPECT_EQ(vcf.snps[j].chromosome, logistic.rows[3 * j][logistic.column("CHR")]);
    }
    const auto sameMatrix = (vcf.dosage.array() == raw.dosage.array()) ||
                            (vcf.dosage.array().isNaN() && raw.dosage.array().isNaN());
    EXPECT_TRUE(sameMatrix.all());
    for (const auto kind : {0, 1, 2}) {
        const auto outcomeOf = [&](const GenotypeMatrix& g) {
            return kind == 0   ? toxicity(g.samples)
                   : kind == 1 ? quantitative(g.samples)
                               : survival(g.samples);
        };
        const auto a = associateSnps(raw, outcomeOf(raw), doseAndAge(raw.samples));
        const auto b = associateSnps(vcf, outcomeOf(vcf), doseAndAge(vcf.samples));
        for (std::size_t j = 0; j < a.snps.size(); ++j) {
            const SnpTest &x = a.snps[j], &y = b.snps[j];
            EXPECT_EQ(x.status, y.status) << x.snp.id;
            EXPECT_EQ(x.samples, y.samples) << x.snp.id;
            const auto same = [](double u, double v) {
                return (std::isnan(u) && std::isnan(v)) || u == v;
            };
            EXPECT_TRUE(same(x.beta, y.beta) && same(x.standardError, y.standardError) &&
                        same(x.p, y.p) && same(x.qc.hweP, y.qc.hweP) &&
                        same(x.qc.countedAlleleFrequency, y.qc.countedAlleleFrequency) &&
                        same(x.fdr, y.fdr))
                << x.snp.id;
        }
    }
}

TEST(SnpAssociation, ProgressAndCancel) {
    const GenotypeMatrix g = rawGenotypes();
    std::size_t calls = 0, lastDone = 0;
    associateSnps(g, toxicity(g.samples), doseAndAge(g.samples), {},
                  [&](std::size_t done, std::size_t total, const std::string& what) {
                      ++calls;
                      lastDone = done;
                      EXPECT_EQ(total, 40u);
                      EXPECT_FALSE(what.empty());
                  });
    EXPECT_EQ(calls, 40u);
    EXPECT_EQ(lastDone, 40u);

    CancelToken token;
    std::size_t before = 0;
    EXPECT_THROW(associateSnps(
                     g, toxicity(g.samples), doseAndAge(g.samples), {},
                     [&](std::size_t done, std::size_t, const std::string&) {
                         before = done;
                         if (done == 3)
                             token.cancel();
                     },
                     &token),
                 Error);
    EXPECT_EQ(before, 3u);
}

TEST(SnpAssociation, BadInputIsNamed) {
    const GenotypeMatrix g = rawGenotypes();
    SnpOutcome outcome = toxicity(g.samples);
    outcome.value(4) = 2.0;
    try {
        associateSnps(g, outcome);
        FAIL() << "a binary outcome of 2 was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(g.samples[4]), std::string::npos) << e.what();
    }
    SnpOutcome time = survival(g.samples);
    time.value(0) = 0.0;
    EXPECT_THROW(associateSnps(g, time), Error);
    SnpCovariates clash = doseAndAge(g.samples);
    clash.names[1] = "rs1007";
    EXPECT_THROW(associateSnps(g, toxicity(g.samples), clash), Error);
    GenotypeMatrix bad = g;
    bad.dosage(0, 0) = 3.0;
    EXPECT_THROW(associateSnps(bad, toxicity(g.samples)), Error);
    SnpAssociationOptions options;
    options.filters.minMaf = 1.5;
    EXPECT_THROW(associateSnps(g, toxicity(g.samples), {}, options), Error);
}

TEST(SnpAssociation, MissingCovariateOrOutcomeLeavesTheSampleOut) {
    const GenotypeMatrix g = rawGenotypes();
    const SnpCovariates covariates = doseAndAge(g.samples);
    const SnpOutcome outcome = toxicity(g.samples);
    std::size_t complete = 0;
    for (Eigen::Index i = 0; i < outcome.value.size(); ++i)
        complete += !std::isnan(outcome.value(i)) && !covariates.values.row(i).hasNaN();
    const auto result = associateSnps(g, outcome, covariates);
    EXPECT_EQ(result.analysableSamples, complete);
    EXPECT_LT(complete, g.samples.size());
    // Without covariates only the outcome rule applies: more samples per SNP.
    const auto crude = associateSnps(g, outcome);
    EXPECT_GT(testOf(crude, "rs1007").samples, testOf(result, "rs1007").samples);
}

TEST(SnpAssociation, CollinearCovariateIsAReasonNotANumber) {
    const GenotypeMatrix g = rawGenotypes();
    SnpCovariates covariates = doseAndAge(g.samples);
    // A covariate that is nearly the dose: PLINK --linear's VIF check (> 50) refuses every model.
    covariates.names.push_back("dose_copy");
    covariates.values.conservativeResize(Eigen::NoChange, 3);
    for (Eigen::Index i = 0; i < covariates.values.rows(); ++i)
        covariates.values(i, 2) = covariates.values(i, 0) + 1e-3 * double(i % 3);
    const auto linear = associateSnps(g, quantitative(g.samples), covariates);
    const SnpTest& t = testOf(linear, "rs1014");
    EXPECT_EQ(t.status, SnpStatus::NotFitted);
    EXPECT_NE(t.reason.find("variance inflation factor"), std::string::npos) << t.reason;
    EXPECT_TRUE(std::isnan(t.beta) && std::isnan(t.p));
    // A covariate equal to one SNP's dosage: that SNP's logistic model is collinear, named.
    SnpCovariates copy{{"rs1014_copy"}, Eigen::MatrixXd(g.dosage.col(1))};
    for (Eigen::Index i = 0; i < copy.values.rows(); ++i)
        if (std::isnan(copy.values(i, 0)))
            copy.values(i, 0) = 0.0;
    const auto logistic = associateSnps(g, toxicity(g.samples), copy);
    const SnpTest& collinear = testOf(logistic, "rs1014");
    EXPECT_EQ(collinear.status, SnpStatus::NotFitted);
    EXPECT_NE(collinear.reason.find("rs1014_copy"), std::string::npos) << collinear.reason;
    EXPECT_EQ(testOf(logistic, "rs1021").status, SnpStatus::Tested);
}

TEST(HardyWeinberg, ExactTestSmallCases) {
    // 100 genotypes 25/50/25: exactly at equilibrium.
    EXPECT_NEAR(hardyWeinbergExactP({25, 50, 25}), 1.0, 1e-12);
    EXPECT_EQ(hardyWeinbergExactP({0, 0, 10}), 1.0);
    EXPECT_EQ(hardyWeinbergExactP({}), 1.0);
    // n = 3 with 2 copies of the rare allele: 0 heterozygotes (1/0/2) has
    // probability 3 / (3 + 12) and 2 heterozygotes (0/2/1) 12 / 15.
    EXPECT_NEAR(hardyWeinbergExactP({1, 0, 2}), 0.2, 1e-12);
    EXPECT_NEAR(hardyWeinbergExactP({0, 2, 1}), 1.0, 1e-12);
}

} // namespace
