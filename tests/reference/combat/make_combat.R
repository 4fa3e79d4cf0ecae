# Reference outputs for rgw::stats::fitComBat / applyComBat: sva::ComBat,
# empirical Bayes (Johnson, Li & Rabinovic 2007), parametric (par.prior =
# TRUE) and non-parametric (par.prior = FALSE, sva's int.eprior; files
# *_nonparam.csv).
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

combat <- function(x, batch, mod = NULL, mean.only = FALSE, par.prior = TRUE) {
    adjusted <- suppressMessages(ComBat(dat = t(x), batch = batch, mod = mod,
                                       par.prior = par.prior, mean.only = mean.only))
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

# ---- 4. Non-parametric priors (par.prior = FALSE) on the inputs above ------
write_numbers(combat(x, batch, par.prior = FALSE), "synthetic_combat_nonparam.csv")
write_numbers(combat(x, batch, mod = model.matrix(~cov), par.prior = FALSE),
              "synthetic_combat_cov_nonparam.csv")
write_numbers(combat(x, batch, mean.only = TRUE, par.prior = FALSE),
              "synthetic_combat_meanonly_nonparam.csv")
write_numbers(combat(xc, batch, mod = model.matrix(~cov), par.prior = FALSE),
              "constant_combat_cov_nonparam.csv")
write_numbers(combat(xs, bs, mean.only = TRUE, par.prior = FALSE),
              "single_combat_meanonly_nonparam.csv")
lx <- as.matrix(cc[, features])
write_numbers(combat(lx, cc$inst, par.prior = FALSE), "lung_combat_nonparam.csv")
write_numbers(combat(lx, cc$inst, mod = model.matrix(~factor(sex), data = cc),
                     par.prior = FALSE), "lung_combat_sex_nonparam.csv")

# ---- 5. Covariates: a 3-level factor and a numeric variable ---------------
# mod = model.matrix(~factor(group) + age): two dummies (levels g2, g3 against
# g1) and age as it is. Both effects are kept; batch is removed.
set.seed(19790301)
nm <- 72
mbatch <- rep(c("S1", "S2", "S3"), times = c(20, 24, 28))
group <- sample(c("g1", "g2", "g3"), nm, replace = TRUE)
age <- round(rnorm(nm, 60, 9), 1)
gshift <- c(g1 = 0, g2 = 1, g3 = -0.7)
bshift <- c(S1 = 0, S2 = 1.2, S3 = -0.8)
bscale <- c(S1 = 1, S2 = 1.6, S3 = 0.7)
xm <- sapply(1:6, function(j) {
    5 * j + gshift[group] * j / 3 + 0.05 * j * (age - 60) + bshift[mbatch] * j / 2 +
        bscale[mbatch] * rnorm(nm, sd = j / 2)
})
colnames(xm) <- paste0("f", 1:6)
write_numbers(data.frame(batch = mbatch, group = group, age = age, xm), "covariates_input.csv")
mm <- model.matrix(~factor(group) + age)
write_numbers(combat(xm, mbatch, mod = mm), "covariates_combat.csv")
write_numbers(combat(xm, mbatch, mod = mm, par.prior = FALSE), "covariates_combat_nonparam.csv")
write_numbers(combat(xm, mbatch, mod = mm, mean.only = TRUE, par.prior = FALSE),
              "covariates_combat_meanonly_nonparam.csv")

writeLines(c(R.version.string,
             paste("sva", as.character(packageVersion("sva"))),
             paste("genefilter", as.character(packageVersion("genefilter")))),
           "combat.session.txt")
