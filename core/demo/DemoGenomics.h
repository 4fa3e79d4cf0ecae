#pragma once

// The demo cohort's genomic study: a cBioPortal study folder (the file formats
// of docs.cbioportal.org, "File Formats") for the demo's imaged patients,
// written by writeCohort() into DIR/genomics/ next to the DICOM:
//
//   meta_study.txt                   study rgw_demo_luad (type_of_cancer luad)
//   meta_clinical_patient.txt, data_clinical_patient.txt
//       PATIENT_ID (the DICOM PatientID, DEMO-001 ...), AGE (years at the CT,
//       from the DICOM birth and study dates), SEX (Male / Female as in the
//       DICOM), SMOKING_HISTORY (Never / Former / Current), INSTITUTION
//       (SITE-1 .. SITE-3, for splits by site), OS_STATUS (1:DECEASED /
//       0:LIVING), OS_MONTHS. About 6 % of AGE and 12 % of SMOKING_HISTORY
//       values are [Not Available].
//   meta_clinical_sample.txt, data_clinical_sample.txt
//       one primary tumour sample per patient, <PatientID>-01 (DEMO-001-01):
//       SAMPLE_TYPE Primary, ONCOTREE_CODE LUAD, CANCER_TYPE, CANCER_TYPE_DETAILED
//       and SUBTYPE, the expression subtype of lung adenocarcinoma (TRU =
//       terminal respiratory unit, PP = proximal proliferative, PI = proximal
//       inflammatory) as a sample clinical attribute, the way cBioPortal
//       studies carry subtypes; [Not Available] for samples without RNA-seq.
//   meta_mutations.txt, data_mutations.txt
//       MAF ("#version 2.4"; GRCh38), profile "mutations": the protein-altering
//       calls of the genotype below (EGFR exon 19 deletion / L858R / L861Q,
//       KRAS G12C / G12V / G12D, TP53 R175H / R248Q / R273H / R213*, STK11
//       Q37*), plus Silent calls (EGFR p.Q787=, TP53 p.R213=) in about a
//       third of the sequenced samples, which do not make a gene mutated.
//       EGFR, KRAS and TP53 hotspots are at their GRCh38 positions; the STK11
//       position is illustrative.
//   meta_gene_panel_matrix.txt, data_gene_panel_matrix.txt,
//   data_gene_panel_rgw_demo_lung_v{1,2}.txt
//       two panels: RGW_DEMO_LUNG_V1 (EGFR KRAS TP53 BRAF) for CTs before
//       2017, RGW_DEMO_LUNG_V2 (adds STK11 KEAP1) from 2017 on, so STK11 of a
//       V1 sample is not profiled; about 15 % of the samples were not
//       sequenced (panel NA, absent from cases_sequenced, no MAF rows): all
//       their genes are not profiled, never wild-type.
//   meta_expression.txt, data_expression.txt
//       profile rna_seq_mrna, log2(TPM + 1) of EGFR, KRAS, TP53, STK11,
//       NKX2-1, MKI67 and CD274; about 10 % of the samples have no RNA-seq
//       (no column, absent from cases_rna_seq_mrna).
//   case_lists/cases_{all,sequenced,rna_seq_mrna}.txt
//
// What truly depends on what (the ground truth a demo analysis can find):
//  - Genotype (DemoGenotype.h, one stream per patient) -> imaging: every
//    lesion of an EGFR-mutated patient is subsolid: its base attenuation is
//    kEgfrLesionShiftHu (DemoGenotype.h, -300 HU) lower than drawn, and it
//    has neither a necrotic core nor an enhancing rim. Shape, size and place
//    are drawn exactly as for a wild-type patient. The mean CT number of the
//    largest lesion (radiomics first-order Mean) is therefore far lower in
//    EGFR-mutated patients (over the first 150 patients of seed 1: -413 ..
//    -178 HU against -90 .. +83 HU). Nothing else (KRAS, TP53, STK11)
//    changes the images.
//  - Imaging and genotype -> outcome: the time to death is exponential with
//    hazard ln 2 / 24 months x (V / 2 mL) x (0.5 if EGFR-mutated), V the
//    volume of the largest lesion (voxel count x voxel volume: IBSI
//    "Volume (voxel counting)"): larger primary lesions give shorter
//    survival, and EGFR-mutated patients (treated with TKIs) live longer;
//    follow-up ends uniformly between 24 and 72 months (OS_STATUS 0:LIVING
//    then).
//  - Genotype -> expression and subtype: EGFR expression is 1.8 log2 units
//    higher in EGFR-mutated tumours, STK11 1.5 lower in STK11-mutated ones,
//    MKI67 rises with ln V; EGFR-mutated tumours are mostly TRU, KRAS / STK11
//    ones mostly PP, TP53 ones mostly PI.
//  - Genotype -> smoking: EGFR-mutated patients are mostly never-smokers.
// Every draw comes from streams keyed by (seed, patient number), so the same
// seed and patient number give the same patient whatever the cohort size.

#include "demo/DemoPhantom.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rgw::demo {

/// cancer_study_identifier of the demo study.
inline constexpr const char* kDemoStudyId = "rgw_demo_luad";

/// The sample id of a demo patient's primary tumour: "<patientId>-01".
std::string demoSampleId(const std::string& patientId);

/// Volume in mL of the phantom's largest lesion (by voxel count; voxel count
/// times voxel volume), 0 when it has no lesion.
double primaryLesionVolumeMl(const DemoPatientPhantom& phantom);

/// What the study needs of one imaged patient.
struct DemoStudyPatient {
    int patientNumber = 0;
    DemoDemographics demographics;
    DemoGenotype genotype;
    double primaryLesionVolumeMl = 0.0;
};
DemoStudyPatient studyPatientOf(const DemoPatientPhantom& phantom, int patientNumber);

struct DemoStudySummary {
    std::filesystem::path folder;
    std::size_t filesWritten = 0;
    std::vector<std::string> notSequencedSamples; ///< panel NA, not in cases_sequenced
};

/// Writes the study of `patients` (cohort `seed`) into `folder` (created;
/// files of an earlier demo study there are replaced). Deterministic: the
/// same seed and patients give byte-identical files. Throws rgw::Error
/// naming the file on I/O failure.
DemoStudySummary writeGenomicStudy(const std::filesystem::path& folder, std::uint32_t seed,
                                   const std::vector<DemoStudyPatient>& patients);

} // namespace rgw::demo
