// rgw-cli model fit and stats (issue #13's CLI contract): the JSON each
// command prints equals the reference software's numbers committed under
// tests/reference (glm, coxph, glmnet, pROC, survival), and bad input ends
// in the documented exit status with a message naming the column.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "Reference.h"
#include "stats/DataTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <fstream>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using rgw::stats::DataTable;
using rgw::test::cliPath;
using rgw::test::parseJson;
using rgw::test::referenceFile;
using rgw::test::run;
using rgw::test::tabularFile;

namespace {

struct Cli : ::testing::Test {
    rgw::test::TempDir scratch;

    QJsonObject json(const std::vector<std::string>& args) {
        std::vector<std::string> all = args;
        all.push_back("--json");
        const auto r = run(cliPath(), all, scratch.path());
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseJson(r.out).object();
    }
    std::string wdbc() const { return tabularFile("wdbc_breast_cancer.csv").string(); }
    std::string lung() const { return tabularFile("survival_lung.csv").string(); }
};

/// The first row of `file` whose column `key` is `value` (and `key2` `value2`).
std::size_t rowOf(const DataTable& t, const std::string& key, const std::string& value,
                  const std::string& key2 = {}, const std::string& value2 = {}) {
    for (std::size_t r = 0; r < t.rows(); ++r)
        if (t.text(key)[r] == value && (key2.empty() || t.text(key2)[r] == value2))
            return r;
    ADD_FAILURE() << "no row " << key << " = " << value << " in " << t.source();
    return 0;
}

TEST_F(Cli, StatsRocAndDelongEqualPROC) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable ci = DataTable::read(referenceFile("roc/roc_delong_ci.csv"));
    const std::size_t r = rowOf(ci, "name", "wdbc_mean_radius", "level", "0.94999999999999996");
    const QJsonObject roc =
        json({"stats", "roc", "--table", wdbc(), "--score", "mean_radius", "--label", "malignant"});
    EXPECT_NEAR(roc["auc"].toDouble(), ci.numbers("auc")[r], 1e-12);
    EXPECT_NEAR(roc["ci_lower"].toDouble(), ci.numbers("lower")[r], 1e-6);
    EXPECT_NEAR(roc["ci_upper"].toDouble(), ci.numbers("upper")[r], 1e-6);

    const DataTable test = DataTable::read(referenceFile("roc/roc_delong_test.csv"));
    const std::size_t t = rowOf(test, "score1", "wdbc_mean_radius", "score2", "wdbc_mean_texture");
    const QJsonObject delong = json({"stats", "delong", "--table", wdbc(), "--score", "mean_radius",
                                     "--score2", "mean_texture", "--label", "malignant"});
    EXPECT_NEAR(delong["z"].toDouble(), test.numbers("z")[t], 1e-6);
    EXPECT_NEAR(delong["p"].toDouble(), test.numbers("p")[t], 1e-6 * test.numbers("p")[t]);
}

