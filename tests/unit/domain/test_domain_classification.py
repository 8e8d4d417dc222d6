"""Render classification: every row of the table of docs/domain.md §6."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineage.domain.classification import classify, classify_counts
from lineage.domain.enums import AssetType, Classification

CH = Classification.CHARACTER
SC = Classification.SCENE
CO = Classification.COMPILATION

# (characters, non-neutral scenes) -> classification for neutral scene counts 0, 1, 2.
GRID = {
    (0, 0): (CO, SC, SC),
    (0, 1): (SC, SC, SC),
    (0, 2): (CO, CO, CO),
    (0, 3): (CO, CO, CO),
    (1, 0): (CH, CH, CH),
    (1, 1): (CO, CO, CO),
    (1, 2): (CO, CO, CO),
    (1, 3): (CO, CO, CO),
    (2, 0): (CO, CO, CO),
    (2, 1): (CO, CO, CO),
    (2, 2): (CO, CO, CO),
    (2, 3): (CO, CO, CO),
    (3, 0): (CO, CO, CO),
    (3, 1): (CO, CO, CO),
}

CELLS = [(c, s, n, row[n]) for (c, s), row in GRID.items() for n in range(3)]


def _inputs(c: int, s: int, n: int) -> list[tuple[AssetType, bool]]:
    return (
        [(AssetType.CHARACTER, False)] * c
        + [(AssetType.SCENE, False)] * s
        + [(AssetType.SCENE, True)] * n
    )


@pytest.mark.parametrize(("c", "s", "n", "want"), CELLS)
def test_every_cell(c: int, s: int, n: int, want: Classification) -> None:
    assert classify_counts(c, s, n) == want
    assert classify(_inputs(c, s, n)) == want


@pytest.mark.parametrize(
    ("inputs", "want"),
    [
        ([(AssetType.CHARACTER, False), (AssetType.STYLE, True)], CH),
        ([(AssetType.CHARACTER, False), (AssetType.STYLE, False)], CH),
        ([(AssetType.CHARACTER, False), (AssetType.SCENE, True)], CH),
        ([(AssetType.SCENE, False), (AssetType.SCENE, True)], SC),
        ([(AssetType.SCENE, True), (AssetType.SCENE, True)], SC),
        ([(AssetType.CHARACTER, False), (AssetType.SCENE, False)], CO),
        ([(AssetType.CHARACTER, False), (AssetType.CHARACTER, False)], CO),
        ([(AssetType.SCENE, False), (AssetType.SCENE, False)], CO),
        ([], CO),
        ([(AssetType.STYLE, False)], CO),
        ([(AssetType.RENDER, False), (AssetType.RENDER, True)], CO),
    ],
)
def test_spec_examples(inputs: list[tuple[AssetType, bool]], want: Classification) -> None:
    assert classify(inputs) == want


def test_a_neutral_flag_on_a_character_does_not_count() -> None:
    assert classify([(AssetType.CHARACTER, True)]) == CH


ignored = st.tuples(st.sampled_from([AssetType.STYLE, AssetType.RENDER]), st.booleans())
counted = st.tuples(st.sampled_from([AssetType.CHARACTER, AssetType.SCENE]), st.booleans())


@given(st.lists(counted, max_size=6), st.lists(ignored, max_size=4), st.randoms())
def test_styles_renders_and_order_do_not_matter(
    inputs: list[tuple[AssetType, bool]], noise: list[tuple[AssetType, bool]], rnd: object
) -> None:
    mixed = inputs + noise
    rnd.shuffle(mixed)  # type: ignore[attr-defined]
    assert classify(mixed) == classify(inputs)


def test_grid_covers_every_count_up_to_two() -> None:
    covered = {(c, s, n) for c, s, n, _ in CELLS}
    assert set(itertools.product(range(3), range(3), range(3))) <= covered
