"""Where topics and styles are found: the clinic's own folder first, then the ones bundled with the tool.

The clinic's folder is ``--topics``/``--styles``, else ``HANDOUTS_TOPICS``/``HANDOUTS_STYLES``, else
``./topics`` and ``./styles`` when the current folder has them. Its files add to the bundled ones
(a file with the same id or name wins), so a clinic's own topic never hides the bundled set.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HandoutError, Problem, did_you_mean

_PACKAGE = Path(__file__).resolve().parent
# An installed wheel carries the content in handouts/_bundled; a source checkout has it beside the package.
BUNDLED = _PACKAGE / "_bundled" if (_PACKAGE / "_bundled").is_dir() else _PACKAGE.parent
INSTALLED: Path | None = _PACKAGE / "_bundled" if (_PACKAGE / "_bundled").is_dir() else None
"""The bundled content when it sits inside the installed package (None in a source checkout):
files there are replaced by the next install, so nobody should be told to edit them."""

_LANGUAGE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
_SUFFIX = re.compile(r"\.ya?ml$", re.IGNORECASE)
_TRANSLATION = re.compile(rf"^(?P<id>[^.]+)\.(?P<lang>{_LANGUAGE})\.ya?ml$", re.IGNORECASE)
_SOURCE = re.compile(r"^(?P<id>[^.]+)\.ya?ml$", re.IGNORECASE)
_SAVED_AS_TEXT = re.compile(r"^(?P<name>.+\.ya?ml)\.txt$", re.IGNORECASE)


def topics_dir(option: Path | None = None) -> Path:
    return _choose(option, "HANDOUTS_TOPICS", "topics")


def styles_dir(option: Path | None = None) -> Path:
    return _choose(option, "HANDOUTS_STYLES", "styles")


def _choose(option: Path | None, variable: str, name: str) -> Path:
    if option is not None:
        return option
    if os.environ.get(variable):
        return Path(os.environ[variable])
    local = Path.cwd() / name
    return Path(name) if local.is_dir() else BUNDLED / name


def yaml_stem(name: str) -> str:
    """``ankle.yaml`` / ``ankle.es.yml`` -> ``ankle`` / ``ankle.es``."""
    return _SUFFIX.sub("", name)


def is_bundled(file: Path) -> bool:
    """Whether ``file`` is one of the topics or styles that come with the tool."""
    return _inside(file, BUNDLED / "topics") or _inside(file, BUNDLED / "styles")


def is_installed(file: Path) -> bool:
    """Whether ``file`` lies inside the installed package (where edits are lost on the next install)."""
    return INSTALLED is not None and _inside(file, INSTALLED)


def _inside(file: Path, folder: Path) -> bool:
    return file.resolve().is_relative_to(folder.resolve())


@dataclass
class TopicFiles:
    """A topic's source file and its translations, by language code."""

    id: str
    source: Path | None = None
    translations: dict[str, Path] = field(default_factory=dict)

    def languages(self) -> list[str]:
        return sorted(self.translations)

    def file_for(self, language: str | None) -> Path | None:
        if language is None:
            return self.source
        return self.translations.get(language)

    @property
    def bundled(self) -> bool:
        """Whether the topic's source file is a bundled one (not the clinic's own)."""
        return self.source is not None and is_bundled(self.source)


def scan_topics(folder: Path) -> dict[str, TopicFiles]:
    """Every topic in ``folder`` and the bundled topics, keyed by id, sorted.

    A topic of ``folder`` wins over the bundled topic of the same id, translations and all (they
    translate the clinic's text, not the bundled one); a translation on its own in ``folder`` adds a
    language to the bundled topic."""
    if not folder.is_dir():
        raise HandoutError([Problem(f"topics folder not found: {folder}")])
    found = _topics_in(folder)
    if not _same_folder(folder, BUNDLED / "topics"):
        for topic_id, bundled in _topics_in(BUNDLED / "topics").items():
            own = found.setdefault(topic_id, TopicFiles(topic_id))
            if own.source is None:
                own.source = bundled.source
                own.translations = {**bundled.translations, **own.translations}
    return dict(sorted(found.items()))


def _topics_in(folder: Path) -> dict[str, TopicFiles]:
    """The topics of one folder (files that are not named like topics are left to ``misnamed_topics``)."""
    found: dict[str, TopicFiles] = {}
    for file in _yaml_files(folder):
        if match := _SOURCE.match(file.name):
            found.setdefault(match["id"], TopicFiles(match["id"])).source = file
        elif match := _TRANSLATION.match(file.name):
            found.setdefault(match["id"], TopicFiles(match["id"])).translations[match["lang"]] = file
    return found


def _yaml_files(folder: Path) -> list[Path]:
    """``.yaml`` files, then ``.yml`` ones whose name is not taken by a ``.yaml`` file, sorted by name."""
    if not folder.is_dir():
        return []
    files = sorted(f for f in folder.iterdir() if _SUFFIX.search(f.name) and f.is_file() and _visible(f))
    taken = {yaml_stem(f.name) for f in files if f.suffix.lower() == ".yaml"}
    return [f for f in files if f.suffix.lower() == ".yaml" or yaml_stem(f.name) not in taken]


