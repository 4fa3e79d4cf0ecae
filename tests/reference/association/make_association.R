# Reference outputs for rgw::association (radiogenomic association maps):
#  1. feature x molecular correlation maps: cor.test (Pearson; Spearman with
#     exact = FALSE, the asymptotic t approximation) on the pairwise-complete
#     patients of every pair, BH over the whole map (p.adjust counts only the
#     pairs that have a p). A pair with fewer than 3 patients, or a constant
#     column among its patients, has no p (NA).
#  2. feature x group maps: two groups (the second level compared with the
#     first): wilcox.test(exact = FALSE, correct = TRUE), AUC = W / (n1 n0),
#     Cliff's delta = mean(sign(x1 - x0)) over all pairs, t.test (Welch) and
#     Cohen's d with the pooled SD, log2 of the ratio of the group means;
#     three or more groups: kruskal.test and eta^2_H = (H - k + 1) / (n - k).
#     Patients with no group (NA: not profiled) are left out.
#  3. hclust (average, complete, ward.D2) on 1 - cor and on Euclidean distance.
# Inputs: small synthetic fixtures written here with a fixed seed (committed),
# and the shared real tables ($RGW_TEST_DATA/tabular: wdbc, lung).
# Run from this folder: Rscript make_association.R
data_root <- Sys.getenv("RGW_TEST_DATA", "../../../../shared/data")
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
write_numbers <- function(df, file) {
    out <- df
    for (col in names(out)) if (is.numeric(out[[col]])) out[[col]] <- fmt(out[[col]])
    write.csv(out, file, row.names = FALSE, quote = FALSE, na = "")
}

# ---- synthetic fixtures -------------------------------------------------------
set.seed(20240614)
n <- 40
base <- rnorm(n)
features <- data.frame(
    patient_id = sprintf("P%02d", 1:n),
    f_cont = base,
    f_ties = round(rnorm(n) + 0.5 * base),
    f_missing = rnorm(n),
    f_skew = round(rexp(n), 1),
    f_const = rep(2.5, n),
    f_sparse = NA_real_)
features$f_missing[sample(n, 6)] <- NA
features$f_skew[sample(n, 3)] <- NA
features$f_sparse[c(3, 17)] <- c(1.5, -0.5)
molecular <- data.frame(
    patient_id = features$patient_id,
    g_expr = 0.8 * base + rnorm(n, sd = 0.6),
    g_meth = runif(n),
    g_cn = sample(-2:2, n, replace = TRUE),
    g_sparse = NA_real_,
    g_rank = round(2 * base + rnorm(n)))
molecular$g_meth[sample(n, 5)] <- NA
molecular$g_cn[sample(n, 4)] <- NA
sparse_rows <- sample(n, 4)
molecular$g_sparse[sparse_rows] <- rnorm(4)
# one feature whose missing values leave g_sparse with fewer than 3 patients
features$f_missing[sparse_rows[1:2]] <- NA
groups <- data.frame(
    patient_id = features$patient_id,
    mutation = sample(c("wild-type", "mutated"), n, replace = TRUE, prob = c(0.6, 0.4)),
    subtype = sample(c("LumA", "LumB", "Basal", "Her2"), n, replace = TRUE))
groups$mutation[sample(n, 5)] <- NA  # not profiled: no group, never wild-type
groups$subtype[sample(n, 4)] <- NA
# shift features by group so that the tests have something to find
features$f_cont <- features$f_cont + 0.8 * (groups$mutation %in% "mutated")
write_numbers(features, "synthetic_features.csv")
write_numbers(molecular, "synthetic_molecular.csv")
write.csv(groups, "synthetic_groups.csv", row.names = FALSE, quote = FALSE, na = "")

