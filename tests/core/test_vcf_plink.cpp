// VCF (VEP- and SnpEff-annotated somatic, multi-sample germline, gzip) and
// PLINK .raw readers: records in MAF vocabulary, dosages, missing genotypes
// kept missing, and bad records named by file, line and column. The fixtures
// follow the VCF 4.2 specification, VEP's CSQ and SnpEff's ANN header
// layouts and PLINK 1.9's --recode A output.
#include "TestData.h"
#include "genomics/PlinkRaw.h"
#include "genomics/Profiling.h"
#include "genomics/VariantConsequence.h"
#include "genomics/Vcf.h"
#include "util/Error.h"

#include <fstream>
#include <gtest/gtest.h>
#include <zlib.h>

namespace fs = std::filesystem;
using namespace rgw::genomics;

namespace {

void writeText(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

void writeGzip(const fs::path& file, const std::string& text) {
    gzFile out = gzopen(file.string().c_str(), "wb");
    ASSERT_NE(out, nullptr);
    ASSERT_EQ(gzwrite(out, text.data(), unsigned(text.size())), int(text.size()));
    gzclose(out);
}

const std::string kVepHeader =
    "##fileformat=VCFv4.2\n"
    "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl "
    "VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|HGVSc|"
    "HGVSp|CANONICAL\">\n"
    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
    "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
    "##FORMAT=<ID=AF,Number=A,Type=Float,Description=\"Allele fraction\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTCGA-AB-0001-01\n";

std::string vepRecords() {
    return
        // BRAF V600E, two transcripts: the canonical missense one is chosen.
        "7\t140753336\t.\tA\tT\t.\tPASS\tCSQ=T|downstream_gene_variant|MODIFIER|BRAF|ENSG1|"
        "Transcript|ENST2|protein_coding|||,T|missense_variant|MODERATE|BRAF|ENSG1|Transcript|"
        "ENST1|protein_coding|c.1799T>A|ENSP00000493543.1:p.Val600Glu|YES\tGT:AD\t0/1:60,40\n"
        // EGFR L858R with an allele fraction.
        "7\t55191822\t.\tT\tG\t.\tPASS\tCSQ=G|missense_variant|MODERATE|EGFR|ENSG2|Transcript|"
        "ENST3|protein_coding|c.2573T>G|ENSP00000275493.2:p.Leu858Arg|YES\tGT:AF\t0/1:0.25\n"
        // KRAS frameshift insertion: VEP writes the allele without the anchor base.
        "12\t25245350\t.\tC\tCA\t.\tPASS\tCSQ=A|frameshift_variant|HIGH|KRAS|ENSG3|Transcript|"
        "ENST4|protein_coding|c.37dup|ENSP00000256078.4:p.Gly13TrpfsTer4|YES\tGT\t0/1\n"
        // TP53 synonymous.
        "17\t7675088\t.\tC\tT\t.\tPASS\tCSQ=T|synonymous_variant|LOW|TP53|ENSG4|Transcript|ENST5|"
        "protein_coding|c.525C>T|ENSP00000269305.4:p.Arg175%3D|YES\tGT\t0/1\n"
        // Rejected by the caller's filter: not a mutation.
        "1\t115256529\t.\tT\tC\t.\tLowQual\tCSQ=C|missense_variant|MODERATE|NRAS|ENSG5|"
        "Transcript|ENST6|protein_coding|c.182A>G|ENSP1:p.Gln61Arg|YES\tGT\t0/1\n"
        // A symbolic allele (line 12): a problem naming the ALT column.
        "2\t200\t.\tG\t<DEL>\t.\tPASS\tCSQ=<DEL>|feature_truncation|MODIFIER|ALK|||||||\tGT\t0/1\n"
        // Intergenic: no gene, no mutation record.
        "3\t300\t.\tG\tA\t.\tPASS\tCSQ=A|intergenic_variant|MODIFIER||||||||\tGT\t0/1\n";
}

const Mutation* find(const GenomicDataSet& set, const std::string& gene) {
    for (const auto& m : set.mutations)
        if (m.gene.hugoSymbol == gene)
            return &m;
    return nullptr;
}

ProfileCoverage coverageOf(const GenomicDataSet& set) {
    ProfileCoverage coverage;
    const auto& profile = set.profiles.front();
    coverage.allSamples = profile.allSamplesProfiled;
    coverage.samples = {profile.profiledSamples.begin(), profile.profiledSamples.end()};
    coverage.defaultPanel = profile.genePanel;
    for (const auto& panel : set.panels)
        coverage.panelGenes[panel.stableId] = {panel.genes.begin(), panel.genes.end()};
    return coverage;
}

bool altered(const GenomicDataSet& set, const std::string& gene) {
    for (const auto& m : set.mutations)
        if (m.gene.hugoSymbol == gene && isProteinAltering(m.variantClassification))
            return true;
    return false;
}

} // namespace

TEST(VariantConsequence, MapsSequenceOntologyTermsOntoMafClassifications) {
    EXPECT_EQ(mafClassification("missense_variant", "SNP"), "Missense_Mutation");
    EXPECT_EQ(mafClassification("stop_gained", "SNP"), "Nonsense_Mutation");
    EXPECT_EQ(mafClassification("frameshift_variant", "DEL"), "Frame_Shift_Del");
    EXPECT_EQ(mafClassification("frameshift_variant", "INS"), "Frame_Shift_Ins");
    EXPECT_EQ(mafClassification("inframe_deletion", "DEL"), "In_Frame_Del");
    EXPECT_EQ(mafClassification("disruptive_inframe_insertion", "INS"), "In_Frame_Ins");
    EXPECT_EQ(mafClassification("splice_acceptor_variant&intron_variant", "SNP"), "Splice_Site");
    EXPECT_EQ(mafClassification("splice_region_variant&intron_variant", "SNP"), "Splice_Region");
    EXPECT_EQ(mafClassification("intron_variant&splice_region_variant", "SNP"), "Splice_Region");
    EXPECT_EQ(mafClassification("synonymous_variant", "SNP"), "Silent");
    EXPECT_EQ(mafClassification("5_prime_UTR_variant", "SNP"), "5'UTR");
    EXPECT_EQ(mafClassification("3_prime_UTR_variant", "SNP"), "3'UTR");
    EXPECT_EQ(mafClassification("upstream_gene_variant", "SNP"), "5'Flank");
    EXPECT_EQ(mafClassification("downstream_gene_variant", "SNP"), "3'Flank");
    EXPECT_EQ(mafClassification("intergenic_region", "SNP"), "IGR");
    EXPECT_EQ(mafClassification("non_coding_transcript_exon_variant", "SNP"), "RNA");
    EXPECT_EQ(mafClassification("start_lost", "SNP"), "Translation_Start_Site");
    EXPECT_EQ(mafClassification("stop_lost", "SNP"), "Nonstop_Mutation");
    EXPECT_EQ(mafClassification("something_new", "SNP"), "Targeted_Region");
    EXPECT_EQ(mafVariantType("A", "T"), "SNP");
    EXPECT_EQ(mafVariantType("AC", "TG"), "DNP");
    EXPECT_EQ(mafVariantType("ACG", "TGA"), "TNP");
    EXPECT_EQ(mafVariantType("ACGT", "TGAC"), "ONP");
    EXPECT_EQ(mafVariantType("C", "CA"), "INS");
    EXPECT_EQ(mafVariantType("CA", "C"), "DEL");
}

TEST(VariantConsequence, ShortensHgvsProteinNotation) {
    EXPECT_EQ(shortProteinChange("ENSP00000493543.1:p.Val600Glu"), "V600E");
    EXPECT_EQ(shortProteinChange("p.(Val600Glu)"), "V600E");
    EXPECT_EQ(shortProteinChange("p.Lys117ArgfsTer12"), "K117Rfs*12");
    EXPECT_EQ(shortProteinChange("p.Arg213Ter"), "R213*");
    EXPECT_EQ(shortProteinChange("ENSP1:p.Leu858%3D"), "L858=");
    EXPECT_EQ(shortProteinChange("p.Glu746_Ala750del"), "E746_A750del");
    EXPECT_EQ(shortProteinChange(""), "");
}

TEST(Vcf, ReadsAVepAnnotatedSomaticVcfInMafVocabulary) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "panel_TCGA-AB-0001.vcf";
    writeText(file, kVepHeader + vepRecords());
    ASSERT_EQ(detectVcfContent(file), VcfContent::SomaticAnnotated);
    const GenomicDataSet set = readVcf(file);
    ASSERT_EQ(set.profiles.size(), 1u);
    EXPECT_EQ(set.profiles[0].kind, ProfileKind::Mutation);
    EXPECT_EQ(set.profiles[0].stableId, "panel_TCGA-AB-0001_mutations");
    ASSERT_EQ(set.samples.size(), 1u);
    EXPECT_EQ(set.samples[0].sampleId, "TCGA-AB-0001-01");
    EXPECT_EQ(set.samples[0].patientId, "TCGA-AB-0001");
    EXPECT_EQ(set.samples[0].type, "primary");
    ASSERT_EQ(set.mutations.size(), 4u); // BRAF, EGFR, KRAS, TP53

