#include "modeling/Outcome.h"

namespace rgw::modeling {

std::size_t Outcome::size() const {
    switch (kind) {
    case ModelKind::Logistic:
        return static_cast<std::size_t>(label.size());
    case ModelKind::Multinomial:
        return classOf.size();
    case ModelKind::Cox:
        break;
    }
    return static_cast<std::size_t>(time.size());
}

Outcome Outcome::subset(const std::vector<std::size_t>& rows) const {
    Outcome out;
    out.kind = kind;
    out.classes = classes;
    const auto n = static_cast<Eigen::Index>(rows.size());
    auto pick = [&](const Eigen::VectorXd& v) {
        Eigen::VectorXd s(n);
        for (Eigen::Index i = 0; i < n; ++i)
            s(i) = v(static_cast<Eigen::Index>(rows[static_cast<std::size_t>(i)]));
        return s;
    };
    switch (kind) {
    case ModelKind::Logistic:
        out.label = pick(label);
        break;
    case ModelKind::Multinomial:
        for (const std::size_t r : rows)
            out.classOf.push_back(classOf[r]);
        break;
    case ModelKind::Cox:
        out.time = pick(time);
        out.event = pick(event);
        break;
    }
    return out;
}

std::vector<int> Outcome::strata() const {
    std::vector<int> s;
    s.reserve(size());
    switch (kind) {
    case ModelKind::Logistic:
        for (Eigen::Index i = 0; i < label.size(); ++i)
            s.push_back(static_cast<int>(label(i)));
        break;
    case ModelKind::Multinomial:
        s = classOf;
        break;
    case ModelKind::Cox:
        for (Eigen::Index i = 0; i < event.size(); ++i)
            s.push_back(static_cast<int>(event(i)));
        break;
    }
    return s;
}

} // namespace rgw::modeling