# ---- 1. correlation maps ------------------------------------------------------
correlation_map <- function(x, y, method, min_n = 3) {
    out <- data.frame()
    for (f in names(x)) for (g in names(y)) {
        ok <- !is.na(x[[f]]) & !is.na(y[[g]])
        r <- NA; p <- NA
        if (sum(ok) >= min_n) {
            ct <- suppressWarnings(cor.test(x[[f]][ok], y[[g]][ok], method = method,
                                            exact = if (method == "spearman") FALSE else NULL))
            r <- unname(ct$estimate); p <- ct$p.value
        }
        out <- rbind(out, data.frame(feature = f, gene = g, n = sum(ok), r = r, p = p))
    }
    out$q <- p.adjust(out$p, "BH")
    out
}
fx <- features[, -1]; my <- molecular[, -1]
for (m in c("pearson", "spearman"))
    write_numbers(correlation_map(fx, my, m), sprintf("correlation_synthetic_%s.csv", m))

wdbc <- read.csv(file.path(data_root, "tabular", "wdbc_breast_cancer.csv"))
wdbc_features <- setdiff(names(wdbc), c("id", "malignant"))
radiomic <- wdbc[, wdbc_features[1:10]]      # the "mean" features
stand_in <- wdbc[, wdbc_features[11:30]]     # error and worst features as molecular values
for (m in c("pearson", "spearman"))
    write_numbers(correlation_map(radiomic, stand_in, m), sprintf("correlation_wdbc_%s.csv", m))

# ---- 2. group maps --------------------------------------------------------------
two_group_map <- function(x, g, reference, comparison) {
    out <- data.frame()
    for (f in names(x)) {
        v <- x[[f]]
        x0 <- v[!is.na(v) & g %in% reference]
        x1 <- v[!is.na(v) & g %in% comparison]
        row <- data.frame(feature = f, n_ref = length(x0), n_cmp = length(x1),
                          mean_ref = if (length(x0)) mean(x0) else NA,
                          mean_cmp = if (length(x1)) mean(x1) else NA,
                          median_ref = if (length(x0)) median(x0) else NA,
                          median_cmp = if (length(x1)) median(x1) else NA,
                          W = NA, p_mw = NA, auc = NA, cliff = NA,
                          t = NA, df = NA, p_welch = NA, cohen_d = NA, log2fc = NA)
        if (length(x0) >= 1 && length(x1) >= 1) {
            w <- wilcox.test(x1, x0, exact = FALSE, correct = TRUE)
            row$W <- unname(w$statistic); row$p_mw <- w$p.value
            row$auc <- row$W / (length(x1) * length(x0))
            row$cliff <- mean(sign(outer(x1, x0, "-")))
        }
        if (length(x0) >= 2 && length(x1) >= 2) {
            tt <- tryCatch(t.test(x1, x0, var.equal = FALSE), error = function(e) NULL)
            if (!is.null(tt)) {
                row$t <- unname(tt$statistic); row$df <- unname(tt$parameter)
                row$p_welch <- tt$p.value
                n1 <- length(x1); n0 <- length(x0)
                row$cohen_d <- (mean(x1) - mean(x0)) /
                    sqrt(((n1 - 1) * var(x1) + (n0 - 1) * var(x0)) / (n1 + n0 - 2))
            }
        }
        if (length(x0) && length(x1) && mean(x0) > 0 && mean(x1) > 0)
            row$log2fc <- log2(mean(x1) / mean(x0))
        out <- rbind(out, row)
    }
    out$q_mw <- p.adjust(out$p_mw, "BH")
    out$q_welch <- p.adjust(out$p_welch, "BH")
    out
}
multi_group_map <- function(x, g) {
    levels <- sort(unique(g[!is.na(g)]), method = "radix")  # byte order, as C++
    out <- data.frame(); summary <- data.frame()
    for (f in names(x)) {
        v <- x[[f]]
        ok <- !is.na(v) & !is.na(g)
        row <- data.frame(feature = f, n = sum(ok), k = length(unique(g[ok])),
                          H = NA, df = NA, p = NA, eta2 = NA)
        if (row$k >= 2) {
            kt <- kruskal.test(v[ok], factor(g[ok]))
            row$H <- unname(kt$statistic); row$df <- unname(kt$parameter)
            row$p <- kt$p.value
            row$eta2 <- (row$H - row$k + 1) / (row$n - row$k)
        }
        out <- rbind(out, row)
        for (l in levels) {
            xs <- v[ok & g == l]
            summary <- rbind(summary, data.frame(feature = f, group = l, n = length(xs),
                mean = if (length(xs)) mean(xs) else NA,
                median = if (length(xs)) median(xs) else NA))
        }
    }
    out$q <- p.adjust(out$p, "BH")
    list(tests = out, groups = summary)
}
write_numbers(two_group_map(fx, groups$mutation, "wild-type", "mutated"),
              "groups_synthetic_mutation.csv")