    const Mutation* braf = find(set, "BRAF");
    ASSERT_TRUE(braf);
    EXPECT_EQ(braf->variantClassification, "Missense_Mutation");
    EXPECT_EQ(braf->proteinChange, "V600E");
    EXPECT_EQ(braf->variantType, "SNP");
    EXPECT_EQ(braf->chromosome, "7");
    EXPECT_EQ(braf->startPosition, 140753336);
    EXPECT_EQ(braf->tRefCount, 60);
    EXPECT_EQ(braf->tAltCount, 40);
    EXPECT_DOUBLE_EQ(*braf->vaf, 0.4);
    EXPECT_EQ(braf->where.line, 7u);

    EXPECT_DOUBLE_EQ(*find(set, "EGFR")->vaf, 0.25);
    EXPECT_EQ(find(set, "EGFR")->proteinChange, "L858R");
    EXPECT_EQ(find(set, "KRAS")->variantClassification, "Frame_Shift_Ins");
    EXPECT_EQ(find(set, "KRAS")->proteinChange, "G13Wfs*4");
    EXPECT_EQ(find(set, "TP53")->variantClassification, "Silent");
    EXPECT_EQ(find(set, "TP53")->proteinChange, "R175=");
    EXPECT_FALSE(find(set, "NRAS")); // FILTER LowQual

