"""A handout as one self-contained web page: the same loaded topic, placeholders, labels and style
as the PDF, laid out as semantic, accessible HTML with its style sheet, font and pictures inside.

Nothing in the page asks another address for anything, so a clinic can put it on its website,
attach it to an email or open it offline; and nothing in it changes between builds.
"""

from __future__ import annotations

from .. import __version__
from ..branding import make_theme
from ..build import Options
from ..labels import Labels, labels_for
from ..loading import LoadedTopic, with_placeholders
from ..markup import plain, to_html
from ..models import SourceRef, Style, Topic
from ..placeholders import fill, values_from
from ..story import Personal
from .blocks import Page, items, render_block
from .css import stylesheet


def build_html(loaded: LoadedTopic, style: Style, options: Options | None = None) -> bytes:
    """The HTML edition of the topic in the clinic's style, as UTF-8 bytes.

    ``options.paper`` sets the printed page size; large print has no meaning here (readers zoom).
    """
    options = options or Options()
    topic = with_placeholders(loaded, style)
    theme = make_theme(style)
    labels = labels_for(topic.language)
    page = Page(labels, theme.svg_colors)
    title = to_html(plain(topic.title))
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} · {to_html(plain(style.clinic.name))}</title>",
    ]
    if topic.subtitle:
        head.append(f'<meta name="description" content="{to_html(plain(topic.subtitle))}">')
    head += [
        f'<meta name="generator" content="handouts {__version__}">',
        f"<style>\n{stylesheet(theme, options.paper or style.paper)}</style>",
    ]
    body = [
        f'<a class="skip" href="#content">{to_html(labels["skip_to_content"])}</a>',
        _band(style, page),
        f'<main id="content" tabindex="-1">{_content(topic, style, page, options.personal)}</main>',
        _footer(loaded.id, topic, style, labels),
    ]
    document = (
        f'<!DOCTYPE html>\n<html lang="{to_html(topic.language)}" dir="ltr">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return document.encode("utf-8")


def _band(style: Style, page: Page) -> str:
    """The clinic's band: logo, name, tagline, contact. The logo is decorative when the name is
    written beside it; with ``show_clinic_name: false`` the logo says the name (to screen readers too)."""
    clinic, header = style.clinic, style.header
    named_by_logo = style.logo is not None and not header.show_clinic_name
    parts = []
    if style.logo is not None:
        parts.append(f'<div class="logo">{page.picture(style.logo, clinic.name if named_by_logo else "")}</div>')
    name = "" if named_by_logo else f'<p class="clinic-name">{to_html(clinic.name)}</p>'
    tagline = clinic.tagline_for(page.labels.language)
    if tagline and header.show_tagline:
        name += f'<p class="tagline">{to_html(tagline)}</p>'
    parts.append(f'<div class="clinic">{name}</div>')
    contact = _contact(style)
    if contact:
        parts.append(f'<p class="contact">{contact}</p>')
    side = " logo-right" if style.logo_position == "right" else ""
    look = " rule" if header.layout == "rule" else ""  # no coloured band, as on paper
    return f'<header class="band{look}"><div class="band-inner{side}">{"".join(parts)}</div></header>'


def _contact(style: Style) -> str:
    """Phone, website and email (as links a phone can follow), and the address when shown."""
    clinic = style.clinic
    parts = []
    if clinic.phone:
        parts.append(_phone_link(clinic.phone))
    if clinic.website:
        parts.append(to_html(clinic.website))
    if clinic.email:
        parts.append(f'<a href="mailto:{to_html(clinic.email)}">{to_html(clinic.email)}</a>')
    line = " · ".join(parts)
    if style.header.show_address and clinic.address:
        line += ("<br>" if line else "") + to_html(", ".join(clinic.address))
    return line


def _phone_link(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    return f'<a href="tel:{digits}">{to_html(phone)}</a>' if digits else to_html(phone)


def _content(topic: Topic, style: Style, page: Page, personal: Personal | None) -> str:
    labels = page.labels
    out = [f"<h1>{to_html(topic.title)}</h1>"]
    if topic.subtitle:
        out.append(f'<p class="subtitle">{to_html(topic.subtitle)}</p>')
    if personal:
        out.append(_personal(personal, labels))
    if topic.key_points:
        heading = page.new_id("key-points")
        out.append(
            f'<section class="key-points" aria-labelledby="{heading}">'
            f'<h2 id="{heading}">{to_html(labels["key_points"])}</h2>{items("ul", topic.key_points)}</section>'
        )
    for section in topic.sections:
        heading = page.new_id("section")
        blocks = "\n".join(render_block(block, page) for block in section.body)
        out.append(
            f'<section aria-labelledby="{heading}"><h2 id="{heading}">{to_html(section.heading)}</h2>\n{blocks}</section>'
        )
    out.append(_end_matter(topic, style, page))
    return "\n".join(out)


def _personal(personal: Personal, labels: Labels) -> str:
    lines = [
        (labels["prepared_for"], personal.patient),
        (labels["clinician"], personal.clinician),
        (labels["note"], personal.note),
    ]
    shown = "".join(f"<p><strong>{to_html(label)}:</strong> {to_html(value)}</p>" for label, value in lines if value)
    return f'<div class="personal">{shown}</div>'


def _end_matter(topic: Topic, style: Style, page: Page) -> str:
    """Questions (the phone at body size or larger), the emergency number, links, the small print
    and the sources."""
    labels, clinic = page.labels, style.clinic
    values = values_from(style, topic.language)
    panel = [f"<p><strong>{to_html(fill(labels['emergency_call'], values)[0])}</strong></p>"]
    links = [(clinic.booking_url, labels["book_online"]), (topic.more_info_url, labels["more_info_online"])]
    panel += [f'<p><a href="{to_html(url)}">{to_html(text)}</a></p>' for url, text in links if url]
    if clinic.phone:  # "Questions? Call us" only when there is a number to call
        heading = page.new_id("questions")
        call = f'<h2 id="{heading}">{to_html(labels["questions"])}</h2><p class="phone">{_phone_link(clinic.phone)}</p>'
        out = [f'<section class="questions" aria-labelledby="{heading}">{call}{"".join(panel)}</section>']
    else:
        out = [f'<div class="questions">{"".join(panel)}</div>']
    small = []
    if style.footer.large_print_offer:
        small.append(fill(labels["large_print" if clinic.phone else "large_print_no_phone"], values)[0])
    small.append(fill(style.disclaimer_for(topic.language), values)[0])
    out.append('<div class="small-print">' + "".join(f"<p>{to_html(text)}</p>" for text in small) + "</div>")
    if topic.sources:
        heading = page.new_id("sources")
        listed = "".join(f"<li>{_source(source)}</li>" for source in topic.sources)
        out.append(
            f'<section class="sources" aria-labelledby="{heading}">'
            f'<h2 id="{heading}">{to_html(labels["sources"])}</h2><ul>{listed}</ul></section>'
        )
    return "\n".join(out)


def _source(source: str | SourceRef) -> str:
    if isinstance(source, str):
        return to_html(source)
    text = ". ".join(to_html(part) for part in (source.title, source.publisher, source.year) if part)
    if source.url:
        text += f'. <a href="{to_html(source.url)}">{to_html(source.url.removeprefix("https://"))}</a>'
    return text


def _footer(topic_id: str, topic: Topic, style: Style, labels: Labels) -> str:
    """What the PDF's footer says on every page: the clinic, its contact, version and review dates."""
    clinic = style.clinic
    contact = " · ".join(to_html(part) for part in (clinic.name, clinic.phone, clinic.website) if part)
    dates = " · ".join(
        [
            labels.format("version", version=topic.version),
            labels.format("reviewed", date=labels.date(topic.reviewed)),
            labels.format("review_due", date=labels.date(topic.review_due_date)),
        ]
    )
    code = style.footer.leaflet_code.replace("{id}", topic_id) if style.footer.leaflet_code else None
    lines = [contact, to_html(dates)]
    if extra := " · ".join(part for part in (style.footer.extra_line_for(topic.language), code) if part):
        lines.append(to_html(extra))
    return '<footer class="page-footer">' + "".join(f"<p>{line}</p>" for line in lines) + "</footer>"
