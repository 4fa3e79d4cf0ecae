# Reference outputs for core/stats/Roc (pROC 1.18.0): empirical ROC curves,
# DeLong AUC variance and CI, the paired DeLong test and Youden's threshold.
# Run from this folder: Rscript make_roc.R
suppressMessages(library(pROC))

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
write_table <- function(df, file) {
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- num(df[[col]])
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

# A small synthetic set with heavy ties and near-perfect separation (so the
# upper DeLong limit is clipped at 1); committed as input for the tests.
set.seed(20240611)
n <- 40
label <- rep(c(0, 1), each = n / 2)
synthetic <- data.frame(
  label = label,
  tied = sample(1:4, n, replace = TRUE) + label,     # integer scores, many ties
  tied2 = sample(1:3, n, replace = TRUE) + 2 * label,
  separated = round(label * 0.8 + runif(n), 1),       # AUC near 1
  perfect = label * 3 + round(runif(n), 1),           # AUC exactly 1, variance 0
  alternating = 2 * c(1:(n / 2), 1:(n / 2)) - 1 + label  # Youden maximum tied
)
write_table(synthetic, "roc_synthetic.csv")

scores <- list(
  wdbc_mean_radius = list(wdbc$malignant, wdbc$mean_radius),
  wdbc_mean_texture = list(wdbc$malignant, wdbc$mean_texture),
  wdbc_round_mean_radius = list(wdbc$malignant, round(wdbc$mean_radius)),
  synthetic_tied = list(synthetic$label, synthetic$tied),
  synthetic_tied2 = list(synthetic$label, synthetic$tied2),
  synthetic_separated = list(synthetic$label, synthetic$separated),
  synthetic_perfect = list(synthetic$label, synthetic$perfect),
  synthetic_alternating = list(synthetic$label, synthetic$alternating)
)
rocs <- lapply(scores, function(s)
  roc(response = s[[1]], predictor = s[[2]], levels = c(0, 1), direction = "<", quiet = TRUE))

points <- do.call(rbind, lapply(names(rocs), function(name) {
  r <- rocs[[name]]
  # The outer thresholds are -Inf and Inf; DataTable rejects non-finite
  # numbers, so they are written as NA with their sign in `infinite`.
  data.frame(name = name, threshold = ifelse(is.finite(r$thresholds), r$thresholds, NA),
             infinite = ifelse(is.finite(r$thresholds), 0, sign(r$thresholds)),
             sensitivity = r$sensitivities, specificity = r$specificities)
}))
write_table(points, "roc_points.csv")

# pROC warns that the interval of a perfect curve (AUC 1, variance 0) is 1-1.
summary_rows <- suppressWarnings(do.call(rbind, lapply(names(rocs), function(name) {
  r <- rocs[[name]]
  do.call(rbind, lapply(c(0.95, 0.90), function(level) {
    ci <- ci.auc(r, conf.level = level, method = "delong")
    data.frame(name = name, positives = length(r$cases), negatives = length(r$controls),
               auc = as.numeric(auc(r)), variance = var(r, method = "delong"),
               level = level, lower = ci[1], upper = ci[3])
  }))
})))
write_table(summary_rows, "roc_delong_ci.csv")

pairs <- list(c("wdbc_mean_radius", "wdbc_mean_texture"),
              c("wdbc_mean_radius", "wdbc_round_mean_radius"),
              c("synthetic_tied", "synthetic_tied2"),
              c("synthetic_separated", "synthetic_tied"),
              c("synthetic_perfect", "synthetic_alternating"))
tests <- do.call(rbind, lapply(pairs, function(p) {
  t <- roc.test(rocs[[p[1]]], rocs[[p[2]]], method = "delong", paired = TRUE)
  data.frame(score1 = p[1], score2 = p[2], auc1 = unname(t$estimate[1]),
             auc2 = unname(t$estimate[2]), z = unname(t$statistic), p = t$p.value)
}))
write_table(tests, "roc_delong_test.csv")

# Youden: pROC returns every threshold attaining the maximum (ascending);
# rgw returns the first (lowest threshold) and the tests also check the count.
youden <- do.call(rbind, lapply(names(rocs), function(name) {
  b <- coords(rocs[[name]], "best", best.method = "youden",
              ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE)
  data.frame(name = name, threshold = b$threshold[1], sensitivity = b$sensitivity[1],
             specificity = b$specificity[1], ties = nrow(b))
}))
write_table(youden, "roc_youden.csv")

writeLines(c(R.version.string,
             paste("pROC", as.character(packageVersion("pROC")))), "roc.session.txt")
