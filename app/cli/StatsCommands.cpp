// rgw-cli stats roc | delong | concordance | logrank | km: the validation
// statistics of core/stats on the columns of a table. Wiring only.
#include "CliCommands.h"
#include "CliJson.h"
#include "TableInput.h"
#include "modeling/Response.h"
#include "stats/Concordance.h"
#include "stats/KaplanMeier.h"
#include "stats/LogRank.h"
#include "stats/Roc.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>
#include <cstdio>

namespace rgw::cli {

const char* const kStatsHelp =
    R"help(usage: rgw-cli stats SUBCOMMAND --table F.csv ... [--json]

  stats roc --table F --score COL --label COL
      ROC AUC of COL for the label (0/1, or two values: the second in sorted
      order is positive; higher score = more likely positive) with the
      DeLong 95 % CI (as pROC ci.auc): auc, ci_lower, ci_upper.
  stats delong --table F --score COL --score2 COL --label COL
      Paired DeLong test of two scores' AUCs on the same rows (as pROC
      roc.test): auc, auc2, z, p.
  stats concordance --table F --time COL --event COL --score COL
      Harrell's C (higher score = higher risk; as survival::concordance with
      reverse = TRUE), its standard error and 95 % CI (C ± 1.96 se): c_index,
      se, ci_lower, ci_upper.
  stats logrank --table F --time COL --event COL --group COL
      Log-rank test of the groups (as survival::survdiff): chisq, df, p, and
      observed / expected events per group.
  stats km --table F --time COL --event COL [--group COL]
      Kaplan-Meier survival table (as survfit, log-scale 95 % CI): time,
      n_risk, n_event, survival, lower, upper, per group.

  Rows with a missing value in a column used are left out and counted. The
  event column is 0/1 (1 = event), 1/2 (2 = event, as R's Surv) or TRUE/FALSE.

options:
  --json   print one JSON object
  --help   show this help
)help";