TEST_F(Cli, StatsSurvivalEqualsTheSurvivalPackage) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable c = DataTable::read(referenceFile("survival/concordance.csv"));
    const std::size_t r = rowOf(c, "dataset", "lung", "score", "age");
    const QJsonObject concordance = json({"stats", "concordance", "--table", lung(), "--time",
                                          "time", "--event", "status", "--score", "age"});
    EXPECT_NEAR(concordance["c_index"].toDouble(), c.numbers("concordance")[r], 1e-12);
    EXPECT_NEAR(concordance["se"].toDouble(), c.numbers("std_err")[r], 1e-8);
    EXPECT_NEAR(concordance["ci_lower"].toDouble(), c.numbers("ci_lower")[r], 1e-8);
    EXPECT_NEAR(concordance["ci_upper"].toDouble(), c.numbers("ci_upper")[r], 1e-8);

    const DataTable lr = DataTable::read(referenceFile("survival/logrank.csv"));
    const std::size_t l = rowOf(lr, "dataset", "lung", "grouping", "sex");
    const QJsonObject logrank = json({"stats", "logrank", "--table", lung(), "--time", "time",
                                      "--event", "status", "--group", "sex"});
    EXPECT_NEAR(logrank["chisq"].toDouble(), lr.numbers("chisq")[l], 1e-8 * lr.numbers("chisq")[l]);
    EXPECT_EQ(logrank["df"].toInt(), 1);
    EXPECT_NEAR(logrank["p"].toDouble(), lr.numbers("p")[l], 1e-8 * lr.numbers("p")[l]);

    // Kaplan-Meier of all of lung, every row against survfit's.
    const DataTable km = DataTable::read(referenceFile("survival/km_rows.csv"));
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < km.rows(); ++i)
        if (km.text("dataset")[i] == "lung" && km.text("grouping")[i] == "all" &&
            km.text("level")[i] == "0.94999999999999996")
            expected.push_back(i);
    const QJsonObject curve =
        json({"stats", "km", "--table", lung(), "--time", "time", "--event", "status"});
    const QJsonArray rows = curve["curves"].toArray()[0].toObject()["rows"].toArray();
    ASSERT_EQ(static_cast<std::size_t>(rows.size()), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const QJsonObject row = rows[static_cast<qsizetype>(i)].toObject();
        const std::size_t e = expected[i];
        EXPECT_EQ(row["time"].toDouble(), km.numbers("time")[e]);
        EXPECT_EQ(row["n_risk"].toInt(), static_cast<int>(km.numbers("n_risk")[e]));
        EXPECT_NEAR(row["survival"].toDouble(), km.numbers("surv")[e], 1e-10);
        if (!std::isnan(km.numbers("lower")[e])) {
            EXPECT_NEAR(row["lower"].toDouble(), km.numbers("lower")[e], 1e-10);
        }
    }

    // By group (--group sex): one curve per sex, every row against survfit's
    // strata, n_event and the upper limit too.
    const QJsonObject bySex = json({"stats", "km", "--table", lung(), "--time", "time", "--event",
                                    "status", "--group", "sex"});
    const QJsonArray curves = bySex["curves"].toArray();
    ASSERT_EQ(curves.size(), 2);
    std::size_t compared = 0;
    for (const auto& value : curves) {
        const QJsonObject c = value.toObject();
        const std::string group = c["group"].toString().toStdString();
        std::vector<std::size_t> strata;
        for (std::size_t i = 0; i < km.rows(); ++i)
            if (km.text("dataset")[i] == "lung" && km.text("grouping")[i] == "sex" &&
                km.text("group")[i] == group && km.text("level")[i] == "0.94999999999999996")
                strata.push_back(i);
        const QJsonArray groupRows = c["rows"].toArray();
        ASSERT_EQ(static_cast<std::size_t>(groupRows.size()), strata.size()) << group;
        for (std::size_t i = 0; i < strata.size(); ++i) {
            const QJsonObject row = groupRows[static_cast<qsizetype>(i)].toObject();
            const std::size_t e = strata[i];
            EXPECT_EQ(row["time"].toDouble(), km.numbers("time")[e]) << group;
            EXPECT_EQ(row["n_risk"].toInt(), static_cast<int>(km.numbers("n_risk")[e])) << group;
            EXPECT_EQ(row["n_event"].toInt(), static_cast<int>(km.numbers("n_event")[e])) << group;
            EXPECT_NEAR(row["survival"].toDouble(), km.numbers("surv")[e], 1e-10) << group;
            if (!std::isnan(km.numbers("upper")[e])) {
                EXPECT_NEAR(row["upper"].toDouble(), km.numbers("upper")[e], 1e-10) << group;
            }
            ++compared;
        }
    }
    EXPECT_GT(compared, 100u);
}

