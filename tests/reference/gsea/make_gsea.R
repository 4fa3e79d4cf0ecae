# Reference for association::preRankedGsea (pre-ranked GSEA, Subramanian et
# al. 2005 PNAS 102:15545). fgsea and the Broad's GSEA have no Debian
# package, so this script implements the published definitions in base R,
# written plainly from the paper (a loop over the whole ranked list per
# running sum), and our C++ is tested against it:
#   - the ranked list: scores sorted largest first, ties in input order;
#   - running sum RS(i) = P_hit(i) - P_miss(i), hits weighted |r|^p / N_R
#     (equal weights when N_R = 0), misses 1 / (N - N_H);
#   - ES: max RS if max RS >= -min RS, else min RS; peak: first position
#     reaching it; leading edge: set genes at/before (ES >= 0) or at/after
#     (ES < 0) the peak;
#   - null: B permutations sigma_b of the N ranked positions drawn here with
#     sample(); the null counterpart of a set at positions H is sigma_b(H);
#   - NES = ES / |mean of the same-signed null ES| (signs ES >= 0, ES < 0);
#     nominal p = fraction of same-signed null ES at least as extreme;
#     FDR q = (fraction of all same-signed null NES, over every set and
#     permutation, at least as extreme as NES) / (fraction of observed
#     same-signed NES at least as extreme), at most 1.
# Sums, means and cumulative sums are sequential double additions (Reduce or
# a loop: R's sum, mean and cumsum accumulate in long double), so that ties
# between scores (weight p = 0 makes ES discrete) compare as in C++.
# The permutations are committed, so the C++ test feeds the same null
# through preRankedGsea(ranking, sets, permutations, ...) and compares ES,
# peak, leading edge, running sum, null ES, NES, p and q.
# Inputs are synthetic (seeded) and written here: gsea_ranking.csv (genes in
# input order, scores rounded to 3 decimals so some tie) and gsea_sets.gmt.
# Run: cd tests/reference/gsea && Rscript make_gsea.R
set.seed(20261206)
f <- function(x) sprintf("%.17g", x)
dsum <- function(x) Reduce(`+`, x, 0)

N <- 300
genes <- sprintf("G%03d", sample(N))
score <- round(tanh(rnorm(N, sd = 0.8)), 3)
ranked <- order(-score) # stable: ties keep input order
rgenes <- genes[ranked]
rscore <- score[ranked]

pick <- function(k, prob) rgenes[sample(N, k, prob = prob)]
top <- exp(-(seq_len(N) - 1) / 60)
bottom <- rev(top)
sets <- list(
  UP_STRONG = c(pick(25, top), "NOT_IN_DATA_1", "NOT_IN_DATA_2"),
  DOWN_STRONG = pick(30, bottom),
  UP_WEAK = pick(40, sqrt(top)),
  RANDOM_A = pick(20, rep(1, N)),
  RANDOM_B = c(pick(50, rep(1, N)), "NOT_IN_DATA_3"),
  RANDOM_C = pick(15, rep(1, N)),
  BOTH_ENDS = pick(35, top + bottom),
  TOO_SMALL = pick(8, rep(1, N)))
desc <- c(UP_STRONG = "http://example.org/UP_STRONG", DOWN_STRONG = "", UP_WEAK = "synthetic",
          RANDOM_A = "synthetic", RANDOM_B = "synthetic", RANDOM_C = "synthetic",
          BOTH_ENDS = "synthetic", TOO_SMALL = "synthetic")
writeLines(vapply(names(sets), function(s) paste(c(s, desc[[s]], sets[[s]]), collapse = "\t"), ""),
           "gsea_sets.gmt")
write.csv(data.frame(gene = genes, score = f(score)), "gsea_ranking.csv", row.names = FALSE,
          quote = FALSE)

B <- 400
perms <- t(vapply(seq_len(B), function(b) sample(N), integer(N)))
colnames(perms) <- paste0("p", seq_len(N))
write.csv(perms, "gsea_permutations.csv", row.names = FALSE)