    ASSERT_EQ(set.problems.size(), 1u);
    EXPECT_EQ(set.problems[0].where.file, file.string());
    EXPECT_EQ(set.problems[0].where.line, 12u);
    EXPECT_EQ(set.problems[0].where.column, "ALT");
}

TEST(Vcf, APanelVcfCallsOnlyPanelGenesWildTypeAndNothingWithoutAPanel) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "panel.vcf";
    writeText(file, kVepHeader + vepRecords());
    const std::string sample = "TCGA-AB-0001-01";

    // No panel declared: a call is a mutation, its absence is not wild-type.
    const GenomicDataSet bare = readVcf(file);
    const ProfileCoverage none = coverageOf(bare);
    EXPECT_EQ(geneStatus(none, sample, "BRAF", altered(bare, "BRAF")), GeneStatus::Altered);
    EXPECT_EQ(geneStatus(none, sample, "TP53", altered(bare, "TP53")), GeneStatus::NotProfiled);
    EXPECT_EQ(geneStatus(none, sample, "NRAS", altered(bare, "NRAS")), GeneStatus::NotProfiled);

    // With the panel: silent-only TP53 and uncalled NRAS are wild-type; MYC off-panel.
    VcfOptions options;
    options.panel = GenePanel{"hotspot5", "five genes", {"BRAF", "EGFR", "KRAS", "TP53", "NRAS"}};
    const GenomicDataSet panel = readVcf(file, options);
    const ProfileCoverage covered = coverageOf(panel);
    EXPECT_EQ(geneStatus(covered, sample, "BRAF", altered(panel, "BRAF")), GeneStatus::Altered);
    EXPECT_EQ(geneStatus(covered, sample, "TP53", altered(panel, "TP53")), GeneStatus::NotAltered);
    EXPECT_EQ(geneStatus(covered, sample, "NRAS", altered(panel, "NRAS")), GeneStatus::NotAltered);
    EXPECT_EQ(geneStatus(covered, sample, "MYC", altered(panel, "MYC")), GeneStatus::NotProfiled);
}

