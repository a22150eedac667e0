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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .phrases import TOKEN, Phrases, token_key

if TYPE_CHECKING:
    from email.message import Message  # the email package is imported only for an .eml template

#: file suffix -> (template language, kind of what it contains). Longest suffixes first.
_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    (".blade.php", "blade", "html"),
    (".html.twig", "twig", "html"),
    (".html.erb", "erb", "html"),
    (".html.j2", "jinja", "html"),
    (".html", "", "html"),
    (".htm", "", "html"),
    (".xhtml", "", "html"),
    (".mjml", "", "mjml"),
    (".md", "", "markdown"),
    (".markdown", "", "markdown"),
    (".php", "php", "html"),
    (".tpl", "smarty", "html"),
    (".ftl", "freemarker", "html"),
    (".ftlh", "freemarker", "html"),
    (".liquid", "liquid", "html"),
    (".hbs", "handlebars", "html"),
    (".handlebars", "handlebars", "html"),
    (".mustache", "handlebars", "html"),
    (".njk", "jinja", "html"),
    (".twig", "twig", "html"),
    (".jinja", "jinja", "html"),
    (".jinja2", "jinja", "html"),
    (".j2", "jinja", "text"),
    (".erb", "erb", "html"),
    (".eml", "eml", "html"),
    (".txt", "", "text"),
    (".text", "", "text"),
)

#: Comment delimiters per language: (opener, closer), blanked whatever their length.
_COMMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "jinja": (("{#", "#}"),),
    "twig": (("{#", "#}"),),
    "liquid": (("{% comment %}", "{% endcomment %}"), ("{%- comment -%}", "{%- endcomment -%}"), ("{#", "#}")),
    "handlebars": (("{{!--", "--}}"), ("{{!", "}}")),
    "blade": (("{{--", "--}}"),),
    "erb": (("<%#", "%>"),),
    "freemarker": (("<#--", "-->"),),
    "smarty": (("{*", "*}"),),
}
#: Statement delimiters per language: (opener, closer, longest statement we blank).
_STATEMENTS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "jinja": (("{%", "%}", 400),),
    "twig": (("{%", "%}", 400),),
    "liquid": (("{%", "%}", 400),),
    "handlebars": tuple((opener, "}}", 400) for opener in ("{{#", "{{/", "{{^", "{{>", "{{~", "{{else")),
    "erb": (("<%", "%>", 400),),
    "php": (("<?", "?>", 4000),),
    "freemarker": (("<#", ">", 300), ("</#", ">", 300)),
}
#: Directive-style statements, each bounded (no nested quantifiers).
_DIRECTIVES = {
    "blade": re.compile(
        r"@(?:if|elseif|else|endif|foreach|endforeach|for|endfor|unless|endunless|isset|endisset|section|endsection|"
        r"yield|extends|include|php|endphp|csrf|auth|endauth)\b(?:\([^()\n]{0,120}\))?"
    ),
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


def read_markup(text: str, filename: str, phrases: Phrases) -> Markup:
    """The markup inside ``text`` (the file's content) with template syntax blanked out (ESP tags of ``phrases`` kept)."""
    language, kind = describe(filename)
    if language == "eml":
        return _eml(text)
    if language:
        text = blank_template_syntax(text, language, phrases)
    return Markup(text, kind, language)


def blank_template_syntax(text: str, language: str, phrases: Phrases) -> str:
    """``text`` with the comments and statements of ``language`` replaced by spaces (linear time)."""
    keep = phrases.placeholders
    for opener, closer in _COMMENTS.get(language, ()):
        text = _blank_spans(text, opener, closer, None, lambda span: False)

    def is_esp_tag(span: str) -> bool:
        # an ESP tag with statement syntax ({% unsubscribe %}, <%asm_..._raw_url%>) is a fact, not syntax;
        # so is an ERB/PHP expression (<%= %>, <?= ?>), which prints
        return span.startswith(("<%=", "<?=")) or (len(span) < 120 and any(token_key(t.group(0)) in keep for t in TOKEN.finditer(span)))

    for opener, closer, longest in _STATEMENTS.get(language, ()):
        text = _blank_spans(text, opener, closer, longest, is_esp_tag)
    pattern = _DIRECTIVES.get(language)
    return pattern.sub(_blank, text) if pattern is not None else text


def _blank_spans(text: str, opener: str, closer: str, longest: int | None, keep: Callable[[str], bool]) -> str:
    """Blank every ``opener ... closer`` span (at most ``longest`` characters when given).

    One forward pass with ``str.find``: the next closer is remembered, so openers that cannot
    reach it within ``longest`` are skipped together, and no closer left means no span left.
    """
    out: list[str] = []
    position = 0
    while True:
        start = text.find(opener, position)
        if start < 0:
            break
        end = text.find(closer, start + len(opener))
        if end < 0:
            break
        end += len(closer)
        if longest is not None and end - start > longest:
            # no span can start before end - longest and reach this closer within the limit
            skip = text.find(opener, max(start + 1, end - len(closer) - longest))
            out.append(text[position : start + 1])
            position = start + 1
            if skip < 0:
                break
            out.append(text[position:skip])
            position = skip
            continue
        span = text[start:end]
        out.append(text[position:start])
        out.append(span if keep(span) else _blank_text(span))
        position = end
    out.append(text[position:])
    return "".join(out)


def _blank(match: re.Match[str]) -> str:
    return _blank_text(match.group(0))


def _blank_text(text: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in text)


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
