# Reference nomograms from rms::nomogram (rms 6.5.0): a logistic model (lrm on
# wdbc) and a Cox model (cph on lung, complete rows), with datadist limits.
# Writes the model inputs the C++ test feeds in and rms's point tables.
suppressMessages(library(rms))
data_dir <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
f17 <- function(x) sprintf("%.17g", x)

write_model <- function(file, fit, dd, names, intercept, centre, lp) {
  lim <- dd$limits
  rows <- lapply(names, function(v) {
    vals <- dd$values[[v]]
    data.frame(name = v, coefficient = f17(coef(fit)[[v]]),
               low = f17(lim["Low", v]), high = f17(lim["High", v]),
               values = if (length(vals)) paste(f17(vals), collapse = ";") else "")
  })
  write.csv(do.call(rbind, rows), file, row.names = FALSE, quote = FALSE)
  write.csv(data.frame(intercept = f17(intercept), centre = f17(centre),
                       lp_low = f17(min(lp)), lp_high = f17(max(lp))),
            sub(".csv", "_link.csv", file), row.names = FALSE, quote = FALSE)
}

# Point tables: one row per predictor tick; then the total-points, lp and
# function axes (value, points).
write_nomogram <- function(prefix, nom, names, funlabels) {
  ticks <- do.call(rbind, lapply(names, function(v)
    data.frame(name = v, value = f17(nom[[v]][[v]]), points = f17(nom[[v]]$points))))
  write.csv(ticks, paste0(prefix, "_points.csv"), row.names = FALSE, quote = FALSE)
  info <- attr(nom, "info")
  write.csv(data.frame(scale = f17(info$sc), lp_at_zero = f17(info$Intercept)),
            paste0(prefix, "_scale.csv"), row.names = FALSE, quote = FALSE)
  write.csv(data.frame(points = f17(nom$total.points$x)),
            paste0(prefix, "_total_axis.csv"), row.names = FALSE, quote = FALSE)
  write.csv(data.frame(value = f17(nom$lp$x.real), points = f17(nom$lp$x)),
            paste0(prefix, "_lp_axis.csv"), row.names = FALSE, quote = FALSE)
  fa <- do.call(rbind, lapply(funlabels, function(l)
    data.frame(axis = l, value = f17(nom[[l]]$x.real), points = f17(nom[[l]]$x))))
  write.csv(fa, paste0(prefix, "_fun_axis.csv"), row.names = FALSE, quote = FALSE)
}
probs <- seq(0.1, 0.9, by = 0.1)

# Logistic: rms places fun.at ticks by inverting fun on a 1000-point lp grid
# (approx); fun.lp.at gives it the exact inverse qlogis, which the C++ computes.
wdbc <- read.csv(file.path(data_dir, "tabular", "wdbc_breast_cancer.csv"))
wdbc <- data.frame(malignant = wdbc$malignant, radius_mean = wdbc$mean_radius,
                   texture_mean = wdbc$mean_texture, smoothness_mean = wdbc$mean_smoothness)
dd <- datadist(wdbc); options(datadist = "dd")
lfit <- lrm(malignant ~ radius_mean + texture_mean + smoothness_mean, data = wdbc)
lnames <- c("radius_mean", "texture_mean", "smoothness_mean")
write_model("logistic_model.csv", lfit, dd, lnames, coef(lfit)[[1]], 0, lfit$linear.predictors)
lp_at <- pretty(range(lfit$linear.predictors), n = 10)
inside <- qlogis(probs) >= min(lp_at) & qlogis(probs) <= max(lp_at)
nom <- nomogram(lfit, fun = plogis, fun.lp.at = qlogis(probs[inside]), funlabel = "P")
write_nomogram("logistic", nom, lnames, "P")
nom_grid <- nomogram(lfit, fun = plogis, fun.at = probs, funlabel = "P")
write.csv(data.frame(value = f17(nom_grid$P$x.real), points = f17(nom_grid$P$x)),
          "logistic_fun_axis_rms_grid.csv", row.names = FALSE, quote = FALSE)

# Cox: S(t | x) = S0(t)^exp(x.b - centre), cph's surv at its centre (Breslow).
lung <- read.csv(file.path(data_dir, "tabular", "survival_lung.csv"))
lung <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
lung$female <- as.integer(lung$sex == 2)
dd <- datadist(lung[, c("age", "female", "ph.ecog")]); options(datadist = "dd")
cfit <- cph(Surv(time, status) ~ age + female + ph.ecog, data = lung,
            surv = TRUE, x = TRUE, y = TRUE, eps = 1e-9, tol = 1e-13) # coxph's defaults (cph: 1e-4)
cnames <- c("age", "female", "ph.ecog")
write_model("cox_model.csv", cfit, dd, cnames, 0, cfit$center, cfit$linear.predictors)
surv <- Survival(cfit)
times <- c(365, 730)
s0 <- sapply(times, function(t) surv(t, 0))
write.csv(data.frame(time = f17(times), cumulative_hazard = f17(-log(s0))),
          "cox_baseline.csv", row.names = FALSE, quote = FALSE)
lp_at <- pretty(range(cfit$linear.predictors), n = 10)
fun_list <- list(); lp_list <- list(); grid_list <- list()
for (t in times) {
  h0 <- -log(surv(t, 0))
  w <- log(-log(probs) / h0)  # exact inverse of S0(t)^exp(lp)
  label <- paste0("S(", t, ")")
  fun_list[[label]] <- local({ tt <- t; function(lp) surv(tt, lp) })
  lp_list[[label]] <- w[w >= min(lp_at) & w <= max(lp_at)]
}
nom <- nomogram(cfit, fun = fun_list, fun.lp.at = lp_list)
write_nomogram("cox", nom, cnames, names(fun_list))
nom_grid <- nomogram(cfit, fun = fun_list, fun.at = probs)
write.csv(do.call(rbind, lapply(names(fun_list), function(l)
  data.frame(axis = l, value = f17(nom_grid[[l]]$x.real), points = f17(nom_grid[[l]]$x)))),
  "cox_fun_axis_rms_grid.csv", row.names = FALSE, quote = FALSE)

writeLines(c(R.version.string,
             paste("rms", packageVersion("rms")), paste("Hmisc", packageVersion("Hmisc")),
             paste("survival", packageVersion("survival"))), "nomogram.session.txt")
