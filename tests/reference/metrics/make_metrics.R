# Reference outputs for core/stats Calibration, DecisionCurve, Threshold and
# TimeDependentAuc: model performance metrics of a fixed logistic model on
# wdbc_breast_cancer.csv and a fixed Cox model on survival_lung.csv.
# Run from this folder: Rscript make_metrics.R
suppressMessages({
  library(rms)            # val.prob: Brier, Intercept, Slope, Spiegelhalter z (loads Hmisc)
  library(pROC)           # Youden threshold, coords, one-vs-rest AUC
  library(nnet)           # multinom: multiclass probabilities
  library(survival)
  library(riskRegression) # Score: time-dependent AUC and Brier with KM censoring weights
  library(prodlim)        # the reverse Kaplan-Meier of the censoring that Score uses
})

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
lung <- read.csv(file.path(data_root, "tabular", "survival_lung.csv"))

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
write_table <- function(df, file) {
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

# ---- The fixed logistic model: fitted on the odd rows (1, 3, 5, ...),
# predicting the even rows. Predictions are written with %.17g so that the C++
# tests feed exactly these numbers to the metrics.
train <- seq(1, nrow(wdbc), by = 2)
test <- seq(2, nrow(wdbc), by = 2)
fit <- glm(malignant ~ mean_radius + mean_texture + mean_smoothness, family = binomial,
           data = wdbc[train, ])
p_train <- unname(fitted(fit))
p_test <- unname(predict(fit, newdata = wdbc[test, ], type = "response"))
y_train <- wdbc$malignant[train]
y_test <- wdbc$malignant[test]
write_table(data.frame(row = c(train, test), set = rep(c("train", "test"), c(length(train), length(test))),
                       malignant = c(y_train, y_test), p = c(p_train, p_test)),
            "metrics_predictions.csv")

# ---- Calibration (rms::val.prob). val.prob's "Intercept" and "Slope" are the
# coefficients of the recalibration model logit(P) = a + b logit(p)
# (lrm.fit(logit, y)); calibration-in-the-large is the intercept of
# logit(P) = a + offset(logit(p)), from glm. Rows with p = 0 or 1 (infinite
# logit) are dropped from both logistic fits, as val.prob does (none here; see
# the synthetic set below).
calibration_row <- function(name, p, y) {
  v <- val.prob(p, y, pl = FALSE, smooth = FALSE)
  keep <- is.finite(qlogis(p))
  citl <- glm(y[keep] ~ 1, offset = qlogis(p[keep]), family = binomial,
              control = glm.control(epsilon = 1e-14, maxit = 100))
  recal <- glm(y[keep] ~ qlogis(p[keep]), family = binomial,
               control = glm.control(epsilon = 1e-14, maxit = 100))
  data.frame(name = name, n = length(y), used = sum(keep), brier = v[["Brier"]],
             intercept = v[["Intercept"]], slope = v[["Slope"]],
             glm_intercept = unname(coef(recal)[1]), glm_slope = unname(coef(recal)[2]),
             calibration_in_the_large = unname(coef(citl)[1]),
             spiegelhalter_z = v[["S:z"]], spiegelhalter_p = v[["S:p"]])
}
# A small synthetic set with predictions of exactly 0 and 1 (val.prob drops
# them from the logistic calibration but keeps them in the Brier score).
set.seed(20261205)
syn_p <- c(0, 1, round(runif(38, 0.02, 0.98), 3))
syn_y <- c(0, 1, rbinom(38, 1, syn_p[-(1:2)]))
write_table(data.frame(y = syn_y, p = syn_p), "metrics_calibration_synthetic.csv")
write_table(suppressWarnings(rbind(calibration_row("test", p_test, y_test),
                                   calibration_row("train", p_train, y_train),
                                   calibration_row("synthetic", syn_p, syn_y))),
            "metrics_calibration.csv")

# Binned calibration curve: g groups of (nearly) equal size by predicted
# probability, group = floor(g (rank - 1) / n) with ranks in order of p, ties
# by row order (= dplyr::ntile); observed fraction with Hmisc::binconf's
# default Wilson 95% interval.
binned <- function(name, p, y, g) {
  n <- length(p)
  rank <- order(order(p))
  group <- floor(g * (rank - 1) / n)
  do.call(rbind, lapply(sort(unique(group)), function(k) {
    i <- group == k
    bc <- binconf(sum(y[i]), sum(i), alpha = 0.05, method = "wilson")
    data.frame(name = name, g = g, group = k, n = sum(i), events = sum(y[i]),
               mean_predicted = mean(p[i]), observed = bc[1, "PointEst"],
               lower = bc[1, "Lower"], upper = bc[1, "Upper"])
  }))
}
write_table(rbind(binned("test", p_test, y_test, 10), binned("test", p_test, y_test, 7),
                  binned("train", p_train, y_train, 10), binned("synthetic", syn_p, syn_y, 4)),
            "metrics_calibration_curve.csv")

# ---- Decision curve (Vickers & Elkin 2006). The dcurves package is not in
# Debian 12, so net benefit is computed by its formula:
# NB(pt) = TP/n - FP/n * pt / (1 - pt), treated when p >= pt;
# treat all: prevalence - (1 - prevalence) pt / (1 - pt); treat none: 0.
pts <- c(0, 0.01, 0.05, 0.1, 0.2, 0.3, 1 / 3, 0.5, 0.7, 0.9, 0.99)
net_benefit <- function(p, y, pt) {
  n <- length(y)
  treated <- p >= pt
  sum(treated & y == 1) / n - sum(treated & y == 0) / n * pt / (1 - pt)
}
write_table(do.call(rbind, lapply(pts, function(pt)
  data.frame(threshold = pt, model = net_benefit(p_test, y_test, pt),
             treat_all = mean(y_test) - (1 - mean(y_test)) * pt / (1 - pt), treat_none = 0))),
  "metrics_decision_curve.csv")

# ---- Youden threshold chosen on the training predictions, applied to the
# test predictions (pROC 1.18.0, direction "<": p >= threshold is positive).
roc_train <- roc(y_train, p_train, levels = c(0, 1), direction = "<", quiet = TRUE)
best <- coords(roc_train, "best", best.method = "youden", transpose = FALSE)
roc_test <- roc(y_test, p_test, levels = c(0, 1), direction = "<", quiet = TRUE)
ret <- c("threshold", "sensitivity", "specificity", "ppv", "npv", "accuracy", "tp", "fp", "tn", "fn")
apply_at <- function(name, thr) {
  cc <- coords(roc_test, x = thr, input = "threshold", ret = ret, transpose = FALSE)
  # The same by counting, to document the convention.
  pos <- p_test >= thr
  stopifnot(cc$tp == sum(pos & y_test == 1), cc$fp == sum(pos & y_test == 0))
  cbind(data.frame(name = name), cc)
}
write_table(data.frame(name = "train_youden", threshold = best$threshold,
                       sensitivity = best$sensitivity, specificity = best$specificity,
                       rows = nrow(best)), "metrics_youden.csv")
write_table(rbind(apply_at("youden_on_test", best$threshold[1]), apply_at("half", 0.5),
                  apply_at("test_score", p_test[7])),  # a threshold equal to a score: >=
            "metrics_threshold.csv")

# ---- Multiclass: ph.ecog 0/1/2 of lung from a multinomial model; confusion
# matrix with the predicted class = argmax probability (which.max: the first,
# i.e. the lowest class, on ties) and one-vs-rest AUCs by pROC.
mc <- lung[complete.cases(lung[, c("ph.ecog", "age", "sex", "ph.karno")]) & lung$ph.ecog <= 2, ]
mfit <- multinom(factor(ph.ecog) ~ age + sex + ph.karno, data = mc, trace = FALSE, maxit = 500,
                 reltol = 1e-14)
prob <- unname(predict(mfit, type = "probs"))
write_table(data.frame(ph_ecog = mc$ph.ecog, p0 = prob[, 1], p1 = prob[, 2], p2 = prob[, 3]),
            "metrics_multiclass_predictions.csv")
predicted <- apply(prob, 1, which.max) - 1
cm <- table(factor(mc$ph.ecog, levels = 0:2), factor(predicted, levels = 0:2))
write_table(data.frame(true = rep(0:2, 3), predicted = rep(0:2, each = 3), count = as.vector(cm)),
            "metrics_confusion.csv")
write_table(data.frame(class = 0:2, auc = sapply(0:2, function(k)
  as.numeric(auc(roc(as.numeric(mc$ph.ecog == k), prob[, k + 1], levels = c(0, 1),
                     direction = "<", quiet = TRUE))))), "metrics_one_vs_rest_auc.csv")

# ---- Time-dependent AUC and Brier score: Cox model on the complete rows of
# age, sex, ph.ecog of lung; risk = linear predictor; censoring weights from the
# Kaplan-Meier of the censoring distribution (cens.model = "km").
sv <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
sv$event <- as.numeric(sv$status == 2)
cox <- coxph(Surv(time, event) ~ age + sex + ph.ecog, data = sv, x = TRUE)
lp <- unname(predict(cox, type = "lp"))
# 180 is an event time; at 364 an event and a censoring are tied.
times <- c(180, 364, 365, 540, 730)
risk <- predictRisk(cox, newdata = sv, times = times)  # 1 - S(t | x)
pred <- data.frame(time = sv$time, event = sv$event, lp = lp)
for (k in seq_along(times)) pred[[paste0("risk_", times[k])]] <- risk[, k]
write_table(pred, "metrics_survival_predictions.csv")
auc_sc <- Score(list(lp = lp), formula = Hist(time, event) ~ 1, data = sv, times = times,
                metrics = "auc", cens.model = "km", null.model = FALSE, se.fit = FALSE)
brier_rows <- do.call(rbind, lapply(seq_along(times), function(k) {
  sc <- Score(list(cox = risk[, k]), formula = Hist(time, event) ~ 1, data = sv, times = times[k],
              metrics = "brier", cens.model = "km", null.model = FALSE, se.fit = FALSE)
  data.frame(time = times[k], brier = sc$Brier$score$Brier)
}))

# The same by the formula (Uno 2007, Blanche 2013), a cross-check of Score's
# conventions: cases T <= t with an event (an event at exactly t is a case)
# weighted 1/G(T-), controls T > t weighted 1/G(t), subjects censored at or
# before t weighted 0; marker ties count 1/2. G is prodlim's reverse
# Kaplan-Meier, which Score uses: at a time with deaths d and censorings c
# among n at risk the deaths leave first, G(s) = prod(1 - c / (n - d)) (not
# survfit(Surv(time, 1 - event))'s 1 - c / n).
ut <- sort(unique(sv$time))
n_risk <- sapply(ut, function(s) sum(sv$time >= s))
n_dead <- sapply(ut, function(s) sum(sv$time == s & sv$event == 1))
n_cens <- sapply(ut, function(s) sum(sv$time == s & sv$event == 0))
G <- cumprod(1 - n_cens / (n_risk - n_dead))
stopifnot(all(abs(G - prodlim(Hist(time, event) ~ 1, data = sv, reverse = TRUE)$surv) < 1e-14))
Gat <- function(s) { v <- G[ut <= s]; if (length(v)) tail(v, 1) else 1 }
Gminus <- function(s) sapply(s, function(u) { v <- G[ut < u]; if (length(v)) tail(v, 1) else 1 })
formula_auc <- function(t) {
  case <- sv$time <= t & sv$event == 1
  ctrl <- sv$time > t
  w <- 1 / Gminus(sv$time[case])
  m1 <- lp[case]; m0 <- lp[ctrl]
  conc <- sapply(m1, function(m) sum(m > m0) + 0.5 * sum(m == m0))
  sum(w * conc) / (sum(w) * length(m0))
}
formula_brier <- function(t, r) {
  case <- sv$time <= t & sv$event == 1
  ctrl <- sv$time > t
  (sum((1 - r[case])^2 / Gminus(sv$time[case])) + sum(r[ctrl]^2) / Gat(t)) / nrow(sv)
}
tdauc <- data.frame(time = times, auc = auc_sc$AUC$score$AUC,
                    formula_auc = sapply(times, formula_auc),
                    brier = brier_rows$brier,
                    formula_brier = sapply(seq_along(times), function(k) formula_brier(times[k], risk[, k])),
                    cases = sapply(times, function(t) sum(sv$time <= t & sv$event == 1)),
                    controls = sapply(times, function(t) sum(sv$time > t)),
                    censoring_survival = sapply(times, Gat))
stopifnot(all(abs(tdauc$auc - tdauc$formula_auc) < 1e-12), all(abs(tdauc$brier - tdauc$formula_brier) < 1e-12))
write_table(tdauc, "metrics_time_dependent.csv")

writeLines(c(R.version.string,
             sapply(c("rms", "Hmisc", "pROC", "nnet", "survival", "riskRegression", "prodlim"),
                    function(p) paste(p, as.character(packageVersion(p))))),
           "metrics.session.txt")
