# Per-SNP regressions in R for make_snp.sh, on the samples with the SNP's
# genotype, the outcome, dose and age all present; the SNP is the .raw's
# dosage (copies of PLINK's A1):
#   snp_cox.csv  survival::coxph(Surv(time, event) ~ SNP + dose + age, ties = "efron")
#   snp_glm.csv  glm(toxicity ~ SNP + dose + age, binomial)   (PLINK --logistic's model;
#                Wald statistics from the information at the estimate, see below)
#   snp_lm.csv   lm(qt ~ SNP + dose + age)                    (PLINK --linear's model)
# with sprintf("%.17g"). A SNP whose fit fails, gives an NA or runaway
# coefficient (|beta| > 15: separation) or a constant genotype is written with
# status "failed".
suppressMessages(library(survival))
raw <- read.table("snp.raw", header = TRUE, check.names = FALSE, stringsAsFactors = FALSE)
cov <- read.table("snp_covar.txt", header = TRUE, na.strings = "-9")
qt <- read.table("snp_qt.txt", header = TRUE, na.strings = "-9")
surv <- read.csv("snp_surv.csv")
d <- merge(merge(merge(raw, cov, by = c("FID", "IID")), surv, by = "IID"), qt, by = c("FID", "IID"))
d$tox <- ifelse(d$PHENOTYPE %in% c(1, 2), d$PHENOTYPE - 1, NA)
snps <- names(raw)[-(1:6)]
f <- function(x) sprintf("%.17g", x)
failed <- function(id, n) data.frame(snp = id, status = "failed", n = n, beta = NA, se = NA,
                                     stat = NA, p = NA)

per_snp <- function(model, outcome_present) {
  do.call(rbind, lapply(snps, function(col) {
    id <- sub("_[^_]*$", "", col)
    x <- d[[col]]
    ok <- !is.na(x) & !is.na(d$dose) & !is.na(d$age) & outcome_present
    if (var(x[ok]) == 0) return(failed(id, sum(ok)))
    est <- tryCatch(suppressWarnings(model(x, ok)), error = function(e) NULL)
    if (is.null(est) || is.na(est[1]) || abs(est[1]) > 15) return(failed(id, sum(ok)))
    data.frame(snp = id, status = "ok", n = sum(ok), beta = f(est[1]), se = f(est[2]),
               stat = f(est[3]), p = f(est[4]))
  }))
}

cox <- per_snp(function(x, ok) {
  fit <- coxph(Surv(time, event) ~ x + dose + age, data = d, subset = ok, ties = "efron")
  if (!is.null(fit$fail)) return(NA)
  summary(fit)$coefficients[1, c("coef", "se(coef)", "z", "Pr(>|z|)")]
}, TRUE)
glmfit <- per_snp(function(x, ok) {
  fit <- glm(tox ~ x + dose + age, family = binomial, data = d, subset = ok,
             control = glm.control(epsilon = 1e-12, maxit = 100))
  if (!fit$converged) return(NA)
  # summary.glm takes the information from the weights of the last IRLS
  # iteration, one step before the estimate; the Wald statistics here use the
  # information X'WX at the estimate itself (W = mu (1 - mu)).
  X <- model.matrix(fit)
  mu <- fitted(fit)
  se <- sqrt(solve(crossprod(X, X * (mu * (1 - mu))))[2, 2])
  b <- coef(fit)[2]
  c(b, se, b / se, 2 * pnorm(-abs(b / se)))
}, !is.na(d$tox))
lmfit <- per_snp(function(x, ok) {
  summary(lm(qt ~ x + dose + age, data = d, subset = ok))$coefficients[2, ]
}, !is.na(d$qt))
write.csv(cox, "snp_cox.csv", quote = FALSE, row.names = FALSE)
write.csv(glmfit, "snp_glm.csv", quote = FALSE, row.names = FALSE)
write.csv(lmfit, "snp_lm.csv", quote = FALSE, row.names = FALSE)
