"""The exported project's mkdocs.yml: the user's settings without the sopgen plugin (no MkDocs
import, so this works where only Zensical is installed)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from sopgen.model import Manual
from sopgen.render.options import MARKDOWN_EXTENSIONS
from sopgen.render.strings import Strings

SEARCH_PLUGINS = ("search", "material/search")
TAGS_PLUGINS = ("tags", "material/tags")


@dataclass(frozen=True)
class Tagged:
    """A value under a tag PyYAML's safe loader does not know (`!ENV`, `!!python/name:`):
    kept as written, so the engines resolve it as they would have in the original file."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


class ConfigError(Exception):
    """mkdocs.yml cannot be read; the message says why."""


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data, with unknown tags kept (see Tagged)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{config_file}: cannot be read ({error}).") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_file}: not valid YAML ({error}).") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: expected a mapping of settings (site_name: ...).")
    return data


def procedures_dir(config: dict[str, Any]) -> str:
    """The sopgen plugin's procedures_dir (relative to mkdocs.yml), default `procedures`."""
    for name, options in _plugins(config):
        if name == "sopgen" and isinstance(options, dict):
            return str(options.get("procedures_dir", "procedures"))
    return "procedures"


def docs_dir(config: dict[str, Any]) -> str:
    return str(config.get("docs_dir") or "docs")


def directory_urls(config: dict[str, Any]) -> bool:
    return bool(config.get("use_directory_urls", True))


def tags_enabled(config: dict[str, Any]) -> bool:
    """Material's tags plugin lists tags on a page that holds its marker."""
    for name, options in _plugins(config):
        if name in TAGS_PLUGINS:
            return not (isinstance(options, dict) and options.get("enabled") is False)
    return False


def exported_config(
    config: dict[str, Any], manual: Manual, nav: list[Any], assets: Iterable[str]
) -> dict[str, Any]:
    """The user's settings for a plain project: no sopgen plugin, the manual's title and
    language, the Markdown extensions and style sheet the pages need, the whole nav."""
    out = {key: value for key, value in config.items() if key not in ("site_dir", "docs_dir")}
    # MkDocs' templates print the title as it is: YAML text goes in HTML-escaped.
    out["site_name"] = str(escape(manual.title))
    theme = config.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "mkdocs"}
    theme["language"] = manual.language
    theme["direction"] = "rtl" if Strings(manual.language).rtl else "ltr"
    out["theme"] = theme
    # The generated pages' edit button would open a file that is not in the repository (a
    # procedure page's own "Edit this procedure" link opens its YAML file).
    out["edit_uri"] = ""
    plugins = [item for item in config.get("plugins") or [] if _plugin_name(item) != "sopgen"]
    if not any(_plugin_name(item) in SEARCH_PLUGINS for item in plugins):
        plugins.insert(0, "search")
    out["plugins"] = plugins
    out["markdown_extensions"] = _with_contract(config.get("markdown_extensions") or [])
    extra_css = [str(item) for item in config.get("extra_css") or []]
    extra_js = [str(item) for item in config.get("extra_javascript") or []]
    for asset in assets:
        if asset.endswith(".css") and asset not in extra_css:
            extra_css.append(asset)
        elif asset.endswith(".js") and asset not in extra_js:
            extra_js.append(asset)
    out["extra_css"] = extra_css
    if extra_js:
        out["extra_javascript"] = extra_js
    out["nav"] = nav
    # Procedure pages are out of the nav on purpose (a page's size must not grow with the
    # manual): say so, so the engine does not list each of them.
    out["not_in_nav"] = "/procedures/*/*.md"
    return out


def config_text(config: dict[str, Any], source: str) -> str:
    header = (
        f"# Exported by `sopgen export` from {source}: a plain project for Zensical\n"
        "# (`zensical build`) or ProperDocs/MkDocs (`properdocs build`). The procedures'\n"
        "# pages in docs/ are generated: change the YAML manual and export again.\n"
    )
    body = yaml.dump(
        config,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return header + body


def relative(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


def _plugins(config: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(_plugin_name(item), _plugin_options(item)) for item in config.get("plugins") or []]


def _plugin_name(item: Any) -> str:
    if isinstance(item, dict) and len(item) == 1:
        return str(next(iter(item)))
    return str(item)


def _plugin_options(item: Any) -> Any:
    return next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else None


def _with_contract(extensions: list[Any]) -> list[Any]:
    """The user's Markdown extensions plus any of the contract's that are missing."""
    result = list(extensions)
    names = {_plugin_name(item) for item in result}
    for name, settings in MARKDOWN_EXTENSIONS.items():
        if name in names:
            continue
        result.append({name: dict(settings)} if settings else name)
    return result
