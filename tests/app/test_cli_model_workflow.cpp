// rgw-cli model train | evaluate (issue #13 §6's CLI contract): the
// validated protocol prints its cross-validated metrics and the chosen
// lambda, writes a model file that evaluate reads back, gives the same
// numbers for the same seed on any thread count, and refuses bad requests
// with the documented exit status and a message naming the problem.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Reference.h"
#include "modeling/ModelFile.h"
#include "stats/DataTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <fstream>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::run;
using rgw::test::tabularFile;

namespace {

struct CliModel : ::testing::Test {
    rgw::test::TempDir scratch;

    rgw::test::ProcessResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", (scratch.path() / "models.rgwdb").string()});
        return run(cliPath(), args, scratch.path());
    }
    QJsonObject json(std::vector<std::string> args) {
        args.push_back("--json");
        const auto r = cli(args);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseJson(r.out).object();
    }
    std::string wdbc() const { return tabularFile("wdbc_breast_cancer.csv").string(); }
    std::string lung() const { return tabularFile("survival_lung.csv").string(); }
    std::string out(const std::string& name) const { return (scratch.path() / name).string(); }
};

const char* kWdbcFeatures = "mean_radius,mean_texture,mean_smoothness,mean_concave_points,"
                            "worst_radius,worst_texture,worst_concavity,worst_symmetry";

TEST_F(CliModel, TrainPrintsCrossValidatedMetricsAndTheChosenLambda) {
    RGW_REQUIRE_TEST_DATA();
    const QJsonObject t = json({"model", "train", "--table", wdbc(), "--target", "malignant",
                                "--model", "logistic", "--features", kWdbcFeatures, "--folds", "5",
                                "--repeats", "2", "--seed", "7", "--out", out("wdbc.json")});
    EXPECT_EQ(t["kind"].toString(), "logistic");
    EXPECT_EQ(t["penalty"].toString(), "lasso");
    EXPECT_EQ(t["rows"].toInt(), 569);
    EXPECT_GT(t["lambda"].toDouble(), 0.0);
    const QJsonObject v = t["validation"].toObject();
    EXPECT_EQ(v["folds"].toInt(), 5);
    EXPECT_EQ(v["repeats"].toInt(), 2);
    EXPECT_EQ(v["seed"].toString(), "7");
    EXPECT_EQ(v["measure"].toString(), "auc");
    EXPECT_EQ(v["per_repeat"].toArray().size(), 2);
    EXPECT_EQ(v["fold_lambdas"].toArray().size(), 10);
    EXPECT_GT(v["mean"].toDouble(), 0.95);
    const QJsonObject cv = t["cross_validated"].toObject();
    for (const char* key :
         {"auc", "ci_lower", "ci_upper", "sensitivity", "specificity", "brier",
          "calibration_intercept", "calibration_slope", "calibration_curve", "decision_curve"})
        EXPECT_TRUE(cv.contains(key)) << key;
    EXPECT_LT(cv["ci_lower"].toDouble(), cv["auc"].toDouble());
    EXPECT_GT(cv["ci_upper"].toDouble(), cv["auc"].toDouble());
    EXPECT_EQ(cv["threshold"].toDouble(), t["threshold"].toDouble());

    // The file holds the model that evaluate scores; the id is its content hash.
    const rgw::modeling::TrainedModel m = rgw::modeling::loadModelFile(out("wdbc.json"));
    EXPECT_EQ(rgw::modeling::modelId(m), t["model_id"].toString().toStdString());
    EXPECT_EQ(m.pipeline.model.lambda, t["lambda"].toDouble());
    const QJsonObject e = json({"model", "evaluate", out("wdbc.json"), "--table", wdbc()});
    EXPECT_EQ(e["rows_used"].toString(), "all rows");
    EXPECT_EQ(e["rows"].toInt(), 569);
    EXPECT_GE(e["auc"].toDouble(), cv["auc"].toDouble() - 0.01);
}

