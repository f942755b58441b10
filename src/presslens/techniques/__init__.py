"""Persuasion and propaganda techniques (SemEval-2020 Task 11): taxonomy, models, the stage."""

from presslens.techniques.taxonomy import TECHNIQUES, Technique, technique

__all__ = ["TECHNIQUES", "Technique", "technique"]
