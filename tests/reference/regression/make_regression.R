# Reference outputs for rgw::stats::fitLogistic (R glm, binomial) and
# rgw::stats::fitCox (survival::coxph, Efron and Breslow ties), with
# survival::basehaz(fit, centered = FALSE). Run from this folder:
#   Rscript make_regression.R
suppressPackageStartupMessages(library(survival))
data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
tabular <- function(name) read.csv(file.path(data_root, "tabular", name))
num <- function(v) sprintf("%.17g", v)

# Converge to the exact maximum so the comparison measures our code, not R's
# stopping rule (glm's default epsilon is 1e-8, coxph's eps 1e-9).
glm_control <- glm.control(epsilon = 1e-14, maxit = 100)
cox_control <- coxph.control(eps = 1e-14, toler.chol = 1e-15, iter.max = 100)

write_coefficients <- function(file, est, se, z, p) {
  out <- data.frame(term = names(est), estimate = num(est), std_error = num(se),
                    z = num(z), p = num(p))
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}
write_covariance <- function(file, v) {
  out <- data.frame(term = rownames(v), apply(v, 2, num))
  names(out) <- c("term", rownames(v))
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}
write_summary <- function(file, values) {
  out <- data.frame(quantity = names(values), value = num(unlist(values)))
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}

logistic <- function(tag, formula, data) {
  warned <- FALSE
  fit <- withCallingHandlers(glm(formula, family = binomial, data = data, control = glm_control),
                             warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
  if (warned || !fit$converged) stop(tag, ": glm did not converge cleanly")
  s <- summary(fit)$coefficients
  est <- s[, 1]; names(est) <- rownames(s)
  write_coefficients(sprintf("logistic_%s_coefficients.csv", tag), est, s[, 2], s[, 3], s[, 4])
  write_covariance(sprintf("logistic_%s_covariance.csv", tag), vcov(fit))
  write_summary(sprintf("logistic_%s_summary.csv", tag),
                list(n = nobs(fit), logLik = as.numeric(logLik(fit)),
                     deviance = fit$deviance, null_deviance = fit$null.deviance,
                     aic = fit$aic))
  write.csv(data.frame(fitted = num(fitted(fit))),
            sprintf("logistic_%s_fitted.csv", tag), row.names = FALSE, quote = FALSE)
}

cox <- function(tag, formula, frame) {
  for (ties in c("efron", "breslow")) {
    warned <- FALSE
    fit <- withCallingHandlers(coxph(formula, data = frame, ties = ties, control = cox_control,
                                                     model = TRUE, x = TRUE),
                               warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
    if (warned) stop(tag, ": coxph did not converge cleanly")
    s <- summary(fit)
    co <- s$coefficients
    # summary.coxph's tests, unrounded (print rounds; summary rounds the Wald test to 2 digits).
    df <- length(est <- co[, "coef"])
    lr <- 2 * (fit$loglik[2] - fit$loglik[1])
    wald <- as.vector(fit$wald.test)
    stopifnot(isTRUE(all.equal(lr, s$logtest[["test"]])), abs(wald - s$waldtest[["test"]]) <= 0.005,
              isTRUE(all.equal(fit$score, s$sctest[["test"]])))
    names(est) <- rownames(co)
    write_coefficients(sprintf("cox_%s_%s_coefficients.csv", tag, ties), est,
                       co[, "se(coef)"], co[, "z"], co[, "Pr(>|z|)"])
    write_covariance(sprintf("cox_%s_%s_covariance.csv", tag, ties), vcov(fit))
    write_summary(sprintf("cox_%s_%s_summary.csv", tag, ties),
                  list(n = fit$n, events = fit$nevent,
                       logLik_null = fit$loglik[1], logLik = fit$loglik[2],
                       likelihood_ratio = lr, likelihood_ratio_p = pchisq(lr, df, lower.tail = FALSE),
                       wald = wald, wald_p = pchisq(wald, df, lower.tail = FALSE),
                       score = fit$score, score_p = pchisq(fit$score, df, lower.tail = FALSE),
                       df = df))
    write.csv(data.frame(term = names(fit$means), mean = num(fit$means)),
              sprintf("cox_%s_%s_means.csv", tag, ties), row.names = FALSE, quote = FALSE)
    # basehaz(centered = FALSE): survfit's cumulative hazard at x = 0. survfit.coxph
    # uses the Breslow increment d / sum(r) for Breslow ties and the Efron-adjusted
    # increment sum_k 1 / (sum(r) - k/d sum_deaths(r)) for Efron ties. basehaz lists
    # every distinct time; keep the event times (censored rows repeat the hazard).
    b <- basehaz(fit, centered = FALSE)
    sf <- survfit(fit, se.fit = FALSE)
    stopifnot(all.equal(b$time, sf$time))
    keep <- sf$n.event > 0
    write.csv(data.frame(time = num(b$time[keep]), cumulative_hazard = num(b$hazard[keep])),
              sprintf("cox_%s_%s_basehaz.csv", tag, ties), row.names = FALSE, quote = FALSE)
  }
}

# (a) Breast cancer, two feature subsets without separation.
wdbc <- tabular("wdbc_breast_cancer.csv")
logistic("wdbc_mean", malignant ~ mean_radius + mean_texture + mean_smoothness +
           mean_concave_points + mean_symmetry, wdbc)
logistic("wdbc_error", malignant ~ mean_texture + radius_error + smoothness_error +
           concavity_error + mean_fractal_dimension, wdbc)

# (b) Lung: death as a binary outcome (glm drops the row with missing ph.ecog).
lung <- tabular("survival_lung.csv")
logistic("lung", I(status == 2) ~ age + sex + ph.ecog, lung)

# (c) Lung Cox model on complete cases (coxph drops rows with NA).
cox("lung", Surv(time, status == 2) ~ age + sex + ph.ecog + ph.karno + wt.loss, lung)

# (d) Synthetic data with heavy ties: integer times 1..10, n = 200.
set.seed(20261205)
n <- 200
ties_data <- data.frame(x1 = round(rnorm(n), 6), x2 = rbinom(n, 1, 0.4),
                        x3 = round(runif(n, 0, 5), 6))
lp <- 0.5 * ties_data$x1 - 0.7 * ties_data$x2 + 0.2 * ties_data$x3
event_time <- rexp(n, 0.15 * exp(lp))
censor_time <- runif(n, 2, 14)
ties_data$time <- pmin(pmax(ceiling(pmin(event_time, censor_time)), 1), 10)
ties_data$event <- as.integer(event_time <= censor_time & event_time <= 10)
write.csv(data.frame(x1 = num(ties_data$x1), x2 = ties_data$x2, x3 = num(ties_data$x3),
                     time = ties_data$time, event = ties_data$event),
          "ties_data.csv", row.names = FALSE, quote = FALSE)
cox("ties", Surv(time, event) ~ x1 + x2 + x3, ties_data)

writeLines(c(R.version.string,
             paste("survival", as.character(packageVersion("survival"))),
             paste("stats", as.character(packageVersion("stats")))),
           "regression.session.txt")
