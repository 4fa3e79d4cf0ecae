# Reference paths of R glmnet 4.1.6 for core/stats/Glmnet*.cpp
# (tests/core/test_glmnet_*.cpp). Run from this folder: Rscript make_glmnet.R
#
# Every fit uses thresh = 1e-14 and maxit = 1e7 so that the reference is
# glmnet's exact optimum at each lambda, not a point where its default
# convergence test (thresh = 1e-7) happened to stop; the tests run our code
# with the same settings. All other arguments are glmnet's defaults
# (standardize = TRUE, intercept = TRUE, nlambda = 100, default
# lambda.min.ratio, type.multinomial = "ungrouped", type.logistic = "Newton").
#
# Data (from $RGW_TEST_DATA/tabular):
#  - wdbc_breast_cancer.csv: malignant ~ all 30 features (569 rows);
#  - survival_lung.csv, complete cases of time, status, age, sex, ph.ecog,
#    ph.karno, pat.karno, meal.cal, wt.loss (168 rows):
#      Cox:  Surv(time, status == 2) ~ age + sex + ph.ecog + ph.karno +
#            pat.karno + meal.cal + wt.loss;
#      multinomial: ph.ecog (0/1/2; the one patient with ph.ecog 3 is
#            dropped) ~ age + sex + ph.karno + pat.karno + meal.cal + wt.loss
#            (167 rows).
#
# Cox time unit. glmnet breaks death/censoring ties by adding
# 100 * .Machine$double.eps to censored times (censored at t stays in the risk
# set at t, Breslow). For times >= 256 that addition is below the rounding
# unit, so in days the tie is not broken and the order of the tied rows is
# left to glmnet's quicksort (lung has deaths and censorings at 269, 284, 301
# and 303 days): a fold subset can then drop a censored patient from the risk
# set at its own time. We give glmnet the time in years (days / 365.25), where
# the tie-break works; the partial likelihood depends on the order of the
# times only, so the reference is the standard Breslow answer for the times in
# days, which is what the tests give our code.
#
# Outputs (numbers with sprintf("%.17g")):
#  <fit>.csv, one row per lambda of glmnet's path: lambda, a0 (binomial),
#     dev_ratio, df, then one coefficient column per feature (original scale);
#     multinomial: one row per (class, lambda) with a column `class`.
#  <fit>_summary.csv: nulldev (and npasses for information).
#  cv_<family>_folds.csv: the foldid given to cv.glmnet (row order of the data
#     as filtered above); cv_<family>.csv: lambda, cvm, cvsd;
#     cv_<family>_summary.csv: lambda_min, lambda_1se, index_min, index_1se
#     (1-based).

suppressPackageStartupMessages({
  library(glmnet)
  library(survival)
})

here <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
}
setwd(here())
data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
tab <- function(name) read.csv(file.path(data_root, "tabular", name), check.names = FALSE)

num <- function(v) sprintf("%.17g", v)
write_table <- function(df, file) {
  out <- as.data.frame(lapply(df, function(col) if (is.numeric(col)) num(col) else col),
                       check.names = FALSE)
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}

thresh <- 1e-14
maxit <- 1e7

path_table <- function(fit, features) {
  b <- as.matrix(fit$beta)
  out <- data.frame(lambda = fit$lambda)
  if (!is.null(fit$a0)) out$a0 <- as.numeric(fit$a0)
  out$dev_ratio <- fit$dev.ratio
  out$df <- fit$df
  for (j in seq_along(features)) out[[features[j]]] <- b[j, ]
  out
}

multinomial_table <- function(fit, features) {
  rows <- list()
  for (k in seq_along(fit$beta)) {
    b <- as.matrix(fit$beta[[k]])
    t <- data.frame(class = names(fit$beta)[k], lambda = fit$lambda, a0 = fit$a0[k, ],
                    dev_ratio = fit$dev.ratio, df = fit$df)
    for (j in seq_along(features)) t[[features[j]]] <- b[j, ]
    rows[[k]] <- t
  }
  do.call(rbind, rows)
}

summary_table <- function(fit) data.frame(nulldev = fit$nulldev, npasses = fit$npasses)