TEST_F(Cli, StatsErrorsNameTheColumnAndUseTheExitStatuses) {
    RGW_REQUIRE_TEST_DATA();
    auto r =
        run(cliPath(),
            {"stats", "roc", "--table", wdbc(), "--score", "mean_radiu", "--label", "malignant"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no column 'mean_radiu' (did you mean mean_radius"), std::string::npos)
        << r.err;
    r = run(cliPath(),
            {"stats", "roc", "--table", "/nonexistent.csv", "--score", "a", "--label", "b"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 3) << r.err;
    r = run(cliPath(), {"stats", "roc", "--table", wdbc(), "--label", "malignant"}, scratch.path());
    EXPECT_EQ(r.exitCode, 2) << r.err;
    r = run(cliPath(), {"stats", "km", "--table", lung(), "--time", "time", "--event", "age"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("column 'age': the event '74' is not 0/1"), std::string::npos) << r.err;
}

/// Every coefficient (and standard error) of a reference table against the
/// JSON objects the CLI printed.
void expectCoefficients(const QJsonObject& fit, const std::string& reference, double tolerance) {
    const DataTable ref = DataTable::read(referenceFile(reference));
    const QJsonObject estimates = fit["coefficients"].toObject();
    const QJsonObject errors = fit["standard_errors"].toObject();
    ASSERT_EQ(static_cast<std::size_t>(estimates.size()), ref.rows()) << reference;
    for (std::size_t r = 0; r < ref.rows(); ++r) {
        const QString term = QString::fromStdString(ref.text("term")[r]);
        const double estimate = ref.numbers("estimate")[r];
        EXPECT_NEAR(estimates[term].toDouble(), estimate,
                    tolerance * std::max(1.0, std::abs(estimate)))
            << reference << " " << term.toStdString();
        EXPECT_NEAR(errors[term].toDouble(), ref.numbers("std_error")[r], tolerance)
            << reference << " " << term.toStdString();
    }
}

double summaryValue(const std::string& reference, const std::string& quantity) {
    const DataTable t = DataTable::read(referenceFile(reference));
    return t.numbers("value")[rowOf(t, "quantity", quantity)];
}

TEST_F(Cli, ModelFitEqualsGlmAndCoxph) {
    RGW_REQUIRE_TEST_DATA();
    // glm(I(status == 2) ~ age + sex + ph.ecog, binomial): status 1/2 is read
    // as two values, 2 the event.
    const QJsonObject logistic = json({"model", "fit", "--table", lung(), "--target", "status",
                                       "--features", "age,sex,ph.ecog", "--model", "logistic"});
    expectCoefficients(logistic, "regression/logistic_lung_coefficients.csv", 1e-6);
    EXPECT_NEAR(logistic["loglik"].toDouble(),
                summaryValue("regression/logistic_lung_summary.csv", "logLik"), 1e-6);
    EXPECT_EQ(logistic["rows_used"].toInt(),
              static_cast<int>(summaryValue("regression/logistic_lung_summary.csv", "n")));

    for (const std::string ties : {"efron", "breslow"}) {
        const QJsonObject cox = json(
            {"model", "fit", "--table", lung(), "--time", "time", "--event", "status", "--features",
             "age,sex,ph.ecog,ph.karno,wt.loss", "--model", "cox", "--ties", ties});
        expectCoefficients(cox, "regression/cox_lung_" + ties + "_coefficients.csv", 1e-6);
        EXPECT_EQ(cox["rows_used"].toInt(), 213);
        EXPECT_EQ(cox["ties"].toString().toStdString(), ties);
    }
}

// glmnet's objective at one λ of the reference path (computed along the whole
// path there; here from zero at that λ alone) gives the same coefficients.
TEST_F(Cli, PenalisedFitAtOneLambdaEqualsTheGlmnetPath) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable path = DataTable::read(referenceFile("glmnet/binomial_lasso.csv"));
    for (const std::size_t row : {5u, 30u, 60u}) {
        const std::string lambda = path.text("lambda")[row];
        const QJsonObject fit =
            json({"model", "fit", "--table", wdbc(), "--target", "malignant", "--model", "logistic",
                  "--penalty", "lasso", "--lambda", lambda});
        const QJsonObject c = fit["coefficients"].toObject();
        ASSERT_EQ(c.size(), 31); // the 30 numeric features and the intercept
        EXPECT_NEAR(c["(Intercept)"].toDouble(), path.numbers("a0")[row], 1e-4) << lambda;
        for (const std::string& name : path.columnNames()) {
            if (name == "lambda" || name == "a0" || name == "dev_ratio" || name == "df")
                continue;
            EXPECT_NEAR(c[QString::fromStdString(name)].toDouble(), path.numbers(name)[row], 1e-4)
                << name << " at lambda " << lambda;
        }
        EXPECT_FALSE(fit.contains("standard_errors"));
    }
    const DataTable cox = DataTable::read(referenceFile("glmnet/cox_lasso.csv"));
    const std::size_t row = 20;
    const QJsonObject fit =
        json({"model", "fit", "--table", lung(), "--time", "time", "--event", "status",
              "--features", "age,sex,ph.ecog,ph.karno,pat.karno,meal.cal,wt.loss", "--model", "cox",
              "--penalty", "lasso", "--lambda", cox.text("lambda")[row]});
    for (const char* name :
         {"age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"})
        EXPECT_NEAR(fit["coefficients"].toObject()[name].toDouble(), cox.numbers(name)[row], 1e-4)
            << name;
    EXPECT_EQ(fit["ties"].toString(), "breslow");
}

/// The rows of the lung table whose columns `complete` all have a value and
/// whose ph.ecog is 0, 1 or 2 (the references leave the one ph.ecog 3 out),
/// written as CSV to `file`.
void writeLungSubset(const DataTable& lung, const std::vector<std::string>& complete,
                     const std::filesystem::path& file) {
    std::ofstream out(file);
    const auto& names = lung.columnNames();
    for (std::size_t c = 0; c < names.size(); ++c)
        out << (c ? "," : "") << names[c];
    out << "\n";
    for (std::size_t r = 0; r < lung.rows(); ++r) {
        bool keep = lung.text("ph.ecog")[r] != "3";
        for (const auto& name : complete)
            keep = keep && !lung.text(name)[r].empty();
        if (!keep)
            continue;
        for (std::size_t c = 0; c < names.size(); ++c)
            out << (c ? "," : "") << lung.text(names[c])[r];
        out << "\n";
    }
}

// The contract's other fits: unpenalised multinomial as nnet::multinom,
// ridge and elastic net at one λ and penalised multinomial as glmnet.
TEST_F(Cli, MultinomialRidgeAndElasticNetFitsEqualTheirReferences) {
    RGW_REQUIRE_TEST_DATA();
    const DataTable lungTable = DataTable::read(lung());
    const auto unpenalised = scratch.path() / "lung_ecog.csv";
    writeLungSubset(lungTable, {"ph.ecog", "age", "sex", "pat.karno", "wt.loss"}, unpenalised);
    const QJsonObject m =
        json({"model", "fit", "--table", unpenalised.string(), "--target", "ph.ecog", "--features",
              "age,sex,pat.karno,wt.loss", "--model", "multinomial"});
    const DataTable nnet = DataTable::read(referenceFile("multinomial/multinomial_lung.csv"));
    ASSERT_EQ(nnet.rows(), 10u); // classes 1 and 2 against 0, five terms each
    for (std::size_t r = 0; r < nnet.rows(); ++r) {
        const QString k = QString::fromStdString(nnet.text("class")[r]);
        const QString term = QString::fromStdString(nnet.text("term")[r]);
        EXPECT_NEAR(m["coefficients"][k][term].toDouble(), nnet.numbers("estimate")[r], 1e-6)
            << k.toStdString() << " " << term.toStdString();
        EXPECT_NEAR(m["standard_errors"][k][term].toDouble(), nnet.numbers("std_error")[r], 1e-6)
            << k.toStdString() << " " << term.toStdString();
    }
    const DataTable summary =
        DataTable::read(referenceFile("multinomial/multinomial_lung_summary.csv"));
    EXPECT_EQ(m["rows_used"].toInt(), int(summary.numbers("value")[0]));
    EXPECT_NEAR(m["loglik"].toDouble(), summary.numbers("value")[1], 1e-6);

    for (const auto& [penalty, file] : {std::pair{"ridge", "glmnet/binomial_ridge.csv"},
                                        std::pair{"elastic-net", "glmnet/binomial_enet.csv"}}) {
        const DataTable path = DataTable::read(referenceFile(file));
        const std::size_t row = 40;
        std::vector<std::string> args{
            "model",   "fit",      "--table",   wdbc(),  "--target", "malignant",
            "--model", "logistic", "--penalty", penalty, "--lambda", path.text("lambda")[row]};
        if (std::string(penalty) == "elastic-net")
            args.insert(args.end(), {"--alpha", "0.5"});
        const QJsonObject c = json(args)["coefficients"].toObject();
        EXPECT_NEAR(c["(Intercept)"].toDouble(), path.numbers("a0")[row], 1e-4) << penalty;
        for (const std::string& name : path.columnNames()) {
            if (name == "lambda" || name == "a0" || name == "dev_ratio" || name == "df")
                continue;
            EXPECT_NEAR(c[QString::fromStdString(name)].toDouble(), path.numbers(name)[row], 1e-4)
                << penalty << " " << name;
        }
    }

    // Penalised multinomial (glmnet, ungrouped) on the Cox complete cases.
    const auto penalised = scratch.path() / "lung_complete.csv";
    writeLungSubset(
        lungTable,
        {"time", "status", "age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"},
        penalised);
    const DataTable glmnet = DataTable::read(referenceFile("glmnet/multinomial_lasso.csv"));
    const std::string lambda = glmnet.text("lambda")[30];
    const QJsonObject p =
        json({"model", "fit", "--table", penalised.string(), "--target", "ph.ecog", "--features",
              "age,sex,ph.karno,pat.karno,meal.cal,wt.loss", "--model", "multinomial", "--penalty",
              "lasso", "--lambda", lambda})["coefficients"]
            .toObject();
    int compared = 0;
    for (std::size_t r = 0; r < glmnet.rows(); ++r) {
        if (glmnet.text("lambda")[r] != lambda)
            continue;
        const QJsonObject k = p[QString::fromStdString(glmnet.text("class")[r])].toObject();
        EXPECT_NEAR(k["(Intercept)"].toDouble(), glmnet.numbers("a0")[r], 1e-4);
        for (const char* name : {"age", "sex", "ph.karno", "pat.karno", "meal.cal", "wt.loss"})
            EXPECT_NEAR(k[name].toDouble(), glmnet.numbers(name)[r], 1e-4)
                << glmnet.text("class")[r] << " " << name;
        ++compared;
    }
    EXPECT_EQ(compared, 3); // one coefficient set per class
}

TEST_F(Cli, ModelFitRefusesWhatItCannotDoCorrectly) {
    RGW_REQUIRE_TEST_DATA();
    // All 30 wdbc features separate the classes: an error naming separation.
    auto r =
        run(cliPath(),
            {"model", "fit", "--table", wdbc(), "--target", "malignant", "--model", "logistic"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("separat"), std::string::npos) << r.err;
    // A penalty without lambda points to the validated protocol.
    r = run(cliPath(),
            {"model", "fit", "--table", wdbc(), "--target", "malignant", "--model", "logistic",
             "--penalty", "lasso"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("needs lambda"), std::string::npos) << r.err;
    r = run(cliPath(),
            {"model", "fit", "--table", lung(), "--time", "time", "--event", "status", "--model",
             "cox", "--penalty", "lasso", "--lambda", "0.1", "--ties", "efron", "--features",
             "age"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("Breslow"), std::string::npos) << r.err;
    r = run(cliPath(),
            {"model", "fit", "--table", lung(), "--target", "status", "--model", "probit"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("unknown model 'probit'"), std::string::npos) << r.err;
    r = run(cliPath(), {"model", "fit", "--table", lung(), "--model", "cox", "--target", "status"},
            scratch.path());
    EXPECT_EQ(r.exitCode, 2) << r.err;
}

} // namespace

#endif
