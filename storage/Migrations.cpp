#include "Migrations.h"

#include "Database.h"
#include "util/Error.h"

#include <string>

namespace rgw::storage {

namespace {

constexpr const char* kNow = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

// Schema v1: the imaging cohort, segmentations with versions, import runs and
// the audit log. Later features (radiomics features, genomics, clinical data,
// models) come as further migrations appended to the list below; a released
// migration is never edited.
const std::string kV1 = std::string(R"sql(
CREATE TABLE patients (
    id          INTEGER PRIMARY KEY,
    patient_id  TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    birth_date  TEXT NOT NULL DEFAULT '',
    sex         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE studies (
    id          INTEGER PRIMARY KEY,
    study_uid   TEXT NOT NULL UNIQUE,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    date        TEXT NOT NULL DEFAULT '',
    time        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    accession   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX studies_patient_id ON studies(patient_id);

CREATE TABLE series (
    id                     INTEGER PRIMARY KEY,
    series_uid             TEXT NOT NULL UNIQUE,
    study_id               INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    modality               TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    series_number          INTEGER,
    frame_of_reference_uid TEXT NOT NULL DEFAULT '',
    object_kind            TEXT NOT NULL
        CHECK (object_kind IN ('image', 'rtstruct', 'seg', 'sr', 'other'))
);
CREATE INDEX series_study_id ON series(study_id);

CREATE TABLE instances (
    id                  INTEGER PRIMARY KEY,
    sop_instance_uid    TEXT NOT NULL UNIQUE,
    series_id           INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    file_path           TEXT NOT NULL,
    transfer_syntax_uid TEXT NOT NULL DEFAULT '',
    file_size           INTEGER NOT NULL,
    file_mtime          INTEGER NOT NULL,
    instance_number     INTEGER,
    sop_class_uid       TEXT NOT NULL DEFAULT '',
    rows                INTEGER NOT NULL DEFAULT 0,
    columns             INTEGER NOT NULL DEFAULT 0,
    frames              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX instances_series_id ON instances(series_id);
CREATE INDEX instances_file_path ON instances(file_path);

-- series_uid is the referenced image series by UID (not a foreign key): an
-- RTSTRUCT may be imported before, or without, the images it contours.
-- RTSTRUCT / SEG rows reference their source object and carry no mask; NIFTI
-- and MANUAL rows (imports and edited versions) carry the compressed mask.
CREATE TABLE segmentations (
    id                      INTEGER PRIMARY KEY,
    patient_id              INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    series_uid              TEXT NOT NULL,
    roi_name                TEXT NOT NULL,
    roi_number              INTEGER NOT NULL DEFAULT 0,
    color_r                 INTEGER NOT NULL DEFAULT 255,
    color_g                 INTEGER NOT NULL DEFAULT 0,
    color_b                 INTEGER NOT NULL DEFAULT 0,
    source                  TEXT NOT NULL CHECK (source IN ('RTSTRUCT', 'SEG', 'NIFTI', 'MANUAL')),
    source_file             TEXT NOT NULL DEFAULT '',
    source_sop_instance_uid TEXT NOT NULL DEFAULT '',
    lineage                 INTEGER NOT NULL REFERENCES segmentations(id),
    version                 INTEGER NOT NULL CHECK (version >= 1),
    parent_id               INTEGER REFERENCES segmentations(id),
    mask                    BLOB,
    created_at              TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    created_by              TEXT NOT NULL DEFAULT '',
    UNIQUE (lineage, version),
    CHECK ((source IN ('RTSTRUCT', 'SEG')) = (mask IS NULL)),
    CHECK ((version = 1) = (parent_id IS NULL))
);
CREATE INDEX segmentations_patient_id ON segmentations(patient_id);
CREATE INDEX segmentations_series_uid ON segmentations(series_uid);
CREATE INDEX segmentations_parent_id ON segmentations(parent_id);
-- One row per RTSTRUCT ROI / SEG segment: keeps re-imports idempotent.
CREATE UNIQUE INDEX segmentations_source_roi ON segmentations(source_sop_instance_uid, roi_number)
    WHERE source IN ('RTSTRUCT', 'SEG');

CREATE TABLE import_runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL DEFAULT )sql" +
                        kNow + R"sql(,
    finished_at     TEXT,
    status          TEXT NOT NULL
        CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
    roots           TEXT NOT NULL,
    files_scanned   INTEGER NOT NULL DEFAULT 0,
    instances_added INTEGER NOT NULL DEFAULT 0,
    duplicates      INTEGER NOT NULL DEFAULT 0,
    changed         INTEGER NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0,
    report          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL DEFAULT )sql" +
                        kNow + R"sql(,
    who       TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
)sql";

// Schema v2: radiomic features with their provenance. A parameter set is
// stored once by the hash of its canonical text; an extraction names the image
// series, the mask (a segmentation row, or a description of a file mask), the
// parameter set and the software that computed it. Values are written in the
// extraction's transaction; a value that is missing has no row (never NULL).
const std::string kV2 = std::string(R"sql(
CREATE TABLE parameter_sets (
    id             INTEGER PRIMARY KEY,
    hash           TEXT NOT NULL UNIQUE,
    canonical_text TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT ''
);

-- AUTOINCREMENT: a replaced extraction's id is never reused, so audit
-- entries and exported provenance keep naming one extraction each.
CREATE TABLE feature_extractions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    series_uid       TEXT NOT NULL,
    segmentation_id  INTEGER REFERENCES segmentations(id) ON DELETE CASCADE,
    mask_description TEXT NOT NULL DEFAULT '',
    parameter_set_id INTEGER NOT NULL REFERENCES parameter_sets(id),
    software_version TEXT NOT NULL,
    families         TEXT NOT NULL,
    created_at       TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    created_by       TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete')),
    CHECK (segmentation_id IS NOT NULL OR mask_description <> '')
);
-- One extraction per (series, segmentation, parameter set): lets a cohort run
-- resume by skipping done pairs. File masks (no segmentation row) may repeat.
CREATE UNIQUE INDEX feature_extractions_pair
    ON feature_extractions(series_uid, segmentation_id, parameter_set_id)
    WHERE segmentation_id IS NOT NULL;
CREATE INDEX feature_extractions_segmentation_id ON feature_extractions(segmentation_id);
CREATE INDEX feature_extractions_parameter_set_id ON feature_extractions(parameter_set_id);

CREATE TABLE feature_values (
    id            INTEGER PRIMARY KEY,
    extraction_id INTEGER NOT NULL REFERENCES feature_extractions(id) ON DELETE CASCADE,
    family        TEXT NOT NULL,
    feature       TEXT NOT NULL,
    ibsi_code     TEXT NOT NULL DEFAULT '',
    aggregation   TEXT NOT NULL DEFAULT '',
    value         REAL NOT NULL,
    UNIQUE (extraction_id, family, feature, aggregation)
);

CREATE TABLE feature_family_notes (
    id            INTEGER PRIMARY KEY,
    extraction_id INTEGER NOT NULL REFERENCES feature_extractions(id) ON DELETE CASCADE,
    family        TEXT NOT NULL,
    note          TEXT NOT NULL
);
CREATE INDEX feature_family_notes_extraction_id ON feature_family_notes(extraction_id);
)sql";

// Schema v3 (issue #11): the modality guard's provenance, and feature rows
// that are the same for every ROI. An extraction records the DICOM Modality of
// its image and whether the user forced a parameter set not declared for it;
// a feature value that could not be computed is stored as NULL with the
// reason, and every value has its unit. SQLite cannot drop a NOT NULL, so
// feature_values is rebuilt (ids kept; rows written before v3 have no unit).
const std::string kV3 = R"sql(
ALTER TABLE feature_extractions ADD COLUMN image_modality TEXT NOT NULL DEFAULT '';
ALTER TABLE feature_extractions ADD COLUMN modality_mismatch_allowed INTEGER NOT NULL DEFAULT 0
    CHECK (modality_mismatch_allowed IN (0, 1));

CREATE TABLE feature_values_v3 (
    id             INTEGER PRIMARY KEY,
    extraction_id  INTEGER NOT NULL REFERENCES feature_extractions(id) ON DELETE CASCADE,
    family         TEXT NOT NULL,
    feature        TEXT NOT NULL,
    ibsi_code      TEXT NOT NULL DEFAULT '',
    aggregation    TEXT NOT NULL DEFAULT '',
    value          REAL,
    unit           TEXT NOT NULL DEFAULT '',
    missing_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (extraction_id, family, feature, aggregation),
    CHECK ((value IS NULL) = (missing_reason <> ''))
);
INSERT INTO feature_values_v3 (id, extraction_id, family, feature, ibsi_code, aggregation, value)
    SELECT id, extraction_id, family, feature, ibsi_code, aggregation, value FROM feature_values;
DROP TABLE feature_values;
ALTER TABLE feature_values_v3 RENAME TO feature_values;
)sql";

// Schema v4: genomic and clinical data next to the images. Patients may exist
// before any image (a genomic or clinical source names them); aliases link
// the ids of other sources to a patient. A genomic profile belongs to a study
// and is stored once per content hash, so re-importing it changes nothing and
// a changed file replaces its rows in one transaction (AUTOINCREMENT: a
// replaced profile's id is never reused). Matrices are stored compactly: one
// row per gene and profile holding the values of all the profile's samples as
// a float32 little-endian BLOB in the order of profile_samples.position (NaN =
// missing). A clinical value that is missing has no row (never NULL, never 0).
const std::string kV4 = std::string(R"sql(
ALTER TABLE import_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'dicom'
    CHECK (kind IN ('dicom', 'genomics'));

-- Another source's id for a patient (study id, hospital number, barcode).
CREATE TABLE patient_aliases (
    id         INTEGER PRIMARY KEY,
    alias      TEXT NOT NULL UNIQUE CHECK (alias <> ''),
    patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX patient_aliases_patient_id ON patient_aliases(patient_id);

CREATE TABLE samples (
    id         INTEGER PRIMARY KEY,
    sample_id  TEXT NOT NULL UNIQUE CHECK (sample_id <> ''),
    patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    type       TEXT NOT NULL DEFAULT ''
        CHECK (type IN ('primary', 'metastasis', 'recurrence', 'normal', '')),
    date       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX samples_patient_id ON samples(patient_id);

CREATE TABLE genomic_studies (
    id            INTEGER PRIMARY KEY,
    study_id      TEXT NOT NULL UNIQUE CHECK (study_id <> ''),
    name          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    import_run_id INTEGER REFERENCES import_runs(id) ON DELETE SET NULL
);

-- Targeted sequencing panels, shared by the studies that name them.
CREATE TABLE gene_panels (
    id          INTEGER PRIMARY KEY,
    stable_id   TEXT NOT NULL UNIQUE CHECK (stable_id <> ''),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE gene_panel_genes (
    panel_id    INTEGER NOT NULL REFERENCES gene_panels(id) ON DELETE CASCADE,
    hugo_symbol TEXT NOT NULL,
    PRIMARY KEY (panel_id, hugo_symbol)
) WITHOUT ROWID;

-- gene_panel names a gene_panels.stable_id ('' = whole exome / genome); not a
-- foreign key: a panel without a gene list covers nothing, it is not an error.
CREATE TABLE genomic_profiles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    study_id      INTEGER NOT NULL REFERENCES genomic_studies(id) ON DELETE CASCADE,
    stable_id     TEXT NOT NULL CHECK (stable_id <> ''),
    kind          TEXT NOT NULL CHECK (kind IN ('mutation', 'structural_variant', 'cna_discrete',
        'cna_continuous', 'expression', 'methylation', 'protein_level', 'germline_genotype',
        'subtype', 'assay_score')),
    name          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    datatype      TEXT NOT NULL DEFAULT '',
    unit          TEXT NOT NULL DEFAULT '',
    source_file   TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL,
    all_samples   INTEGER NOT NULL DEFAULT 0 CHECK (all_samples IN (0, 1)),
    gene_panel    TEXT NOT NULL DEFAULT '',
    import_run_id INTEGER REFERENCES import_runs(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    UNIQUE (study_id, stable_id)
);

-- The samples of a profile: `covered` when in its case list (the coverage),
-- `position` = column in the profile's matrix blobs, and the sample's panel
-- from the gene panel matrix (panel_id NULL without an entry; panel_na = 1
-- for "NA": the sample was not profiled).
CREATE TABLE profile_samples (
    profile_id INTEGER NOT NULL REFERENCES genomic_profiles(id) ON DELETE CASCADE,
    sample_id  INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    covered    INTEGER NOT NULL DEFAULT 0 CHECK (covered IN (0, 1)),
    position   INTEGER CHECK (position >= 0),
    panel_id   TEXT CHECK (panel_id <> ''),
    panel_na   INTEGER NOT NULL DEFAULT 0 CHECK (panel_na IN (0, 1)),
    PRIMARY KEY (profile_id, sample_id),
    UNIQUE (profile_id, position),
    CHECK (panel_na = 0 OR panel_id IS NULL)
) WITHOUT ROWID;
CREATE INDEX profile_samples_sample_id ON profile_samples(sample_id);

-- One row per gene of a matrix profile; `row` keeps the file's gene order
-- (a symbol may appear twice). `vals`: float32 LE, one per position.
CREATE TABLE gene_matrix_rows (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL REFERENCES genomic_profiles(id) ON DELETE CASCADE,
    row         INTEGER NOT NULL CHECK (row >= 0),
    hugo_symbol TEXT NOT NULL DEFAULT '',
    entrez_id   INTEGER,
    vals        BLOB NOT NULL CHECK (length(vals) % 4 = 0),
    UNIQUE (profile_id, row),
    CHECK (hugo_symbol <> '' OR entrez_id IS NOT NULL)
);
CREATE INDEX gene_matrix_rows_hugo ON gene_matrix_rows(profile_id, hugo_symbol, row);
CREATE INDEX gene_matrix_rows_entrez ON gene_matrix_rows(profile_id, entrez_id, row)
    WHERE entrez_id IS NOT NULL;

-- MAF column names (cBioPortal's mutation fields).
CREATE TABLE mutations (
    id                     INTEGER PRIMARY KEY,
    profile_id             INTEGER NOT NULL REFERENCES genomic_profiles(id) ON DELETE CASCADE,
    sample_id              INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    hugo_symbol            TEXT NOT NULL DEFAULT '',
    entrez_id              INTEGER,
    protein_change         TEXT NOT NULL DEFAULT '',
    variant_classification TEXT NOT NULL DEFAULT '',
    variant_type           TEXT NOT NULL DEFAULT '',
    chromosome             TEXT NOT NULL DEFAULT '',
    start_position         INTEGER,
    reference_allele       TEXT NOT NULL DEFAULT '',
    tumor_seq_allele       TEXT NOT NULL DEFAULT '',
    t_ref_count            INTEGER CHECK (t_ref_count >= 0),
    t_alt_count            INTEGER CHECK (t_alt_count >= 0),
    vaf                    REAL CHECK (vaf BETWEEN 0 AND 1),
    driver_annotation      TEXT NOT NULL DEFAULT '',
    CHECK (hugo_symbol <> '' OR entrez_id IS NOT NULL)
);
CREATE INDEX mutations_profile_sample ON mutations(profile_id, sample_id);
CREATE INDEX mutations_profile_hugo ON mutations(profile_id, hugo_symbol);
CREATE INDEX mutations_sample_id ON mutations(sample_id);

CREATE TABLE genotypes (
    id               INTEGER PRIMARY KEY,
    profile_id       INTEGER NOT NULL REFERENCES genomic_profiles(id) ON DELETE CASCADE,
    sample_id        INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    variant_id       TEXT NOT NULL CHECK (variant_id <> ''),
    chromosome       TEXT NOT NULL DEFAULT '',
    position         INTEGER NOT NULL,
    reference_allele TEXT NOT NULL DEFAULT '',
    alternate_allele TEXT NOT NULL DEFAULT '',
    dosage           REAL NOT NULL CHECK (dosage BETWEEN 0 AND 2)
);
CREATE INDEX genotypes_profile_variant ON genotypes(profile_id, variant_id);
CREATE INDEX genotypes_sample_id ON genotypes(sample_id);

-- Subtype calls (category) and assay scores (score) of samples.
CREATE TABLE sample_calls (
    id         INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES genomic_profiles(id) ON DELETE CASCADE,
    sample_id  INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    category   TEXT NOT NULL DEFAULT '',
    score      REAL,
    method     TEXT NOT NULL DEFAULT '',
    CHECK (category <> '' OR score IS NOT NULL)
);
CREATE INDEX sample_calls_profile_id ON sample_calls(profile_id);
CREATE INDEX sample_calls_sample_id ON sample_calls(sample_id);

CREATE TABLE clinical_attributes (
    id           INTEGER PRIMARY KEY,
    attribute_id TEXT NOT NULL UNIQUE CHECK (attribute_id <> ''),
    display_name TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    datatype     TEXT NOT NULL CHECK (datatype IN ('number', 'string', 'boolean', 'date')),
    level        TEXT NOT NULL CHECK (level IN ('patient', 'sample')),
    priority     INTEGER NOT NULL DEFAULT 1
);

-- A value of a patient or of a sample (exactly one); `text` as written,
-- `number` its parsed value for number attributes.
CREATE TABLE clinical_values (
    id            INTEGER PRIMARY KEY,
    attribute_id  INTEGER NOT NULL REFERENCES clinical_attributes(id) ON DELETE CASCADE,
    patient_id    INTEGER REFERENCES patients(id) ON DELETE CASCADE,
    sample_id     INTEGER REFERENCES samples(id) ON DELETE CASCADE,
    text          TEXT NOT NULL CHECK (text <> ''),
    number        REAL,
    import_run_id INTEGER REFERENCES import_runs(id) ON DELETE SET NULL,
    CHECK ((patient_id IS NULL) <> (sample_id IS NULL))
);
CREATE UNIQUE INDEX clinical_values_patient ON clinical_values(patient_id, attribute_id)
    WHERE patient_id IS NOT NULL;
CREATE UNIQUE INDEX clinical_values_sample ON clinical_values(sample_id, attribute_id)
    WHERE sample_id IS NOT NULL;
CREATE INDEX clinical_values_attribute_id ON clinical_values(attribute_id);
)sql";

// Schema v5: named cohorts and per-series QC flags. A cohort is one version of
// a name: its definition (the normalised filter text), where its candidates
// came from, and its members frozen when it was created, so data imported
// later never change it (re-evaluating makes the next version; AUTOINCREMENT:
// a cohort's id is never reused by another). A member patient cannot be
// deleted while a cohort holds it (no cascade: a frozen cohort never loses
// members silently). Curation is an append-only history of decisions with
// their reasons; the newest decision per patient is the state. The split
// record keeps how the train/test roles in cohort_members.split were drawn,
// with the seed as decimal text (a uint64 does not fit SQLite's int64).
// QC flags are a history per series; the newest counts.
const std::string kV5 = std::string(R"sql(
CREATE TABLE cohorts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL CHECK (name <> ''),
    version     INTEGER NOT NULL CHECK (version >= 1),
    definition  TEXT NOT NULL DEFAULT '',
    from_cohort TEXT NOT NULL DEFAULT '',
    candidates  INTEGER NOT NULL CHECK (candidates >= 0),
    created_at  TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    created_by  TEXT NOT NULL DEFAULT '',
    UNIQUE (name, version)
);

CREATE TABLE cohort_members (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    split      TEXT NOT NULL DEFAULT '' CHECK (split IN ('', 'train', 'test')),
    PRIMARY KEY (cohort_id, patient_id)
) WITHOUT ROWID;
CREATE INDEX cohort_members_patient_id ON cohort_members(patient_id);

-- A decision is about a member of its cohort (composite foreign key).
CREATE TABLE cohort_decisions (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    decision   TEXT NOT NULL CHECK (decision IN ('exclude', 'include')),
    reason     TEXT NOT NULL CHECK (reason <> ''),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL DEFAULT )sql" +
                        kNow + R"sql(,
    FOREIGN KEY (cohort_id, patient_id)
        REFERENCES cohort_members(cohort_id, patient_id) ON DELETE CASCADE
);
CREATE INDEX cohort_decisions_member ON cohort_decisions(cohort_id, patient_id, id);
CREATE INDEX cohort_decisions_patient_id ON cohort_decisions(patient_id);

CREATE TABLE cohort_splits (
    cohort_id     INTEGER PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    method        TEXT NOT NULL CHECK (method IN ('stratified', 'group', 'imported')),
    test_fraction REAL NOT NULL CHECK (test_fraction >= 0 AND test_fraction <= 1),
    variable      TEXT NOT NULL DEFAULT '',
    seed          TEXT NOT NULL DEFAULT '0'
        CHECK (seed <> '' AND seed NOT GLOB '*[^0-9]*'),
    created_at    TEXT NOT NULL DEFAULT )sql" +
                        kNow + R"sql(,
    created_by    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE series_qc_flags (
    id          INTEGER PRIMARY KEY,
    series_id   INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    verdict     TEXT NOT NULL CHECK (verdict IN ('pass', 'questionable', 'fail')),
    note        TEXT NOT NULL DEFAULT '',
    reviewer    TEXT NOT NULL,
    reviewed_at TEXT NOT NULL DEFAULT )sql" +
                        kNow + R"sql(
);
CREATE INDEX series_qc_flags_series_id ON series_qc_flags(series_id, id);
)sql";

// Schema v6: trained models and their predictions. A model is stored once per
// model id (the SHA-256 of its portable JSON file, ModelFile.h) with its whole
// file text, so it can be exported unchanged and imported elsewhere; the other
// columns repeat what listing needs. AUTOINCREMENT: a deleted model's row id
// is never reused, so audit entries keep naming one model each. A prediction
// is one model's latest score of one patient (rescoring replaces it); it goes
// with its model and with its patient.
const std::string kV6 = std::string(R"sql(
CREATE TABLE models (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id           TEXT NOT NULL UNIQUE CHECK (model_id <> ''),
    name               TEXT NOT NULL DEFAULT '',
    kind               TEXT NOT NULL CHECK (kind IN ('logistic', 'multinomial', 'cox')),
    created_at         TEXT NOT NULL DEFAULT '',
    software_version   TEXT NOT NULL DEFAULT '',
    cohort             TEXT NOT NULL DEFAULT '',
    parameter_set_hash TEXT NOT NULL DEFAULT '',
    members_sha256     TEXT NOT NULL DEFAULT '',
    json               TEXT NOT NULL CHECK (json <> ''),
    stored_at          TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    stored_by          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX models_name ON models(name);

-- score: P(event class), the Cox linear predictor, or the multinomial
-- probability of predicted_class. class_probabilities: a JSON array in the
-- model's class order ('' when not multinomial); imputed: the inputs the
-- model's imputation filled, comma-separated ('\' escapes ',' and '\').
CREATE TABLE predictions (
    id                  INTEGER PRIMARY KEY,
    model_row           INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    patient_id          INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    score               REAL NOT NULL,
    predicted_class     TEXT NOT NULL DEFAULT '',
    risk_group          TEXT NOT NULL DEFAULT '',
    class_probabilities TEXT NOT NULL DEFAULT '',
    imputed             TEXT NOT NULL DEFAULT '',
    scored_at           TEXT NOT NULL DEFAULT )sql" +
                        kNow + R"sql(,
    scored_by           TEXT NOT NULL DEFAULT '',
    UNIQUE (model_row, patient_id)
);
CREATE INDEX predictions_patient_id ON predictions(patient_id, model_row);
)sql";

// Schema v7: derived regions. A tumour habitat or a peritumoural ring is a
// segmentation of its own (version 1 of a new lineage, source MANUAL with its
// mask stored), so extraction, export and models use it like any ROI. Where
// it came from is not an edit (segmentations.parent_id links the versions of
// one lineage, and a version 1 has none), so the derivation has its own
// tables: one run of a tool on a parent segmentation with the tool's
// parameters and provenance (JSON), and one row per derived segmentation with
// its label in the run and, for habitats, the fraction of the parent's
// clustered voxels it holds (the per-patient habitat fraction feature).
const std::string kV7 = std::string(R"sql(
CREATE TABLE derivation_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id   INTEGER NOT NULL REFERENCES segmentations(id) ON DELETE CASCADE,
    tool        TEXT NOT NULL CHECK (tool IN ('habitat', 'peritumoural_ring')),
    parameters  TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    created_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX derivation_runs_parent_id ON derivation_runs(parent_id);

CREATE TABLE segmentation_derivations (
    segmentation_id INTEGER PRIMARY KEY REFERENCES segmentations(id) ON DELETE CASCADE,
    run_id          INTEGER NOT NULL REFERENCES derivation_runs(id) ON DELETE CASCADE,
    label           INTEGER NOT NULL CHECK (label >= 1),
    voxel_fraction  REAL CHECK (voxel_fraction IS NULL OR
                                (voxel_fraction >= 0 AND voxel_fraction <= 1)),
    UNIQUE (run_id, label)
);
)sql";

// Schema v8: pseudonyms of de-identified exports (issue #15). One row per
// patient: the pseudonym that replaces its Patient ID in every export (stable
// across exports), the whole-day date offset used when an export retains
// longitudinal intervals, and the export that assigned them. This mapping
// never leaves the local database: exports hold only the pseudonyms.
const std::string kV8 = std::string(R"sql(
CREATE TABLE pseudonyms (
    patient_id       INTEGER PRIMARY KEY REFERENCES patients(id) ON DELETE CASCADE,
    pseudonym        TEXT NOT NULL UNIQUE CHECK (pseudonym <> ''),
    date_offset_days INTEGER NOT NULL,
    export_id        TEXT NOT NULL CHECK (export_id <> ''),
    created_at       TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(
);
)sql";

// Schema v9: feature robustness (issue #16 §4). One run is a set of cases
// perturbed `repeats` times each (MIRP-style perturbations, or repeated
// segmentation versions) and extracted with one parameter set; it records
// the seed and the perturbations so the numbers can be reproduced. Each
// feature gets its ICC of each kind with the 95 % bounds (NULL when
// undefined, with the reason in note). The model stability filter reads
// the latest run's ICCs.
const std::string kV9 = std::string(R"sql(
CREATE TABLE robustness_runs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    parameter_set_hash TEXT NOT NULL CHECK (parameter_set_hash <> ''),
    parameter_set      TEXT NOT NULL DEFAULT '',
    perturbations      TEXT NOT NULL CHECK (perturbations <> ''),
    seed               TEXT NOT NULL CHECK (seed <> ''),
    repeats            INTEGER NOT NULL CHECK (repeats >= 2),
    cases              TEXT NOT NULL DEFAULT '[]',
    created_at         TEXT NOT NULL DEFAULT )sql") +
                        kNow + R"sql(,
    created_by         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE robustness_iccs (
    run_id   INTEGER NOT NULL REFERENCES robustness_runs(id) ON DELETE CASCADE,
    feature  TEXT NOT NULL CHECK (feature <> ''),
    icc_kind TEXT NOT NULL CHECK (icc_kind IN ('ICC(1,1)', 'ICC(2,1)', 'ICC(3,1)')),
    icc      REAL,
    lower    REAL,
    upper    REAL,
    cases    INTEGER NOT NULL CHECK (cases >= 0),
    note     TEXT NOT NULL DEFAULT '',
    CHECK ((icc IS NULL) = (note <> '')),
    PRIMARY KEY (run_id, feature, icc_kind)
);
CREATE INDEX robustness_iccs_feature ON robustness_iccs(feature, icc_kind);
)sql";

} // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list{
        {1, kV1}, {2, kV2}, {3, kV3}, {4, kV4}, {5, kV5}, {6, kV6}, {7, kV7}, {8, kV8}, {9, kV9},
    };
    return list;
}

int latestSchemaVersion() {
    return migrations().back().version;
}

void applyMigrations(Database& db, std::span<const Migration> steps) {
    const int newest = steps.empty() ? 0 : steps.back().version;
    const int current = db.schemaVersion();
    if (current > newest)
        throw Error("database " + db.path().string() + " has schema version " +
                    std::to_string(current) + ", newer than this program's " +
                    std::to_string(newest) + "; open it with a newer version of rgw");
    int previous = 0;
    for (const Migration& step : steps) {
        if (step.version != previous + 1)
            throw Error("schema migrations out of order at version " +
                        std::to_string(step.version));
        previous = step.version;
        if (step.version <= current)
            continue;
        Transaction transaction(db);
        // Another process may have migrated between our read and our lock.
        if (db.schemaVersion() >= step.version)
            continue;
        try {
            db.exec(step.sql);
            db.exec("PRAGMA user_version = " + std::to_string(step.version));
        } catch (const Error& e) {
            throw Error("migration of " + db.path().string() + " to schema version " +
                        std::to_string(step.version) + " failed: " + e.what());
        }
        transaction.commit();
    }
}

} // namespace rgw::storage
