# Reference outputs of the SVM learners (core/modeling/Learners.cpp):
#  - e1071::svm (its bundled libsvm) decision values, scale = FALSE, C-classification,
#    linear (cost 1) and radial (cost 2, gamma 0.25) kernels, on four standardised
#    wdbc features; oriented positive towards malignant = 1;
#  - the Platt sigmoid of the radial decision values by an R port of the
#    Lin, Lin & Weng (2007) algorithm (libsvm's sigmoid_train), and by optim()
#    of the same likelihood with Platt's targets as a cross-check.
# Run: cd tests/reference/learners && Rscript make_learners.R
suppressPackageStartupMessages(library(e1071))
data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
features <- c("mean_radius", "mean_texture", "mean_smoothness", "mean_concave_points")
x <- scale(as.matrix(wdbc[, features]))  # mean 0, sd 1 (n - 1)
y <- wdbc$malignant
fmt <- function(v) sprintf("%.17g", v)

inp <- data.frame(lapply(as.data.frame(x), fmt), malignant = y)
write.csv(inp, "svm_input.csv", row.names = FALSE, quote = FALSE)

decision <- function(kernel, cost, gamma) {
  fit <- svm(x, factor(y, levels = c(0, 1)), type = "C-classification", kernel = kernel,
             cost = cost, gamma = gamma, scale = FALSE, tolerance = 0.001, shrinking = TRUE)
  d <- attr(predict(fit, x, decision.values = TRUE), "decision.values")
  sign <- if (colnames(d)[1] == "1/0") 1 else if (colnames(d)[1] == "0/1") -1 else stop("labels")
  sign * d[, 1]
}
lin <- decision("linear", 1, 0.25)
rbf <- decision("radial", 2, 0.25)
write.csv(data.frame(linear = fmt(lin), rbf = fmt(rbf)), "svm_decision.csv",
          row.names = FALSE, quote = FALSE)

# Lin, Lin & Weng (2007) Algorithm 1, as libsvm's sigmoid_train.
sigmoid_train <- function(f, label) {
  prior1 <- sum(label > 0); prior0 <- sum(label <= 0)
  t <- ifelse(label > 0, (prior1 + 1) / (prior1 + 2), 1 / (prior0 + 2))
  obj <- function(A, B) {
    z <- f * A + B
    sum(ifelse(z >= 0, t * z + log1p(exp(-z)), (t - 1) * z + log1p(exp(z))))
  }
  A <- 0; B <- log((prior0 + 1) / (prior1 + 1)); fval <- obj(A, B)
  for (iter in 1:100) {
    z <- f * A + B
    p <- ifelse(z >= 0, exp(-z) / (1 + exp(-z)), 1 / (1 + exp(z)))
    q <- 1 - p
    d2 <- p * q
    h11 <- 1e-12 + sum(f * f * d2); h22 <- 1e-12 + sum(d2); h21 <- sum(f * d2)
    d1 <- t - p
    g1 <- sum(f * d1); g2 <- sum(d1)
    if (abs(g1) < 1e-5 && abs(g2) < 1e-5) break
    det <- h11 * h22 - h21 * h21
    dA <- -(h22 * g1 - h21 * g2) / det; dB <- -(-h21 * g1 + h11 * g2) / det
    gd <- g1 * dA + g2 * dB
    step <- 1
    while (step >= 1e-10) {
      nA <- A + step * dA; nB <- B + step * dB; nf <- obj(nA, nB)
      if (nf < fval + 1e-4 * step * gd) { A <- nA; B <- nB; fval <- nf; break }
      step <- step / 2
    }
    if (step < 1e-10) break
  }
  c(A = A, B = B, objective = fval)
}
s <- sigmoid_train(rbf, y)
o <- optim(c(0, 0), function(ab) {
  prior1 <- sum(y > 0); prior0 <- sum(y <= 0)
  t <- ifelse(y > 0, (prior1 + 1) / (prior1 + 2), 1 / (prior0 + 2))
  z <- rbf * ab[1] + ab[2]
  sum(ifelse(z >= 0, t * z + log1p(exp(-z)), (t - 1) * z + log1p(exp(z))))
}, method = "BFGS", control = list(reltol = 1e-15, maxit = 1000))
write.csv(data.frame(A = fmt(s["A"]), B = fmt(s["B"]), optim_A = fmt(o$par[1]),
                     optim_B = fmt(o$par[2])), "platt_sigmoid.csv", row.names = FALSE, quote = FALSE)

writeLines(c(R.version.string, paste("e1071", packageVersion("e1071"))), "learners.session.txt")
