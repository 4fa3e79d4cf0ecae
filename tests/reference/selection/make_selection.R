# Reference outputs for rgw::modeling feature selection (FeatureSelection.h,
# LassoSelection.h, Mrmr.h, ReliefF.h, SvmRfe.h).
#  - univariate filters: pROC auc and wilcox.test p (binary), coxph Wald p;
#  - lasso / elastic net: cv.glmnet with the fold ids written here;
#  - mRMR "classic" (De Jay et al. 2013): written from the paper's definition
#    in base R below (mRMRe is not in Debian), NOT from the C++;
#  - RELIEF-F (Kononenko 1994; Robnik-Sikonja & Kononenko 2003), the
#    deterministic "equal k" variant of CORElearn (not in Debian), in base R;
#  - SVM-RFE (Guyon et al. 2002) with e1071::svm (bundled libsvm).
# Run from this folder: Rscript make_selection.R
suppressPackageStartupMessages({
    library(pROC)
    library(survival)
    library(glmnet)
    library(e1071)
})

data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
write_numbers <- function(df, file) {
    out <- df
    for (col in names(out)) if (is.numeric(out[[col]])) out[[col]] <- fmt(out[[col]])
    write.csv(out, file, row.names = FALSE, quote = FALSE)
}

wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
wdbc_features <- setdiff(names(wdbc), c("id", "malignant"))
wx <- as.matrix(wdbc[, wdbc_features])
wy <- wdbc$malignant

# ---- Synthetic three-class table (committed as input) -----------------------
set.seed(20260101)
n3 <- 150
cls <- rep(0:2, times = c(60, 50, 40))
synthetic <- data.frame(class = cls,
    a = rnorm(n3, mean = c(0, 1, 2)[cls + 1]),
    b = rnorm(n3, mean = c(0, 0, 1.5)[cls + 1], sd = 2),
    c = round(runif(n3, 0, 10) + (cls == 1) * 3, 1),
    d = rnorm(n3),
    e = rexp(n3, rate = c(1, 0.5, 0.8)[cls + 1]),
    f = sample(1:4, n3, replace = TRUE),
    g = rnorm(n3, sd = 5),
    h = 0)
synthetic$h <- synthetic$a + rnorm(n3, sd = 0.5)  # redundant with a
synthetic$fold <- sample(rep(1:5, length.out = n3))
write_numbers(synthetic, "synthetic3_input.csv")
s_features <- c("a", "b", "c", "d", "e", "f", "g", "h")
sx <- as.matrix(synthetic[, s_features])

# ---- Survival: lung, complete rows (committed as input) ---------------------
lung <- read.csv(file.path(data_root, "tabular", "survival_lung.csv"))
l_features <- c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss")
lung <- lung[complete.cases(lung[, c("time", "status", l_features)]), ]
lung_in <- data.frame(time = lung$time, event = as.numeric(lung$status == 2),
                      lung[, l_features])
names(lung_in) <- c("time", "event", gsub(".", "_", l_features, fixed = TRUE))
l_features <- names(lung_in)[-(1:2)]
set.seed(20260102)
lung_in$fold <- sample(rep(1:5, length.out = nrow(lung_in)))
write_numbers(lung_in, "lung_input.csv")
lx <- as.matrix(lung_in[, l_features])

# ---- 1. Univariate: AUC (binary) and Cox --------------------------------------
auc_table <- do.call(rbind, lapply(wdbc_features, function(f) {
    x <- wdbc[[f]]
    r <- roc(controls = x[wy == 0], cases = x[wy == 1], direction = "<", quiet = TRUE)
    data.frame(feature = f, auc = as.numeric(auc(r)),
               p = wilcox.test(x[wy == 1], x[wy == 0], exact = FALSE, correct = TRUE)$p.value)
}))
write_numbers(auc_table, "univariate_auc.csv")
# coxph run to full convergence (its default eps 1e-9 stops ~1e-8 short of
# the optimum), as in tests/reference/regression.
cox_control <- coxph.control(eps = 1e-14, toler.chol = 1e-15, iter.max = 100)
cox_table <- do.call(rbind, lapply(l_features, function(f) {
    fit <- coxph(Surv(lung_in$time, lung_in$event) ~ lung_in[[f]], ties = "efron",
                 control = cox_control)
    data.frame(feature = f, p = summary(fit)$coefficients[1, "Pr(>|z|)"])
}))
write_numbers(cox_table, "univariate_cox.csv")

# ---- 2. LASSO / elastic net at lambda.min and lambda.1se -----------------------
set.seed(20260103)
wdbc_fold <- sample(rep(1:10, length.out = nrow(wdbc)))
write.csv(data.frame(fold = wdbc_fold), "wdbc_folds.csv", row.names = FALSE, quote = FALSE)
nonzero <- function(cvfit, s) {
    slopes <- function(m) as.vector(m[rownames(m) != "(Intercept)", 1]) != 0
    b <- coef(cvfit, s = s)
    if (is.list(b)) Reduce(`|`, lapply(b, slopes)) else slopes(b)
}
lasso_case <- function(name, features, cvfit) {
    data.frame(feature = features,
               selected_min = as.integer(nonzero(cvfit, "lambda.min")),
               selected_1se = as.integer(nonzero(cvfit, "lambda.1se")))
}
write.csv(lasso_case("binomial", wdbc_features,
                     cv.glmnet(wx, wy, family = "binomial", alpha = 1, foldid = wdbc_fold)),
          "lasso_binomial.csv", row.names = FALSE, quote = FALSE)
write.csv(lasso_case("binomial", wdbc_features,
                     cv.glmnet(wx, wy, family = "binomial", alpha = 0.5, foldid = wdbc_fold)),
          "lasso_binomial_enet.csv", row.names = FALSE, quote = FALSE)
