#include "image/Image.h"

namespace rgw {

const char* toString(IntensityUnit unit) {
    switch (unit) {
    case IntensityUnit::HounsfieldUnit:
        return "HU";
    case IntensityUnit::SuvBodyWeight:
        return "SUVbw";
    case IntensityUnit::RescaledValue:
        return "rescaled";
    case IntensityUnit::RawPetActivity:
        return "raw PET activity";
    }
    return "unknown";
}

} // namespace rgw
