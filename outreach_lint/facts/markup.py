"""Turn a template file of any template language into the markup or text it contains.

Template engines wrap the markup in their own syntax: Jinja/Nunjucks/Twig/Liquid
(``{% if %}``, ``{# #}``), Handlebars (``{{!-- --}}``, ``{{#if}}``), Blade (``{{-- --}}``,
``@if``), ERB (``<% %>``, ``<%# %>``), PHP (``<?php ?>``), FreeMarker (``<#if>``,
``<#-- -->``) and Smarty (``{if}``, ``{* *}``). Statements and comments are blanked out with
spaces (newlines kept, so lines and columns stay those of the file); expressions such as
``{{ unsubscribe_url }}`` stay, because ESP merge tags are expressions and carry facts. A
commented-out footer therefore does not count. ESP tags that look like statements
(``{% unsubscribe %}``, ``<%asm_group_unsubscribe_raw_url%>``) are kept: they are in the
placeholder table.

``.eml`` files are MIME messages: the ``text/html`` part is read (else ``text/plain``),
decoded from quoted-printable or base64 with the stdlib ``email`` package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message

from .phrases import TOKEN, load, token_key

#: file suffix -> (template language, kind of what it contains). Longest suffixes first.
_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    (".blade.php", "blade", "html"), (".html.twig", "twig", "html"), (".html.erb", "erb", "html"),
    (".html.j2", "jinja", "html"), (".html", "", "html"), (".htm", "", "html"), (".xhtml", "", "html"),
    (".mjml", "", "mjml"), (".md", "", "markdown"), (".markdown", "", "markdown"),
    (".php", "php", "html"), (".tpl", "smarty", "html"), (".ftl", "freemarker", "html"), (".ftlh", "freemarker", "html"),
    (".liquid", "liquid", "html"), (".hbs", "handlebars", "html"), (".handlebars", "handlebars", "html"),
    (".mustache", "handlebars", "html"), (".njk", "jinja", "html"), (".twig", "twig", "html"),
    (".jinja", "jinja", "html"), (".jinja2", "jinja", "html"), (".j2", "jinja", "text"), (".erb", "erb", "html"),
    (".eml", "eml", "html"), (".txt", "", "text"), (".text", "", "text"),
)

#: Comments and statements per language family; every pattern is bounded or lazy up to a
#: fixed closing literal (no nested quantifiers), so it is linear on hostile input.
_COMMENTS = re.compile(
    r"\{#.*?#\}|\{\{!--.*?--\}\}|\{\{!.*?\}\}|\{\{--.*?--\}\}|<%#.*?%>|<#--.*?-->|\{\*.*?\*\}|<\?php\s*/\*.*?\*/\s*\?>",
    re.DOTALL,
)
_STATEMENTS = {
    "jinja": re.compile(r"\{%-?.{0,400}?-?%\}", re.DOTALL),
    "twig": re.compile(r"\{%-?.{0,400}?-?%\}", re.DOTALL),
    "liquid": re.compile(r"\{%-?.{0,400}?-?%\}", re.DOTALL),
    "handlebars": re.compile(r"\{\{[#/^~>*][^{}]{0,400}\}\}|\{\{else\}\}"),
    "blade": re.compile(r"@(?:if|elseif|else|endif|foreach|endforeach|for|endfor|unless|endunless|isset|endisset|section|endsection|yield|extends|include|php|endphp|csrf|auth|endauth)\b(?:\([^()\n]{0,300}\))?"),
    "erb": re.compile(r"<%-?(?!=).{0,400}?-?%>", re.DOTALL),
    "php": re.compile(r"<\?(?:php)?(?!=).{0,2000}?\?>", re.DOTALL),
    "freemarker": re.compile(r"</?#[a-z]+[^>\n]{0,300}>"),
    "smarty": re.compile(r"\{/?(?:if|else|elseif|foreach|section|include|assign|capture|literal|strip)\b[^{}\n]{0,300}\}"),
}


@dataclass
class Markup:
    """What a template file contains: text for the template reader, and its kind."""

    text: str
    kind: str
    language: str = ""
    #: the .eml part read and its first line in the file (1 for other files)
    part: str = ""
    first_line: int = 1
    headers: dict[str, str] = field(default_factory=dict)


def describe(filename: str) -> tuple[str, str]:
    """(template language, kind) from a file name; unknown suffixes are plain text."""
    lower = filename.lower()
    for suffix, language, kind in _SUFFIXES:
        if lower.endswith(suffix):
            return language, kind
    return "", "text"


def read_markup(text: str, filename: str) -> Markup:
    """The markup inside ``text`` (the file's content) with template syntax blanked out."""
    language, kind = describe(filename)
    if language == "eml":
        return _eml(text)
    if language:
        text = blank_template_syntax(text, language)
    return Markup(text, kind, language)


def blank_template_syntax(text: str, language: str) -> str:
    """``text`` with the comments and statements of ``language`` replaced by spaces."""
    keep = load().placeholders
    text = _COMMENTS.sub(_blank, text)
    pattern = _STATEMENTS.get(language)
    if pattern is None:
        return text

    def blank_unless_esp(match: re.Match[str]) -> str:
        # an ESP tag with statement syntax ({% unsubscribe %}, <%asm_..._raw_url%>) is a fact, not syntax
        inner = TOKEN.fullmatch(match.group(0))
        if inner is not None and token_key(match.group(0)) in keep:
            return match.group(0)
        if any(token_key(t.group(0)) in keep for t in TOKEN.finditer(match.group(0))) and len(match.group(0)) < 120:
            return match.group(0)
        return _blank(match)

    return pattern.sub(blank_unless_esp, text)


def _blank(match: re.Match[str]) -> str:
    return "".join(ch if ch == "\n" else " " for ch in match.group(0))


def _eml(raw: str) -> Markup:
    """The preferred body part of a MIME message (text/html, else text/plain), decoded."""
    import email
    import email.policy

    message = email.message_from_string(raw, policy=email.policy.compat32)
    headers = {k.lower(): str(v) for k, v in message.items()}
    best = None
    for part in message.walk():
        ctype = part.get_content_type()
        if part.is_multipart() or part.get_filename():
            continue
        if ctype == "text/html" and (best is None or best.get_content_type() != "text/html") or ctype == "text/plain" and best is None:
            best = part
    if best is None:
        return Markup("", "text", "eml", headers=headers)
    payload = best.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = best.get_content_charset() or "utf-8"
    try:
        body = data.decode(charset, errors="replace")
    except LookupError:
        body = data.decode("utf-8", errors="replace")
    kind = "html" if best.get_content_type() == "text/html" else "text"
    return Markup(body, kind, "eml", part=best.get_content_type(), first_line=_body_line(raw, best), headers=headers)


def _body_line(raw: str, part: Message) -> int:
    """The file line where ``part``'s body starts (its headers end), best effort."""
    payload = part.get_payload(decode=False)
    if isinstance(payload, str) and payload.strip():
        head = payload.strip().split("\n", 1)[0][:200]
        at = raw.find(head)
        if at >= 0:
            return raw.count("\n", 0, at) + 1
    return 1