TEST(Vcf, ReadsASnpEffAnnotatedTumourNormalVcf) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "snpeff.vcf.gz";
    writeGzip(file,
              "##fileformat=VCFv4.2\n"
              "##tumor_sample=TCGA-AB-0002-01\n"
              "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele "
              "| Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID "
              "| Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / "
              "CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO' \">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTCGA-AB-0002-10\t"
              "TCGA-AB-0002-01\n"
              "3\t179218303\t.\tG\tA\t.\tPASS\tANN=A|missense_variant&splice_region_variant|"
              "MODERATE|PIK3CA|ENSG00000121879|transcript|ENST00000263967.4|protein_coding|10/21|"
              "c.1633G>A|p.Glu545Lys|||||\tGT:AD\t0/0:50,0\t0/1:30,10\n"
              "17\t7674894\t.\tG\tA\t.\t.\tANN=A|stop_gained|HIGH|TP53|ENSG00000141510|transcript|"
              "ENST00000269305.9|protein_coding|6/11|c.637C>T|p.Arg213*|||||\tGT:AD\t0/0:40,0\t"
              "0/1:20,20\n");
    ASSERT_EQ(detectVcfContent(file), VcfContent::SomaticAnnotated);
    const GenomicDataSet set = readVcf(file);
    ASSERT_TRUE(set.problems.empty()) << set.problems[0].describe();
    ASSERT_EQ(set.mutations.size(), 2u);
    const Mutation* pik3ca = find(set, "PIK3CA");
    ASSERT_TRUE(pik3ca);
    EXPECT_EQ(pik3ca->sampleId, "TCGA-AB-0002-01");
    EXPECT_EQ(pik3ca->variantClassification, "Missense_Mutation");
    EXPECT_EQ(pik3ca->proteinChange, "E545K");
    EXPECT_DOUBLE_EQ(*pik3ca->vaf, 0.25);
    EXPECT_EQ(find(set, "TP53")->variantClassification, "Nonsense_Mutation");
    EXPECT_EQ(find(set, "TP53")->proteinChange, "R213*");
}

TEST(Vcf, ReadsGermlineDosagesFromDsOrGtAndKeepsMissingGenotypesMissing) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "germline.vcf.gz";
    writeGzip(file, "##fileformat=VCFv4.2\n"
                    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                    "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n"
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP1\tP2\tP3\n"
                    "19\t43553422\trs2682585\tC\tT\t.\tPASS\t.\tGT\t0/0\t0|1\t1/1\n"
                    "1\t1000\t.\tA\tG,T\t.\tPASS\t.\tGT:DS\t0/1:0.9,0.1\t./.:.\t1/2:1.1,0.8\n"
                    "5\t500\trs1\tG\tA\t.\tPASS\t.\tGT\t0/3\t0/1\t0/0\n");
    ASSERT_EQ(detectVcfContent(file), VcfContent::Germline);
    const GenomicDataSet set = readVcf(file);
    ASSERT_EQ(set.profiles.size(), 1u);
    EXPECT_EQ(set.profiles[0].kind, ProfileKind::GermlineGenotype);
    EXPECT_EQ(set.samples.size(), 3u);
    EXPECT_EQ(set.samples[0].type, "normal");
    std::map<std::string, double> dosage;
    for (const auto& g : set.genotypes)
        dosage[g.variantId + "/" + g.sampleId] = g.dosage;
    EXPECT_EQ(dosage.at("rs2682585/P1"), 0.0);
    EXPECT_EQ(dosage.at("rs2682585/P2"), 1.0);
    EXPECT_EQ(dosage.at("rs2682585/P3"), 2.0);
    EXPECT_DOUBLE_EQ(dosage.at("1:1000:A:G/P1"), 0.9);
    EXPECT_DOUBLE_EQ(dosage.at("1:1000:A:T/P1"), 0.1);
    EXPECT_DOUBLE_EQ(dosage.at("1:1000:A:G/P3"), 1.1);
    EXPECT_DOUBLE_EQ(dosage.at("1:1000:A:T/P3"), 0.8);
    EXPECT_EQ(dosage.count("1:1000:A:G/P2"), 0u); // ./. is missing, not 0
    EXPECT_EQ(dosage.at("rs1/P2"), 1.0);
    EXPECT_EQ(dosage.count("rs1/P1"), 0u);
    EXPECT_EQ(set.genotypes.size(), 9u);
    ASSERT_EQ(set.problems.size(), 1u);
    EXPECT_EQ(set.problems[0].where.line, 7u);
    EXPECT_EQ(set.problems[0].where.column, "P1");
}

