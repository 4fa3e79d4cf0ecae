# References for the near-zero-variance and correlation-redundancy selection
# steps (core/modeling/FeatureSelection):
#  - nearZeroVar: caret::nearZeroVar(x, freqCut = 95/5, uniqueCut = 10) on a
#    seeded synthetic matrix built to sit on each side of both cuts (constant,
#    one dominant value, exactly 10 % distinct values with a ratio above 19,
#    few balanced values, continuous, missing values) -> nzv_input.csv,
#    nzv_caret.csv (the columns caret drops, and its freqRatio / percentUnique);
#  - correlation redundancy: the rule as documented (order the features by
#    their univariate p, Mann-Whitney as wilcox.test(exact = FALSE,
#    correct = TRUE), ties in column order; keep a feature unless its |Pearson
#    r| with an already kept one exceeds the threshold). caret's
#    findCorrelation removes by mean absolute correlation instead, so this is
#    an independent base-R implementation of our definition, on wdbc at three
#    thresholds -> correlation_wdbc.csv.
# Run: cd tests/reference/selection && Rscript make_filters.R
suppressPackageStartupMessages(library(caret))
data_dir <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
set.seed(20261206)
n <- 100
x <- data.frame(
  constant = rep(3, n),
  dominant = c(rep(0, 97), 1, 2, 3),                          # ratio 97, 4 % distinct: dropped
  ten_percent = c(rep(0, 91), 1:9),                           # 10 % distinct, ratio 91: dropped (<=)
  eleven_percent = c(rep(0, 90), 1:10),                       # 11 % distinct, ratio 90: kept
  balanced = rep(c(1, 2, 3, 4), 25),                          # ratio 1: kept
  ratio_19 = c(rep(0, 95), rep(1, 5)),                        # ratio exactly 19: kept (> only)
  continuous = round(rnorm(n), 6),
  dominant_missing = c(rep(0, 90), 1, rep(NA, 9))             # NA ignored: ratio 90: dropped
)
write.csv(x, "nzv_input.csv", row.names = FALSE, na = "")
m <- nearZeroVar(x, freqCut = 95 / 5, uniqueCut = 10, saveMetrics = TRUE)
write.csv(data.frame(feature = rownames(m),
                     freq_ratio = sprintf("%.17g", m$freqRatio),
                     percent_unique = sprintf("%.17g", m$percentUnique),
                     nzv = as.integer(m$nzv)),
          "nzv_caret.csv", row.names = FALSE, quote = FALSE)

wdbc <- read.csv(file.path(data_dir, "tabular", "wdbc_breast_cancer.csv"))
features <- setdiff(names(wdbc)[sapply(wdbc, is.numeric)], "malignant")
p <- sapply(features, function(f)
  wilcox.test(wdbc[[f]][wdbc$malignant == 1], wdbc[[f]][wdbc$malignant == 0],
              exact = FALSE, correct = TRUE)$p.value)
ordered <- features[order(p, seq_along(features))]
r <- cor(wdbc[, features])
rows <- list()
for (threshold in c(0.8, 0.9, 0.95)) {
  kept <- character(0)
  for (f in ordered)
    if (length(kept) == 0 || all(abs(r[f, kept]) <= threshold))
      kept <- c(kept, f)
  rows[[length(rows) + 1]] <- data.frame(threshold = threshold,
                                         kept = paste(features[features %in% kept], collapse = ";"))
}
write.csv(do.call(rbind, rows), "correlation_wdbc.csv", row.names = FALSE, quote = FALSE)
writeLines(c(R.version.string, paste("caret", packageVersion("caret"))), "filters.session.txt")
