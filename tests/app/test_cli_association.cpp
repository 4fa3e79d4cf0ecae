// rgw-cli assoc map | groups | gsea | snp (issue #14 §5's CLI) run as a
// child process: on the shared wdbc / lung tables and the committed R and
// PLINK fixtures its CSV gives the reference numbers; on the demo cohort the
// group sizes leave not-profiled patients out; every result has its
// provenance; bad input exits with the documented status naming the problem.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Reference.h"
#include "SnpFixture.h"
#include "stats/DataTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;
using rgw::stats::DataTable;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::referenceFile;
using rgw::test::run;
using rgw::test::tabularFile;

namespace {

struct CliAssoc : ::testing::Test {
    rgw::test::TempDir scratch;

    rgw::test::ProcessResult cli(std::vector<std::string> args, const char* db = "assoc.rgwdb") {
        args.insert(args.begin(), {"--db", (scratch.path() / db).string()});
        return run(cliPath(), args, scratch.path());
    }
    QJsonObject json(std::vector<std::string> args, const char* db = "assoc.rgwdb") {
        args.push_back("--json");
        const auto r = cli(args, db);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseJson(r.out).object();
    }
    std::string out(const std::string& name) const { return (scratch.path() / name).string(); }
};

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

nlohmann::json provenanceOf(const std::string& csv) {
    return nlohmann::json::parse(readText(csv + ".provenance.json"));
}

/// Relative deviation, tracked per quantity; both NaN counts as equal.
struct Deviation {
    std::map<std::string, double> worst;
    void expect(double ours, double reference, const std::string& what, double tolerance,
                const std::string& where) {
        if (std::isnan(reference)) {
            EXPECT_TRUE(std::isnan(ours)) << where << " " << what << ": " << ours << ", R NA";
            return;
        }
        const double rel = std::abs(ours - reference) / std::max(std::abs(reference), 1e-300);
        worst[what] = std::max(worst[what], rel);
        EXPECT_LE(rel, tolerance) << where << " " << what << ": " << ours << " vs " << reference;
    }
    void report(const std::string& what) const {
        for (const auto& [quantity, value] : worst)
            std::cout << "[ measured ] " << what << " " << quantity << " max relative deviation "
                      << value << "\n";
    }
};

/// The wdbc table with its 20 error / worst columns renamed expr_<name>: the
/// stand-in molecular values of make_association.R.
fs::path wdbcWithMolecularPrefix(const fs::path& folder) {
    std::istringstream lines(readText(tabularFile("wdbc_breast_cancer.csv")));
    std::string header, rest, line;
    std::getline(lines, header);
    std::string renamed, name;
    std::istringstream names(header);
    while (std::getline(names, name, ',')) {
        if (!name.empty() && name.back() == '\r')
            name.pop_back();
        const bool molecular =
            name.find("_error") != std::string::npos || name.rfind("worst_", 0) == 0;
        renamed += (renamed.empty() ? "" : ",") + (molecular ? "expr_" + name : name);
    }
    const fs::path file = folder / "wdbc_expr.csv";
    std::ofstream outFile(file, std::ios::binary);
    outFile << renamed << "\n";
    while (std::getline(lines, line))
        outFile << line << "\n";
    return file;
}

const char* kWdbcMeanFeatures =
    "mean_radius,mean_texture,mean_perimeter,mean_area,mean_smoothness,mean_compactness,"
    "mean_concavity,mean_concave_points,mean_symmetry,mean_fractal_dimension";

TEST_F(CliAssoc, MapOnWdbcEqualsCorTestAndBH) {
    RGW_REQUIRE_TEST_DATA();
    const fs::path table = wdbcWithMolecularPrefix(scratch.path());
    for (const std::string method : {"pearson", "spearman"}) {
        const std::string csv = out("map_" + method + ".csv");
        const QJsonObject j =
            json({"assoc", "map", "--table", table.string(), "--features", kWdbcMeanFeatures,
                  "--molecular", "expr_", "--method", method, "--out", csv});
        EXPECT_EQ(j["features"].toInt(), 10);
        EXPECT_EQ(j["genes"].toInt(), 20);
        EXPECT_EQ(j["tested"].toInt(), 200);
        const DataTable ours = DataTable::read(csv);
        const DataTable ref =
            DataTable::read(referenceFile("association/correlation_wdbc_" + method + ".csv"));
        ASSERT_EQ(ours.rows(), ref.rows());
        Deviation d;
        for (std::size_t i = 0; i < ref.rows(); ++i) {
            const std::string where = ref.text("feature")[i] + " x " + ref.text("gene")[i];
            ASSERT_EQ(ours.text("feature")[i], ref.text("feature")[i]);
            ASSERT_EQ(ours.text("gene")[i], ref.text("gene")[i]);
            EXPECT_EQ(ours.numbers("n")[i], ref.numbers("n")[i]) << where;
            EXPECT_EQ(ours.text("status")[i], "tested");
            d.expect(ours.numbers("r")[i], ref.numbers("r")[i], "r", 1e-9, where);
            d.expect(ours.numbers("p")[i], ref.numbers("p")[i], "p", 1e-9, where);
            d.expect(ours.numbers("q")[i], ref.numbers("q")[i], "q", 1e-9, where);
        }
        d.report("assoc map wdbc " + method);
        const auto p = provenanceOf(csv);
        EXPECT_EQ(p["kind"], "correlation map");
        EXPECT_EQ(p["input_table"], fs::absolute(table).string());
        EXPECT_EQ(p["options"]["method"], method);
        EXPECT_EQ(p["options"]["molecular_prefix"], "expr_");
        EXPECT_EQ(p["options"]["features"].size(), 10u);
        EXPECT_EQ(p["software_version"], RGW_VERSION);
    }
    // Clustered: the same pairs with their heatmap positions.
    const std::string clustered = out("clustered.csv");
    ASSERT_EQ(cli({"assoc", "map", "--table", table.string(), "--features", kWdbcMeanFeatures,
                   "--molecular", "expr_", "--cluster", "ward.D2", "--out", clustered})
                  .exitCode,
              0);
    const DataTable c = DataTable::read(clustered);
    EXPECT_EQ(c.rows(), 200u);
    EXPECT_TRUE(c.has("feature_order") && c.has("gene_order"));
    EXPECT_EQ(provenanceOf(clustered)["options"]["cluster"], "ward.D2");
}

TEST_F(CliAssoc, GroupsOnWdbcAndLungEqualR) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable ref = DataTable::read(referenceFile("association/groups_wdbc_malignant.csv"));
    std::string features;
    for (const auto& f : ref.text("feature"))
        features += (features.empty() ? "" : ",") + f;
    const std::string csv = out("groups.csv");
    const QJsonObject j =
        json({"assoc", "groups", "--table", tabularFile("wdbc_breast_cancer.csv").string(),
              "--group", "malignant", "--features", features, "--log2-fold-change", "--out", csv});
    EXPECT_EQ(j["group_sizes"].toObject()["0"].toInt(), 357);
    EXPECT_EQ(j["group_sizes"].toObject()["1"].toInt(), 212);
    const DataTable ours = DataTable::read(csv);
    ASSERT_EQ(ours.rows(), ref.rows());
    Deviation d;
    const std::vector<std::pair<const char*, const char*>> columns{
        {"mean_0", "mean_ref"},     {"mean_1", "mean_cmp"},  {"median_0", "median_ref"},
        {"median_1", "median_cmp"}, {"mw_w", "W"},           {"mw_p", "p_mw"},
        {"mw_q", "q_mw"},           {"auc", "auc"},          {"cliffs_delta", "cliff"},
        {"welch_t", "t"},           {"welch_df", "df"},      {"welch_p", "p_welch"},
        {"welch_q", "q_welch"},     {"cohens_d", "cohen_d"}, {"log2_fold_change", "log2fc"}};
    for (std::size_t i = 0; i < ref.rows(); ++i) {
        ASSERT_EQ(ours.text("feature")[i], ref.text("feature")[i]);
        EXPECT_EQ(ours.numbers("n_0")[i], ref.numbers("n_ref")[i]);
        EXPECT_EQ(ours.numbers("n_1")[i], ref.numbers("n_cmp")[i]);
        for (const auto& [o, r] : columns)
            d.expect(ours.numbers(o)[i], ref.numbers(r)[i], o, 1e-9, ref.text("feature")[i]);
    }
    d.report("assoc groups wdbc malignant");