multi <- multi_group_map(fx, groups$subtype)
write_numbers(multi$tests, "groups_synthetic_subtype.csv")
write_numbers(multi$groups, "groups_synthetic_subtype_summary.csv")

write_numbers(two_group_map(wdbc[, wdbc_features], as.character(wdbc$malignant), "0", "1"),
              "groups_wdbc_malignant.csv")
lung <- read.csv(file.path(data_root, "tabular", "survival_lung.csv"))
lung_features <- lung[, c("age", "ph.karno", "pat.karno", "meal.cal", "wt.loss", "time")]
multi <- multi_group_map(lung_features, as.character(lung$ph.ecog))
write_numbers(multi$tests, "groups_lung_ecog.csv")
write_numbers(multi$groups, "groups_lung_ecog_summary.csv")

# ---- 3. hierarchical clustering -------------------------------------------------
linkages <- c(average = "average", complete = "complete", ward_d2 = "ward.D2")
merges <- data.frame(); orders <- data.frame()
add_tree <- function(case, dissimilarity, d) {
    for (l in names(linkages)) {
        h <- hclust(d, method = linkages[[l]])
        merges <<- rbind(merges, data.frame(case = case, dissimilarity = dissimilarity,
            linkage = l, step = seq_along(h$height), a = h$merge[, 1], b = h$merge[, 2],
            height = h$height))
        orders <<- rbind(orders, data.frame(case = case, dissimilarity = dissimilarity,
            linkage = l, position = seq_along(h$order), leaf = h$order))
    }
}
cluster_data <- matrix(rnorm(12 * 8), nrow = 12,
                       dimnames = list(sprintf("O%02d", 1:12), sprintf("V%d", 1:8)))
cluster_data[3, 2] <- NA; cluster_data[7, 5] <- NA; cluster_data[10, 1] <- NA
write_numbers(data.frame(object = rownames(cluster_data), cluster_data), "cluster_synthetic.csv")
# rows, pairwise-complete correlations and dist()'s scaling for missing values
add_tree("synthetic_rows", "one_minus_pearson",
         as.dist(1 - cor(t(cluster_data), use = "pairwise.complete.obs")))
add_tree("synthetic_rows", "euclidean", dist(cluster_data))
add_tree("synthetic_columns_standardised", "euclidean", dist(t(scale(cluster_data))))
wdbc_x <- as.matrix(wdbc[, wdbc_features])
add_tree("wdbc_columns", "one_minus_pearson", as.dist(1 - cor(wdbc_x)))
z <- scale(wdbc_x[1:60, ])
add_tree("wdbc60_rows_standardised", "euclidean", dist(z))
add_tree("wdbc60_columns_standardised", "euclidean", dist(t(z)))
add_tree("wdbc60_rows_standardised", "one_minus_pearson", as.dist(1 - cor(t(z))))
write_numbers(merges, "hclust_merges.csv")
write_numbers(orders, "hclust_orders.csv")

writeLines(R.version.string, "association.session.txt")
