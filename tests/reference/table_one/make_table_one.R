# Reference for report::summariseTableOne and stats/ContingencyTests: a seeded
# synthetic cohort (continuous variables with ties and missing values,
# categorical ones with small cells, 2 x 2 and 3 x 2 tables) split into train
# and test, summarised and tested with base R:
#   medians and quartiles: quantile(type = 7); mean, sd;
#   continuous: wilcox.test(x_train, x_test) with R's default choice (exact
#     when both groups are under 50 without ties, else the normal
#     approximation with continuity correction), the workstation's rule;
#   categorical: chisq.test(table) with R's default correct = TRUE (Yates for
#     2 x 2 only), or fisher.test(table) for a 2 x 2 table with an expected
#     count below 5 (the workstation's rule);
#   missing values are left out of the tests.
# Also a set of random 2 x 2 and r x c tables with chisq.test (correct TRUE
# and FALSE) and fisher.test p-values.
# Run: cd tests/reference/table_one && Rscript make_table_one.R
set.seed(20261206)
n <- 80
g <- sample(c("train", "test"), n, replace = TRUE, prob = c(0.7, 0.3))
age <- round(rnorm(n, 62, 9))                  # integer ages: many ties
age[sample(n, 6)] <- NA
size <- round(rexp(n, 1 / 30), 1)              # skewed, some ties after rounding
size[sample(n, 3)] <- NA
score <- sample(1:5, n, replace = TRUE)        # heavy ties
sex <- sample(c("female", "male"), n, replace = TRUE)
sex[sample(n, 4)] <- NA
rare <- ifelse(runif(n) < 0.08, "yes", "no")   # small cells: Fisher
stage <- sample(c("I", "II", "III"), n, replace = TRUE, prob = c(0.4, 0.35, 0.25))
stage[sample(n, 5)] <- NA
grade <- sample(c("G1", "G2", "G3"), n, replace = TRUE, prob = c(0.1, 0.6, 0.3)) # small cells 3 x 2
input <- data.frame(group = g, age = age, size = size, score = score, sex = sex,
                    rare = rare, stage = stage, grade = grade, stringsAsFactors = FALSE)
write.csv(input, "table_one_input.csv", row.names = FALSE, na = "")

f <- function(x) sprintf("%.17g", x)
cont <- data.frame()
tests <- data.frame()
for (v in c("age", "size", "score")) {
  for (col in c("train", "test", "all")) {
    x <- if (col == "all") input[[v]] else input[[v]][input$group == col]
    y <- x[!is.na(x)]
    q <- quantile(y, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
    cont <- rbind(cont, data.frame(variable = v, column = col, n = length(y),
                                   missing = sum(is.na(x)), median = f(median(y)),
                                   q1 = f(q[1]), q3 = f(q[3]), mean = f(mean(y)), sd = f(sd(y))))
  }
  w <- suppressWarnings(wilcox.test(input[[v]][input$group == "train"],
                                    input[[v]][input$group == "test"]))
  tests <- rbind(tests, data.frame(variable = v,
                                   test = if (grepl("exact", w$method)) "wilcoxon_exact" else "wilcoxon",
                                   statistic = f(w$statistic), p = f(w$p.value)))
}
write.csv(cont, "table_one_continuous.csv", row.names = FALSE, quote = FALSE)

levels_out <- data.frame()
for (v in c("sex", "rare", "stage", "grade")) {
  for (col in c("train", "test", "all")) {
    x <- if (col == "all") input[[v]] else input[[v]][input$group == col]
    for (l in sort(unique(input[[v]][!is.na(input[[v]])])))
      levels_out <- rbind(levels_out, data.frame(variable = v, column = col, level = l,
                                                 n = sum(x == l, na.rm = TRUE),
                                                 known = sum(!is.na(x)), missing = sum(is.na(x))))
  }
  ok <- !is.na(input[[v]])
  tab <- table(input[[v]][ok], factor(input$group[ok], levels = c("train", "test")))
  e <- suppressWarnings(chisq.test(tab))$expected
  if (all(dim(tab) == c(2, 2)) && min(e) < 5) {
    t <- fisher.test(tab)
    tests <- rbind(tests, data.frame(variable = v, test = "fisher", statistic = f(tab[1, 1]),
                                     p = f(t$p.value)))
  } else {
    t <- suppressWarnings(chisq.test(tab))
    tests <- rbind(tests, data.frame(variable = v,
                                     test = if (all(dim(tab) == c(2, 2))) "chisq_yates" else "chisq",
                                     statistic = f(t$statistic), p = f(t$p.value)))
  }
}
write.csv(levels_out, "table_one_levels.csv", row.names = FALSE, quote = FALSE)
write.csv(tests, "table_one_tests.csv", row.names = FALSE, quote = FALSE)

# Random tables for the contingency tests themselves.
tables <- data.frame()
for (i in 1:40) {
  r <- if (i <= 25) 2 else sample(2:4, 1)
  k <- if (i <= 25) 2 else sample(2:3, 1)
  repeat {
    m <- matrix(rpois(r * k, sample(c(1, 3, 8, 25), 1)), r, k)
    if (all(rowSums(m) > 0) && all(colSums(m) > 0)) break
  }
  cy <- suppressWarnings(chisq.test(m, correct = TRUE))
  cn <- suppressWarnings(chisq.test(m, correct = FALSE))
  fp <- if (r == 2 && k == 2) f(fisher.test(m)$p.value) else "NA"
  tables <- rbind(tables, data.frame(id = i, rows = r, cols = k,
                                     counts = paste(as.vector(t(m)), collapse = " "),
                                     chisq_yates = f(cy$statistic), p_yates = f(cy$p.value),
                                     chisq = f(cn$statistic), p = f(cn$p.value), df = cn$parameter,
                                     fisher_p = fp))
}
write.csv(tables, "contingency_tables.csv", row.names = FALSE, quote = FALSE)
# Two-sample cases for the rank-sum test itself: small without ties (exact),
# small with ties and large (normal approximation), as wilcox.test chooses.
cases <- data.frame()
for (i in 1:30) {
  n1 <- if (i <= 18) sample(2:45, 1) else sample(c(5:30, 50:70), 1)
  n0 <- if (i <= 18) sample(2:45, 1) else sample(c(5:30, 50:70), 1)
  shift <- sample(c(0, 0.3, 1), 1)
  x1 <- rnorm(n1, shift); x0 <- rnorm(n0)
  if (i > 18 && i %% 2 == 0) { x1 <- round(x1, 1); x0 <- round(x0, 1) }
  w <- suppressWarnings(wilcox.test(x1, x0))
  cases <- rbind(cases, data.frame(id = i, x1 = paste(sprintf("%.17g", x1), collapse = " "),
                                   x0 = paste(sprintf("%.17g", x0), collapse = " "),
                                   exact = as.integer(grepl("exact", w$method)),
                                   statistic = f(w$statistic), p = f(w$p.value)))
}
write.csv(cases, "wilcoxon_cases.csv", row.names = FALSE, quote = FALSE)
writeLines(c(R.version.string, "base R only (stats: quantile, wilcox.test, chisq.test, fisher.test)"),
           "table_one.session.txt")
