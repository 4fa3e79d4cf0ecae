# Reference outputs for rgw::stats two-group tests and multiple testing:
# wilcox.test (exact = FALSE, correct = TRUE), t.test (Welch and Student),
# AUC (pROC), Cohen's d, and p.adjust ("BH", "bonferroni").
# Group 1 is always the first sample: wilcox.test(x[g == 1], x[g == 0]).
# Run from this folder: Rscript make_univariate.R
suppressPackageStartupMessages(library(pROC))

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

write_numbers <- function(df, file) {
    out <- df
    for (col in names(out)) if (is.numeric(out[[col]])) out[[col]] <- fmt(out[[col]])
    write.csv(out, file, row.names = FALSE, quote = FALSE)
}

# One row of results per feature; missing values (NA) are left out.
tests_of <- function(values, group) {
    ok <- !is.na(values) & !is.na(group)
    x1 <- values[ok & group == 1]
    x0 <- values[ok & group == 0]
    w <- wilcox.test(x1, x0, exact = FALSE, correct = TRUE)
    welch <- t.test(x1, x0, var.equal = FALSE)
    student <- t.test(x1, x0, var.equal = TRUE)
    roc <- roc(controls = x0, cases = x1, direction = "<", quiet = TRUE)
    n1 <- length(x1); n0 <- length(x0)
    sd.pooled <- sqrt(((n1 - 1) * var(x1) + (n0 - 1) * var(x0)) / (n1 + n0 - 2))
    data.frame(n1 = n1, n0 = n0,
               W = unname(w$statistic), p_wilcox = w$p.value,
               auc = as.numeric(auc(roc)),
               t_welch = unname(welch$statistic), df_welch = unname(welch$parameter),
               p_welch = welch$p.value,
               t_student = unname(student$statistic),
               df_student = unname(student$parameter), p_student = student$p.value,
               cohen_d = (mean(x1) - mean(x0)) / sd.pooled)
}

table_of <- function(x, group, features) {
    do.call(rbind, lapply(features, function(f) cbind(feature = f, tests_of(x[[f]], group))))
}

# ---- 1. wdbc: every feature, malignant = group 1 ----------------------------
wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
wdbc_features <- setdiff(names(wdbc), c("id", "malignant"))
wdbc_tests <- table_of(wdbc, wdbc$malignant, wdbc_features)
write_numbers(wdbc_tests, "wdbc_tests.csv")

# ---- 2. Synthetic: ties (rounded and integer scores) and missing values -----
set.seed(19950101)
n <- 45
group <- rep(c(0, 1), times = c(24, 21))
group[c(7, 30)] <- NA  # samples with no group are left out
synthetic <- data.frame(
    group = group,
    rounded = round(rnorm(n, mean = 0.6 * (group %in% 1)), 0),
    score = sample(1:5, n, replace = TRUE) + (group %in% 1),
    halves = round(2 * rnorm(n, sd = 1.5)) / 2,
    skewed = round(rexp(n, rate = ifelse(group %in% 1, 0.5, 1)), 1),
    shifted = rnorm(n, mean = 2 * (group %in% 1)))
for (f in c("rounded", "score", "halves", "skewed"))
    synthetic[[f]][sample(n, 4)] <- NA
write_numbers(synthetic, "synthetic_input.csv")
synthetic_tests <- table_of(synthetic, synthetic$group, setdiff(names(synthetic), "group"))
write_numbers(synthetic_tests, "synthetic_tests.csv")

# ---- 3. Multiple testing on those p-values, with a missing one --------------
p <- c(wdbc_tests$p_wilcox, wdbc_tests$p_welch, synthetic_tests$p_wilcox,
       synthetic_tests$p_student)
p <- append(p, NA, after = 10)
write_numbers(data.frame(p = p,
                         bh = p.adjust(p, "BH"),
                         bonferroni = p.adjust(p, "bonferroni")),
              "multiple_testing.csv")

writeLines(c(R.version.string,
             paste("pROC", as.character(packageVersion("pROC")))),
           "univariate.session.txt")
