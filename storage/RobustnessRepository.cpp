#include "RobustnessRepository.h"

#include "AuditLog.h"
#include "JsonText.h"
#include "util/Error.h"

#include <cmath>

namespace rgw::storage {

Id storeRobustness(Database& db, const radiomics::robustness::RobustnessProvenance& provenance,
                   const std::string& parameterSet, const std::vector<std::string>& cases,
                   const std::vector<radiomics::robustness::FeatureIcc>& iccs,
                   const std::string& who) {
    std::string caseList = "[";
    for (std::size_t c = 0; c < cases.size(); ++c)
        caseList += (c ? "," : "") + jsonString(cases[c]);
    caseList += "]";
    Transaction tx(db);
    db.prepare("INSERT INTO robustness_runs (parameter_set_hash, parameter_set, perturbations, "
               "seed, repeats, cases, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, provenance.parameterSetHash)
        .bind(2, parameterSet)
        .bind(3, provenance.perturbations)
        // TEXT: a 64-bit unsigned seed does not fit SQLite's signed INTEGER.
        .bind(4, std::to_string(provenance.seed))
        .bind(5, provenance.repeats)
        .bind(6, caseList)
        .bind(7, who)
        .execute();
    const Id run = db.lastInsertRowId();
    for (const auto& icc : iccs) {
        Statement& insert =
            db.prepare("INSERT INTO robustness_iccs (run_id, feature, icc_kind, icc, lower, upper, "
                       "cases, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind(1, run).bind(2, icc.feature).bind(3, std::string(stats::iccKindName(icc.kind)));
        const double values[] = {icc.result.icc, icc.result.lower, icc.result.upper};
        for (int i = 0; i < 3; ++i)
            if (icc.note.empty() && std::isfinite(values[i]))
                insert.bind(4 + i, values[i]);
            else
                insert.bindNull(4 + i);
        insert.bind(7, static_cast<std::int64_t>(icc.cases))
            .bind(8, icc.note.empty() && !std::isfinite(icc.result.icc) ? "not finite" : icc.note)
            .execute();
    }
    tx.commit();
    return run;
}

std::map<std::string, double>
storedFeatureIccs(Database& db, stats::IccKind kind,
                  const std::optional<std::string>& parameterSetHash) {
    Statement& q = db.prepare(
        "SELECT i.feature, i.icc FROM robustness_iccs i JOIN robustness_runs r ON r.id = i.run_id "
        "WHERE i.icc_kind = ? AND i.icc IS NOT NULL AND (? IS NULL OR r.parameter_set_hash = ?) "
        "ORDER BY r.id ASC");
    q.bind(1, std::string(stats::iccKindName(kind)));
    if (parameterSetHash)
        q.bind(2, *parameterSetHash).bind(3, *parameterSetHash);
    else
        q.bindNull(2).bindNull(3);
    std::map<std::string, double> out;
    while (q.step())
        out[q.text(0)] = q.real(1); // later runs overwrite earlier ones
    return out;
}

std::vector<RobustnessRun> listRobustnessRuns(Database& db) {
    Statement& q = db.prepare(
        "SELECT id, parameter_set_hash, parameter_set, perturbations, seed, repeats, "
        "json_array_length(cases), created_at, created_by FROM robustness_runs ORDER BY id DESC");
    std::vector<RobustnessRun> out;
    while (q.step())
        out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.integer(5),
                       static_cast<std::size_t>(q.int64(6)), q.text(7), q.text(8)});
    q.reset();
    return out;
}

std::vector<RobustnessFeature> robustnessRunFeatures(Database& db, Id run) {
    Statement& exists = db.prepare("SELECT 1 FROM robustness_runs WHERE id = ?");
    exists.bind(1, run);
    const bool found = exists.step();
    exists.reset();
    if (!found)
        throw Error("there is no stored robustness run " + std::to_string(run));
    Statement& q = db.prepare("SELECT feature, icc_kind, icc, lower, upper, cases, note "
                              "FROM robustness_iccs WHERE run_id = ? ORDER BY feature, icc_kind");
    q.bind(1, run);
    std::vector<RobustnessFeature> out;
    const auto optional = [&q](int column) {
        return q.isNull(column) ? std::nullopt : std::optional<double>(q.real(column));
    };
    while (q.step()) {
        const std::string feature = q.text(0);
        if (out.empty() || out.back().feature != feature)
            out.push_back({feature, {}});
        out.back().byKind[stats::parseIccKind(q.text(1))] = {
            optional(2), optional(3), optional(4), static_cast<std::size_t>(q.int64(5)), q.text(6)};
    }
    q.reset();
    return out;
}

} // namespace rgw::storage
