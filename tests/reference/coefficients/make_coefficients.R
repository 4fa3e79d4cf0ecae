# Reference coefficient tables of a trained model (core/modeling/ModelCoefficients):
# the unpenalised logistic model of the nomogram reference (glm on wdbc,
# complete rows) and the unpenalised Cox model (coxph, Efron ties, on lung's
# complete rows), each with Wald SE, p and the odds / hazard ratio with its
# 95 % Wald interval (exp(b -/+ qnorm(0.975) se): confint.default, summary(coxph)).
suppressMessages(library(survival))
data_dir <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
f17 <- function(x) sprintf("%.17g", x)

write_table <- function(file, est, se) {
  z <- qnorm(0.975)
  write.csv(data.frame(name = names(est), estimate = f17(est), se = f17(se),
                       p = f17(2 * pnorm(-abs(est / se))), ratio = f17(exp(est)),
                       lower = f17(exp(est - z * se)), upper = f17(exp(est + z * se))),
            file, row.names = FALSE, quote = FALSE)
}

wdbc <- read.csv(file.path(data_dir, "tabular", "wdbc_breast_cancer.csv"))
wdbc <- data.frame(malignant = wdbc$malignant, radius_mean = wdbc$mean_radius,
                   texture_mean = wdbc$mean_texture, smoothness_mean = wdbc$mean_smoothness)
lfit <- glm(malignant ~ radius_mean + texture_mean + smoothness_mean, data = wdbc,
            family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
est <- coef(lfit); names(est)[1] <- "(Intercept)"
write_table("logistic_coefficients.csv", est, sqrt(diag(vcov(lfit))))

lung <- read.csv(file.path(data_dir, "tabular", "survival_lung.csv"))
lung <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
lung$female <- as.integer(lung$sex == 2)
cfit <- coxph(Surv(time, status) ~ age + female + ph.ecog, data = lung, ties = "efron",
              control = coxph.control(eps = 1e-12, toler.chol = 1e-13, iter.max = 100))
write_table("cox_coefficients.csv", coef(cfit), sqrt(diag(vcov(cfit))))

writeLines(c(R.version.string,
             paste("survival", as.character(packageVersion("survival")))),
           "coefficients.session.txt")
