# Reference for core/stats/BoxStatistics: R's fivenum and boxplot.stats on
# seeded samples of several sizes (odd, even, ties, outliers, one value).
# Writes boxplot_input.csv (sample, value) and boxplot_stats.csv.
set.seed(20261206)
samples <- list(
  one = c(3.5),
  two = c(1, 2),
  odd = round(rnorm(11), 3),
  even = round(rexp(20), 3),
  ties = c(1, 1, 1, 2, 2, 3, 3, 3, 3, 10),
  outliers = c(rnorm(30), 8, -7, 12),
  wide = round(runif(57, -100, 100), 2)
)
input <- do.call(rbind, lapply(names(samples), function(s)
  data.frame(sample = s, value = sprintf("%.17g", samples[[s]]))))
write.csv(input, "boxplot_input.csv", row.names = FALSE, quote = FALSE)
rows <- lapply(names(samples), function(s) {
  x <- samples[[s]]
  b <- boxplot.stats(x)
  data.frame(sample = s, n = b$n,
             stat1 = sprintf("%.17g", b$stats[1]), stat2 = sprintf("%.17g", b$stats[2]),
             stat3 = sprintf("%.17g", b$stats[3]), stat4 = sprintf("%.17g", b$stats[4]),
             stat5 = sprintf("%.17g", b$stats[5]),
             outliers = paste(sprintf("%.17g", b$out), collapse = ";"))
})
write.csv(do.call(rbind, rows), "boxplot_stats.csv", row.names = FALSE, quote = FALSE)
writeLines(R.version.string, "boxplot.session.txt")
