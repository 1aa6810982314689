"""The docker command line run in this process, as the CLI tests drive it."""
import io

from dockyard.kernel.cli.main import run


class _Stdin(io.TextIOWrapper):
    """Standard input as a terminal-less process has it: text, with the bytes under it."""


def docker(*argv, stdin: bytes | str = b"") -> tuple[int, str, str]:
    """`docker ARGV` through the CLI: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin
    code = run(list(argv), out, err, _Stdin(io.BytesIO(data)))
    return code, out.getvalue(), err.getvalue()
