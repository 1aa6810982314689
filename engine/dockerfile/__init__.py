"""The Dockerfile front end: text → AST (`parser`) → typed instructions (`instructions`).

`parser` reads the file (directives, continuations, heredocs) and hands each instruction line to
`line_parsers`; the tree is made of `nodes`. `instructions` turns nodes into the dataclasses of
`commands`, grouped into stages. Word expansion (`shlex`) and `.dockerignore` matching
(`dockerignore`) are kept apart: the builder calls them while it executes. `gocompat` and
`runmount` hold the Go behaviours and the `RUN --mount` syntax that Docker's messages depend on.
"""
