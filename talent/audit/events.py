"""Every kind of audit event, declared once with the fields it must carry.

A service records an event with exactly these fields: a missing or extra one raises, so the log
never silently loses the detail a reviewer needs.
"""

EVENT_KINDS: dict[str, frozenset[str]] = {
    "signed_in": frozenset({"email"}),
    "sign_in_failed": frozenset({"email", "reason"}),
    # An attempt refused unchecked because earlier failures put a wait in force; which count
    # (pair, address, account), and the source address the attempt came from.
    "sign_in_throttled": frozenset({"email", "scope", "address", "until"}),
    "signed_out": frozenset(),
    "role_granted": frozenset({"role", "organisation_id", "region_id"}),
    "role_revoked": frozenset({"role", "organisation_id", "region_id"}),
    "password_changed": frozenset({"tokens_revoked"}),
    "api_token_created": frozenset({"token_id", "expires_at"}),
    "api_token_revoked": frozenset({"token_id"}),
    "edi_profile_viewed": frozenset({"fields"}),
    "edi_profile_updated": frozenset({"changes"}),
    "edi_profile_downloaded": frozenset(),
    "edi_profile_deleted": frozenset(),
    "edi_consent_withdrawn": frozenset(),
    # Appraisal text is sensitive: every read of a whole appraisal is recorded.
    "appraisal_viewed": frozenset({"status"}),
    # A correction to a signed-off appraisal: which field (the values are in the amendment row).
    "appraisal_amended": frozenset({"field"}),
    # Decisions on an appraisal: who signed as which party and the state it left; sending a
    # board member's appraisal to the region and its endorsement; a disagreement escalated and
    # its outcome recorded (the outcome's words stay on the appraisal, not in the log).
    "appraisal_signed": frozenset({"party", "status"}),
    "appraisal_submitted_to_region": frozenset(),
    "appraisal_endorsed": frozenset({"comment"}),
    "appraisal_escalated": frozenset(),
    "appraisal_escalation_resolved": frozenset(),
    # Oversight facts that decide whether an organisation counts as challenged.
    "segment_recorded": frozenset({"segment", "effective_from", "framework_version"}),
    "recovery_support_changed": frozenset({"in_programme"}),
    # A post given to someone who does not meet the prerequisites, and why.
    "eligibility_overridden": frozenset({"band", "start_date", "missing", "reason"}),
    # Prerequisite rules: added, and retired with the reason given (shown in the rule's history).
    "prerequisite_rule_added": frozenset({"title"}),
    "prerequisite_rule_retired": frozenset({"retired_on", "comment"}),
    # The talent pipeline: conversations recorded, read by anyone but the person, and agreed
    # or differed from (the words stay on the record); pools, nominations and their decisions;
    # calibration meetings and each move made in them.
    "talent_conversation_recorded": frozenset({"readiness"}),
    "talent_conversation_viewed": frozenset(),
    "talent_conversation_answered": frozenset({"response"}),
    "talent_pool_created": frozenset({"name"}),
    "pool_nomination_made": frozenset({"route"}),
    "pool_nomination_decided": frozenset({"outcome"}),
    "pool_membership_ended": frozenset({"reason"}),
    "calibration_review_opened": frozenset({"people"}),
    "calibration_position_moved": frozenset({"person_id"}),
    "calibration_review_closed": frozenset(),
    # NED appointments: every panel action. Scores' values stay in their rows; the log names
    # who saved, submitted or read them, and the panel's decisions with the conflicts declared.
    "ned_vacancy_created": frozenset({"title"}),
    "ned_vacancy_moved": frozenset({"status"}),
    "ned_application_made": frozenset(),
    "ned_panel_member_added": frozenset({"person_id", "panel_role"}),
    "ned_conflict_declared": frozenset(),
    "ned_scores_saved": frozenset({"stage"}),
    "ned_scores_submitted": frozenset({"stage"}),
    "ned_scores_viewed": frozenset({"stage"}),
    "ned_panel_decision": frozenset({"stage", "chosen", "conflicted", "reasons"}),
    "ned_appointment_made": frozenset({"vacancy_id", "person_id", "ends_on"}),
    "ned_reappointed": frozenset({"previous_id", "term_number", "ends_on", "tenure_review", "extension_approval"}),
    "ned_term_ended": frozenset({"reason", "last_day"}),
    "ned_score_moderated": frozenset({"score_id", "from_score", "to_score", "reason"}),
    "ned_candidate_pool_joined": frozenset({"scheme"}),
    "ned_candidate_pool_left": frozenset(),
    "incentive_package_created": frozenset({"approval"}),
    "incentive_package_decided": frozenset({"approval"}),
    "challenged_post_created": frozenset({"title"}),
    "match_weights_saved": frozenset({"weights"}),
    "match_run": frozenset({"post_id", "candidates"}),
    "match_pair_decided": frozenset({"result_id", "accepted"}),
    "shortlist_created": frozenset({"chosen", "by_hand", "left_out"}),
    "shortlist_decided": frozenset({"person_id", "selected"}),
    "post_offered": frozenset({"person_id"}),
    "placement_recorded": frozenset({"post_id", "person_id"}),
    "placement_ended": frozenset({"left_on"}),
    "candidate_conflict_declared": frozenset({"organisation_id"}),
    # Aggregates only (suppressed and rounded), recorded because they derive from EDI answers.
    "edi_statistics_viewed": frozenset({"report", "breakdown"}),
}


def check_fields(kind: str, fields: dict) -> None:
    try:
        expected = EVENT_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown audit event kind {kind!r}") from None
    given = set(fields)
    if given != expected:
        missing, extra = sorted(expected - given), sorted(given - expected)
        raise ValueError(f"audit event {kind!r}: missing {missing}, unexpected {extra}")