    const DataTable kw = DataTable::read(referenceFile("association/groups_lung_ecog.csv"));
    const std::string lungCsv = out("lung.csv");
    ASSERT_EQ(cli({"assoc", "groups", "--table", tabularFile("survival_lung.csv").string(),
                   "--group", "ph.ecog", "--features",
                   "age,ph.karno,pat.karno,meal.cal,wt.loss,time", "--out", lungCsv})
                  .exitCode,
              0);
    const DataTable lung = DataTable::read(lungCsv);
    ASSERT_EQ(lung.rows(), kw.rows());
    Deviation k;
    for (std::size_t i = 0; i < kw.rows(); ++i) {
        EXPECT_EQ(lung.text("test")[i], "kruskal-wallis");
        k.expect(lung.numbers("kw_h")[i], kw.numbers("H")[i], "H", 1e-9, kw.text("feature")[i]);
        k.expect(lung.numbers("kw_df")[i], kw.numbers("df")[i], "df", 0, kw.text("feature")[i]);
        k.expect(lung.numbers("kw_p")[i], kw.numbers("p")[i], "p", 1e-9, kw.text("feature")[i]);
        k.expect(lung.numbers("kw_q")[i], kw.numbers("q")[i], "q", 1e-9, kw.text("feature")[i]);
        k.expect(lung.numbers("eta_squared")[i], kw.numbers("eta2")[i], "eta2", 1e-9,
                 kw.text("feature")[i]);
    }
    k.report("assoc groups lung ph.ecog");
}

