# Reference outputs for core/stats/KaplanMeier, LogRank and Concordance
# (survival 3.5.3): survfit rows and medians, survdiff, and Harrell's C with
# its infinitesimal-jackknife standard error from concordance().
# Run from this folder: Rscript make_survival.R
suppressMessages(library(survival))

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
lung <- read.csv(file.path(data_root, "tabular", "survival_lung.csv"))
lung$event <- as.integer(lung$status == 2)

num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "NA")
write_table <- function(df, file) {
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

# Synthetic data with heavy ties (integer times, events and censorings at the
# same times, a five-level score), committed as input for the tests. Groups
# "mid", "end" and "never" are the median edge cases: survival passing exactly
# 0.5 and then 0, survival ending at exactly 0.5, and 0.5 never reached.
set.seed(20240611)
n <- 90
random <- data.frame(time = sample(1:12, n, replace = TRUE),
                     event = rbinom(n, 1, 0.7),
                     group = sample(c("a", "b", "c"), n, replace = TRUE))
random$score <- pmin(5, pmax(1, round(6 - random$time / 3 + rnorm(n))))
edges <- data.frame(time = c(1, 2, 3, 4, 1, 2, 3, 4, 2, 5, 5, 7, 9),
                    event = c(1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0),
                    group = c(rep("mid", 4), rep("end", 4), rep("never", 5)),
                    score = c(4, 3, 2, 1, 2, 2, 1, 1, 3, 2, 2, 1, 1))
synthetic <- rbind(random, edges)
write_table(synthetic, "survival_synthetic.csv")
random_part <- synthetic[synthetic$group %in% c("a", "b", "c"), ]

km_rows <- function(fit, dataset, grouping, group, level) {
  s <- summary(fit, censored = TRUE)
  data.frame(dataset = dataset, grouping = grouping, group = group, level = level,
             time = fit$time, n_risk = fit$n.risk, n_event = fit$n.event,
             n_censor = fit$n.censor, surv = fit$surv,
             log_std_err = fit$std.err,                  # survfit: se of -log S (Greenwood)
             log_std_err_infinite = as.integer(is.infinite(fit$std.err)),
             std_err = s$std.err,                        # summary.survfit: se of S
             lower = fit$lower, upper = fit$upper)
}
km_median <- function(fit, dataset, grouping, group) {
  tab <- summary(fit)$table
  data.frame(dataset = dataset, grouping = grouping, group = group,
             median = unname(tab["median"]),             # print/summary rule (survmean)
             quantile_median = unname(quantile(fit, 0.5, conf.int = FALSE)))
}
km_all <- function(data, dataset, grouping, level = 0.95) {
  if (grouping == "all") {
    parts <- list(all = data)
  } else {
    data <- data[!is.na(data[[grouping]]), ]
    g <- as.character(data[[grouping]])
    parts <- lapply(setNames(sort(unique(g)), sort(unique(g))), function(v) data[g == v, ])
  }
  rows <- list(); medians <- list()
  for (name in names(parts)) {
    fit <- survfit(Surv(time, event) ~ 1, data = parts[[name]], conf.int = level)
    rows[[name]] <- km_rows(fit, dataset, grouping, name, level)
    medians[[name]] <- km_median(fit, dataset, grouping, name)
  }
  list(rows = do.call(rbind, rows), medians = do.call(rbind, medians))
}

# The stratified fit must give the same curves as the per-group fits above.
strat <- survfit(Surv(time, event) ~ sex, data = lung)
stopifnot(isTRUE(all.equal(strat[2]$surv, survfit(Surv(time, event) ~ 1, lung[lung$sex == 2, ])$surv)))

km <- list(km_all(lung, "lung", "all"), km_all(lung, "lung", "all", 0.90),
           km_all(lung, "lung", "sex"), km_all(lung, "lung", "ph.ecog"),
           km_all(synthetic, "synthetic", "group"))
write_table(do.call(rbind, lapply(km, `[[`, "rows")), "km_rows.csv")
write_table(do.call(rbind, lapply(km[-2], `[[`, "medians")), "km_median.csv")

logrank <- function(data, dataset, grouping) {
  data <- data[!is.na(data[[grouping]]), ]
  g <- as.character(data[[grouping]])
  t <- survdiff(Surv(data$time, data$event) ~ g)
  data.frame(dataset = dataset, grouping = grouping, group = sort(unique(g)),
             observed = t$obs, expected = t$exp, chisq = t$chisq,
             df = sum(t$exp > 0) - 1, p = t$pvalue)
}
write_table(rbind(logrank(lung, "lung", "sex"), logrank(lung, "lung", "ph.ecog"),
                  logrank(random_part, "synthetic", "group"),
                  logrank(synthetic, "synthetic_all", "group")), "logrank.csv")

# Harrell's C with higher score = higher risk: reverse = TRUE.
harrell <- function(data, dataset, score_name, score) {
  keep <- !is.na(score)
  f <- concordance(Surv(data$time[keep], data$event[keep]) ~ score[keep], reverse = TRUE)
  data.frame(dataset = dataset, score = score_name, n = f$n, concordance = f$concordance,
             std_err = sqrt(f$var),
             ci_lower = f$concordance - qnorm(0.975) * sqrt(f$var),
             ci_upper = f$concordance + qnorm(0.975) * sqrt(f$var),
             concordant = f$count[["concordant"]],
             discordant = f$count[["discordant"]], tied_x = f$count[["tied.x"]],
             tied_y = f$count[["tied.y"]], tied_xy = f$count[["tied.xy"]])
}
write_table(rbind(harrell(lung, "lung", "age", lung$age),
                  harrell(lung, "lung", "ph.karno", lung$ph.karno),
                  harrell(lung, "lung", "neg_ph.karno", -lung$ph.karno),
                  harrell(lung, "lung", "ph.ecog", lung$ph.ecog),
                  harrell(synthetic, "synthetic", "score", synthetic$score)),
            "concordance.csv")

writeLines(c(R.version.string,
             paste("survival", as.character(packageVersion("survival")))),
           "survival.session.txt")
