// rgw-cli model fit: one model on every complete row of a table
// (modeling::fitTable). Wiring only.
#include "CliCommands.h"
#include "CliJson.h"
#include "ModelWorkflow.h"
#include "TableInput.h"
#include "modeling/TableFit.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cstdio>
#include <set>
#include <sstream>

namespace rgw::cli {

const char* const kModelHelp =
    R"help(usage: rgw-cli model fit|train|evaluate|score|import|list|predictions ...

  model fit --table F.csv (--target COL | --time COL --event COL)
          [--features A,B,...] --model logistic|multinomial|cox
          [--penalty none|lasso|ridge|elastic-net] [--alpha A] [--lambda L]
          [--ties efron|breslow] [--json]

  model fit
      One fit on every complete row of the table, no resampling (rows with a
      missing response or feature are left out and counted). Without
      --features every numeric column but the response is a feature.
      logistic: --target with values 0/1 or two values (the second in sorted
        order is the event); coefficients on the log-odds scale with
        "(Intercept)", as R glm(family = binomial).
      multinomial: --target with two or more classes; unpenalised, the first
        class is the reference (as nnet::multinom); penalised, one set per
        class (as glmnet).
      cox: --time (> 0) and --event (0/1 with 1 = event, or 1/2 with
        2 = event, as R's Surv); ties efron (default, as coxph) or breslow.
      --penalty lasso|ridge|elastic-net with --lambda L fits glmnet's
        objective at L (standardised features, coefficients on the original
        scale; --alpha for elastic net, default 0.5; Cox ties breslow).
      Unpenalised fits also print standard errors, Wald z and p, odds or
      hazard ratios with 95 % CIs, and the log-likelihood.
  model train (--cohort NAME[@VERSION] [--parameter-set P] | --table F.csv)
              (--target COL | --time COL --event COL) --model logistic|multinomial|cox
              --folds K [--repeats R] --seed S --out MODEL.json [options]
      The validated protocol: repeated stratified K-fold cross-validation in
      which imputation, transforms, ComBat, feature selection and the choice
      of lambda are fitted on each training split only; then the final model
      on all training rows (the cohort's "train" split when the table has a
      split column). Prints the cross-validated metrics and the chosen
      lambda; the decision threshold (Youden) or the risk-group cut-off
      (median linear predictor) is chosen on training data.
      --features A,B,...      candidate features (default: every numeric
                              column but the response, id, split and batch)
      --penalty lasso|ridge|elastic-net|none (default lasso), --alpha A
      --lambda-rule min|1se   glmnet's lambda.min (default) or lambda.1se
      --inner-folds K         folds of the inner CV choosing lambda (10)
      --ties efron|breslow    unpenalised Cox ties (efron)
      --learner random-forest|gradient-boosting|svm-linear|svm-rbf
                              a non-linear learner instead of the linear
                              model (xgboost, libsvm with Platt-calibrated
                              probabilities; trees also for cox); with
                              --trees N, --depth D, --eta E (trees) or
                              --svm-c C, --svm-gamma G (SVMs; gamma 1/p)
      --impute median|drop|none
                              (median, fitted in each fold; drop: complete
                              cases, training leaves out the rows missing a
                              candidate feature and scoring refuses patients
                              missing an input; none: a missing value is an
                              error)
      --log A,B,...           log-transform these features
      --no-zscore             do not standardise the features
      --combat COL            ComBat harmonisation across the batches of COL
      --combat-covariates A,B biological covariates whose effect ComBat
                              keeps (0/1 or numeric columns, no missing)
      --combat-nonparametric  sva's par.prior = FALSE
      --combat-mean-only      adjust the batch means only
      --stability REPEATS.csv first keep the features whose repeated
                              extraction (same columns, by patient_id) agrees:
                              --icc ICC(1,1)|ICC(2,1)|ICC(3,1) (ICC(2,1),
                              absolute agreement) >= --icc-threshold T (0.75),
                              on the training rows of each split
      --stability versions    the same with the repeats from the database:
                              per patient of --cohort, the extraction
                              (--parameter-set) of the segmentation version
                              before the analysed (newest) one of the same
                              lineage; patients with one version have none.
                              Candidates must be radiomic features (give
                              --features); the model file records the source
      --near-zero-variance    drop near-constant features (caret's rule)
      --correlation R         drop the less relevant of pairs with |r| > R
      --fdr Q, --top K        univariate filter: BH q <= Q and/or the K best
      --test auto|mann-whitney|welch-t|auc|cox   its test (auto:
                              Mann-Whitney, Kruskal-Wallis or univariate Cox)
      --relieff K             then the K largest RELIEF-F weights
      --mrmr K                then K by minimum redundancy, maximum relevance
      --svm-rfe K             then K by linear-SVM recursive elimination
      --lasso-select min|1se  then the non-zero lasso coefficients at
                              lambda.min / lambda.1se (inner 10-fold CV)
      --radscore-features A,B a rad-score + clinical model: a penalised model
                              of these radiomic features (its linear
                              predictor, the rad-score) and an unpenalised
                              logistic / Cox model (unless --penalty) of the
                              rad-score and --features (the clinical
                              variables); both stages in every CV fold
      --radscore-penalty lasso|ridge|elastic-net   the rad-score's (lasso)
      --radscore-cross-fit K  the second stage is fitted on rad-scores
                              cross-fitted in K folds of the training rows
                              (5); 0: in-sample
      --bootstraps B          also Harrell's bootstrap optimism correction
      --threads N             worker threads (results do not depend on N)
      --name NAME             the model's name (default: the file's stem)
  model evaluate MODEL.json (--cohort NAME [--parameter-set P] | --table F.csv)
      The stored model on the cohort's test split (or every row of a table
      without a split column: an external cohort), scored as new patients
      are, with the stored threshold / risk cut-off; the cohort's features
      are those of the model's parameter set unless --parameter-set says.
  model score MODEL.json|NAME --cohort NAME[@VERSION] [--parameter-set P]
      Scores the cohort's patients (features of the model's parameter set by
      default) and stores the predictions (probability or linear predictor,
      class at the stored threshold or risk group, model id and version) in
      the database; a file is imported first. Refuses another parameter set
      or an absent input; names each patient left unscored and why.
  model import MODEL.json   store a model file (from any installation)
  model list                the stored models
  model predictions NAME|ID the stored predictions of a model

