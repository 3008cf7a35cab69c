"""The web page's style sheet: the clinic's colours (each checked for WCAG AA contrast), the
handout's font embedded, sizes in rem and em so zoom and phones reflow, and a print layout."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.colors import Color, white

from ..branding import Theme, contrast, readable_on, tint

AA_TEXT = 4.5  # WCAG 2.1 AA, normal text
AA_GRAPHICS = 3.0  # WCAG 2.1 AA, borders and icons that carry meaning


def css(color: Color) -> str:
    return "#" + str(color.hexval())[2:].lower()


def readable(color: Color, on: Color, needed: float = AA_TEXT) -> Color:
    """``color`` when it reaches ``needed`` contrast on ``on``, else black or white (whichever reads)."""
    return color if contrast(color, on) >= needed else readable_on(on)


@dataclass(frozen=True)
class Palette:
    """Every colour of the page, each paired with the background it sits on."""

    text: str
    heading: str
    band: str
    on_band: str
    accent: str
    key_fill: str
    urgent: str
    urgent_text: str
    urgent_fill: str
    warning: str
    warning_text: str
    warning_fill: str
    tip: str
    tip_fill: str
    info: str
    info_fill: str


def palette(theme: Theme) -> Palette:
    text = readable(theme.text, white)
    heading = readable(theme.heading_color, tint(theme.primary, 0.08))

    def box(color: Color, amount: float) -> tuple[str, str, str]:
        fill = tint(color, amount)
        return css(readable(color, fill, AA_GRAPHICS)), css(readable(color, fill)), css(fill)

    urgent, urgent_text, urgent_fill = box(theme.urgent, 0.07)
    warning, warning_text, warning_fill = box(theme.warning, 0.07)
    tip, _, tip_fill = box(theme.tip, 0.08)
    info, _, info_fill = box(theme.primary, 0.06)
    return Palette(
        text=css(text),
        heading=css(heading),
        band=css(theme.primary),
        on_band=css(readable_on(theme.primary)),
        accent=css(theme.accent),
        key_fill=css(tint(theme.primary, 0.08)),
        urgent=urgent,
        urgent_text=urgent_text,
        urgent_fill=urgent_fill,
        warning=warning,
        warning_text=warning_text,
        warning_fill=warning_fill,
        tip=tip,
        tip_fill=tip_fill,
        info=info,
        info_fill=info_fill,
    )


@cache
def _font_face(data: bytes, weight: int) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'@font-face{{font-family:"Handout";src:url(data:font/ttf;base64,{encoded}) format("truetype");'
        f"font-weight:{weight};font-style:normal;font-display:swap}}"
    )


def font_faces(theme: Theme) -> str:
    """The handout's font (the clinic's own, or Atkinson Hyperlegible), regular and bold, inside
    the page: the page looks like the leaflet on any device, online or not."""
    style = theme.style
    if style.font is not None:
        from ..fonts import font_bytes  # the clinic's file: read within its limit

        regular = font_bytes(style.font.regular)
        bold = font_bytes(style.font.bold) if style.font.bold is not None else None
    else:
        import fontpkg_atkinson_hyperlegible as atkinson

        files = Path(atkinson.ROOT) / "files"
        regular = (files / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
        bold = (files / "AtkinsonHyperlegible-Bold.ttf").read_bytes()
    faces = [_font_face(regular, 400)]
    if bold is not None:
        faces.append(_font_face(bold, 700))
    return "\n".join(faces)


def stylesheet(theme: Theme, paper: str) -> str:
    p = palette(theme)
    return f"""{font_faces(theme)}
