"""Render classification from definition inputs (docs/domain.md §6, v4 1.3).

Deterministic and never set by a user, so an audit can recompute and compare it.
"""

from collections.abc import Iterable

from lineage.domain.enums import AssetType, Classification


def classify(inputs: Iterable[tuple[AssetType, bool]]) -> Classification:
    """Classify from (type after following clones, neutral flag) of each input.

    Styles and renders (reference inputs) do not count; only scenes can be neutral.
    """
    characters = scenes = neutral_scenes = 0
    for asset_type, neutral in inputs:
        if asset_type == AssetType.CHARACTER:
            characters += 1
        elif asset_type == AssetType.SCENE and neutral:
            neutral_scenes += 1
        elif asset_type == AssetType.SCENE:
            scenes += 1
    return classify_counts(characters, scenes, neutral_scenes)


def classify_counts(characters: int, scenes: int, neutral_scenes: int) -> Classification:
    """The table: c characters, s non-neutral scenes, n neutral scenes."""
    if characters == 1 and scenes == 0:
        return Classification.CHARACTER
    # "Scene definition only (one or many)" reads as one scene plus neutral ones.
    if characters == 0 and (scenes == 1 or (scenes == 0 and neutral_scenes >= 1)):
        return Classification.SCENE
    return Classification.COMPILATION