cv_tables <- function(cv, name) {
  write_table(data.frame(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd),
              paste0("cv_", name, ".csv"))
  write_table(data.frame(lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
                         index_min = as.integer(cv$index["min", 1]),
                         index_1se = as.integer(cv$index["1se", 1])),
              paste0("cv_", name, "_summary.csv"))
}

# ---- binomial: wdbc ----
wdbc <- tab("wdbc_breast_cancer.csv")
wdbc_features <- setdiff(names(wdbc), c("id", "malignant"))
xw <- as.matrix(wdbc[, wdbc_features])
yw <- wdbc$malignant
for (spec in list(list("binomial_lasso", 1), list("binomial_enet", 0.5), list("binomial_ridge", 0))) {
  fit <- glmnet(xw, yw, family = "binomial", alpha = spec[[2]], thresh = thresh, maxit = maxit)
  write_table(path_table(fit, wdbc_features), paste0(spec[[1]], ".csv"))
  write_table(summary_table(fit), paste0(spec[[1]], "_summary.csv"))
}

# ---- Cox: lung ----
lung <- tab("survival_lung.csv")
cox_features <- c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss")
lungc <- lung[complete.cases(lung[, c("time", "status", cox_features)]), ]
xc <- as.matrix(lungc[, cox_features])
yc <- Surv(lungc$time / 365.25, as.integer(lungc$status == 2))
for (spec in list(list("cox_lasso", 1), list("cox_enet", 0.5))) {
  fit <- glmnet(xc, yc, family = "cox", alpha = spec[[2]], thresh = thresh, maxit = maxit)
  write_table(path_table(fit, cox_features), paste0(spec[[1]], ".csv"))
  write_table(summary_table(fit), paste0(spec[[1]], "_summary.csv"))
}

# ---- multinomial: lung ph.ecog ----
mult_features <- c("age", "sex", "ph.karno", "pat.karno", "meal.cal", "wt.loss")
lungm <- lung[complete.cases(lung[, c("ph.ecog", mult_features)]) & lung$ph.ecog %in% c(0, 1, 2), ]
xm <- as.matrix(lungm[, mult_features])
ym <- factor(lungm$ph.ecog)
for (spec in list(list("multinomial_lasso", 1), list("multinomial_enet", 0.5))) {
  fit <- glmnet(xm, ym, family = "multinomial", alpha = spec[[2]], thresh = thresh, maxit = maxit)
  write_table(multinomial_table(fit, mult_features), paste0(spec[[1]], ".csv"))
  write_table(summary_table(fit), paste0(spec[[1]], "_summary.csv"))
}

# ---- cross-validation with fixed folds ----
set.seed(20240611)
fold_w <- sample(rep(1:10, length.out = nrow(xw)))
write_table(data.frame(row = seq_along(fold_w), fold = fold_w), "cv_binomial_folds.csv")
cvb <- cv.glmnet(xw, yw, family = "binomial", foldid = fold_w, type.measure = "deviance",
                 thresh = thresh, maxit = maxit)
cv_tables(cvb, "binomial")

set.seed(20240612)
fold_c <- sample(rep(1:10, length.out = nrow(xc)))
write_table(data.frame(row = seq_along(fold_c), fold = fold_c), "cv_cox_folds.csv")
cvc <- cv.glmnet(xc, yc, family = "cox", foldid = fold_c, thresh = thresh, maxit = maxit)
cv_tables(cvc, "cox")

set.seed(20240613)
fold_m <- sample(rep(1:5, length.out = nrow(xm)))
write_table(data.frame(row = seq_along(fold_m), fold = fold_m), "cv_multinomial_folds.csv")
cvm <- cv.glmnet(xm, ym, family = "multinomial", foldid = fold_m, type.measure = "deviance",
                 thresh = thresh, maxit = maxit)
cv_tables(cvm, "multinomial")

writeLines(c(R.version.string,
             paste("glmnet", as.character(packageVersion("glmnet"))),
             paste("survival", as.character(packageVersion("survival"))),
             paste("Matrix", as.character(packageVersion("Matrix")))),
           "glmnet.session.txt")
