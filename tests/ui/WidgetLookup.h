#pragma once

// Finding the widgets a window opens without blocking (dialogs, message boxes),
// shared by the GUI tests.

#include <QString>
#include <QTest>
#include <QWidget>

namespace rgw::test {

/// The visible child of type T named `name` (waits up to `timeoutMs`).
template <class T> T* visibleChild(QWidget* parent, const QString& name, int timeoutMs = 5000) {
    T* found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (T* child : parent->findChildren<T*>(name))
                if (child->isVisible())
                    found = child;
            return found != nullptr;
        },
        timeoutMs);
    return found;
}

} // namespace rgw::test