:root{{color-scheme:light}}
html{{font-size:100%;-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;background:#fff;color:{p.text};font-family:"Handout","Atkinson Hyperlegible",system-ui,sans-serif;
font-size:1.125rem;line-height:1.5;overflow-wrap:break-word}}
*,*::before,*::after{{box-sizing:border-box}}
.skip{{position:absolute;left:0.5rem;top:-10rem;padding:0.5em 1em;background:#fff;color:{p.text};
border:0.15em solid {p.text};z-index:1}}
.skip:focus{{top:0.5rem}}
a{{color:{p.heading};text-decoration:underline;text-underline-offset:0.15em}}
a:focus-visible,input:focus-visible{{outline:0.2rem solid {p.text};outline-offset:0.15rem}}
.band{{background:{p.band};color:{p.on_band};border-bottom:0.35rem solid {p.accent}}}
.band a{{color:{p.on_band}}}
.band.rule{{background:#fff;color:{p.text};border-bottom-color:{p.band}}}
.band.rule a{{color:{p.heading}}}
.band-inner,main,.page-footer{{max-width:42rem;margin:0 auto;padding:0 1rem}}
.band-inner{{display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem 1.25rem;padding-top:0.75rem;padding-bottom:0.75rem}}
.logo{{background:#fff;padding:0.35rem;border-radius:0.25rem;line-height:0}}
.logo .picture{{height:3rem;width:auto;max-width:12rem}}
.logo-right .logo{{order:2;margin-left:auto}}
.clinic-name{{font-size:1.25rem;font-weight:700;margin:0}}
.tagline,.contact{{margin:0}}
.contact{{font-size:1rem;flex-basis:100%;order:3}}
main{{padding-top:1rem;padding-bottom:1rem}}
h1{{font-size:2rem;line-height:1.2;margin:0.5rem 0 0.25rem}}
.subtitle{{font-size:1.2rem;margin:0 0 1rem}}
h2{{color:{p.heading};font-size:1.45rem;line-height:1.25;margin:1.75rem 0 0.5rem}}
h3{{font-size:1.15rem;line-height:1.3;margin:0 0 0.4rem}}
p{{margin:0 0 0.75rem}}
ul,ol{{margin:0 0 0.9rem;padding-left:1.6em}}
li{{margin:0 0 0.35rem}}
.key-points,.personal{{background:{p.key_fill};border:0.12rem solid {p.band};border-radius:0.3rem;padding:0.75rem 1rem;margin:0 0 1rem}}
.personal{{background:#fff;border-color:{p.text}}}
.key-points h2{{margin-top:0}}
.checklist{{list-style:none;padding-left:0}}
.checklist li{{display:flex;align-items:flex-start;gap:0.6em}}
.checklist input{{flex:none;font-size:inherit;width:1.5em;height:1.5em;margin:0.05em 0 0;accent-color:{p.band}}}
.callout{{border:0.12rem solid {p.info};background:{p.info_fill};border-radius:0.3rem;padding:0.75rem 1rem;margin:0 0 1rem}}
.callout.urgent{{border:0.3rem solid {p.urgent};background:{p.urgent_fill}}}
.callout.warning{{border:0.2rem dashed {p.warning};background:{p.warning_fill}}}
.callout.tip{{border-color:{p.tip};background:{p.tip_fill}}}
.callout .kind{{display:flex;align-items:center;gap:0.4em;font-weight:700;margin:0 0 0.25rem;text-transform:none}}
.callout.urgent .kind,.callout.urgent h3{{color:{p.urgent_text}}}
.callout.warning .kind{{color:{p.warning_text}}}
.icon{{width:1.4em;height:1.4em;flex:none;fill:currentColor}}
.icon .mark{{fill:#fff}}
.callout ul:last-child,.callout p:last-child,.exercise p:last-child,.key-points ul:last-child{{margin-bottom:0}}
.notes{{margin:0 0 1rem}}
.notes-label{{font-weight:700;margin-bottom:0.25rem}}
.line{{border-bottom:0.06rem solid {p.text};height:2.2em}}
figure{{margin:0 0 1rem}}
.picture{{display:block;width:100%;height:auto}}
figcaption{{margin-top:0.35rem}}
.image{{width:max(var(--width,60%),min(100%,18rem))}}
.beside{{display:flex;flex-wrap:wrap;gap:0 1.25rem;align-items:flex-start}}
.beside-text{{flex:1 1 14rem}}
.beside .image{{flex:0 1 var(--width,40%);min-width:min(100%,12rem)}}
.exercise{{border:0.06rem solid {p.band};background:{p.info_fill};border-radius:0.3rem;padding:0.75rem 1rem;margin:0 0 1rem}}
.exercise-body{{display:flex;flex-wrap:wrap;gap:0.75rem 1.25rem;align-items:flex-start}}
.exercise-picture{{flex:0 0 8.5rem;margin:0}}
.exercise-how{{flex:1 1 14rem}}
.figure-row{{display:flex;flex-wrap:wrap;gap:0 1.25rem;align-items:flex-end}}
.row-figure{{flex:1 1 12rem}}
.questions{{border-top:0.12rem solid {p.band};margin-top:1.5rem;padding-top:0.25rem}}
.phone{{font-size:1.25rem;font-weight:700}}
.small-print,.sources{{font-size:1rem}}
.page-footer{{border-top:0.06rem solid {p.text};padding-top:0.75rem;padding-bottom:1.5rem;font-size:1rem}}
.page-footer p{{margin:0 0 0.25rem}}
@media (max-width:36rem){{.image,.beside .image{{width:100%;flex-basis:100%}}.exercise-picture{{flex-basis:100%;max-width:10rem}}}}
@page{{size:{"A4" if paper == "a4" else "letter"};margin:15mm}}
@media print{{
body{{font-size:12pt;line-height:1.4}}
.skip{{display:none}}
.band{{background:none;color:{p.text};border-bottom:2pt solid {p.band}}}
.band a{{color:{p.text}}}
.band-inner,main,.page-footer{{max-width:none;padding-left:0;padding-right:0}}
a{{color:{p.text};text-decoration:none}}
main a[href^="https:"]::after{{content:" (" attr(href) ")"}}
h2,h3{{break-after:avoid}}
.callout,figure,.exercise,.checklist li,.notes,.key-points,.beside,.figure-row{{break-inside:avoid}}
.checklist input{{width:6mm;height:6mm}}
}}
"""