TEST(Vcf, AFileThatIsNotAVcfOrLacksItsTumourSampleIsRefusedByName) {
    rgw::test::TempDir tmp;
    const auto notVcf = tmp.path() / "notes.vcf";
    writeText(notVcf, "hello\n");
    try {
        readVcf(notVcf);
        FAIL() << "accepted a file without #CHROM";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find(notVcf.string()), std::string::npos) << e.what();
    }
    const auto twoSamples = tmp.path() / "pair.vcf";
    writeText(twoSamples, "##fileformat=VCFv4.2\n"
                          "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Format: "
                          "Allele|Consequence|SYMBOL\">\n"
                          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n");
    EXPECT_THROW(readVcf(twoSamples), rgw::Error);
    VcfOptions options;
    options.tumorSample = "B";
    EXPECT_EQ(readVcf(twoSamples, options).samples.at(0).sampleId, "B");
}

TEST(PlinkRaw, ReadsRecodeADosagesWithMissingValuesAndNamesBadCells) {
    rgw::test::TempDir tmp;
    const auto file = tmp.path() / "toxicity.raw";
    writeText(file, "FID IID PAT MAT SEX PHENOTYPE rs2682585_T rs25487_A(/G)\n"
                    "F1 P1 0 0 1 -9 0 2\n"
                    "F2 P2 0 0 2 -9 NA 1\n"
                    "F3 P3 0 0 1 -9 1 x\n"
                    "F4 P4 0 0 1\n");
    const GenomicDataSet set = readPlinkRaw(file);
    ASSERT_EQ(set.profiles.size(), 1u);
    EXPECT_EQ(set.profiles[0].kind, ProfileKind::GermlineGenotype);
    EXPECT_EQ(set.profiles[0].stableId, "toxicity_genotypes");
    std::map<std::string, const Genotype*> byKey;
    for (const auto& g : set.genotypes)
        byKey[g.variantId + "/" + g.sampleId] = &g;
    ASSERT_EQ(set.genotypes.size(), 4u);
    EXPECT_EQ(byKey.at("rs2682585/P1")->dosage, 0.0);
    EXPECT_EQ(byKey.at("rs2682585/P1")->alternateAllele, "T");
    EXPECT_EQ(byKey.at("rs25487/P1")->dosage, 2.0);
    EXPECT_EQ(byKey.at("rs25487/P1")->alternateAllele, "A");
    EXPECT_EQ(byKey.at("rs25487/P1")->referenceAllele, "G");
    EXPECT_EQ(byKey.count("rs2682585/P2"), 0u); // NA is missing, not 0
    EXPECT_EQ(byKey.at("rs25487/P2")->dosage, 1.0);
    EXPECT_EQ(byKey.at("rs2682585/P3")->dosage, 1.0);
    ASSERT_EQ(set.problems.size(), 2u);
    EXPECT_EQ(set.problems[0].where.line, 4u);
    EXPECT_EQ(set.problems[0].where.column, "rs25487_A(/G)");
    EXPECT_EQ(set.problems[1].where.line, 5u);

    const auto notRaw = tmp.path() / "other.raw";
    writeText(notRaw, "IID rs1_A\nP1 0\n");
    EXPECT_THROW(readPlinkRaw(notRaw), rgw::Error);
}
