"""Whatever a script says, the shell answers with an exit status, never a Python exception.

Scripts are random sequences of shell fragments (words, expansions, quotes, operators, keywords,
redirections) and random text. A timer kills scripts that loop forever, as `docker kill` would:
that ends in Killed, which is how a killed process ends.
"""
from __future__ import annotations

import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockyard.engine.userland.process import Killed, Signals
from test_sh_harness import run

FRAGMENTS = [
    "echo", "x", "y=1", "$x", "${x:-d}", "${x#*}", "${x/a/b}", "${#x}", "${x:1:2}", "${x?}", "${x!}", "$((1+2))",
    "$((x/0))", "$((", "))", "$(echo a)", "`echo b`", "'q'", '"d $x"', "\\", "*", "?", "[a]", "~", "$@", "$*",
    "$#", "$?", "$1", "|", "||", "&&", ";", ";;", "&", "\n", "(", ")", "{", "}", ">", "<", ">>", "2>&1", ">&-",
    "<>", "<<EOF\nbody $x\nEOF\n", "<<-'E'\n\tq\n\tE\n", "if", "then", "elif", "else", "fi", "for", "in", "do",
    "done", "while", "until", "case", "esac", "function", "!", "f()", "f", "return", "break", "continue",
    "exit", "local", "set -e", "set -u", "set -x", "eval", "exec", "shift", "read", "export", "readonly",
    "unset", "trap", "cd", "test", "[", "]", "printf %s", "true", "false", "cat", "alias", "getopts",
    "let", "umask", ".", "command", "type", "wait", "kill", "#", "=", "'", '"', "`", "$", "${", "}",
]

scripts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25).map(" ".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts)
def test_any_script_ends_with_a_status(script):
    signals = Signals(pid1=False)
    timer = threading.Timer(2.0, signals.deliver, (9,))
    timer.start()
    try:
        result = run(script, stdin=b"input line\n", signals=signals)
        assert 0 <= result.status <= 255
        assert isinstance(result.out, str) and isinstance(result.err, str)
    except Killed:
        pass
    finally:
        timer.cancel()
        signals.deliver(9, external=True)  # the container ends: background jobs it left end too
