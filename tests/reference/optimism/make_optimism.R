# Reference outputs for core/modeling/Optimism: Harrell's bootstrap optimism
# correction (Harrell, Lee & Mark 1996; Efron 1983), as rms::validate defines
# it: for each bootstrap sample b, fit on sample b, apparent_b = performance on
# sample b, test_b = performance of that fit on the original rows;
# optimism = mean_b(apparent_b - test_b); corrected = apparent - optimism.
# The B = 50 bootstrap index sets are drawn here with set.seed and written out
# (1-based) so the C++ test refits on exactly the same samples.
#   logistic: glm(malignant ~ mean_radius + mean_texture + mean_smoothness) on
#             wdbc; AUC (Mann-Whitney, ties 1/2), Somers' Dxy = 2 (AUC - 0.5),
#             Brier score, calibration intercept and slope (glm(y ~ lp)).
#   Cox:      coxph(Surv(time, status) ~ age + sex + ph.ecog) (Efron) on the
#             complete rows of lung; Harrell's C of the linear predictor as
#             risk = concordance(Surv ~ lp, reverse = TRUE), Dxy = 2 (C - 0.5).
# Run from this folder: Rscript make_optimism.R
suppressMessages({
  library(survival)
  library(pROC)
})

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "NA")
write_table <- function(df, file) {
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}
# Tight stopping rules so the reference fits are converged to ~1e-12
# (glm's default epsilon is 1e-8, coxph's eps 1e-9).
glm_control <- glm.control(epsilon = 1e-14, maxit = 100)
cox_control <- coxph.control(eps = 1e-14, toler.chol = 1e-15, iter.max = 100)
B <- 50

# AUC by the Mann-Whitney statistic (ties count 1/2), = pROC::auc.
auc_mw <- function(score, y) {
  r <- rank(score)
  n1 <- sum(y == 1); n0 <- sum(y == 0)
  (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}

draw <- function(n, seed) {
  set.seed(seed)
  lapply(seq_len(B), function(b) sample.int(n, n, replace = TRUE))
}
write_draws <- function(draws, file) {
  write_table(data.frame(resample = rep(seq_along(draws), lengths(draws)),
                         row = unlist(draws)), file)
}
# Per-resample rows (apparent_b on sample b, test_b on the original rows) and
# the summary in rms::validate's layout (index.orig, training, test,
# optimism, index.corrected, n).
summarise <- function(model, apparent, per) {
  do.call(rbind, lapply(names(apparent), function(ix) {
    p <- per[per$index == ix & is.finite(per$bootstrap) & is.finite(per$test), ]
    optimism <- mean(p$bootstrap - p$test)
    data.frame(model = model, index = ix, apparent = apparent[[ix]],
               training = mean(p$bootstrap), test = mean(p$test),
               optimism = optimism, corrected = apparent[[ix]] - optimism,
               used = nrow(p))
  }))
}
run <- function(model, data, fit_fn, indices_fn, draws) {
  full <- fit_fn(data)
  apparent <- indices_fn(full, data)
  per <- do.call(rbind, lapply(seq_along(draws), function(b) {
    sample_b <- data[draws[[b]], ]
    fit <- tryCatch(fit_fn(sample_b), error = function(e) NULL)
    if (is.null(fit)) return(NULL)          # a failed fit is skipped, as rms's "B used"
    a <- indices_fn(fit, sample_b)
    t <- indices_fn(fit, data)
    data.frame(model = model, resample = b, index = names(a),
               bootstrap = unlist(a), test = unlist(t[names(a)]))
  }))
  list(per = per, summary = summarise(model, apparent, per), full = full)
}

# ---- logistic: wdbc ----------------------------------------------------------
wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
logistic_fit <- function(d)
  glm(malignant ~ mean_radius + mean_texture + mean_smoothness, family = binomial,
      data = d, control = glm_control)
logistic_indices <- function(fit, d) {
  lp <- predict(fit, newdata = d, type = "link")
  p <- plogis(lp)
  y <- d$malignant
  cal <- coef(glm(y ~ lp, family = binomial, control = glm_control))
  auc <- auc_mw(p, y)
  list(auc = auc, dxy = 2 * (auc - 0.5), brier = mean((p - y)^2),
       calibration_intercept = unname(cal[1]), calibration_slope = unname(cal[2]))
}
wdbc_draws <- draw(nrow(wdbc), 20261207)
write_draws(wdbc_draws, "optimism_bootstrap_wdbc.csv")
logistic <- run("logistic", wdbc, logistic_fit, logistic_indices, wdbc_draws)
# The Mann-Whitney AUC is pROC's:
stopifnot(abs(auc_mw(fitted(logistic$full), wdbc$malignant) -
              as.numeric(auc(roc(wdbc$malignant, fitted(logistic$full), quiet = TRUE,
                                 direction = "<")))) < 1e-14)

# ---- Cox: lung ----------------------------------------------------------------
lung <- read.csv(file.path(data_root, "tabular", "survival_lung.csv"))
lung <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
lung$event <- as.integer(lung$status == 2)
cox_fit <- function(d)
  coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, ties = "efron",
        control = cox_control)