options:
  --json   print one JSON object. fit: coefficients (keyed by column name;
           by class, then name, for multinomial), standard_errors and loglik
           for unpenalised fits, rows_used, rows_dropped. train: model_id,
           lambda, selected_features, validation, cross_validated (the
           metrics), threshold or risk_cutoffs, optimism, learner and
           importance (non-linear learners), stages, rad_score and
           clinical_features (rad-score models). evaluate: the
           metrics, rows_used, refused
  --help   show this help
)help";

namespace {

QJsonObject keyed(const modeling::CoefficientSet& set, const std::vector<double>& values) {
    QJsonObject object;
    for (std::size_t i = 0; i < set.names.size(); ++i)
        object[QString::fromStdString(set.names[i])] = values[i];
    return object;
}

QJsonObject toJson(const modeling::FitSummary& s) {
    const bool multinomial = s.request.model == modeling::ModelKind::Multinomial;
    QJsonObject coefficients, errors;
    for (const auto& set : s.sets) {
        if (multinomial) {
            coefficients[QString::fromStdString(set.label)] = keyed(set, set.estimate);
            if (!set.standardError.empty())
                errors[QString::fromStdString(set.label)] = keyed(set, set.standardError);
        } else {
            coefficients = keyed(set, set.estimate);
            if (!set.standardError.empty())
                errors = keyed(set, set.standardError);
        }
    }
    QJsonObject out{{"model", modeling::modelKindName(s.request.model)},
                    {"penalty", modeling::penaltyName(s.request.penalty)},
                    {"coefficients", coefficients},
                    {"rows_used", qint64(s.rowsUsed)},
                    {"rows_dropped", qint64(s.rowsDropped)}};
    if (s.request.penalty != modeling::Penalty::None) {
        out["alpha"] = s.alpha;
        out["lambda"] = *s.request.lambda;
    } else {
        out["standard_errors"] = errors;
        out["loglik"] = *s.logLikelihood;
    }
    if (s.request.ties)
        out["ties"] = *s.request.ties == stats::CoxTies::Efron ? "efron" : "breslow";
    QJsonArray classes;
    for (const std::string& c : s.classes)
        classes.append(QString::fromStdString(c));
    if (!classes.isEmpty())
        out["classes"] = classes;
    return out;
}

void printSummary(const modeling::FitSummary& s) {
    const char* ratio = s.request.model == modeling::ModelKind::Cox ? "HR" : "OR";
    std::printf("%s model, penalty %s", modeling::modelKindName(s.request.model),
                modeling::penaltyName(s.request.penalty));
    if (s.request.penalty != modeling::Penalty::None)
        std::printf(" (alpha %g, lambda %g)", s.alpha, *s.request.lambda);
    std::printf(": %zu rows used, %zu dropped for missing values\n", s.rowsUsed, s.rowsDropped);
    if (s.classes.size() == 2)
        std::printf("event: %s = 1, %s = 0\n", s.classes[1].c_str(), s.classes[0].c_str());
    for (const auto& set : s.sets) {
        if (!set.label.empty())
            std::printf("\nclass %s%s\n", set.label.c_str(),
                        set.standardError.empty() ? "" : (" vs " + s.classes[0]).c_str());
        if (set.standardError.empty()) {
            std::printf("%-28s %14s\n", "term", "estimate");
            for (std::size_t i = 0; i < set.names.size(); ++i)
                std::printf("%-28s %14.6g\n", set.names[i].c_str(), set.estimate[i]);
            continue;
        }
        std::printf("%-28s %12s %11s %8s %10s %10s %21s\n", "term", "estimate", "std.error", "z",
                    "p", ratio, "95% CI");
        for (std::size_t i = 0; i < set.names.size(); ++i) {
            const bool intercept = set.names[i] == "(Intercept)";
            std::printf("%-28s %12.6g %11.4g %8.3f %10.3g", set.names[i].c_str(), set.estimate[i],
                        set.standardError[i], set.z[i], set.p[i]);
            if (intercept)
                std::printf("\n");
            else
                std::printf(" %10.4g  [%8.4g, %8.4g]\n", set.ratio[i], set.ratioLower[i],
                            set.ratioUpper[i]);
        }
    }
    if (s.logLikelihood)
        std::printf("\nlog-likelihood %.6f\n", *s.logLikelihood);
}

int fit(const ParsedArgs& parsed) {
    modeling::FitRequest request;
    const modeling::ModelTask task = taskOptions(parsed, "model fit");
    request.model = task.kind;
    request.target = task.target;
    request.time = task.time;
    request.event = task.event;
    if (const auto* features = parsed.value("--features"))
        request.features = commaList(*features);
    if (const auto* penalty = parsed.value("--penalty"))
        request.penalty = modeling::parsePenalty(*penalty);
    if (const auto* alpha = parsed.value("--alpha"))
        request.alpha = parseNumberOption("--alpha", *alpha);
    if (const auto* lambda = parsed.value("--lambda"))
        request.lambda = parseNumberOption("--lambda", *lambda);
    if (const auto* ties = parsed.value("--ties")) {
        if (*ties != "efron" && *ties != "breslow")
            throw UsageError("--ties takes efron or breslow, not '" + *ties + "'");
        if (request.model != modeling::ModelKind::Cox)
            throw UsageError("--ties is for --model cox");
        request.ties = *ties == "efron" ? stats::CoxTies::Efron : stats::CoxTies::Breslow;
    }
    const stats::DataTable table = readTableOption(parsed);
    const modeling::FitSummary summary = modeling::fitTable(table, std::move(request));
    if (parsed.has("--json"))
        printJson(toJson(summary));
    else
        printSummary(summary);
    return kExitOk;
}

} // namespace

