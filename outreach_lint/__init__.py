"""outreach-lint: lint outreach campaigns against GDPR, ePrivacy and national marketing law."""

import os as _os
import sys as _sys

__version__ = "0.2.0"


def _source_tree_rules() -> None:
    """Make ``outreach_lint.rules`` importable when this package is imported from a source checkout.

    ``setup.cfg`` maps the repository's top-level ``rules/`` folder to ``outreach_lint.rules`` in
    built packages. ``python -m outreach_lint`` run at the repository root puts the root first on
    ``sys.path``, so this source folder is imported even when a built copy is installed, and the
    mapping does not exist here. The rule pack is then loaded from ``../rules`` under its package
    name; nothing is imported under the bare name ``rules``. An installed package has its own
    ``rules`` folder and skips this (one stat).
    """
    here = _os.path.dirname(__file__)
    if _os.path.isdir(_os.path.join(here, "rules")) or "outreach_lint.rules" in _sys.modules:
        return
    folder = _os.path.join(_os.path.dirname(here), "rules")
    init = _os.path.join(folder, "__init__.py")
    if not _os.path.isfile(init):
        return
    import importlib.util

    try:
        if importlib.util.find_spec(__name__ + ".rules") is not None:  # an editable install maps it
            return
    except (ImportError, ValueError):
        pass
    spec = importlib.util.spec_from_file_location(__name__ + ".rules", init, submodule_search_locations=[folder])
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    _sys.modules[spec.name] = module
    spec.loader.exec_module(module)


_source_tree_rules()
