"""Language runtimes of the bundled images: `node` and `python`/`python3`.

Each runs programs in a small interpreter of its own language's subset (`jsparse`/`jsrun` for
JavaScript, `pyinterp` over Python's `ast`), never the host's interpreter, with the runtime's
own command line, error reports and buffering. Web frameworks (Express, Flask) and
`python -m http.server` serve through the engine's network (`engine/network/http.py`).

`PROGRAMS` is what `exec.REGISTRY` needs: program name -> "module:function".
"""

PROGRAMS = {
    "node": "dockyard.engine.userland.programs.runtimes.node:main",
    "nodejs": "dockyard.engine.userland.programs.runtimes.node:main",
    "python": "dockyard.engine.userland.programs.runtimes.python:main",
    "python3": "dockyard.engine.userland.programs.runtimes.python:main",
    "flask": "dockyard.engine.userland.programs.runtimes.flaskapp:main",
}
