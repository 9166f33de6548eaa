"""Read forms out of a page the way a browser without script would submit them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, str] = field(default_factory=dict)
    file_inputs: list[str] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(),
                                   a.get("enctype", "")))
        elif tag == "input" and self.forms:
            form, kind, name = self.forms[-1], a.get("type", "text"), a.get("name", "")
            if kind == "file":
                form.file_inputs.append(name)
            elif kind == "radio":
                form.radios.setdefault(name, []).append(a.get("value", ""))
                if "checked" in a:
                    form.fields[name] = a.get("value", "")
            elif name:
                form.fields[name] = a.get("value", "")
        elif tag == "select" and self.forms:
            self._select = a.get("name")
        elif tag == "option" and self.forms and self._select and (
                "selected" in a or self._select not in self.forms[-1].fields):
            # A browser sends the selected option, or the first one if none is selected.
            self.forms[-1].fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


# HTML gives autocomplete to these controls only; checkboxes, radios and files take none.
AUTOCOMPLETE_APPLIES = {"text", "search", "email", "tel", "url", "password", "date", "number",
                        "month", "week", "time", "datetime-local", "select", "textarea"}
_CONTROLS = ("input", "select", "textarea")


class _Controls(HTMLParser):
    """Each control of a <form> with what names it: a <label for>, a wrapping <label>,
    aria-label or aria-labelledby. Material's menu toggles are no form's. <template>
    content is left out: the script that clones it (officer.js) gives each copy its ids."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self._in_label = self._in_template = self._in_form = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self._in_template += 1
        elif self._in_template:
            return
        elif tag == "form":
            self._in_form += 1
        elif tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in _CONTROLS and self._in_form:
            kind = a.get("type", "text") if tag == "input" else tag
            if kind not in ("hidden", "submit", "button", "reset"):
                self.controls.append({**a, "kind": kind,
                                      "wrapped": "1" if self._in_label else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._in_template -= 1
        elif tag == "label" and not self._in_template:
            self._in_label -= 1
        elif tag == "form" and not self._in_template:
            self._in_form -= 1


def unlabelled_or_unfilled(html: str) -> list[str]:
    """Controls a screen reader cannot name, or that give no autocomplete where it applies."""
    parser = _Controls()
    parser.feed(html)
    problems = []
    for c in parser.controls:
        name = c.get("name") or c.get("id") or c["kind"]
        named = (c["wrapped"] or c.get("id") in parser.label_for or c.get("aria-label")
                 or c.get("aria-labelledby"))
        if not named:
            problems.append(f"{name}: no label")
        if c["kind"] in AUTOCOMPLETE_APPLIES and not c.get("autocomplete"):
            problems.append(f"{name}: no autocomplete")
    return problems


def controls(html: str) -> list[dict[str, str]]:
    parser = _Controls()
    parser.feed(html)
    return parser.controls
