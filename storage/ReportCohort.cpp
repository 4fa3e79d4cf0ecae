#include "ReportCohort.h"

#include "CohortVariables.h"
#include "report/NumberFormat.h"
#include "report/StudyReportAnchors.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace rgw::storage {
namespace {

constexpr std::size_t kMaxLevels = 12;

std::string splitTitle(const std::string& role) {
    return role == "train" ? "Training" : role == "test" ? "Test" : role;
}

bool isZeroOne(const std::vector<double>& numbers) {
    bool any = false;
    for (double v : numbers) {
        if (std::isnan(v))
            continue;
        if (v != 0 && v != 1)
            return false;
        any = true;
    }
    return any;
}

std::string labelOf(const VariableInfo& info) {
    if (info.name.rfind("mut_", 0) == 0)
        return info.name.substr(4) + " mutation";
    if (info.description.empty() || info.description == info.name)
        return info.name;
    return info.description + " (" + info.name + ")";
}

std::string numberText(double v) {
    return v == 0 ? "0" : "1";
}

} // namespace

report::TableOneInput cohortTableOneInput(Database& db, const CohortRow& cohort,
                                          std::vector<std::string>* omitted, std::size_t maxGenes) {
    NamedCohortRepository cohorts(db);
    const std::vector<std::string> patients = cohorts.includedPatients(cohort.id);
    std::map<std::string, std::string> splitOf;
    bool split = false;
    for (const CohortMember& m : cohorts.members(cohort.id)) {
        splitOf[m.patientId] = m.split;
        split = split || (!m.excluded && !m.split.empty());
    }
    report::TableOneInput input;
    if (split)
        input.groups = {{"train", splitTitle("train")}, {"test", splitTitle("test")}};

    // Only the mutation and subtype profiles: expression or copy-number
    // matrices (thousands of genes) are no patient characteristics.
    VariableSelection selection;
    Statement& profiles = db.prepare("SELECT DISTINCT stable_id FROM genomic_profiles WHERE "
                                     "kind IN ('mutation', 'subtype') ORDER BY stable_id");
    while (profiles.step())
        selection.profiles.push_back(profiles.text(0));
    profiles.reset();
    if (selection.profiles.empty())
        selection.profiles.push_back(std::string(1, '\0')); // no stable id: no genomic profile
    CohortVariables variables(db, selection);
    const VariableTable table = variables.table(patients, SampleChoice::Primary);
    for (const std::string& id : table.patientIds)
        input.group.push_back(split ? splitOf[id] : "");

    std::vector<std::pair<std::size_t, const VariableColumn*>> genes; // (mutated count, column)
    for (const VariableColumn& column : table.columns) {
        const VariableInfo& info = column.info;
        const bool genomic = info.source == VariableSource::Genomic;
        // Outcomes derive from clinical attributes already shown (OS_MONTHS,
        // OS_STATUS); imaging and QC flags are not patient characteristics.
        if (info.source == VariableSource::Outcome || info.source == VariableSource::Imaging ||
            info.source == VariableSource::Qc)
            continue;
        if (genomic && info.name.rfind("mut_", 0) == 0) {
            const auto mutated = static_cast<std::size_t>(
                std::count(column.texts.begin(), column.texts.end(), "mutated"));
            if (mutated > 0)
                genes.emplace_back(mutated, &column);
            continue;
        }
        if (genomic && info.name.rfind("subtype_", 0) != 0)
            continue; // expression, copy number, ...: not patient characteristics
        report::TableOneColumn out;
        out.label = labelOf(info);
        if (info.numeric) {
            if (std::all_of(column.numbers.begin(), column.numbers.end(),
                            [](double v) { return std::isnan(v); }))
                continue;
            if (isZeroOne(column.numbers)) {
                out.label += " (0/1)";
                for (double v : column.numbers)
                    out.texts.push_back(std::isnan(v) ? "" : numberText(v));
                out.levels = {"0", "1"};
            } else {
                out.continuous = true;
                out.numbers = column.numbers;
            }
        } else {
            std::set<std::string> levels;
            for (const std::string& t : column.texts)
                if (!t.empty())
                    levels.insert(t);
            if (levels.empty())
                continue;
            if (levels.size() > kMaxLevels) {
                if (omitted)
                    omitted->push_back(info.name + " (" + std::to_string(levels.size()) +
                                       " distinct values)");
                continue;
            }
            out.texts = column.texts;
        }
        input.columns.push_back(std::move(out));
    }
    std::stable_sort(genes.begin(), genes.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    if (genes.size() > maxGenes) {
        if (omitted)
            omitted->push_back(std::to_string(genes.size() - maxGenes) +
                               " less often mutated genes");
        genes.resize(maxGenes);
    }
    for (const auto& [count, column] : genes) {
        report::TableOneColumn out;
        out.label = labelOf(column->info);
        out.levels = {"mutated", "wild-type"};
        out.separateLevels = {"not profiled"};
        for (const std::string& t : column->texts)
            out.texts.push_back(t == "not-profiled" ? "not profiled" : t);
        input.columns.push_back(std::move(out));
    }
    return input;
}

void appendCohort(Database& db, const CohortRow& cohort, report::Document& doc) {
    namespace anchors = report::anchors;
    NamedCohortRepository cohorts(db);
    const CohortFlow flow = cohorts.flow(cohort.id);
    const std::optional<CohortSplitRecord> split = cohorts.split(cohort.id);

    report::Section section;
    section.level = 1;
    section.anchor = anchors::kCohort;
    section.title = "Cohort";

    std::string text = "The cohort " + cohort.name + " (version " + std::to_string(cohort.version) +
                       ", created " + cohort.createdAt +
                       (cohort.createdBy.empty() ? "" : " by " + cohort.createdBy) + ") ";
    text += cohort.definition.empty() ? "took every candidate patient"
                                      : "selected the patients matching " + cohort.definition;
    text +=
        " of " +
        (cohort.fromCohort.empty() ? std::string("the database") : "cohort " + cohort.fromCohort) +
        ": " + std::to_string(cohort.members) + " of " + std::to_string(cohort.candidates) +
        " candidates. ";
    const std::size_t curated = cohort.members - flow.final; // excluded members
    text += curated == 0
                ? std::string("No member was excluded during curation")
                : std::to_string(curated) + " member" + (curated == 1 ? " was" : "s were") +
                      " excluded during curation, each with a recorded reason";
    text += ", leaving " + std::to_string(flow.final) +
            " included patients ({ref:" + std::string(anchors::kFlowDiagram) + "}).";
    section.blocks.push_back(report::Paragraph{text});
    if (split) {
        std::string s =
            "The included patients were split into a training and a test set (" + split->method;
        if (split->method != "imported")
            s += ", test fraction " + report::formatNumber(split->testFraction, 3);
        if (!split->variable.empty())
            s += std::string(split->method == "group" ? ", grouped by " : ", stratified by ") +
                 split->variable;
        if (split->method != "imported")
            s += ", seed " + std::to_string(split->seed);
        s += "; recorded " + split->createdAt + ").";
        for (const char* role : {"train", "test"})
            if (const auto it = flow.perSplit.find(role); it != flow.perSplit.end())
                s += " " + splitTitle(role) + ": n = " + std::to_string(it->second) + ".";
        section.blocks.push_back(report::Paragraph{s});
    }

    report::FlowDiagram diagram;
    diagram.startText = "Candidate patients (n = " + std::to_string(flow.started) + ")";
    for (const CohortFlowStep& step : flow.steps)
        diagram.exclusions.push_back({step.reason, step.excluded});
    diagram.finalText = "Included (n = " + std::to_string(flow.final) + ")";
    for (const char* role : {"train", "test"})
        if (const auto it = flow.perSplit.find(role); it != flow.perSplit.end())
            diagram.splitTexts.push_back(splitTitle(role) + " (n = " + std::to_string(it->second) +
                                         ")");
    report::Figure figure;
    figure.anchor = anchors::kFlowDiagram;
    figure.caption = "Flow of patients into cohort " + cohort.name + "@" +
                     std::to_string(cohort.version) +
                     ": candidates, exclusions by reason, "
                     "included patients" +
                     (split ? " and the training / test split." : ".");
    figure.content = diagram;
    figure.widthFraction = 0.7;
    figure.aspect = 0.6 + 0.08 * static_cast<double>(diagram.exclusions.size());
    section.blocks.push_back(figure);

    std::vector<std::string> omitted;
    const report::TableOneInput input = cohortTableOneInput(db, cohort, &omitted);
    const report::TableOneSummary summary = report::summariseTableOne(input);
    report::Table tableOne = report::tableOneTable(
        summary, anchors::kTableOne,
        "Characteristics of the included patients" +
            std::string(split ? " by split, with tests of the difference between training and "
                                "test"
                              : ""));
    if (!omitted.empty()) {
        std::string note = "Not shown: ";
        for (std::size_t i = 0; i < omitted.size(); ++i)
            note += (i ? "; " : "") + omitted[i];
        tableOne.notes.push_back(note + ".");
    }
    section.blocks.push_back(report::Paragraph{
        "{ref:" + std::string(anchors::kTableOne) +
        "} lists the clinical and genomic characteristics of the included patients" +
        (split ? " by split." : ".") +
        " A gene counts as wild-type only where the sample was profiled for it; otherwise it "
        "is \"not profiled\", never wild-type. Missing values are shown, never imputed."});
    section.blocks.push_back(std::move(tableOne));
    doc.sections.push_back(std::move(section));
}

} // namespace rgw::storage
