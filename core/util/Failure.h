#pragma once

#include <exception>
#include <string>

namespace rgw {

/// The message a user sees for an exception caught where a unit of work ends
/// (a CLI command, a background task, one pair of a cohort extraction).
/// rgw::Error carries its own message; std::bad_alloc — which the memory
/// budget (util/ResourceBudget.h) is there to prevent — becomes "out of
/// memory" with the budget in force and how to change it; anything else is
/// reported as an internal error with its text, never as a bare type name.
std::string failureMessage(const std::exception& e);

} // namespace rgw
