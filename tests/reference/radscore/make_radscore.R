# Reference for the rad-score + clinical model (core/modeling/Pipeline.h,
# RadScoreSpec; tests/core/test_radscore.cpp).
#
# Step 1 writes a synthetic cohort (fixed seed): six radiomic stand-ins
# r1..r6 (r1, r2 carry signal), two clinical variables age and sex, a binary
# outcome y and a survival time / status from the same linear predictor.
#
# Step 2 (when radscore_scores.csv exists) fits the second stage the way the
# literature does, with R's own glm and coxph, on the rad-score our code
# computed for each training row (cross-fitted; written by
#   RGW_WRITE_RADSCORE_SCORES=tests/reference/radscore/radscore_scores.csv \
#     build/tests/core/test_radscore --gtest_filter='*SecondStage*'
# ) and the clinical columns. The test reads the same scores back, checks
# that our code still computes them, and compares its second-stage
# coefficients with these.
#
#   cd tests/reference/radscore && Rscript make_radscore.R
suppressPackageStartupMessages(library(survival))
fmt <- function(x) sprintf("%.17g", x)

if (!file.exists("radscore_data.csv")) {
  set.seed(20261206)
  n <- 240
  r <- matrix(rnorm(n * 6), n, 6, dimnames = list(NULL, paste0("r", 1:6)))
  age <- round(rnorm(n, 62, 9))
  sex <- rbinom(n, 1, 0.45)
  lp <- 0.9 * r[, 1] - 0.6 * r[, 2] + 0.03 * (age - 62) + 0.5 * sex
  y <- rbinom(n, 1, plogis(-0.3 + lp))
  event_time <- rexp(n, 0.1 * exp(lp))
  censor <- runif(n, 2, 25)
  time <- round(pmin(event_time, censor), 3)
  status <- as.integer(event_time <= censor)
  d <- data.frame(patient_id = sprintf("P%03d", 1:n))
  for (j in 1:6) d[[paste0("r", j)]] <- fmt(r[, j])
  d$age <- age
  d$sex <- sex
  d$y <- y
  d$time <- fmt(time)
  d$status <- status
  write.csv(d, "radscore_data.csv", row.names = FALSE, quote = FALSE)
}

if (file.exists("radscore_scores.csv")) {
  d <- read.csv("radscore_data.csv")
  s <- read.csv("radscore_scores.csv")
  stopifnot(identical(s$patient_id, d$patient_id))
  g <- glm(d$y ~ s$logistic_radscore + d$age + d$sex, family = binomial)
  write.csv(data.frame(name = c("(Intercept)", "rad-score", "age", "sex"),
                       estimate = fmt(coef(g))),
            "logistic_second_stage.csv", row.names = FALSE, quote = FALSE)
  cx <- coxph(Surv(d$time, d$status) ~ s$cox_radscore + d$age + d$sex, ties = "efron")
  write.csv(data.frame(name = c("rad-score", "age", "sex"), estimate = fmt(coef(cx))),
            "cox_second_stage.csv", row.names = FALSE, quote = FALSE)
}

writeLines(c(R.version.string,
             paste("survival", as.character(packageVersion("survival")))),
           "radscore.session.txt")