TEST_F(CliAssoc, GseaOfCommittedRankingEqualsBaseRRunningSum) {
    const std::string csv = out("gsea.csv");
    const auto args =
        std::vector<std::string>{"assoc",          "gsea",
                                 "--ranks",        referenceFile("gsea/gsea_ranking.csv").string(),
                                 "--gmt",          referenceFile("gsea/gsea_sets.gmt").string(),
                                 "--permutations", "200",
                                 "--seed",         "11"};
    auto withOut = args;
    withOut.insert(withOut.end(), {"--threads", "1", "--out", csv});
    ASSERT_EQ(cli(withOut).exitCode, 0);
    const DataTable ours = DataTable::read(csv);
    const DataTable ref = DataTable::read(referenceFile("gsea/gsea_results.csv"));
    std::size_t compared = 0;
    double worst = 0;
    for (std::size_t i = 0; i < ref.rows(); ++i) {
        if (ref.numbers("weight")[i] != 1)
            continue;
        const std::string set = ref.text("set")[i];
        const auto row = std::find(ours.text("set").begin(), ours.text("set").end(), set);
        ASSERT_NE(row, ours.text("set").end()) << set;
        const auto r = static_cast<std::size_t>(row - ours.text("set").begin());
        EXPECT_EQ(ours.numbers("size")[r], ref.numbers("size")[i]) << set;
        EXPECT_EQ(ours.numbers("peak")[r], ref.numbers("peak")[i]) << set;
        EXPECT_EQ(ours.text("leading_edge")[r], ref.text("leading_edge")[i]) << set;
        const double es = ref.numbers("es")[i];
        worst = std::max(worst, std::abs(ours.numbers("es")[r] - es) / std::abs(es));
        EXPECT_EQ(std::signbit(ours.numbers("nes")[r]), std::signbit(es)) << set;
        ++compared;
    }
    EXPECT_EQ(compared, 7u);
    EXPECT_LE(worst, 1e-12);
    std::cout << "[ measured ] assoc gsea ES max relative deviation from base R " << worst << "\n";
    const auto p = provenanceOf(csv);
    EXPECT_EQ(p["options"]["seed"], 11);
    EXPECT_EQ(p["options"]["permutations"], 200);
    EXPECT_EQ(p["summary"]["sets_excluded"], nlohmann::json::array({"TOO_SMALL"}));

    // The same seed on another thread count gives the same table.
    auto again = args;
    again.insert(again.end(), {"--threads", "2", "--out", out("gsea2.csv")});
    ASSERT_EQ(cli(again).exitCode, 0);
    EXPECT_EQ(readText(out("gsea2.csv")), readText(csv));

    // The contract's spelling: --table RANKS.tsv, gene<TAB>score lines as a
    // GSEA .rnk (no header), gives the same table.
    const fs::path rnk = scratch.path() / "ranks.tsv";
    {
        std::istringstream lines(readText(referenceFile("gsea/gsea_ranking.csv")));
        std::ofstream o(rnk);
        std::string line;
        std::getline(lines, line); // header
        while (std::getline(lines, line)) {
            std::replace(line.begin(), line.end(), ',', '\t');
            o << line << "\n";
        }
    }
    ASSERT_EQ(cli({"assoc", "gsea", "--table", rnk.string(), "--gmt",
                   referenceFile("gsea/gsea_sets.gmt").string(), "--permutations", "200", "--seed",
                   "11", "--threads", "1", "--out", out("gsea_rnk.csv")})
                  .exitCode,
              0);
    EXPECT_EQ(readText(out("gsea_rnk.csv")), readText(csv));
    const auto both = cli({"assoc", "gsea", "--table", rnk.string(), "--ranks", rnk.string(),
                           "--gmt", referenceFile("gsea/gsea_sets.gmt").string()});
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_NE(both.err.find("give the ranked list once"), std::string::npos) << both.err;
}

