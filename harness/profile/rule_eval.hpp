#pragma once
// One evaluator per rule type (eval_*.cpp). Each returns what the observations show, never a
// verdict: the requirement's level decides that (evaluator.cpp). None of them may conclude
// `met` without an observation that shows it.
#include "profile/model.hpp"
#include "profile/outcome.hpp"

namespace medtls::profile {

Outcome evaluate_rule(const VersionRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const VersionAlertRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesRequiredRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesAllowedRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesForbiddenRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesOptionalRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitePreferenceRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const FactRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const GroupsMinBitsRule& rule, const EvalContext& ctx);

}  // namespace medtls::profile
