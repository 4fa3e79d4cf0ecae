#pragma once

// Driving the model builder page in GUI tests.

#include "models/ModelBuilderPage.h"

#include <QSignalSpy>
#include <QTest>

namespace rgw::test {

/// Starts training on `page` and waits for it to finish: true when it
/// started, finished within `timeoutMs` and reported success.
inline bool trainToTheEnd(ui::ModelBuilderPage& page, int timeoutMs) {
    QSignalSpy finished(&page, &ui::ModelBuilderPage::trainingFinished);
    if (!page.startTraining())
        return false;
    if (!QTest::qWaitFor([&] { return finished.count() == 1; }, timeoutMs))
        return false;
    return finished.at(0).at(0).toBool();
}

} // namespace rgw::test
