"""The peer for bench_docs.py: the same examples as notebooks, built by myst-nb with jupyter-cache.

myst-nb with jupyter-cache is the engine behind Jupyter Book: a notebook runs again only when one
of its code cells changed (``nb_execution_mode = "cache"``). The peer site has the course's
examples and nothing else (no theory or API pages), with the furo theme.

* Its own virtual environment, created once under ``~/.cache/spiral-tut-bench/peer-venv`` with
  pinned versions (:data:`PEER_PINS`; Sphinx, furo, torch, matplotlib, numpy and the other
  packages of :data:`FROM_CONSTRAINTS` at this project's ``constraints.txt`` versions); created
  again when the pins change.
* Conversion: jupytext reads sphinx-gallery scripts in its ``py:sphinx`` format, which splits text
  and code at sphinx-gallery's old separator (a line of ``#``), so each ``# %%`` line is first
  replaced with such a line. ``rst2md`` (sphinx-gallery's converter, which is why sphinx-gallery
  is in the peer's environment) turns the reST text into Markdown with ``$`` maths, so the text
  becomes Markdown cells and only the code becomes code cells, as a notebook author writes them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

CACHE = Path.home() / ".cache" / "spiral-tut-bench"
PEER_VENV = CACHE / "peer-venv"
PEER_PINS = {"myst-nb": "1.4.0", "jupyter-cache": "1.0.1", "jupytext": "1.19.6"}
#: Installed at the versions pinned in constraints.txt: the same as this site's build.
FROM_CONSTRAINTS = ("sphinx", "furo", "torch", "matplotlib", "numpy", "sphinx-gallery", "tqdm")
#: sphinx-gallery's old text/code separator, which jupytext's py:sphinx format knows.
SEPARATOR = "#" * 79

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}

CONF_PY = '''\
"""The peer site: the course's examples as notebooks, executed by myst-nb with jupyter-cache."""

