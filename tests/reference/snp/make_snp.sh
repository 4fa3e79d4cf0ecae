#!/bin/sh
# Reference for core/association (candidate-SNP association, issue #14 §3):
# writes the seeded synthetic fixture (write_snp_input.R), converts it with
# PLINK 1.9 and runs PLINK's per-SNP QC and association tests on it, then
# survival::coxph per SNP (snp_cox.R). Run from this folder:
#     sh make_snp.sh [seed]
# Needs Rscript (survival) and plink1.9. Writes:
#   snp.ped/.map, snp_covar.txt, snp_qt.txt, snp_surv.csv   input (seeded)
#   (snp.bed/.bim/.fam, PLINK's binary copy, is intermediate and removed)
#   snp.raw        --recode A include-alt (counted allele = A1) read by readPlinkRaw
#   snp.vcf        --recode vcf-iid (ALT = A1) read by readGermlineVcf
#   snp.frq, snp.lmiss, snp.hwe          --freq, --missing, --hardy
#   snp.assoc.logistic                   binary outcome, covariates dose and age
#   snp_qt.assoc.linear                  continuous outcome snp_qt.txt, same covariates
#   snp_filtered.assoc.logistic          as above after --geno 0.1 --maf 0.05 --hwe 1e-6
#   snp_cox.csv, snp_glm.csv, snp_lm.csv  coxph / glm / lm per SNP + dose + age (snp_models.R)
#   snp.session.txt                      PLINK, R and survival versions
set -e
seed=${1:-20261206}
P="plink1.9 --allow-no-sex --silent"
Rscript write_snp_input.R "$seed"
$P --file snp --make-bed --out snp
$P --bfile snp --freq --missing --hardy --out snp
$P --bfile snp --logistic --ci 0.95 --covar snp_covar.txt --covar-name dose,age --out snp
$P --bfile snp --linear --ci 0.95 --pheno snp_qt.txt --pheno-name qt \
   --covar snp_covar.txt --covar-name dose,age --out snp_qt
$P --bfile snp --logistic --ci 0.95 --covar snp_covar.txt --covar-name dose,age \
   --geno 0.1 --maf 0.05 --hwe 1e-6 --out snp_filtered
$P --bfile snp --recode A include-alt --out snp
$P --bfile snp --recode vcf-iid --out snp
Rscript snp_models.R
rm -f snp.bed snp.bim snp.fam snp.log snp_qt.log snp_filtered.log snp.nosex snp_qt.nosex snp_filtered.nosex snp.imiss
{
    plink1.9 --version
    Rscript -e 'cat(R.version.string, "\n"); cat("survival", format(packageVersion("survival")), "\n")'
    echo "seed $seed"
} > snp.session.txt