/// Our CSV's ADD results vs PLINK's 4-significant-digit text.
void expectPlink(const std::string& csv, const std::string& plinkFile, const char* effect,
                 const std::string& what) {
    const DataTable ours = DataTable::read(csv);
    std::istringstream lines(readText(referenceFile(plinkFile)));
    std::string line;
    std::getline(lines, line);
    std::map<std::string, double> worst;
    std::size_t rows = 0;
    while (std::getline(lines, line)) {
        std::istringstream f(line);
        std::string chr, snp, bp, a1, test, nmiss, eff, se, l95, u95, stat, p;
        f >> chr >> snp >> bp >> a1 >> test >> nmiss >> eff >> se >> l95 >> u95 >> stat >> p;
        if (test != "ADD")
            continue;
        const auto it = std::find(ours.text("snp").begin(), ours.text("snp").end(), snp);
        ASSERT_NE(it, ours.text("snp").end()) << snp;
        const auto r = static_cast<std::size_t>(it - ours.text("snp").begin());
        // A monomorphic SNP has no A1: PLINK prints its missing-allele code 0,
        // the VCF PLINK wrote for it has ALT ".".
        EXPECT_EQ(ours.text("a1")[r] == "." ? std::string("0") : ours.text("a1")[r], a1) << snp;
        if (eff == "NA") {
            EXPECT_EQ(ours.text("status")[r], "not fitted") << snp;
            continue;
        }
        ++rows;
        EXPECT_EQ(ours.text("status")[r], "tested") << snp << ": " << ours.text("reason")[r];
        EXPECT_EQ(ours.text("n")[r], nmiss) << snp;
        for (const auto& [column, text] : std::vector<std::pair<std::string, std::string>>{
                 {effect, eff}, {"se", se}, {"l95", l95}, {"u95", u95}, {"stat", stat}, {"p", p}}) {
            const double value = ours.numbers(column)[r], reference = std::stod(text);
            char printed[32];
            std::snprintf(printed, sizeof printed, "%.4g", value);
            EXPECT_EQ(std::stod(printed), reference) << snp << " " << column << " " << value;
            worst[column] =
                std::max(worst[column], std::abs(value - reference) / std::abs(reference));
        }
    }
    EXPECT_GT(rows, 30u);
    for (const auto& [column, value] : worst)
        std::cout << "[ measured ] " << what << " " << column
                  << " max relative |ours - PLINK| / |PLINK| = " << value << "\n";
}

