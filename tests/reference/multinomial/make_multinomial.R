# Reference for stats::fitMultinomial: nnet::multinom (baseline category = the
# first class) on R's lung data, ph.ecog 0/1/2 ~ age + sex + pat.karno + wt.loss
# (complete cases; the single ph.ecog = 3 patient left out). multinom
# optimises by BFGS; reltol and abstol are set far below their defaults so
# that its estimates are the maximum-likelihood estimates to ~1e-9, and the
# standard errors come from its analytic Hessian (summary()).
# Run: cd tests/reference/multinomial && Rscript make_multinomial.R
suppressPackageStartupMessages(library(nnet))
data_dir <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
lung <- read.csv(file.path(data_dir, "tabular", "survival_lung.csv"))
d <- lung[complete.cases(lung[, c("ph.ecog", "age", "sex", "pat.karno", "wt.loss")]) &
            lung$ph.ecog %in% 0:2, ]
fit <- multinom(factor(ph.ecog) ~ age + sex + pat.karno + wt.loss, data = d, trace = FALSE,
                reltol = 1e-16, abstol = 1e-300, maxit = 10000)
s <- summary(fit)
out <- data.frame()
for (k in rownames(coef(fit)))
  for (term in colnames(coef(fit)))
    out <- rbind(out, data.frame(class = k, term = term,
                                 estimate = sprintf("%.17g", coef(fit)[k, term]),
                                 std_error = sprintf("%.17g", s$standard.errors[k, term])))
write.csv(out, "multinomial_lung.csv", row.names = FALSE, quote = TRUE)
writeLines(c("quantity,value", sprintf("rows,%d", nrow(d)), sprintf("loglik,%.17g", as.numeric(logLik(fit)))),
           "multinomial_lung_summary.csv")
writeLines(c(R.version.string, paste("nnet", packageVersion("nnet"))), "multinomial.session.txt")
