# Reference outputs for rgw::stats::icc: psych::ICC (Shrout & Fleiss 1979
# single-measure ICC(1,1), ICC(2,1), ICC(3,1) with their F tests and 95 %
# confidence intervals), from the classical two-way ANOVA (lmer = FALSE).
# Run from this folder: Rscript make_icc.R
suppressPackageStartupMessages(library(psych))

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
fmt <- function(x) sprintf("%.17g", x)

write_numbers <- function(df, file) {
    out <- df
    for (col in names(out)) if (is.numeric(out[[col]])) {
        v <- fmt(out[[col]])
        v[is.na(out[[col]])] <- "NA"
        out[[col]] <- v
    }
    write.csv(out, file, row.names = FALSE, quote = FALSE)
}

# The single-rater rows of psych::ICC for a subjects x raters matrix.
single_icc <- function(ratings) {
    r <- ICC(ratings, lmer = FALSE)$results
    r <- r[r$type %in% c("ICC1", "ICC2", "ICC3"), ]
    data.frame(type = r$type, icc = r$ICC, f = r$F, df1 = r$df1, df2 = r$df2, p = r$p,
               lower = r[["lower bound"]], upper = r[["upper bound"]])
}

# ---- 1. Shrout & Fleiss 1979, Table 2: 6 subjects rated by 4 judges ---------
sf <- matrix(c(9, 2, 5, 8,
               6, 1, 3, 2,
               8, 4, 6, 8,
               7, 1, 2, 6,
               10, 5, 6, 9,
               6, 2, 4, 7), ncol = 4, byrow = TRUE)
colnames(sf) <- paste0("judge", 1:4)
write_numbers(as.data.frame(sf), "shrout_fleiss_input.csv")
write_numbers(single_icc(sf), "shrout_fleiss_icc.csv")

# ---- 2. wdbc with a seeded repeat extraction of 10 features ----------------
# 150 of the 569 rows (seeded sample) get a repeat: the feature plus a
# systematic shift and Gaussian noise, both in units of the feature's sd, so
# the ICCs span both sides of 0.75 and absolute agreement (ICC2) differs from
# consistency (ICC3) where there is a shift. Other rows' repeats are NA.
wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
features <- c("mean_radius", "mean_texture", "mean_perimeter", "mean_area",
              "mean_smoothness", "mean_compactness", "mean_concavity",
              "mean_concave_points", "mean_symmetry", "mean_fractal_dimension")
noise <- c(0.1, 0.3, 0.05, 0.2, 0.45, 0.55, 0.6, 0.8, 1.0, 1.5)
shift <- c(0, 0, 0, 0.5, 0, 0.3, 0, 0, 0, 0)
set.seed(19790420)
with_repeat <- sort(sample(nrow(wdbc), 150))
repeats <- data.frame(row = seq_len(nrow(wdbc)))
for (j in seq_along(features)) {
    v <- wdbc[[features[j]]]
    s <- sd(v)
    r <- rep(NA_real_, nrow(wdbc))
    r[with_repeat] <- v[with_repeat] + shift[j] * s + rnorm(length(with_repeat), sd = noise[j] * s)
    repeats[[features[j]]] <- r
}
write_numbers(repeats, "wdbc_repeats.csv")
out <- NULL
for (f in features) {
    ratings <- cbind(wdbc[with_repeat, f], repeats[with_repeat, f])
    out <- rbind(out, data.frame(feature = f, single_icc(ratings)))
}
write_numbers(out, "wdbc_icc.csv")

writeLines(c(R.version.string,
             paste("psych", as.character(packageVersion("psych")))),
           "icc.session.txt")