TEST_F(CliAssoc, SnpOnPlinkFixtureEqualsPlink) {
    const std::string outcomes = rgw::test::snpOutcomes(scratch.path()).string();
    const std::string raw = referenceFile("snp/snp.raw").string();
    const std::string logistic = out("logistic.csv");
    const QJsonObject j =
        json({"assoc", "snp", "--genotypes", raw, "--table", outcomes, "--id", "IID", "--outcome",
              "tox", "--covariates", "dose,age", "--out", logistic});
    EXPECT_EQ(j["model"].toString(), "logistic"); // 0/1 outcome
    expectPlink(logistic, "snp/snp.assoc.logistic", "ratio", "assoc snp --logistic");

    const std::string linear = out("linear.csv");
    ASSERT_EQ(cli({"assoc", "snp", "--genotypes", referenceFile("snp/snp.vcf").string(), "--table",
                   outcomes, "--outcome", "qt", "--covariates", "dose,age", "--out", linear})
                  .exitCode,
              0); // --id found: IID
    expectPlink(linear, "snp/snp_qt.assoc.linear", "beta", "assoc snp --linear (VCF)");
    const DataTable lin = DataTable::read(linear);
    // The contract's columns lead; a slope has no ratio.
    const std::vector<std::string> contract{"snp", "n", "beta", "se", "ratio", "p", "q"};
    EXPECT_EQ(std::vector<std::string>(lin.columnNames().begin(), lin.columnNames().begin() + 7),
              contract);
    for (std::size_t r = 0; r < lin.rows(); ++r)
        EXPECT_TRUE(lin.isMissing(r, 4)) << "row " << r << " has a ratio for a linear model";
    EXPECT_EQ(lin.text("chr")[0], "1"); // the VCF gives chromosome and position
    EXPECT_EQ(lin.text("bp")[0], "997937");

    const std::string filtered = out("filtered.csv");
    ASSERT_EQ(cli({"assoc", "snp", "--genotypes", raw, "--table", outcomes, "--outcome", "tox",
                   "--covariates", "dose,age", "--geno", "0.1", "--maf", "0.05", "--hwe", "1e-6",
                   "--out", filtered})
                  .exitCode,
              0);
    expectPlink(filtered, "snp/snp_filtered.assoc.logistic", "ratio", "assoc snp filtered");
    const DataTable f = DataTable::read(filtered);
    std::size_t excluded = 0;
    for (const auto& s : f.text("status"))
        excluded += s == "filtered" ? 1 : 0;
    EXPECT_GT(excluded, 0u);
    const auto p = provenanceOf(filtered);
    EXPECT_EQ(p["options"]["geno"], 0.1);
    EXPECT_EQ(p["options"]["hwe"], 1e-6);
    EXPECT_EQ(p["options"]["covariates"], nlohmann::json::array({"dose", "age"}));

    // Cox against survival::coxph (snp_models.R), to 1e-6.
    const std::string cox = out("cox.csv");
    ASSERT_EQ(cli({"assoc", "snp", "--genotypes", raw, "--table", outcomes, "--time", "time",
                   "--event", "event", "--covariates", "dose,age", "--out", cox})
                  .exitCode,
              0);
    const DataTable ours = DataTable::read(cox);
    const DataTable ref = DataTable::read(referenceFile("snp/snp_cox.csv"));
    double worst = 0;
    for (std::size_t i = 0; i < ref.rows(); ++i) {
        if (ref.text("status")[i] != "ok")
            continue;
        const auto it =
            std::find(ours.text("snp").begin(), ours.text("snp").end(), ref.text("snp")[i]);
        ASSERT_NE(it, ours.text("snp").end());
        const auto r = static_cast<std::size_t>(it - ours.text("snp").begin());
        EXPECT_EQ(ours.numbers("n")[r], ref.numbers("n")[i]);
        const double rel =
            std::abs(ours.numbers("p")[r] - ref.numbers("p")[i]) / ref.numbers("p")[i];
        EXPECT_LE(std::abs(ours.numbers("beta")[r] - ref.numbers("beta")[i]), 1e-6);
        EXPECT_LE(rel, 1e-6);
        worst = std::max(worst, rel);
    }
    std::cout << "[ measured ] assoc snp cox p max relative deviation from coxph " << worst << "\n";
}