int runModel(const CliContext& context, const std::vector<std::string>& args) {
    const ParsedArgs parsed = parseArgs("model", args,
                                        {"--table",
                                         "--cohort",
                                         "--parameter-set",
                                         "--target",
                                         "--time",
                                         "--event",
                                         "--features",
                                         "--model",
                                         "--penalty",
                                         "--alpha",
                                         "--lambda",
                                         "--ties",
                                         "--lambda-rule",
                                         "--inner-folds",
                                         "--impute",
                                         "--log",
                                         "--combat",
                                         "--correlation",
                                         "--fdr",
                                         "--top",
                                         "--test",
                                         "--folds",
                                         "--repeats",
                                         "--seed",
                                         "--bootstraps",
                                         "--threads",
                                         "--name",
                                         "--out",
                                         "--learner",
                                         "--trees",
                                         "--depth",
                                         "--eta",
                                         "--svm-c",
                                         "--svm-gamma",
                                         "--relieff",
                                         "--mrmr",
                                         "--svm-rfe",
                                         "--lasso-select",
                                         "--combat-covariates",
                                         "--stability",
                                         "--icc",
                                         "--icc-threshold",
                                         "--radscore-features",
                                         "--radscore-penalty",
                                         "--radscore-cross-fit"},
                                        {"--json", "--no-zscore", "--near-zero-variance",
                                         "--combat-nonparametric", "--combat-mean-only"});
    if (parsed.positional.empty())
        throw UsageError("usage: model fit|train|evaluate|score|import|list|predictions ... (see "
                         "rgw-cli model --help)");
    const std::string& sub = parsed.positional.front();
    if (sub == "train")
        return trainModelCommand(context, parsed);
    if (sub == "evaluate")
        return evaluateModelCommand(context, parsed);
    if (sub == "score")
        return scoreModelCommand(context, parsed);
    if (sub == "import")
        return importModelCommand(context, parsed);
    if (sub == "list")
        return listModelsCommand(context, parsed);
    if (sub == "predictions")
        return predictionsCommand(context, parsed);
    if (sub != "fit")
        throw UsageError("unknown model subcommand '" + sub +
                         "' (fit, train, evaluate, score, import, list, predictions)");
    if (parsed.positional.size() != 1)
        throw UsageError("model fit takes no positional arguments");
    for (const char* option :
         {"--cohort", "--parameter-set", "--folds", "--seed", "--out", "--combat"})
        if (parsed.value(option))
            throw UsageError(std::string(option) + " is for model train; model fit is one fit "
                                                   "on a table");
    return fit(parsed);
}

} // namespace rgw::cli