def _visible(file: Path) -> bool:
    """Not a hidden file or an editor's lock or backup file."""
    return not file.name.startswith((".", "~"))


def _same_folder(one: Path, other: Path) -> bool:
    return one.resolve() == other.resolve()


def misnamed_topics(folder: Path) -> list[Problem]:
    """A line for each file in ``folder`` that looks meant as a topic but would not be found as one."""
    if not folder.is_dir():
        return []
    problems = _misnamed(folder, "topic")
    topics = scan_topics(folder)
    for file in _yaml_files(folder):
        match = _TRANSLATION.match(file.name)
        if match and topics[match["id"]].source is None:
            problems.append(
                Problem(
                    f"this is named as the '{match['lang']}' translation of a topic '{match['id']}', but there is no "
                    f"{match['id']}.yaml; if '{yaml_stem(file.name)}' is the topic's name, rename the file "
                    f"{yaml_stem(file.name).replace('.', '-')}.yaml (a dot in a file name comes before a language code)",
                    file,
                )
            )
        elif not match and not _SOURCE.match(file.name):
            problems.append(
                Problem(
                    f"a topic's name cannot have a dot in it (a dot comes before a language code, as in ankle.es.yaml); "
                    f"rename the file {yaml_stem(file.name).replace('.', '-')}.yaml",
                    file,
                )
            )
    return sorted(problems, key=lambda p: str(p.file))


def misnamed_styles(folder: Path) -> list[Problem]:
    """A line for each file in ``folder`` that looks meant as a style but would not be found as one."""
    return _misnamed(folder, "style") if folder.is_dir() else []


def _misnamed(folder: Path, kind: str) -> list[Problem]:
    """Files saved with a ``.txt`` ending, and ``.yml`` files hidden by a ``.yaml`` file of the same name."""
    problems = []
    for file in sorted(folder.iterdir()):
        if (match := _SAVED_AS_TEXT.match(file.name)) and _visible(file):
            problems.append(
                Problem(
                    f"the file name ends in .txt, so this {kind} is not used; rename it {match['name']} "
                    "(Windows hides endings such as .txt: in File Explorer, turn on View > File name extensions)",
                    file,
                )
            )
        elif file.suffix.lower() == ".yml" and file.with_suffix(".yaml").exists():
            problems.append(
                Problem(f"{file.with_suffix('.yaml').name} is used and this file is not; remove one of them", file)
            )
    return problems


def find_topic(name: str, folder: Path) -> TopicFiles:
    """A topic by id (in ``folder`` or bundled) or by path to its .yaml file (anywhere)."""
    if _SUFFIX.search(name) or os.sep in name or "/" in name:
        file = Path(name)
        if not file.exists():  # a FIFO or a device is refused by name when it is read, never opened here
            raise HandoutError([Problem(f"topic file not found: {file}")])
        match = _TRANSLATION.match(file.name) or _SOURCE.match(file.name)
        topic_id = match["id"] if match else yaml_stem(file.name)
        if match and "lang" in match.groupdict():
            return TopicFiles(topic_id, file, {})  # a translation given by path builds as itself
        siblings = _topics_in(file.parent)
        return TopicFiles(topic_id, file, siblings.get(topic_id, TopicFiles(topic_id)).translations)
    topics = scan_topics(folder)
    if name not in topics or topics[name].source is None:
        for problem in misnamed_topics(folder):
            if problem.file is not None and yaml_stem(problem.file.name.removesuffix(".txt")) == name:
                raise HandoutError([problem])
        sources = [t for t, f in topics.items() if f.source]
        hint = did_you_mean(name, sources)
        raise HandoutError([Problem(f"unknown topic '{name}'; " + (hint or f"topics: {', '.join(sources) or 'none'}"))])
    return topics[name]


def scan_styles(folder: Path) -> dict[str, Path]:
    """Style name -> file: the folder's own styles, then bundled ones it does not override."""
    found: dict[str, Path] = {}
    for place in (folder, BUNDLED / "styles"):
        for file in _yaml_files(place):
            found.setdefault(yaml_stem(file.name), file)
    return found


def find_style(name: str, folder: Path, relative_to: Path | None = None) -> Path:
    """A style by name, or by path (relative to ``relative_to`` for ``extends:``)."""
    if _SUFFIX.search(name) or "/" in name or os.sep in name:
        file = (relative_to / name) if relative_to is not None else Path(name)
        if not file.exists():  # a FIFO or a device is refused by name when it is read, never opened here
            raise HandoutError([Problem(f"style file not found: {file}")])
        return file
    styles = scan_styles(folder)
    if name not in styles:
        for problem in misnamed_styles(folder):
            if problem.file is not None and yaml_stem(problem.file.name.removesuffix(".txt")) == name:
                raise HandoutError([problem])
        hint = did_you_mean(name, list(styles))
        raise HandoutError([Problem(f"unknown style '{name}'; " + (hint or f"styles: {', '.join(styles)}"))])
    return styles[name]


def bundled_style(name: str) -> Path | None:
    """The bundled style of that name, if there is one (what a local ``default.yaml`` extends
    when it says ``extends: default``)."""
    return scan_styles(BUNDLED / "styles").get(name)