# Gene sets restricted to the ranked genes, sizes 15 .. 500 (GSEA's defaults).
hits <- lapply(sets, function(s) sort(which(rgenes %in% s)))
hits <- hits[vapply(hits, length, 0L) >= 15 & vapply(hits, length, 0L) <= 500]

running <- function(h, p) {
  k <- length(h)
  inset <- seq_len(N) %in% h
  pw <- abs(rscore)^p
  nr <- dsum(pw[h])
  miss <- 1 / (N - k)
  rs <- numeric(N)
  cum <- 0
  seen <- 0
  for (i in seq_len(N)) {
    if (inset[i]) {
      cum <- cum + (if (nr > 0) pw[i] / nr else 1 / k)
      seen <- seen + 1
    }
    rs[i] <- cum - (i - seen) * miss
  }
  mx <- max(rs)
  mn <- min(rs)
  if (mx >= -mn) list(es = mx, peak = which.max(rs), rs = rs)
  else list(es = mn, peak = which.min(rs), rs = rs)
}

results <- data.frame()
curves <- data.frame()
nulls <- data.frame()
for (p in c(1, 0, 2)) {
  S <- length(hits)
  obs <- lapply(hits, running, p = p)
  es <- vapply(obs, function(o) o$es, 0)
  null <- matrix(0, S, B)
  for (s in seq_len(S))
    for (b in seq_len(B))
      null[s, b] <- running(sort(perms[b, hits[[s]]]), p)$es
  nes <- pv <- q <- rep(NA_real_, S)
  same <- integer(S)
  poolPos <- poolNeg <- numeric(0)
  for (s in seq_len(S)) {
    pos <- null[s, null[s, ] >= 0]
    neg <- null[s, null[s, ] < 0]
    mpos <- dsum(pos) / length(pos)
    mneg <- -(dsum(neg) / length(neg))
    if (length(pos) > 0) poolPos <- c(poolPos, pos / mpos)
    if (length(neg) > 0) poolNeg <- c(poolNeg, neg / mneg)
    if (es[s] >= 0) {
      same[s] <- length(pos)
      nes[s] <- es[s] / mpos
      pv[s] <- sum(pos >= es[s]) / length(pos)
    } else {
      same[s] <- length(neg)
      nes[s] <- es[s] / mneg
      pv[s] <- sum(neg <= es[s]) / length(neg)
    }
  }
  obsPos <- nes[es >= 0]
  obsNeg <- nes[es < 0]
  for (s in seq_len(S)) {
    if (es[s] >= 0)
      q[s] <- min(1, (sum(poolPos >= nes[s]) / length(poolPos)) /
                     (sum(obsPos >= nes[s]) / length(obsPos)))
    else
      q[s] <- min(1, (sum(poolNeg <= nes[s]) / length(poolNeg)) /
                     (sum(obsNeg <= nes[s]) / length(obsNeg)))
  }
  for (s in seq_len(S)) {
    h <- hits[[s]]
    pk <- obs[[s]]$peak
    edge <- if (es[s] >= 0) h[h <= pk] else h[h >= pk]
    results <- rbind(results, data.frame(
      weight = p, set = names(hits)[s], size = length(h), es = f(es[s]), peak = pk,
      nes = f(nes[s]), p = f(pv[s]), q = f(q[s]), null_same_sign = same[s],
      leading_edge = paste(rgenes[edge], collapse = " ")))
    curves <- rbind(curves, data.frame(weight = p, set = names(hits)[s], position = seq_len(N),
                                       running_sum = f(obs[[s]]$rs)))
    nulls <- rbind(nulls, data.frame(weight = p, set = names(hits)[s], permutation = seq_len(B),
                                     es = f(null[s, ])))
  }
}
write.csv(results, "gsea_results.csv", row.names = FALSE)
write.csv(curves, "gsea_curves.csv", row.names = FALSE)
write.csv(nulls, "gsea_null.csv", row.names = FALSE)
writeLines(c(R.version.string, "base R only (stats::rnorm, base::sample)"), "gsea.session.txt")
