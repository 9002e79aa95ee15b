"""The standard NHS appraisal: cycles, objectives, behaviour ratings, conversations, sign-off."""
