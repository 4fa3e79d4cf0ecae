# Reference for stats::kruskalWallis: R's kruskal.test (mid-ranks, tie
# correction, chi-squared with k - 1 df) on R's lung data, each numeric column
# by ph.ecog (0..3); rows with a missing value of either are left out, as R does.
# Run: cd tests/reference/kruskal_wallis && Rscript make_kruskal_wallis.R
data_dir <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
lung <- read.csv(file.path(data_dir, "tabular", "survival_lung.csv"))
out <- data.frame()
for (v in c("age", "ph.karno", "pat.karno", "meal.cal", "wt.loss", "time")) {
  ok <- !is.na(lung[[v]]) & !is.na(lung$ph.ecog)
  k <- kruskal.test(lung[[v]][ok], factor(lung$ph.ecog[ok]))
  out <- rbind(out, data.frame(variable = v, statistic = sprintf("%.17g", k$statistic),
                               df = k$parameter, p = sprintf("%.17g", k$p.value)))
}
write.csv(out, "kruskal_wallis_lung.csv", row.names = FALSE)
writeLines(R.version.string, "kruskal_wallis.session.txt")
