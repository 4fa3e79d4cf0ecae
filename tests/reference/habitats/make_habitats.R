# Reference outputs for rgw::stats::kmeansLloyd and rgw::stats::fitGaussianMixture
# (the clustering behind tumour habitats, core/segmentation/Habitats.h):
#  - stats::kmeans(x, centers = <given initial centres>, algorithm = "Lloyd",
#    iter.max = 100): clusters, centres, withinss, iter;
#    and cluster::silhouette's mean width of those clusters;
#  - mclust::me(x, "VVV", z) started from the 0/1 z of R's own k-means
#    clusters (the initialisation rgw uses: a hard k-means assignment), with
#    mclust's default emControl (tol 1e-5): loglik, BIC, proportions, means,
#    covariances, map(z), iterations;
#  - mclust::Mclust(x, G = k, modelNames = "VVV") (its hierarchical
#    initialisation) run to a tight tolerance (1e-10) on the same data: its
#    loglik and BIC, to show that the optimum a seeded k-means++ start reaches
#    is the one mclust's own start reaches.
# Run from this folder: Rscript make_habitats.R
suppressPackageStartupMessages(library(mclust))

fmt <- function(x) sprintf("%.17g", x)
write_numbers <- function(df, file) {
    out <- as.data.frame(df)
    for (col in names(out)) if (is.numeric(out[[col]])) out[[col]] <- fmt(out[[col]])
    write.csv(out, file, row.names = FALSE, quote = FALSE)
}

# Points of several Gaussian clusters with full covariances (seeded).
simulate <- function(n, means, sds, rho) {
    d <- length(means[[1]])
    do.call(rbind, lapply(seq_along(n), function(c) {
        s <- diag(sds[[c]]) %*% (matrix(rho[c], d, d) + diag(1 - rho[c], d)) %*% diag(sds[[c]])
        z <- matrix(rnorm(n[c] * d), ncol = d)
        sweep(z %*% chol(s), 2, means[[c]], "+")
    }))
}

# One case: data, initial centres (rows of x drawn by a seeded sample), R's
# k-means from them, mclust's EM from R's k-means clusters.
make_case <- function(name, x, k, seed) {
    set.seed(seed)
    x <- x[sample(nrow(x)), , drop = FALSE] # clusters interleaved in row order
    colnames(x) <- paste0("x", seq_len(ncol(x)))
    init <- x[sample(nrow(x), k), , drop = FALSE]
    write_numbers(x, paste0(name, "_data.csv"))
    write_numbers(init, paste0(name, "_initial_centres.csv"))

    km <- kmeans(x, centers = init, algorithm = "Lloyd", iter.max = 100)
    write_numbers(data.frame(cluster = km$cluster), paste0(name, "_kmeans_cluster.csv"))
    cen <- as.data.frame(km$centers)
    cen$withinss <- km$withinss
    cen$size <- km$size
    write_numbers(cen, paste0(name, "_kmeans_centres.csv"))
    sil <- mean(cluster::silhouette(km$cluster, dist(x))[, "sil_width"])
    write_numbers(data.frame(quantity = c("iter", "tot_withinss", "mean_silhouette"),
                             value = c(km$iter, km$tot.withinss, sil)),
                  paste0(name, "_kmeans_summary.csv"))

    z <- unmap(km$cluster, groups = seq_len(k))
    em <- me(x, modelName = "VVV", z = z)
    params <- em$parameters
    bic <- bic("VVV", em$loglik, em$n, em$d, em$G)
    comp <- data.frame(component = seq_len(k), pro = params$pro)
    for (j in seq_len(ncol(x))) comp[[paste0("mean", j)]] <- params$mean[j, ]
    for (a in seq_len(ncol(x))) for (b in seq_len(ncol(x)))
        comp[[paste0("sigma", a, b)]] <- params$variance$sigma[a, b, ]
    write_numbers(comp, paste0(name, "_gmm_components.csv"))
    write_numbers(data.frame(cluster = map(em$z)), paste0(name, "_gmm_cluster.csv"))

    mc <- Mclust(x, G = k, modelNames = "VVV", verbose = FALSE,
                 control = emControl(tol = c(1e-10, sqrt(.Machine$double.eps))))
    write_numbers(data.frame(
        quantity = c("loglik", "bic", "iterations", "npar", "mclust_loglik", "mclust_bic"),
        value = c(em$loglik, bic, attr(em, "info")["iterations"],
                  nMclustParams("VVV", em$d, em$G), mc$loglik, mc$bic)),
        paste0(name, "_gmm_summary.csv"))
}

# 1. Two series (e.g. CT, PET), three overlapping compartments, n = 360.
set.seed(20240614)
x2 <- simulate(c(150, 120, 90), list(c(0, 0), c(2.5, 1), c(1, 3.5)),
               list(c(1, 0.8), c(0.7, 1.2), c(1.1, 0.6)), c(0.5, -0.3, 0.2))
make_case("two_series", x2, 3, 1)

# 2. Three series, four compartments, more overlap (more Lloyd passes), n = 500.
set.seed(7)
x3 <- simulate(c(140, 130, 120, 110),
               list(c(0, 0, 0), c(2, 0.5, 1), c(0.5, 2.5, -0.5), c(2.5, 2.5, 2)),
               list(c(1, 1, 1), c(0.8, 1.1, 0.6), c(1.2, 0.7, 0.9), c(0.6, 0.9, 1.3)),
               c(0.3, -0.2, 0.4, 0.1))
make_case("three_series", x3, 4, 2)

writeLines(c(R.version.string,
             paste("mclust", as.character(packageVersion("mclust"))),
             paste("cluster", as.character(packageVersion("cluster")))),
           "habitats.session.txt")
