#include "modeling/ModelKind.h"

#include "modeling/NameTable.h"
#include "util/Error.h"

#include <string>

namespace rgw::modeling {

namespace {

using detail::Named;

constexpr Named<ModelKind> kKinds[] = {{ModelKind::Logistic, "logistic"},
                                       {ModelKind::Multinomial, "multinomial"},
                                       {ModelKind::Cox, "cox"}};
constexpr Named<Penalty> kPenalties[] = {{Penalty::None, "none"},
                                         {Penalty::Lasso, "lasso"},
                                         {Penalty::Ridge, "ridge"},
                                         {Penalty::ElasticNet, "elastic-net"}};

} // namespace

ModelKind parseModelKind(std::string_view name) {
    return detail::parseNamed<ModelKind>(kKinds, name, "model");
}
const char* modelKindName(ModelKind kind) { return detail::nameOf<ModelKind>(kKinds, kind); }

Penalty parsePenalty(std::string_view name) {
    return detail::parseNamed<Penalty>(kPenalties, name, "penalty");
}
const char* penaltyName(Penalty penalty) { return detail::nameOf<Penalty>(kPenalties, penalty); }

double penaltyAlpha(Penalty penalty, std::optional<double> alpha) {
    if (alpha && penalty != Penalty::ElasticNet)
        throw Error("alpha is set by the penalty '" + std::string(penaltyName(penalty)) +
                    "'; give alpha only with elastic-net");
    switch (penalty) {
    case Penalty::Lasso:
        return 1.0;
    case Penalty::Ridge:
        return 0.0;
    case Penalty::ElasticNet: {
        const double a = alpha.value_or(0.5);
        if (!(a > 0.0 && a < 1.0))
            throw Error("elastic-net alpha must lie in (0, 1), not " + std::to_string(a));
        return a;
    }
    case Penalty::None:
        break;
    }
    return 0.0;
}

} // namespace rgw::modeling
