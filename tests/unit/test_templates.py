"""Templates: double-brace placeholders, JSON's braces left alone, refusals when typed."""

from __future__ import annotations

import pytest

from app.model import FieldError
from app.model.fields.templates import MissingVariable, check_template, mask, render


def test_every_placeholder_is_filled_and_json_braces_stay():
    text = '{"op": "sub", "id": {{n}}, "at": "{{now}}", "t": {{unix}}, "k": "{{env:KEY}}", "g": "{{1}}{{name}}"}'
    check_template(text)
    values = {"n": "7", "now": "2026-11-28T12:00:00+00:00", "unix": "1795000000", "1": "a", "name": "b"}
    done = render(text, values, {"KEY": "secret-value-1a2b"})
    expected = '{"op": "sub", "id": 7, "at": "2026-11-28T12:00:00+00:00", "t": 1795000000, '
    assert done.text == expected + '"k": "secret-value-1a2b", "g": "ab"}'
    assert done.secrets == ["secret-value-1a2b"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [("{{nope!}}", "not a placeholder"), ("{{n", "never closed"), ("{{env:1X}}", "environment variable name")],
)
def test_a_bad_template_is_refused_with_the_reason(text: str, problem: str):
    with pytest.raises(FieldError, match=problem):
        check_template(text)


def test_group_names_are_checked_against_the_pattern_when_known():
    check_template("{{id}}", groups={"id", "1"})
    with pytest.raises(FieldError, match="not a placeholder"):
        check_template("{{other}}", groups={"id"})


def test_a_missing_environment_variable_is_a_failure_not_an_empty_value():
    with pytest.raises(MissingVariable, match="CHAT_TOKEN is not set"):
        render("Bearer {{env:CHAT_TOKEN}}", {}, {})


def test_secrets_are_masked_to_their_last_four_characters():
    assert mask("abcdefgh1a2b") == "••••1a2b"
    assert mask("short") == "••••"
