# The R side of tests/bench/run_glmnet_benchmark.sh: times glmnet() and
# cv.glmnet() (lasso, binomial and Cox, the given 10-fold foldid, defaults
# otherwise) on the data set bench_glmnet wrote, best of `reps` runs
# (system.time elapsed), and prints lines in bench_glmnet's format.
# Usage: Rscript glmnet_benchmark.R <glmnet_bench.csv> [reps]
suppressMessages({ library(glmnet); library(survival) })
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args) > 1) as.integer(args[2]) else 3L
d <- read.csv(args[1], colClasses = "numeric")
x <- as.matrix(d[, grep("^x", names(d))])
y <- Surv(d$time, d$event)
best <- function(expr) {
  e <- substitute(expr); env <- parent.frame()
  min(sapply(seq_len(reps), function(i) system.time(res <<- eval(e, env))[["elapsed"]]))
}
cat(sprintf("R glmnet %s, %d x %d, best of %d\n", packageVersion("glmnet"), nrow(x), ncol(x), reps))
t <- best(glmnet(x, d$label, family = "binomial"))
cat(sprintf("R binomial path: %.3f s (%d lambdas)\n", t, length(res$lambda)))
t <- best(glmnet(x, y, family = "cox"))
cat(sprintf("R cox path: %.3f s (%d lambdas)\n", t, length(res$lambda)))
t <- best(cv.glmnet(x, d$label, family = "binomial", foldid = d$foldid))
cat(sprintf("R binomial cv: %.3f s (lambda.min %.6g)\n", t, res$lambda.min))
t <- best(cv.glmnet(x, y, family = "cox", foldid = d$foldid))
cat(sprintf("R cox cv: %.3f s (lambda.min %.6g)\n", t, res$lambda.min))