// A cohort's stored germline genotypes (the fixture's VCF imported, its
// outcomes as clinical attributes) give PLINK's numbers too.
TEST_F(CliAssoc, SnpOnACohortWithStoredGenotypesEqualsPlink) {
    const fs::path outcomes = rgw::test::snpOutcomes(scratch.path());
    rgw::test::snpOutcomesMapping(scratch.path());
    ASSERT_EQ(cli({"genomics", "import", referenceFile("snp/snp.vcf").string()}).exitCode, 0);
    auto r = cli({"clinical", "import", outcomes.string(), "--mapping", out("outcomes.yaml")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(cli({"cohort", "create", "germline"}).exitCode, 0);
    const std::string csv = out("cohort_snp.csv");
    const QJsonObject j = json({"assoc", "snp", "--cohort", "germline", "--outcome", "TOX",
                                "--covariates", "DOSE,AGE", "--out", csv});
    EXPECT_EQ(j["samples"].toInt(), 300);
    expectPlink(csv, "snp/snp.assoc.logistic", "ratio", "assoc snp --cohort");
    const auto p = provenanceOf(csv);
    EXPECT_EQ(p["cohort"], "germline@1");
    EXPECT_EQ(p["options"]["genotypes"], "stored germline profile");
}

// The demo cohort from the CLI: map and groups on the cohort's analysis
// table; mut_EGFR's groups count only profiled patients, as the cohort's own
// export says; the planted EGFR effect on attenuation is found.
TEST_F(CliAssoc, DemoCohortMapAndGroupsLeaveNotProfiledOut) {
    auto r = cli({"demo", "--out", out("demo"), "--patients", "48", "--import"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(cli({"extract-cohort", "--params", "ct-default"}).exitCode, 0);
    ASSERT_EQ(cli({"cohort", "create", "everyone"}).exitCode, 0);
    ASSERT_EQ(cli({"cohort", "export", "everyone", "--out", out("everyone.csv"), "--features",
                   "ct-default"})
                  .exitCode,
              0);
    const DataTable exported = DataTable::read(out("everyone.csv"));
    std::size_t expr = 0;
    for (const auto& name : exported.columnNames())
        expr += name.rfind("expr_", 0) == 0 ? 1 : 0;
    ASSERT_GT(expr, 0u);

    const std::string mapCsv = out("demo_map.csv");
    // The contract's spelling: --features PARAMSET --profile NAME (the
    // expression profile's stable id).
    const QJsonObject m = json({"assoc", "map", "--cohort", "everyone", "--features", "ct-default",
                                "--profile", "rna_seq_mrna", "--out", mapCsv});
    EXPECT_EQ(m["genes"].toInt(), static_cast<int>(expr));
    EXPECT_EQ(m["patients"].toInt(), 48);
    EXPECT_GT(m["tested"].toInt(), 0);
    const auto mp = provenanceOf(mapCsv);
    EXPECT_EQ(mp["cohort"], "everyone@1");
    EXPECT_EQ(mp["parameter_set_hash"].get<std::string>().size(), 64u);
    EXPECT_EQ(mp["options"]["method"], "spearman");
    EXPECT_EQ(mp["options"]["min_patients"], 3);

    const QJsonObject g = json({"assoc", "groups", "--cohort", "everyone", "--features",
                                "ct-default", "--label", "mut_EGFR", "--out", out("groups.csv")});
    const std::vector<double>& status = exported.numbers("mut_EGFR");
    const auto countOf = [&](double v) {
        return static_cast<int>(std::count(status.begin(), status.end(), v));
    };
    const int notProfiled = static_cast<int>(
        std::count_if(status.begin(), status.end(), [](double v) { return std::isnan(v); }));
    ASSERT_GT(notProfiled, 0); // the demo has unsequenced samples
    EXPECT_EQ(g["group_sizes"].toObject()["mutated"].toInt(), countOf(1));
    EXPECT_EQ(g["group_sizes"].toObject()["wild-type"].toInt(), countOf(0));
    EXPECT_EQ(g["patients_without_group"].toInt(), notProfiled);
    bool found = false, foundNull = false;
    const std::string kNullFeature = "morphology.volume_mesh";
    for (const auto& item : g["features"].toArray()) {
        const QJsonObject f = item.toObject();
        const std::string name = f["feature"].toString().toStdString();
        const std::vector<double>& values = exported.numbers(name);
        int wild = 0, mutated = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::isnan(values[i]))
                continue;
            if (status[i] == 1)
                ++mutated;
            else if (status[i] == 0)
                ++wild;
        }
        EXPECT_EQ(f["n"].toObject()["wild-type"].toInt(), wild) << name;
        EXPECT_EQ(f["n"].toObject()["mutated"].toInt(), mutated) << name;
        if (name == "intensity_statistics.mean_intensity") {
            found = true;
            EXPECT_LT(f["q"].toDouble(), 0.05); // EGFR-mutated lesions are 300 HU darker
            EXPECT_LT(f["effect"].toDouble(), 0.0);
        }
        // A null feature: the phantom draws a lesion's shape and size whatever
        // the genotype (core/demo/DemoPhantom.cpp), so its volume is not found.
        if (name == kNullFeature) {
            foundNull = true;
            EXPECT_GE(f["q"].toDouble(), 0.05) << name << " p " << f["p"].toDouble();
            std::cout << "[ measured ] demo " << name << " vs mut_EGFR: q " << f["q"].toDouble()
                      << " (null: not found at FDR 0.05)\n";
        }
    }
    EXPECT_TRUE(found);
    EXPECT_TRUE(foundNull) << kNullFeature;

    // The demo has no germline genotypes: a named error, not an empty result.
    r = cli({"assoc", "snp", "--cohort", "everyone", "--outcome", "os_event"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no germline genotype profile"), std::string::npos) << r.err;
}

TEST_F(CliAssoc, BadInputGivesExitStatusAndNamesTheProblem) {
    RGW_REQUIRE_TEST_DATA();
    const std::string wdbc = tabularFile("wdbc_breast_cancer.csv").string();
    auto r = cli({"assoc", "groups", "--table", wdbc, "--group", "malignnat"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no column 'malignnat'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("malignant"), std::string::npos) << r.err; // did you mean

    r = cli({"assoc", "map", "--table", wdbc, "--molecular", "expr_"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("wdbc_breast_cancer.csv: no column named expr_*"), std::string::npos)
        << r.err;

    r = cli({"assoc", "map", "--table", wdbc, "--molecular", "worst_", "--features", "mean_radius",
             "--method", "kendall"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--method takes spearman or pearson"), std::string::npos) << r.err;

    r = cli({"assoc", "map", "--table", out("missing.csv"), "--molecular", "expr_"});
    EXPECT_EQ(r.exitCode, 3);

    {
        std::ofstream bad(out("bad.gmt"));
        bad << "ONLY_NAME\n\tdescription without a name\tA\tB\n";
    }
    r = cli({"assoc", "gsea", "--ranks", referenceFile("gsea/gsea_ranking.csv").string(), "--gmt",
             out("bad.gmt")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("bad.gmt"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("bad.csv")));

    r = cli({"assoc", "gsea", "--ranks", referenceFile("gsea/gsea_ranking.csv").string(), "--gmt",
             out("absent.gmt")});
    EXPECT_EQ(r.exitCode, 3);

    r = cli({"assoc", "gsea", "--table", wdbc, "--feature", "mean_radius", "--molecular", "worst_",
             "--gmt", referenceFile("gsea/gsea_sets.gmt").string(), "--min-size", "1"});
    EXPECT_EQ(r.exitCode, 1); // no gene of the sets is among the ranked genes
    EXPECT_FALSE(r.err.empty());

    r = cli({"assoc", "snp", "--table", wdbc, "--outcome", "malignant"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no column named snp_*"), std::string::npos) << r.err;

    r = cli({"assoc", "snp", "--table", wdbc, "--outcome", "malignant", "--time", "mean_radius",
             "--event", "malignant"});
    EXPECT_EQ(r.exitCode, 2);

    r = cli({"assoc", "cluster"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown assoc subcommand 'cluster'"), std::string::npos) << r.err;
}

} // namespace

#endif
