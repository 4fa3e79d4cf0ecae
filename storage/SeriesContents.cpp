#include "SeriesContents.h"

#include "Database.h"

#include <algorithm>

namespace rgw::storage {

std::map<std::string, std::vector<std::string>> roiNamesBySourceSeries(Database& db) {
    // A segmentation names the RTSTRUCT/SEG instance it came from; that
    // instance's series is the one the browser lists.
    Statement& s = db.prepare("SELECT se.series_uid, g.roi_name "
                              "FROM segmentations g "
                              "JOIN instances i ON i.sop_instance_uid = g.source_sop_instance_uid "
                              "JOIN series se ON se.id = i.series_id "
                              "WHERE g.version = 1 AND g.source_sop_instance_uid <> '' "
                              "ORDER BY se.series_uid, g.roi_number, g.id");
    std::map<std::string, std::vector<std::string>> names;
    while (s.step()) {
        auto& list = names[s.text(0)];
        std::string roi = s.text(1);
        if (std::find(list.begin(), list.end(), roi) == list.end())
            list.push_back(std::move(roi));
    }
    return names;
}

} // namespace rgw::storage
