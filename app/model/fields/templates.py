"""Message templates: placeholders in double braces, so that JSON's single braces stay literal.

`{{n}}` a counter, `{{now}}` ISO 8601 time, `{{unix}}` seconds since the epoch, `{{env:NAME}}` an
environment variable (read when the message is sent or the handshake built, never stored),
`{{1}}`..`{{9}}` and `{{name}}` a regular expression's groups. A `{{` that starts no known
placeholder is refused when typed, never at send time.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from app.model.fields.scalar import FieldError

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
GROUP_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[1-9]")
BUILT_IN = ("n", "now", "unix")


class MissingVariable(Exception):
    """An `{{env:NAME}}` whose variable is not set: a failure to report, never an empty value."""

    def __init__(self, name: str) -> None:
        super().__init__(f"the environment variable {name} is not set (used as {{{{env:{name}}}}})")
        self.name = name


def check_template(text: str, groups: Collection[str] | None = None) -> None:
    """Refuse a `{{` that starts no known placeholder. `groups`: the group names a regex offers
    (None: any group name or number is accepted, for bodies whose pattern is not known yet)."""
    for match in PLACEHOLDER.finditer(text):
        inner = match.group(1)
        if inner in BUILT_IN:
            continue
        if inner.startswith("env:"):
            if not ENV_NAME.fullmatch(inner[4:]):
                raise FieldError(f"{{{{{inner}}}}}: an environment variable name is letters, digits and _")
            continue
        if GROUP_NAME.fullmatch(inner) and (groups is None or inner in groups):
            continue
        known = "{{n}}, {{now}}, {{unix}}, {{env:NAME}}, {{1}}..{{9}}, {{name}}"
        raise FieldError(f"{{{{{inner[:40]}}}}} is not a placeholder; known: {known}")
    rest = PLACEHOLDER.sub("", text)
    if "{{" in rest:
        raise FieldError("a '{{' is never closed with '}}'")


@dataclass
class Rendered:
    text: str
    secrets: list[str] = field(default_factory=list)  # values that came from the environment: masked when shown


def render(text: str, values: Mapping[str, str], env: Mapping[str, str]) -> Rendered:
    """Fill the placeholders: `values` holds n, now, unix and the groups; `env` the environment."""
    secrets: list[str] = []

    def fill(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith("env:"):
            name = inner[4:]
            if name not in env:
                raise MissingVariable(name)
            secrets.append(env[name])
            return env[name]
        return values.get(inner, "")

    return Rendered(PLACEHOLDER.sub(fill, text), secrets)


def mask(secret: str) -> str:
    """A secret as it is shown: bullets and its last four characters when it is long enough."""
    return "••••" + secret[-4:] if len(secret) >= 12 else "••••"


def mask_secrets(text: str, secrets: tuple[str, ...] | list[str]) -> str:
    """`text` with every secret in it masked (the longest first, so one inside another stays hidden)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, mask(secret))
    return text