write.csv(lasso_case("multinomial", s_features,
                     cv.glmnet(sx, factor(synthetic$class), family = "multinomial", alpha = 1,
                               foldid = synthetic$fold)),
          "lasso_multinomial.csv", row.names = FALSE, quote = FALSE)
write.csv(lasso_case("cox", l_features,
                     cv.glmnet(lx, Surv(lung_in$time, lung_in$event), family = "cox", alpha = 1,
                               foldid = lung_in$fold)),
          "lasso_cox.csv", row.names = FALSE, quote = FALSE)

# ---- 3. mRMR "classic" (De Jay et al. 2013) from the definition ---------------
# MI from a correlation: -1/2 log(1 - rho^2). Relevance of a feature to a
# binary target: Pearson r with the 0/1 target; to a class target: the
# correlation ratio eta^2 (between-class / total sum of squares), which equals
# r^2 for two classes. Greedy: the most relevant first, then the candidate
# maximising MI(f, y) - mean over selected s of MI(f, s); ties: first column.
mi_of <- function(r2) -0.5 * log(1 - r2)
eta2 <- function(x, cls) {
    apply(x, 2, function(v) {
        m <- mean(v)
        between <- sum(tapply(v, cls, function(u) length(u) * (mean(u) - m)^2))
        between / sum((v - m)^2)
    })
}
mrmr_classic <- function(x, relevance) {
    redundancy <- mi_of(cor(x)^2)
    chosen <- which.max(relevance)
    score <- relevance[chosen]
    while (length(chosen) < ncol(x)) {
        cand <- setdiff(seq_len(ncol(x)), chosen)
        s <- relevance[cand] - rowMeans(redundancy[cand, chosen, drop = FALSE])
        chosen <- c(chosen, cand[which.max(s)])
        score <- c(score, max(s))
    }
    data.frame(rank = seq_along(chosen), feature = colnames(x)[chosen], score = score)
}
write_numbers(mrmr_classic(wx, mi_of(as.vector(cor(wx, wy))^2)), "mrmr_wdbc.csv")
write_numbers(mrmr_classic(sx, mi_of(eta2(sx, synthetic$class))), "mrmr_synthetic3.csv")

# ---- 4. RELIEF-F, every row a sample, k hits and k misses per class -----------
# diff(f, a, b) = |a - b| / range(f); distance = sum of diffs (Manhattan) in
# column order; neighbours by distance, ties by row order (order() is stable);
# W_f = 1/n sum_i [ -mean_hits diff + sum_{C != c_i} P(C)/(1 - P(c_i)) mean_misses(C) diff ].
relieff <- function(x, cls, k) {
    n <- nrow(x); p <- ncol(x)
    rng <- apply(x, 2, function(v) max(v) - min(v))
    prior <- table(cls) / n
    W <- numeric(p)
    for (i in seq_len(n)) {
        diffs <- matrix(0, n, p)
        d <- numeric(n)
        for (j in seq_len(p)) {
            if (rng[j] > 0) diffs[, j] <- abs(x[, j] - x[i, j]) / rng[j]
            d <- d + diffs[, j]
        }
        ci <- as.character(cls[i])
        same <- which(cls == cls[i] & seq_len(n) != i)
        hits <- same[order(d[same])][seq_len(min(k, length(same)))]
        W <- W - colMeans(diffs[hits, , drop = FALSE]) / n
        for (cc in setdiff(names(prior), ci)) {
            other <- which(as.character(cls) == cc)
            misses <- other[order(d[other])][seq_len(min(k, length(other)))]
            W <- W + as.numeric(prior[cc] / (1 - prior[ci])) *
                colMeans(diffs[misses, , drop = FALSE]) / n
        }
    }
    data.frame(feature = colnames(x), weight = W)
}
write_numbers(relieff(wx, wy, 10), "relieff_wdbc.csv")
write_numbers(relieff(sx, synthetic$class, 10), "relieff_synthetic3.csv")

# ---- 5. SVM-RFE on standardised wdbc ------------------------------------------
# Linear C-SVC (cost 1, no scaling inside svm), w = t(coefs) %*% SV, remove the
# feature with the smallest w^2 (first on ties), refit, until one is left.
ws <- scale(wx)
write_numbers(data.frame(ws, malignant = wy), "wdbc_standardised.csv")
svm_w2 <- function(x, y, cost) {
    fit <- svm(x, factor(y), type = "C-classification", kernel = "linear", scale = FALSE,
               cost = cost)
    as.vector(t(fit$coefs) %*% fit$SV)^2
}
remaining <- seq_len(ncol(ws))
eliminated <- integer(0)
first_w2 <- svm_w2(ws, wy, 1)
while (length(remaining) > 1) {
    w2 <- svm_w2(ws[, remaining, drop = FALSE], wy, 1)
    worst <- which.min(w2)
    eliminated <- c(eliminated, remaining[worst])
    remaining <- remaining[-worst]
}
eliminated <- c(eliminated, remaining)
write_numbers(data.frame(step = seq_along(eliminated), feature = wdbc_features[eliminated]),
              "svmrfe_wdbc.csv")
write_numbers(data.frame(feature = wdbc_features, w2 = first_w2), "svmrfe_wdbc_w2.csv")

writeLines(c(R.version.string,
             paste("pROC", as.character(packageVersion("pROC"))),
             paste("survival", as.character(packageVersion("survival"))),
             paste("glmnet", as.character(packageVersion("glmnet"))),
             paste("e1071", as.character(packageVersion("e1071")))),
           "selection.session.txt")
