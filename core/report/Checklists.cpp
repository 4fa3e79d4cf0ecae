#include "report/Checklists.h"

#include "report/StudyReportAnchors.h"

namespace rgw::report {
namespace {

/// "+3", "0", "−5" with a true minus sign.
std::string signedPoints(int points) {
    if (points > 0)
        return "+" + std::to_string(points);
    if (points < 0)
        return "\u2212" + std::to_string(-points);
    return "0";
}

std::string pointsCell(const RqsPoints& points) {
    if (points.determined())
        return signedPoints(points.lowest);
    return signedPoints(points.lowest) + " \u2026 " + signedPoints(points.highest);
}

Table clearTable(const StudyFacts& facts) {
    Table table;
    table.caption = "CLEAR checklist (Kocak et al., Insights Imaging 2023): the items the "
                    "workstation determines from its records, and those left for the author";
    table.header = {"Item", "Section", "Topic", "Status", "Where / value"};
    table.align = {Align::Right, Align::Left, Align::Left, Align::Left, Align::Left};
    std::size_t reported = 0;
    for (const ClearItem& item : clearItems()) {
        const ItemResult result = item.assess(facts);
        if (result.status == ItemStatus::Reported)
            ++reported;
        table.rows.push_back({std::to_string(item.number), item.section, item.topic,
                              itemStatusName(result.status), result.where});
    }
    table.notes.push_back(std::to_string(reported) + " of " + std::to_string(clearItems().size()) +
                          " items are reported in this document; items 53 and 58 are "
                          "recommended but not essential.");
    return table;
}

Table rqsTable(const StudyFacts& facts) {
    Table table;
    table.caption = "Radiomics Quality Score (Lambin et al., Nat Rev Clin Oncol 2017): points "
                    "the workstation determines, and the range still open for the author";
    table.header = {"Item", "Component", "Rule", "Range", "Status", "Points", "Where / value"};
    table.align = {Align::Right, Align::Left,  Align::Left, Align::Right,
                   Align::Left,  Align::Right, Align::Left};
    std::vector<RqsResult> results;
    for (const RqsComponent& component : rqsComponents()) {
        RqsResult result = component.assess(facts);
        const ItemStatus status =
            result.points.determined() ? ItemStatus::Reported : ItemStatus::ForAuthor;
        table.rows.push_back(
            {std::to_string(component.number), component.topic, component.rule,
             signedPoints(component.minPoints) + " \u2026 " + signedPoints(component.maxPoints),
             itemStatusName(status), pointsCell(result.points), result.where});
        results.push_back(std::move(result));
    }
    const RqsTotals totals = rqsTotals(results);
    table.notes.push_back(
        "Subtotal of the determined components: " + signedPoints(totals.determinedSubtotal) +
        " points. Maximum still obtainable with the components left for the author: " +
        signedPoints(totals.highest) + " (lowest possible " + signedPoints(totals.lowest) +
        "; the score runs from \u22128 to +36).");
    return table;
}

} // namespace

const char* itemStatusName(ItemStatus status) {
    switch (status) {
    case ItemStatus::Reported:
        return "reported";
    case ItemStatus::NotApplicable:
        return "not applicable";
    case ItemStatus::ForAuthor:
        break;
    }
    return "for the author";
}

RqsTotals rqsTotals(std::span<const RqsResult> results) {
    RqsTotals totals;
    for (const RqsResult& result : results) {
        if (result.points.determined())
            totals.determinedSubtotal += result.points.lowest;
        totals.lowest += result.points.lowest;
        totals.highest += result.points.highest;
    }
    return totals;
}

void appendChecklists(const StudyFacts& facts, Document& document) {
    Section checklists{1, anchors::kChecklists, "Reporting checklists", {}, {}};
    checklists.blocks.push_back(Paragraph{
        "The two checklists below are filled in from the workstation's own records of this "
        "study: the image headers, segmentation provenance, radiomics parameter set, cohort "
        "curation, the fitted models and their validation, and the exports. An item is "
        "\u201creported\u201d only when those records establish it, and the cell names the "
        "part of this report that shows it. Items that rest on what the workstation cannot "
        "know (background, ethics, study design, discussion, publication of data) or on facts "
        "it has no record of are marked \u201cfor the author\u201d and must be completed "
        "before submission."});
    document.sections.push_back(std::move(checklists));

    Section clear{2, anchors::kClear, "CLEAR checklist", {}, {}};
    clear.blocks.push_back(Paragraph{
        "CheckList for EvaluAtion of Radiomics research (Kocak et al., Insights into Imaging "
        "2023;14:75): 58 items by manuscript section, official numbering, topics abridged."});
    clear.blocks.push_back(clearTable(facts));
    document.sections.push_back(std::move(clear));

    Section rqs{2, anchors::kRqs, "Radiomics Quality Score", {}, {}};
    rqs.blocks.push_back(Paragraph{
        "Radiomics Quality Score (Lambin et al., Nature Reviews Clinical Oncology "
        "2017;14:749\u2013762): 16 components scored by the published rules. A component "
        "whose facts are all known shows its points; otherwise the range it can still reach "
        "is shown and the component is left for the author."});
    rqs.blocks.push_back(rqsTable(facts));
    document.sections.push_back(std::move(rqs));
}

} // namespace rgw::report