cox_indices <- function(fit, d) {
  lp <- predict(fit, newdata = d, type = "lp")
  # Higher lp = higher risk = shorter survival: reverse = TRUE (our
  # stats::harrellConcordance convention).
  c_index <- concordance(Surv(time, event) ~ lp, data = cbind(d, lp = lp),
                         reverse = TRUE)$concordance
  list(c_index = unname(c_index), dxy = 2 * (unname(c_index) - 0.5))
}
lung_draws <- draw(nrow(lung), 20261208)
write_draws(lung_draws, "optimism_bootstrap_lung.csv")
cox <- run("cox", lung, cox_fit, cox_indices, lung_draws)
# The full fit's C equals concordance(fit) (which reverses for a coxph fit).
stopifnot(abs(cox_indices(cox$full, lung)$c_index - concordance(cox$full)$concordance) < 1e-12)

write_table(rbind(logistic$per, cox$per), "optimism_resamples.csv")
write_table(rbind(logistic$summary, cox$summary), "optimism_summary.csv")
print(rbind(logistic$summary, cox$summary), digits = 6)

# Qualitative check with rms::validate (its own bootstrap draws, so only the
# sizes agree, not the digits). rms 6.5.0, B = 200, set.seed(1):
#   validate(lrm(malignant ~ mean_radius + mean_texture + mean_smoothness,
#                x = TRUE, y = TRUE), B = 200):
#                index.orig training   test optimism index.corrected
#     Dxy          0.9622   0.9627  0.9616   0.0011   0.9611
#     Intercept    0.0000   0.0000 -0.0189   0.0189  -0.0189
#     Slope        1.0000   1.0000  0.9708   0.0292   0.9708
#     B (Brier)    0.0501   0.0493  0.0511  -0.0018   0.0519
#   validate(cph(Surv(time, event) ~ age + sex + ph.ecog, x = TRUE, y = TRUE,
#                surv = TRUE), B = 200):
#     Dxy          0.2743   0.2913  0.2734   0.0180   0.2563
#   (rms 6.5.0 reports the cph Dxy as positive for a risk score, = 2 (C - 0.5).)
# The apparent values equal ours (Dxy 0.9622, Brier 0.0501, cph Dxy 0.2743);
# the optimism is of the same size with our 50 draws (Dxy 0.0016, slope
# 0.033, Brier -0.0021, cph Dxy 0.011); the calibration intercept's optimism
# is small and its sign depends on the draws.

writeLines(c(R.version.string,
             paste("survival", as.character(packageVersion("survival"))),
             paste("pROC", as.character(packageVersion("pROC")))),
           "optimism.session.txt")
