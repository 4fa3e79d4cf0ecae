# Writes the seeded synthetic input of the candidate-SNP association fixture
# (make_snp.sh runs it): 300 samples, 40 biallelic SNPs on chromosomes 1-6 with
# varied allele frequencies, a few missing genotypes, one SNP out of
# Hardy-Weinberg equilibrium, one monomorphic SNP, one rare SNP carried only
# by cases (separation), one SNP with high missingness; a binary toxicity
# outcome, a continuous outcome, a time-to-event outcome, and covariates dose
# and age with a few missing values.
# Outputs: snp.ped / snp.map (PLINK text fileset, binary phenotype 1/2, 0 =
# missing), snp_covar.txt (FID IID dose age, -9 = missing), snp_qt.txt (FID
# IID qt, -9 = missing), snp_surv.csv (IID,time,event).
args <- commandArgs(trailingOnly = TRUE)
seed <- if (length(args) >= 1) as.integer(args[1]) else 20261206L
set.seed(seed)

n <- 300
m <- 40
ids <- sprintf("S%03d", seq_len(n))
chrom <- rep(1:6, length.out = m)
chrom <- sort(chrom)
pos <- integer(m)
for (c in unique(chrom)) {
  k <- which(chrom == c)
  pos[k] <- sort(sample(1e5:5e7, length(k)))
}
snp <- sprintf("rs%d", 1000 + seq_len(m) * 7)
bases <- c("A", "C", "G", "T")
a1 <- character(m); a2 <- character(m)
for (j in seq_len(m)) { ab <- sample(bases, 2); a1[j] <- ab[1]; a2[j] <- ab[2] }

freq <- round(runif(m, 0.04, 0.5), 3)
freq[5] <- 0.015   # rare: filtered by --maf 0.05
freq[9] <- 0.25    # out of HWE (below)
freq[17] <- 0      # monomorphic
geno <- matrix(0L, n, m)   # copies of a1
for (j in seq_len(m)) geno[, j] <- rbinom(n, 2, freq[j])
# SNP 9: no heterozygotes -> HWE exact test p tiny
geno[, 9] <- ifelse(runif(n) < 0.3, 2L, 0L)

# covariates
dose <- round(rnorm(n, 60, 6), 1)
age <- round(runif(n, 38, 82))
# outcomes driven by dose, age and SNPs 3 and 12
lp <- -9 + 0.12 * dose + 0.02 * age + 0.7 * geno[, 3] + 0.5 * geno[, 12]
tox <- rbinom(n, 1, plogis(lp))
qt <- round(10 + 0.3 * dose - 0.05 * age + 1.2 * geno[, 12] - 0.8 * geno[, 20] + rnorm(n, 0, 3), 3)
hazard <- exp(-8 + 0.05 * dose + 0.01 * age + 0.6 * geno[, 3] + 0.4 * geno[, 12])
tevent <- rexp(n, hazard)
tcens <- runif(n, 5, 60)
time <- round(pmin(tevent, tcens), 2)
event <- as.integer(tevent <= tcens)

# SNP 25: rare allele carried only by 3 cases (complete separation)
geno[, 25] <- 0L
cases <- which(tox == 1)
geno[sample(cases, 3), 25] <- 1L

# missing genotypes: ~2% everywhere, ~15% on SNP 30
miss <- matrix(runif(n * m) < 0.02, n, m)
miss[, 30] <- runif(n) < 0.15
miss[, 17] <- FALSE
# missing covariates / outcomes
dose_obs <- dose; dose_obs[sample(n, 4)] <- NA
age_obs <- age; age_obs[sample(n, 3)] <- NA
tox_obs <- tox; tox_obs[sample(n, 5)] <- NA
qt_obs <- qt; qt_obs[sample(n, 4)] <- NA

allele_pair <- function(g, j) {
  ifelse(is.na(g), "0 0",
         ifelse(g == 2, paste(a1[j], a1[j]),
                ifelse(g == 1, paste(a1[j], a2[j]), paste(a2[j], a2[j]))))
}
gcols <- sapply(seq_len(m), function(j) {
  g <- geno[, j]; g[miss[, j]] <- NA
  allele_pair(g, j)
})
sex <- sample(1:2, n, replace = TRUE)
pheno <- ifelse(is.na(tox_obs), 0L, tox_obs + 1L)
ped <- cbind(ids, ids, 0, 0, sex, pheno, gcols)
write.table(ped, "snp.ped", quote = FALSE, row.names = FALSE, col.names = FALSE)
write.table(data.frame(chrom, snp, 0, pos), "snp.map", quote = FALSE, row.names = FALSE,
            col.names = FALSE)
na9 <- function(x) ifelse(is.na(x), "-9", format(x, trim = TRUE))
write.table(data.frame(FID = ids, IID = ids, dose = na9(dose_obs), age = na9(age_obs)),
            "snp_covar.txt", quote = FALSE, row.names = FALSE)
write.table(data.frame(FID = ids, IID = ids, qt = na9(qt_obs)), "snp_qt.txt", quote = FALSE,
            row.names = FALSE)
write.csv(data.frame(IID = ids, time = time, event = event), "snp_surv.csv", quote = FALSE,
          row.names = FALSE)