namespace {

struct Columns {
    stats::DataTable table;
    std::vector<std::size_t> rows;
};

Columns completeRows(const ParsedArgs& parsed, const std::vector<std::string>& names) {
    Columns c{readTableOption(parsed), {}};
    c.rows = c.table.completeRows(names);
    if (c.rows.empty())
        throw Error(c.table.source() + ": no row has a value in every column used");
    return c;
}

void report(const QJsonObject& object, const ParsedArgs& parsed, const char* text) {
    if (parsed.has("--json"))
        printJson(object);
    else
        std::fputs(text, stdout);
}

std::string rowsLine(const Columns& c) {
    return std::to_string(c.rows.size()) + " rows used, " +
           std::to_string(c.table.rows() - c.rows.size()) + " dropped for missing values\n";
}

int roc(const ParsedArgs& parsed, bool paired) {
    const std::string command = paired ? "stats delong" : "stats roc";
    const std::string& score = requireOption(parsed, command, "--score", "COL");
    const std::string& label = requireOption(parsed, command, "--label", "COL");
    std::vector<std::string> used{score, label};
    const std::string* score2 = parsed.value("--score2");
    if (paired && !score2)
        throw UsageError("stats delong needs --score2 COL");
    if (!paired && score2)
        throw UsageError("--score2 is for stats delong");
    if (paired)
        used.push_back(*score2);
    const Columns c = completeRows(parsed, used);
    const modeling::BinaryResponse y = modeling::binaryResponse(c.table, label, c.rows);
    const Eigen::VectorXd s = c.table.vector(score, c.rows);
    char text[512];
    if (!paired) {
        const stats::AucInterval auc = stats::delongInterval(s, y.y);
        std::snprintf(text, sizeof text, "AUC %.6f (95%% CI %.6f-%.6f, DeLong), positive = %s\n",
                      auc.auc, auc.lower, auc.upper, y.positive.c_str());
        report(QJsonObject{{"auc", auc.auc},
                           {"ci_lower", auc.lower},
                           {"ci_upper", auc.upper},
                           {"positive", QString::fromStdString(y.positive)},
                           {"rows_used", qint64(c.rows.size())}},
               parsed, (rowsLine(c) + text).c_str());
        return kExitOk;
    }
    const stats::DelongTest test = stats::delongTest(s, c.table.vector(*score2, c.rows), y.y);
    std::snprintf(text, sizeof text, "AUC %s %.6f vs %s %.6f: z = %.4f, p = %.4g (DeLong)\n",
                  score.c_str(), test.auc1, score2->c_str(), test.auc2, test.z, test.p);
    report(QJsonObject{{"auc", test.auc1},
                       {"auc2", test.auc2},
                       {"z", test.z},
                       {"p", test.p},
                       {"rows_used", qint64(c.rows.size())}},
           parsed, (rowsLine(c) + text).c_str());
    return kExitOk;
}

int concordance(const ParsedArgs& parsed) {
    const std::string& time = requireOption(parsed, "stats concordance", "--time", "COL");
    const std::string& event = requireOption(parsed, "stats concordance", "--event", "COL");
    const std::string& score = requireOption(parsed, "stats concordance", "--score", "COL");
    const Columns c = completeRows(parsed, {time, event, score});
    const modeling::SurvivalResponse y = modeling::survivalResponse(c.table, time, event, c.rows);
    const stats::ConcordanceResult r =
        stats::harrellConcordance(y.time, y.event, c.table.vector(score, c.rows));
    char text[256];
    std::snprintf(text, sizeof text,
                  "Harrell's C %.6f (se %.6f, 95 %% CI %.6f-%.6f), higher %s = higher risk\n",
                  r.cIndex, r.standardError, r.lower, r.upper, score.c_str());
    report(QJsonObject{{"c_index", r.cIndex},
                       {"se", r.standardError},
                       {"ci_lower", r.lower},
                       {"ci_upper", r.upper},
                       {"rows_used", qint64(c.rows.size())}},
           parsed, (rowsLine(c) + text).c_str());
    return kExitOk;
}

int logrank(const ParsedArgs& parsed) {
    const std::string& time = requireOption(parsed, "stats logrank", "--time", "COL");
    const std::string& event = requireOption(parsed, "stats logrank", "--event", "COL");
    const std::string& group = requireOption(parsed, "stats logrank", "--group", "COL");
    const Columns c = completeRows(parsed, {time, event, group});
    const modeling::SurvivalResponse y = modeling::survivalResponse(c.table, time, event, c.rows);
    std::vector<std::string> groups;
    for (const std::size_t r : c.rows)
        groups.push_back(c.table.text(group)[r]);
    const stats::LogRankTest test = stats::logRankTest(y.time, y.event, groups);
    std::string text = rowsLine(c);
    QJsonArray perGroup;
    for (std::size_t g = 0; g < test.groups.size(); ++g) {
        perGroup.append(QJsonObject{{"group", QString::fromStdString(test.groups[g])},
                                    {"observed", test.observed[g]},
                                    {"expected", test.expected[g]}});
        char line[256];
        std::snprintf(line, sizeof line, "  %s = %-12s observed %6.0f expected %9.3f\n",
                      group.c_str(), test.groups[g].c_str(), test.observed[g], test.expected[g]);
        text += line;
    }
    char line[256];
    std::snprintf(line, sizeof line, "log-rank chisq = %.4f on %d df, p = %.4g\n", test.chiSquared,
                  test.df, test.p);
    text += line;
    report(QJsonObject{{"chisq", test.chiSquared},
                       {"df", test.df},
                       {"p", test.p},
                       {"groups", perGroup},
                       {"rows_used", qint64(c.rows.size())}},
           parsed, text.c_str());
    return kExitOk;
}

int km(const ParsedArgs& parsed) {
    const std::string& time = requireOption(parsed, "stats km", "--time", "COL");
    const std::string& event = requireOption(parsed, "stats km", "--event", "COL");
    const std::string* group = parsed.value("--group");
    std::vector<std::string> used{time, event};
    if (group)
        used.push_back(*group);
    const Columns c = completeRows(parsed, used);
    const modeling::SurvivalResponse y = modeling::survivalResponse(c.table, time, event, c.rows);
    std::vector<stats::KaplanMeierCurve> curves;
    if (group) {
        std::vector<std::string> groups;
        for (const std::size_t r : c.rows)
            groups.push_back(c.table.text(*group)[r]);
        curves = stats::kaplanMeierByGroup(y.time, y.event, groups);
    } else {
        curves.push_back(stats::kaplanMeier(y.time, y.event));
    }
    std::string text = rowsLine(c);
    QJsonArray jsonCurves;
    for (const auto& curve : curves) {
        QJsonArray rows;
        if (group)
            text += "\n" + *group + " = " + curve.group + "\n";
        text += "      time  n_risk n_event  survival     lower     upper\n";
        for (const auto& r : curve.rows) {
            rows.append(QJsonObject{{"time", r.time},
                                    {"n_risk", qint64(r.atRisk)},
                                    {"n_event", qint64(r.events)},
                                    {"survival", r.survival},
                                    {"lower", std::isnan(r.lower) ? QJsonValue() : r.lower},
                                    {"upper", std::isnan(r.upper) ? QJsonValue() : r.upper}});
            char line[160];
            std::snprintf(line, sizeof line, "%10g %7zu %7zu %9.5f %9.5f %9.5f\n", r.time, r.atRisk,
                          r.events, r.survival, r.lower, r.upper);
            text += line;
        }
        QJsonObject object{{"rows", rows},
                           {"median", std::isnan(curve.medianSurvival)
                                          ? QJsonValue()
                                          : QJsonValue(curve.medianSurvival)}};
        if (group)
            object["group"] = QString::fromStdString(curve.group);
        jsonCurves.append(object);
    }
    report(QJsonObject{{"curves", jsonCurves}, {"rows_used", qint64(c.rows.size())}}, parsed,
           text.c_str());
    return kExitOk;
}

} // namespace

int runStats(const CliContext&, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs(
        "stats", args,
        {"--table", "--score", "--score2", "--label", "--time", "--event", "--group"}, {"--json"});
    if (parsed.positional.size() != 1)
        throw UsageError("usage: stats roc|delong|concordance|logrank|km --table F ... "
                         "(see rgw-cli stats --help)");
    const std::string& sub = parsed.positional.front();
    if (sub == "roc" || sub == "delong")
        return roc(parsed, sub == "delong");
    if (sub == "concordance")
        return concordance(parsed);
    if (sub == "logrank")
        return logrank(parsed);
    if (sub == "km")
        return km(parsed);
    throw UsageError("unknown stats subcommand '" + sub +
                     "' (roc, delong, concordance, logrank, km)");
}

} // namespace rgw::cli
