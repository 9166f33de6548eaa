"""Only prose reaches the translation model: structure, code, links, anchors, HTML, markers
and placeholders come back exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_translation_parity import PAGES, shape
from tools.markdown_translation import translate_markdown, translate_text

DOCS = Path(__file__).resolve().parents[2] / "docs"


class Recorder:
    """A fake model: marks what it translated and remembers every piece it was given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, text: str) -> str:
        self.seen.append(text)
        return f"«{text.upper()}»"


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_page_keeps_its_shape_when_translated(page):
    source = (DOCS / "en" / page).read_text(encoding="utf-8")
    model = Recorder()
    translated = translate_markdown(source, model)
    assert shape(translated) == shape(source)
    assert translated.count("\n") == source.count("\n")
    assert model.seen and translated != source  # the prose did reach the model
    for piece in model.seen:
        assert piece == piece.strip() and piece
        for never in ("](", "{ #", "<!--", "gerbang:", "http://", "https://", "`", "**", "\n"):
            assert never not in piece, (page, piece)


def test_front_matter_keys_stay_and_only_text_values_are_translated():
    page = "---\ndescription: Fees and how to pay.\nsearch:\n  boost: 2\n---\n\n# Fees { #fees }\n"
    out = translate_markdown(page, Recorder())
    assert out.startswith('---\ndescription: "«FEES AND HOW TO PAY.»"\nsearch:\n  boost: 2\n---')
    assert "# «FEES» { #fees }" in out


def test_code_blocks_html_and_markers_are_untouched():
    page = ("```bash\nmake translate LANG=id\n```\n\n<div class=\"gb-sample\" markdown>\n"
            "<!-- gerbang:form apply -->\n</div>\n\n~~~\nplain code\n~~~\n")
    model = Recorder()
    assert translate_markdown(page, model) == page
    assert model.seen == []


def test_links_keep_their_targets_and_translate_their_text():
    out = translate_text("See [the fees page](fees.md#card) or <https://x.example/a_b>.",
                         Recorder())
    assert out == "«SEE» [«THE FEES PAGE»](fees.md#card) «OR» <https://x.example/a_b>."


def test_inline_code_urls_emails_and_placeholders_never_reach_the_model():
    model = Recorder()
    out = translate_text("Run `make dev`, write to help@immigration.example about {reference} "
                         "at https://gerbang.example/status/ today", model)
    assert "`make dev`" in out and "help@immigration.example" in out
    assert "{reference}" in out and "https://gerbang.example/status/" in out
    assert all("@" not in s and "{" not in s and "make dev" not in s for s in model.seen)


def test_admonitions_tables_and_lists_keep_their_markers():
    page = ('!!! warning "The access code is shown once"\n    Write it down.\n\n'
            "| Service | Fee |\n|---|--:|\n| Visit visa | IDR 500,000 |\n\n"
            "1. Open the form.\n- **Your passport**, ready.\n> Quoted advice.\n")
    out = translate_markdown(page, Recorder())
    assert out == ('!!! warning "«THE ACCESS CODE IS SHOWN ONCE»"\n    «WRITE IT DOWN.»\n\n'
                   "| «SERVICE» | «FEE» |\n|---|--:|\n| «VISIT VISA» | «IDR 500,000» |\n\n"
                   "1. «OPEN THE FORM.»\n- **«YOUR PASSPORT»**«, READY.»\n> «QUOTED ADVICE.»\n")


def test_attribute_lists_and_entities_stay():
    out = translate_text("Pay now{ .gb-button } &nbsp;please", Recorder())
    assert out == "«PAY NOW»{ .gb-button } &nbsp;«PLEASE»"


def test_pieces_without_letters_are_not_sent():
    model = Recorder()
    assert translate_text("500,000 - 3 / 5", model) == "500,000 - 3 / 5"
    assert translate_text("| 2 | **10** |", model) == "| 2 | **10** |"
    assert model.seen == []
