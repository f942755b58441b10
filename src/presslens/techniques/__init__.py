"""Persuasion and propaganda techniques (SemEval-2020 Task 11): taxonomy, models, the stage."""

from presslens.techniques.taxonomy import TECHNIQUES, Technique, technique

__all__ = ["TECHNIQUES", "Technique", "technique"]

# The committed profiles, and the one used when none is named: the most accurate on the
# development set (docs/techniques.md); "fast" is several times quicker.
PROFILES = ("fast", "accurate")
DEFAULT_PROFILE = "accurate"