TEST_F(CliModel, SameSeedSameNumbersOnAnyThreadCount) {
    RGW_REQUIRE_TEST_DATA();
    const auto train = [&](const char* threads, const char* seed, const std::string& file) {
        return json({"model",     "train", "--table",    lung(),
                     "--time",    "time",  "--event",    "status",
                     "--model",   "cox",   "--features", "age,sex,ph.ecog,ph.karno,wt.loss",
                     "--folds",   "4",     "--seed",     seed,
                     "--threads", threads, "--out",      out(file)});
    };
    const QJsonObject a = train("1", "5", "a.json");
    const QJsonObject b = train("2", "5", "b.json");
    EXPECT_EQ(a["validation"].toObject(), b["validation"].toObject());
    EXPECT_EQ(a["cross_validated"].toObject(), b["cross_validated"].toObject());
    EXPECT_EQ(a["lambda"].toDouble(), b["lambda"].toDouble());
    EXPECT_EQ(a["risk_cutoffs"].toArray(), b["risk_cutoffs"].toArray());
    const QJsonObject c = train("2", "6", "c.json");
    EXPECT_NE(a["validation"].toObject()["per_repeat"], c["validation"].toObject()["per_repeat"]);
    const QJsonObject cv = a["cross_validated"].toObject();
    EXPECT_TRUE(cv.contains("c_index"));
    EXPECT_TRUE(cv.contains("logrank"));
    EXPECT_EQ(cv["risk_groups"].toObject().size(), 2);
}

TEST_F(CliModel, EvaluateUsesTheHeldOutSplitOfATable) {
    RGW_REQUIRE_TEST_DATA();
    // A table with a split column: train on "train", evaluate on "test".
    const rgw::stats::DataTable lung =
        rgw::stats::DataTable::read(tabularFile("survival_lung.csv"));
    const fs::path table = scratch.path() / "split.csv";
    {
        std::ofstream f(table);
        f << "patient_id,split,time,status,age,sex,ph.ecog\n";
        for (std::size_t r = 0; r < lung.rows(); ++r)
            f << "L" << r << ',' << (r % 3 == 0 ? "test" : "train") << ',' << lung.text("time")[r]
              << ',' << lung.text("status")[r] << ',' << lung.text("age")[r] << ','
              << lung.text("sex")[r] << ',' << lung.text("ph.ecog")[r] << '\n';
    }
    const QJsonObject t = json({"model", "train", "--table", table.string(), "--time", "time",
                                "--event", "status", "--model", "cox", "--penalty", "none",
                                "--folds", "3", "--seed", "1", "--out", out("split.json")});
    EXPECT_EQ(t["rows"].toInt(), 152);
    const QJsonObject e = json({"model", "evaluate", out("split.json"), "--table", table.string()});
    EXPECT_EQ(e["rows_used"].toString(), "the test split");
    EXPECT_EQ(e["rows_that_trained_the_model"].toInt(), 0);
    EXPECT_EQ(e["rows"].toInt() + e["refused"].toArray().size(), 76);
}