project = "peer: myst-nb + jupyter-cache"
language = "zh_CN"
extensions = ["myst_nb"]
html_theme = "furo"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
myst_enable_extensions = ["dollarmath", "amsmath"]
nb_execution_mode = "cache"  # jupyter-cache: re-run a notebook only when its code changed
nb_execution_timeout = 600
nb_execution_raise_on_error = True  # a failing notebook fails the build, as in this site
'''


def pinned_requirements(constraints: Path) -> list[str]:
    """The peer's requirements: :data:`PEER_PINS` and :data:`FROM_CONSTRAINTS` at their pins."""
    pins = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", constraints.read_text(), re.M))
    pins = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    missing = [name for name in FROM_CONSTRAINTS if name not in pins]
    if missing:
        raise ValueError(f"{constraints} pins no version of {', '.join(missing)}")
    wanted = {**PEER_PINS, **{name: pins[name] for name in FROM_CONSTRAINTS}}
    return [f"{name}=={version}" for name, version in sorted(wanted.items())]


def ensure_venv(constraints: Path) -> Path:
    """The peer environment's Python, after creating the environment if its pins changed."""
    requirements = pinned_requirements(constraints)
    python = PEER_VENV / "bin" / "python"
    stamp = PEER_VENV / "bench-requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"creating the peer's environment in {PEER_VENV} (once, not timed) ...", flush=True)
    shutil.rmtree(PEER_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    install = [str(python), "-m", "pip", "install", "--quiet", *requirements]
    result = subprocess.run(install, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"installing the peer's environment failed:\n{result.stderr[-5000:]}")
    stamp.write_text(wanted)
    return python


def convert(examples: Path, site: Path, python: Path, only: str | None = None) -> list[Path]:
    """Convert every ``examples/*/plot_*.py`` into ``site/<folder>/plot_*.ipynb``; write the site.

    Returns the notebooks. ``site`` gets a ``conf.py`` and an ``index.md`` listing them. With
    ``only`` (a regular expression, like sphinx-gallery's ``filename_pattern``), notebooks whose
    script path does not match are not executed.
    """
    scripts = sorted(examples.glob("*/plot_*.py"))
    if not scripts:
        raise FileNotFoundError(f"no examples/*/plot_*.py under {examples}")
    staged = []
    for script in scripts:
        target = site / script.parent.name / script.name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = script.read_text(encoding="utf-8")
        target.write_text(re.sub(r"(?m)^# %%$", SEPARATOR, text), encoding="utf-8")
        staged.append(target)
    command = [str(python), "-m", "jupytext", "--quiet", "--from", "py:sphinx"]
    command += ["--opt", "rst2md=True", "--to", "ipynb", *map(str, staged)]
    subprocess.run(command, check=True)
    for script in staged:
        script.unlink()  # the notebook is the source now
    notebooks = [script.with_suffix(".ipynb") for script in staged]
    for notebook in notebooks:  # a notebook saved by Jupyter says its kernel and language
        content = _load(notebook)
        content["metadata"] |= {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
        _save(notebook, content)
    skipped = [
        str(notebook.relative_to(site))
        for script, notebook in zip(scripts, notebooks, strict=True)
        if only and not re.search(only, str(script))
    ]
    conf = CONF_PY + f"nb_execution_excludepatterns = {skipped!r}\n"
    (site / "conf.py").write_text(conf, encoding="utf-8")
    entries = "\n".join(str(nb.relative_to(site).with_suffix("")) for nb in notebooks)
    index = f"# 示例（myst-nb）\n\n```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n"
    (site / "index.md").write_text(index, encoding="utf-8")
    return notebooks


def build_command(python: Path, jobs: int, strict: bool = True) -> list[str]:
    """sphinx-build of the peer site, run in its folder, with ``jobs`` parallel processes."""
    command = [str(python), "-m", "sphinx", "-b", "html", "-j", str(jobs)]
    command += ["-W", "--keep-going"] if strict else []
    return [*command, "-d", "_build/doctrees", ".", "_build/html"]


def create_cache(python: Path, site: Path) -> None:
    """Create the peer's empty jupyter-cache database (untimed) before a cold build: with ``-j 2``
    two processes may both try to create it and one fails ("table settings already exists")."""
    code = "import jupyter_cache as j; j.get_cache('_build/.jupyter_cache').list_cache_records()"
    subprocess.run([str(python), "-c", code], cwd=site, check=True, capture_output=True)


def _load(notebook: Path) -> dict:
    return json.loads(notebook.read_text(encoding="utf-8"))


def _save(notebook: Path, content: dict) -> None:
    """Write like nbformat does: one-space indent, UTF-8 characters, a final newline."""
    text = json.dumps(content, indent=1, ensure_ascii=False, sort_keys=True)
    notebook.write_text(text + "\n", encoding="utf-8")


def _lines(cell: dict) -> list[str]:
    source = cell["source"]
    return source.splitlines(keepends=True) if isinstance(source, str) else list(source)


def edit_code(notebook: Path, line: str) -> None:
    """Append the code ``line`` to the notebook's last code cell."""
    content = _load(notebook)
    cell = [cell for cell in content["cells"] if cell["cell_type"] == "code"][-1]
    lines = _lines(cell)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    cell["source"] = [*lines, line]
    _save(notebook, content)


def edit_markdown(notebook: Path, edit: Callable[[str], str]) -> None:
    """Apply ``edit`` to the text of the first Markdown cell that it changes."""
    content = _load(notebook)
    for cell in content["cells"]:
        text = "".join(_lines(cell))
        if cell["cell_type"] == "markdown" and (edited := edit(text)) != text:
            cell["source"] = edited.splitlines(keepends=True)
            _save(notebook, content)
            return
    raise ValueError(f"the edit changes no Markdown cell of {notebook}")


def describe() -> str:
    pins = ", ".join(f"{name} {version}" for name, version in PEER_PINS.items())
    return textwrap.fill(
        f"peer: the same examples converted by jupytext (py:sphinx, rst2md) and built by "
        f"myst-nb with jupyter-cache ({pins}), furo, in {PEER_VENV}",
        100,
    )
