# Reference outputs for rgw::stats::fitComBat / applyComBat: sva::ComBat,
# parametric empirical Bayes (Johnson, Li & Rabinovic 2007), par.prior = TRUE.
# sva takes features x samples; our tables are samples x features, hence t().
# Run from this folder: Rscript make_combat.R
suppressPackageStartupMessages(library(sva))

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
fmt <- function(x) sprintf("%.17g", x)

write_numbers <- function(df, file) {
    out <- df
    for (col in names(out)) if (is.numeric(out[[col]])) out[[col]] <- fmt(out[[col]])
    write.csv(out, file, row.names = FALSE, quote = FALSE)
}

combat <- function(x, batch, mod = NULL, mean.only = FALSE) {
    adjusted <- suppressMessages(ComBat(dat = t(x), batch = batch, mod = mod,
                                       par.prior = TRUE, mean.only = mean.only))
    as.data.frame(t(adjusted))
}

# ---- 1. Real batches: R's lung data, institution = batch -------------------
# Rows: complete cases in inst, sex and the five features; then institutions
# with >= 3 such rows (every institution has >= 4, so this keeps all 168).
# `row` is the 1-based data row of survival_lung.csv.
lung <- read.csv(file.path(data_root, "tabular", "survival_lung.csv"))
features <- c("age", "ph.karno", "pat.karno", "meal.cal", "wt.loss")
lung$row <- seq_len(nrow(lung))
cc <- lung[complete.cases(lung[, c("inst", "sex", features)]), ]
big <- names(which(table(cc$inst) >= 3))
cc <- cc[as.character(cc$inst) %in% big, ]
x <- as.matrix(cc[, features])
write_numbers(cc[, c("row", "inst", "sex", features)], "lung_input.csv")
write_numbers(combat(x, cc$inst), "lung_combat.csv")
write_numbers(combat(x, cc$inst, mod = model.matrix(~factor(sex), data = cc)),
              "lung_combat_sex.csv")

# ---- 2. Synthetic: 3 batches with shifted means and scales, 6 features -----
set.seed(20070101)
n <- 60
batch <- rep(c("A", "B", "C"), times = c(18, 20, 22))
cov <- rbinom(n, 1, 0.5)
shift <- c(A = 0, B = 1.5, C = -1)
scale <- c(A = 1, B = 2, C = 0.5)
x <- sapply(1:6, function(j) {
    10 * j + 0.8 * j * cov + shift[batch] * j / 2 + scale[batch] * rnorm(n, sd = j)
})
colnames(x) <- paste0("f", 1:6)
synthetic <- data.frame(batch = batch, cov = cov, x)
write_numbers(synthetic, "synthetic_input.csv")
write_numbers(combat(x, batch), "synthetic_combat.csv")
write_numbers(combat(x, batch, mod = model.matrix(~cov)), "synthetic_combat_cov.csv")
write_numbers(combat(x, batch, mean.only = TRUE), "synthetic_combat_meanonly.csv")

# ---- 3. Edge cases of sva's own handling ------------------------------------
# (a) f6 constant within batch B: sva leaves that feature unadjusted and fits
#     the others without it.
xc <- x
xc[batch == "B", "f6"] <- 42
write_numbers(data.frame(batch = batch, cov = cov, xc), "constant_input.csv")
write_numbers(combat(xc, batch, mod = model.matrix(~cov)), "constant_combat_cov.csv")
# (b) a batch with one sample: sva switches to the mean-only model.
xs <- rbind(x, x[1, ] + 3)
bs <- c(batch, "D")
write_numbers(data.frame(batch = bs, xs), "single_input.csv")
write_numbers(combat(xs, bs, mean.only = TRUE), "single_combat_meanonly.csv")

writeLines(c(R.version.string,
             paste("sva", as.character(packageVersion("sva"))),
             paste("genefilter", as.character(packageVersion("genefilter")))),
           "combat.session.txt")