TEST_F(CliModel, BadRequestsAreUsageErrorsOrNamedDataErrors) {
    RGW_REQUIRE_TEST_DATA();
    const std::vector<std::string> base{"model",    "train",     "--table", wdbc(),
                                        "--target", "malignant", "--model", "logistic"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    };
    auto r = with({"--seed", "1", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << "no --folds";
    EXPECT_NE(r.err.find("--folds"), std::string::npos) << r.err;
    r = with({"--folds", "5", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << "no --seed";
    r = with({"--folds", "5", "--seed", "1"});
    EXPECT_EQ(r.exitCode, 2) << "no --out";
    r = with({"--folds", "5", "--seed", "-3", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2);
    r = with({"--folds", "5", "--seed", "1", "--out", out("x.json"), "--penalty", "lassoo"});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("lassoo"), std::string::npos) << r.err;
    r = with({"--folds", "5", "--seed", "1", "--out", out("x.json"), "--features", "no_such"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no_such"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("x.json")));
    r = with({"--folds", "5", "--seed", "1", "--out", out("x.json"), "--features",
              "mean_radius,malignant"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("malignant"), std::string::npos) << r.err;
    r = cli({"model", "evaluate", out("missing.json"), "--table", wdbc()});
    EXPECT_EQ(r.exitCode, 3);
    r = cli({"model", "fit", "--table", wdbc(), "--target", "malignant", "--model", "logistic",
             "--folds", "5"});
    EXPECT_EQ(r.exitCode, 2) << "fit has no resampling";
}

// The multivariate selection steps, chained in their documented order and
// recorded in the model file.
TEST_F(CliModel, SelectionStepsAreChainedAndRecorded) {
    RGW_REQUIRE_TEST_DATA();
    const QJsonObject t =
        json({"model",     "train",    "--table",        wdbc(), "--target",  "malignant",
              "--model",   "logistic", "--relieff",      "12",   "--mrmr",    "8",
              "--svm-rfe", "4",        "--lasso-select", "1se",  "--penalty", "ridge",
              "--folds",   "3",        "--seed",         "2",    "--out",     out("s.json")});
    EXPECT_LE(t["selected_features"].toArray().size(), 4);
    EXPECT_GE(t["selected_features"].toArray().size(), 1);
    const auto m = rgw::modeling::loadModelFile(out("s.json"));
    using rgw::modeling::SelectionKind;
    ASSERT_EQ(m.pipeline.spec.selection.size(), 4u);
    EXPECT_EQ(m.pipeline.spec.selection[0].kind, SelectionKind::ReliefF);
    EXPECT_EQ(m.pipeline.spec.selection[0].maxFeatures, 12);
    EXPECT_EQ(m.pipeline.spec.selection[1].kind, SelectionKind::Mrmr);
    EXPECT_EQ(m.pipeline.spec.selection[2].kind, SelectionKind::SvmRfe);
    EXPECT_EQ(m.pipeline.spec.selection[3].kind, SelectionKind::Lasso);
    EXPECT_EQ(m.pipeline.spec.selection[3].lambdaRule, rgw::modeling::LambdaRule::OneStandardError);

    auto r =
        cli({"model", "train", "--table", wdbc(), "--target", "malignant", "--model", "logistic",
             "--mrmr", "0", "--folds", "3", "--seed", "2", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--mrmr"), std::string::npos) << r.err;
    // SVM-RFE is one binary SVM: a survival outcome is refused, naming it.
    r = cli({"model",      "train",           "--table",   lung(),    "--time",
             "time",       "--event",         "status",    "--model", "cox",
             "--features", "age,sex,ph.ecog", "--svm-rfe", "2",       "--folds",
             "3",          "--seed",          "2",         "--out",   out("x.json")});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("SVM-RFE"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("x.json")));
}

// ComBat's options reach the model: covariates kept, priors off.
TEST_F(CliModel, ComBatCovariatesAndPriorsAreRecorded) {
    RGW_REQUIRE_TEST_DATA();
    const rgw::stats::DataTable wdbcTable =
        rgw::stats::DataTable::read(tabularFile("wdbc_breast_cancer.csv"));
    const fs::path table = scratch.path() / "sites.csv";
    {
        std::ofstream f(table);
        f << "id,site,older,malignant,mean_radius,mean_texture,mean_smoothness\n";
        for (std::size_t r = 0; r < wdbcTable.rows(); ++r)
            f << "W" << r << ",S" << r % 3 << ',' << (r * 7) % 2 << ','
              << wdbcTable.text("malignant")[r] << ',' << wdbcTable.text("mean_radius")[r] << ','
              << wdbcTable.text("mean_texture")[r] << ',' << wdbcTable.text("mean_smoothness")[r]
              << '\n';
    }
    const QJsonObject t = json({"model",
                                "train",
                                "--table",
                                table.string(),
                                "--target",
                                "malignant",
                                "--model",
                                "logistic",
                                "--features",
                                "older,mean_radius,mean_texture,mean_smoothness",
                                "--combat",
                                "site",
                                "--combat-covariates",
                                "older",
                                "--combat-nonparametric",
                                "--folds",
                                "3",
                                "--seed",
                                "2",
                                "--out",
                                out("c.json")});
    EXPECT_GT(t["validation"].toObject()["mean"].toDouble(), 0.8);
    const auto m = rgw::modeling::loadModelFile(out("c.json"));
    EXPECT_EQ(m.pipeline.spec.combatCovariates, std::vector<std::string>{"older"});
    EXPECT_FALSE(m.pipeline.spec.combatParametric);
    ASSERT_TRUE(m.pipeline.combat.has_value());
    EXPECT_EQ(m.pipeline.combat->covariates(), 1);
    const QJsonObject e = json({"model", "evaluate", out("c.json"), "--table", table.string()});
    EXPECT_EQ(e["rows"].toInt(), 569);

    const auto r = cli({"model", "train", "--table", table.string(), "--target", "malignant",
                        "--model", "logistic", "--combat-nonparametric", "--folds", "3", "--seed",
                        "2", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--combat COL"), std::string::npos) << r.err;
}

// --stability reads a second extraction by patient_id and keeps only the
// features whose repeat agrees with it.
TEST_F(CliModel, StabilityFilterReadsTheRepeatsTable) {
    RGW_REQUIRE_TEST_DATA();
    const rgw::stats::DataTable w =
        rgw::stats::DataTable::read(tabularFile("wdbc_breast_cancer.csv"));
    const fs::path table = scratch.path() / "first.csv";
    const fs::path repeats = scratch.path() / "second.csv";
    {
        std::ofstream f(table), g(repeats);
        f << "patient_id,malignant,mean_radius,mean_texture,mean_smoothness\n";
        g << "patient_id,mean_radius,mean_texture,mean_smoothness\n";
        for (std::size_t r = 0; r < w.rows(); ++r) {
            f << "W" << r << ',' << w.text("malignant")[r] << ',' << w.text("mean_radius")[r] << ','
              << w.text("mean_texture")[r] << ',' << w.text("mean_smoothness")[r] << '\n';
            if (r % 2 == 0) // half the patients extracted twice; texture re-read unreliably
                g << "W" << r << ',' << w.text("mean_radius")[r] << ','
                  << w.text("mean_texture")[(r * 7 + 3) % w.rows()] << ','
                  << w.text("mean_smoothness")[r] << '\n';
        }
    }
    const QJsonObject t = json({"model",           "train",     "--table",     table.string(),
                                "--target",        "malignant", "--model",     "logistic",
                                "--penalty",       "ridge",     "--stability", repeats.string(),
                                "--icc-threshold", "0.9",       "--folds",     "3",
                                "--seed",          "2",         "--out",       out("st.json")});
    const QJsonArray selected = t["selected_features"].toArray();
    EXPECT_FALSE(selected.contains(QString("mean_texture")));
    EXPECT_TRUE(selected.contains(QString("mean_radius")));
    const auto m = rgw::modeling::loadModelFile(out("st.json"));
    ASSERT_TRUE(m.pipeline.spec.stability.has_value());
    EXPECT_EQ(m.pipeline.spec.stability->threshold, 0.9);

    const auto r = cli({"model", "train", "--table", table.string(), "--target", "malignant",
                        "--model", "logistic", "--icc-threshold", "0.9", "--folds", "3", "--seed",
                        "2", "--out", out("x.json")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--stability"), std::string::npos) << r.err;
}

// The non-linear learners: trained by the same validated protocol, written
// to a model file that evaluate reads back and the database imports.
TEST_F(CliModel, LearnersAreTrainedEvaluatedAndStoredLikeLinearModels) {
    RGW_REQUIRE_TEST_DATA();
    const std::vector<std::string> base{
        "model",    "train",      "--table",     wdbc(),    "--target", "malignant", "--model",
        "logistic", "--features", kWdbcFeatures, "--folds", "4",        "--seed",    "3"};
    auto train = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    const QJsonObject gb = json(train({"--learner", "gradient-boosting", "--trees", "30", "--depth",
                                       "2", "--eta", "0.3", "--out", out("gb.json")}));
    EXPECT_EQ(gb["learner"].toString(), "gradient-boosting");
    const QJsonObject importance = gb["importance"].toObject();
    EXPECT_EQ(importance.size(), 8);
    double sum = 0;
    for (const auto& v : importance)
        sum += v.toDouble();
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_GT(gb["validation"].toObject()["mean"].toDouble(), 0.9);
    const rgw::modeling::TrainedModel m = rgw::modeling::loadModelFile(out("gb.json"));
    ASSERT_TRUE(m.pipeline.algorithm.has_value());
    EXPECT_EQ(m.pipeline.spec.learner.algorithmOptions.trees, 30);
    EXPECT_EQ(m.pipeline.spec.learner.algorithmOptions.depth, 2);
    EXPECT_EQ(m.pipeline.spec.learner.algorithmOptions.eta, 0.3);
    const QJsonObject e = json({"model", "evaluate", out("gb.json"), "--table", wdbc()});
    EXPECT_EQ(e["rows"].toInt(), 569);
    EXPECT_EQ(e["model_id"].toString(), gb["model_id"].toString());

    const QJsonObject svm =
        json(train({"--learner", "svm-rbf", "--svm-c", "2", "--out", out("svm.json")}));
    EXPECT_EQ(svm["learner"].toString(), "svm-rbf");
    EXPECT_TRUE(svm["importance"].toObject().isEmpty()) << "an RBF SVM has no importance";
    EXPECT_GT(svm["cross_validated"].toObject()["auc"].toDouble(), 0.9);
    const QJsonObject imported = json({"model", "import", out("svm.json")});
    EXPECT_EQ(imported["model_id"].toString(), svm["model_id"].toString());

    // Options of one kind of model are refused with another.
    for (const auto& bad :
         std::vector<std::vector<std::string>>{{"--trees", "10"},
                                               {"--svm-c", "1"},
                                               {"--learner", "random-forest", "--penalty", "ridge"},
                                               {"--learner", "random-forest", "--svm-gamma", "0.1"},
                                               {"--learner", "svm-linear", "--depth", "3"}}) {
        auto args = train(bad);
        args.insert(args.end(), {"--out", out("bad.json")});
        const auto r = cli(args);
        EXPECT_EQ(r.exitCode, 2) << bad.front() << ": " << r.err;
        EXPECT_NE(r.err.find(bad.size() == 2 ? bad.front() : bad[2]), std::string::npos) << r.err;
    }
    auto args = train({"--learner", "ferns", "--out", out("bad.json")});
    const auto r = cli(args);
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("ferns"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("bad.json")));
}

// Issue #13's whole path from the CLI on the demo cohort: extract -> cohort
// -> split -> train -> evaluate -> import -> score -> stored predictions.
TEST_F(CliModel, WholePathOnTheDemoCohort) {
    auto r = cli({"demo", "--out", out("demo"), "--patients", "48", "--import"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(cli({"extract-cohort", "--params", "ct-default"}).exitCode, 0);
    ASSERT_EQ(
        cli({"cohort", "create", "sequenced", "--where", "mut_EGFR is not not-profiled"}).exitCode,
        0);
    r = cli({"cohort", "split", "sequenced", "--test-fraction", "0.3", "--seed", "4", "--stratify",
             "mut_EGFR"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonObject t =
        json({"model",
              "train",
              "--cohort",
              "sequenced",
              "--parameter-set",
              "ct-default",
              "--target",
              "mut_EGFR",
              "--model",
              "logistic",
              "--features",
              "intensity_statistics.mean_intensity,intensity_statistics.intensity_variance,"
              "morphology.volume_mesh,morphology.sphericity",
              "--inner-folds",
              "3",
              "--folds",
              "3",
              "--seed",
              "1",
              "--name",
              "egfr",
              "--out",
              out("egfr.json")});
    const int trainRows = t["rows"].toInt();
    EXPECT_GT(trainRows, 0);
    const rgw::modeling::TrainedModel m = rgw::modeling::loadModelFile(out("egfr.json"));
    EXPECT_EQ(m.training.cohort, "sequenced@1");
    EXPECT_EQ(m.training.parameterSetHash.size(), 64u);
    EXPECT_EQ(static_cast<int>(m.training.members.size()), trainRows);

    const QJsonObject e = json({"model", "evaluate", out("egfr.json"), "--cohort", "sequenced",
                                "--parameter-set", "ct-default"});
    EXPECT_EQ(e["rows_used"].toString(), "the test split");
    EXPECT_EQ(e["rows_that_trained_the_model"].toInt(), 0);
    EXPECT_EQ(e["rows"].toInt() + trainRows, 36); // every sequenced patient is in one split

    const QJsonObject imported = json({"model", "import", out("egfr.json")});
    EXPECT_EQ(imported["model_id"].toString(), t["model_id"].toString());
    const QJsonObject scored = json({"model", "score", "egfr", "--cohort", "sequenced"});
    EXPECT_EQ(scored["model_id"].toString(), t["model_id"].toString());
    const QJsonArray rows = scored["scored"].toArray();
    // The contract's form, the model file itself: the same model, the same scores.
    const QJsonObject byFile = json({"model", "score", out("egfr.json"), "--cohort", "sequenced"});
    EXPECT_EQ(byFile["model_id"].toString(), t["model_id"].toString());
    EXPECT_EQ(byFile["scored"].toArray(), rows);
    EXPECT_EQ(rows.size() + scored["refused"].toArray().size(), 36);
    EXPECT_EQ(scored["stored"].toInt(), rows.size());
    for (const auto& row : rows) {
        const QJsonObject p = row.toObject();
        const double score = p["score"].toDouble();
        EXPECT_EQ(p["class"].toString(), score >= t["threshold"].toDouble() ? "1" : "0");
    }
    // The stored predictions, as the cohort page reads them.
    r = cli({"model", "predictions", "egfr", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const QJsonArray stored = parseJson(r.out).array();
    EXPECT_EQ(stored.size(), rows.size());
    for (const auto& row : stored) {
        const QJsonObject p = row.toObject();
        EXPECT_EQ(p["model_id"].toString(), t["model_id"].toString());
        EXPECT_EQ(p["software_version"].toString(), QString(RGW_VERSION));
    }
    const QJsonArray list = parseJson(cli({"model", "list", "--json"}).out).array();
    ASSERT_EQ(list.size(), 1);
    EXPECT_EQ(list[0].toObject()["predictions"].toInt(), rows.size());

    // Features of another parameter set are refused, naming both.
    ASSERT_EQ(cli({"extract-cohort", "--params", "ibsi-config-A"}).exitCode, 0);
    r = cli(
        {"model", "score", "egfr", "--cohort", "sequenced", "--parameter-set", "ibsi-config-A"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(m.training.parameterSetHash.substr(0, 12)), std::string::npos) << r.err;
    EXPECT_EQ(parseJson(cli({"model", "predictions", "egfr", "--json"}).out).array().size(),
              rows.size())
        << "a refused scoring leaves the stored predictions as they were";
}

} // namespace

#endif
