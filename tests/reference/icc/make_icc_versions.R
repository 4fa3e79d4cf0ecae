# Reference ICCs across stored segmentation versions
# (storage/SegmentationVersionRepeats.h, rgw-cli robustness --versions):
# psych::ICC (lmer = FALSE) ICC1 and ICC3 per feature over the patients that
# have a pair of versions, the raters being the version before the analysed
# one and the analysed (newest) one.
# Run from this folder: Rscript make_icc_versions.R
# Writes versions_input.csv (the feature values the C++ test stores as
# extractions of segmentation versions) and versions_icc.csv.
suppressPackageStartupMessages(library(psych))

fmt <- function(x) {
    v <- sprintf("%.17g", x)
    v[is.na(x)] <- "NA"
    v
}

# 12 patients: P01-P04 have 3 versions, P05-P10 have 2, P11-P12 one (no
# pair). Each feature is the patient's true value plus per-version noise
# (small for stable features, large for unstable ones) and, for one
# feature, a systematic shift of the later versions (a reader who draws
# larger), so ICC(1,1) and ICC(3,1) differ. Version 1 of a patient with
# three versions is far off (a discarded first draft), so a test that paired
# the wrong versions would not agree with these numbers.
set.seed(20261207)
patients <- sprintf("P%02d", 1:12)
versions <- c(rep(3, 4), rep(2, 6), rep(1, 2))
features <- c("intensity_statistics.mean", "intensity_statistics.variance",
              "morphology.volume", "glcm.contrast", "glcm.correlation")
level <- c(40, 900, 25000, 12, 0.4)
spread <- c(15, 300, 8000, 4, 0.15)
noise <- c(0.05, 0.4, 0.1, 1.2, 0.25) # in units of the patients' spread
shift <- c(0, 0, 0.6, 0, 0)           # later versions, in the same units
rows <- NULL
for (i in seq_along(patients)) {
    truth <- rnorm(length(features), level, spread)
    for (v in seq_len(versions[i])) {
        value <- truth + rnorm(length(features), 0, noise * spread) +
            (v > 1) * shift * spread
        if (versions[i] == 3 && v == 1)
            value <- value + 3 * spread
        rows <- rbind(rows, data.frame(patient_id = patients[i], version = v,
                                       t(setNames(value, features)), check.names = FALSE))
    }
}
# One value that could not be computed (missing, never zero): P06's glcm
# correlation on its newest version; that feature's ICC has 9 cases.
rows[rows$patient_id == "P06" & rows$version == 2, "glcm.correlation"] <- NA
input <- rows
for (f in features) input[[f]] <- fmt(input[[f]])
write.csv(input, "versions_input.csv", row.names = FALSE, quote = FALSE)

# The pair of each patient with at least two versions: its two newest.
out <- NULL
for (f in features) {
    ratings <- NULL
    for (p in patients) {
        r <- rows[rows$patient_id == p, ]
        n <- nrow(r)
        if (n < 2) next
        pair <- c(r[r$version == n - 1, f], r[r$version == n, f])
        if (any(is.na(pair))) next
        ratings <- rbind(ratings, pair)
    }
    res <- ICC(ratings, lmer = FALSE)$results
    for (type in c("ICC1", "ICC3")) {
        x <- res[res$type == type, ]
        out <- rbind(out, data.frame(feature = f, type = type, icc = fmt(x$ICC), f = fmt(x$F),
                                     df1 = fmt(x$df1), df2 = fmt(x$df2), p = fmt(x$p),
                                     lower = fmt(x[["lower bound"]]),
                                     upper = fmt(x[["upper bound"]]), cases = nrow(ratings)))
    }
}
write.csv(out, "versions_icc.csv", row.names = FALSE, quote = FALSE)

writeLines(c(R.version.string,
             paste("psych", as.character(packageVersion("psych")))),
           "icc_versions.session.txt")
