"""Readable organisation names from ODS's upper-case ones."""

import re

# Words ODS names use that keep their own capitals, and small words that stay lower case.
_KEEP_UPPER = {"NHS", "ICB", "UK", "II", "III", "ICS"}
_LOWER = {"and", "of", "the", "for", "in", "on", "at", "upon", "with"}


def display_name(ods_name: str) -> str:
    """'KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST' -> "King's College Hospital NHS Foundation Trust"."""
    words = ods_name.split()
    out = []
    for index, word in enumerate(words):
        if word in _KEEP_UPPER:
            out.append(word)
        elif index > 0 and word.lower() in _LOWER:
            out.append(word.lower())
        else:
            # Title-case each hyphen/apostrophe-separated part: STOKE-ON-TRENT -> Stoke-on-Trent.
            parts = re.split(r"([-'])", word.lower())
            titled = []
            for part_index, part in enumerate(parts):
                if part in _LOWER and part_index > 0:
                    titled.append(part)
                elif titled and titled[-1] == "'" and len(part) == 1:
                    titled.append(part)  # KING'S -> King's, not King'S
                else:
                    titled.append(part[:1].upper() + part[1:])
            out.append("".join(titled))
    return " ".join(out)
