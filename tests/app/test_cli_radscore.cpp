// rgw-cli model train --radscore-features (issue #13 §3): a rad-score +
// clinical model trained by the validated protocol; the result names both
// stages, the file reads back and `model evaluate` scores with it.
// On the shared lung table (Cox): the ECOG/Karnofsky/meal/weight columns
// stand in for radiomic features, age and sex are the clinical variables;
// on wdbc (logistic): the "worst" features form the rad-score beside two
// "mean" features.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Reference.h"
#include "modeling/ModelFile.h"

#include <QJsonArray>
#include <QJsonObject>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::run;
using rgw::test::tabularFile;

namespace {

struct CliRadScore : ::testing::Test {
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
    std::string lung() const { return tabularFile("survival_lung.csv").string(); }
    std::string wdbc() const { return tabularFile("wdbc_breast_cancer.csv").string(); }
    std::string out(const std::string& name) const { return (scratch.path() / name).string(); }
};

const char* kLungRadiomic = "ph.ecog,ph.karno,pat.karno,meal.cal,wt.loss";

TEST_F(CliRadScore, CoxRadScoreAndClinicalModelTrainsAndEvaluates) {
    RGW_REQUIRE_TEST_DATA();
    const QJsonObject t = json({"model",
                                "train",
                                "--table",
                                lung(),
                                "--time",
                                "time",
                                "--event",
                                "status",
                                "--model",
                                "cox",
                                "--features",
                                "age,sex",
                                "--radscore-features",
                                kLungRadiomic,
                                "--folds",
                                "4",
                                "--seed",
                                "3",
                                "--out",
                                out("lung.json")});
    EXPECT_EQ(t["stages"].toArray(), (QJsonArray{"rad-score", "clinical"}));
    EXPECT_EQ(t["penalty"].toString(), "none"); // the second stage
    const QJsonObject rs = t["rad_score"].toObject();
    EXPECT_EQ(rs["penalty"].toString(), "lasso");
    EXPECT_EQ(rs["cross_fit_folds"].toInt(), 5);
    EXPECT_EQ(rs["candidate_features"].toArray().size(), 5);
    EXPECT_GE(rs["selected_features"].toArray().size(), 1);
    EXPECT_EQ(t["clinical_features"].toArray(), (QJsonArray{"age", "sex"}));
    EXPECT_EQ(t["selected_features"].toArray().first().toString(), "rad-score");
    EXPECT_GT(t["validation"].toObject()["mean"].toDouble(), 0.5);

    const rgw::modeling::TrainedModel m = rgw::modeling::loadModelFile(out("lung.json"));
    ASSERT_TRUE(m.pipeline.radScore);
    EXPECT_EQ(m.pipeline.inputFeatures.front(), "age");

    const QJsonObject e = json({"model", "evaluate", out("lung.json"), "--table", lung()});
    EXPECT_TRUE(e.contains("c_index"));
    EXPECT_GT(e["c_index"].toDouble(), 0.5);

    // The plain text says the two stages.
    const auto text = cli({"model",
                           "train",
                           "--table",
                           lung(),
                           "--time",
                           "time",
                           "--event",
                           "status",
                           "--model",
                           "cox",
                           "--features",
                           "age,sex",
                           "--radscore-features",
                           kLungRadiomic,
                           "--radscore-penalty",
                           "ridge",
                           "--radscore-cross-fit",
                           "0",
                           "--folds",
                           "4",
                           "--seed",
                           "3",
                           "--out",
                           out("lung-ridge.json")});
    EXPECT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("Stage 1, rad-score: ridge"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("in-sample training rad-scores"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Stage 2, rad-score + clinical"), std::string::npos) << text.out;
}

TEST_F(CliRadScore, LogisticRadScoreModelOnWdbc) {
    RGW_REQUIRE_TEST_DATA();
    const QJsonObject t =
        json({"model", "train", "--table", wdbc(), "--target", "malignant", "--model", "logistic",
              "--features", "mean_texture,mean_smoothness", "--radscore-features",
              "worst_radius,worst_texture,worst_concavity,worst_symmetry", "--folds", "5", "--seed",
              "7", "--out", out("wdbc.json")});
    EXPECT_EQ(t["rad_score"].toObject()["penalty"].toString(), "lasso");
    EXPECT_GT(t["validation"].toObject()["mean"].toDouble(), 0.9);
    const QJsonObject e = json({"model", "evaluate", out("wdbc.json"), "--table", wdbc()});
    EXPECT_GT(e["auc"].toDouble(), 0.9);
}

TEST_F(CliRadScore, BadRequestsAreNamed) {
    RGW_REQUIRE_TEST_DATA();
    const std::vector<std::string> base{
        "model",   "train", "--table", lung(), "--time", "time", "--event", "status",
        "--model", "cox",   "--folds", "3",    "--seed", "1",    "--out",   out("x.json")};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    };
    auto r = with({"--radscore-features", kLungRadiomic});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--features"), std::string::npos) << r.err;
    r = with({"--features", "age", "--radscore-penalty", "ridge"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--radscore-features"), std::string::npos) << r.err;
    r = with({"--features", "age,wt.loss", "--radscore-features", kLungRadiomic});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("wt.loss"), std::string::npos) << r.err;
    r = with({"--features", "age", "--radscore-features", "ph.ecog,no_such"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no_such"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out("x.json")));
}

} // namespace

#endif
