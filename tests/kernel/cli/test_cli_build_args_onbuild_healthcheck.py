"""The classic builder's rules for ARG scope, ONBUILD triggers and HEALTHCHECK's history line (moby 20.10).

- an ARG declared before the first FROM is in scope for FROM lines only: inside a stage it is unset
  until declared again, and `ARG NAME` without a default there takes the global ARG's value
  (newDispatchState resets the allowed args; getBuildArg falls back to allowedMetaArgs);
- building FROM an image with triggers prints "# Executing N build trigger(s)" (no "...");
- HEALTHCHECK commits `fmt.Sprintf("HEALTHCHECK %q", healthcheck)`: every field quoted, Retries as a rune.
"""

import pytest

from cli_driver import docker


def build(root, name, dockerfile, *flags):
    (root / name).mkdir()
    (root / name / "Dockerfile").write_text(dockerfile)
    code, out, err = docker("build", "-t", name, *flags, name)
    assert code == 0, err
    return out


def test_a_global_arg_is_not_in_scope_inside_a_stage(engine):
    build(engine, "scope", "ARG BASE=busybox\nFROM ${BASE}\nRUN echo \"[$BASE]\" > /seen\n")
    assert docker("run", "--rm", "scope", "cat", "/seen") == (0, "[]\n", "")


def test_a_redeclared_arg_without_default_takes_the_global_value(engine):
    build(engine, "redecl", "ARG BASE=busybox\nFROM $BASE\nARG BASE\nRUN echo \"[$BASE]\" > /seen\n")
    assert docker("run", "--rm", "redecl", "cat", "/seen") == (0, "[busybox]\n", "")


def test_a_build_arg_overrides_the_global_value_of_a_redeclared_arg(engine):
    build(engine, "over", "ARG V=global\nFROM busybox\nARG V\nRUN echo \"[$V]\" > /seen\n", "--build-arg", "V=given")
    assert docker("run", "--rm", "over", "cat", "/seen") == (0, "[given]\n", "")


def test_a_global_arg_is_not_recorded_on_a_stage_s_run_line(engine):
    build(engine, "hist", "ARG BASE=busybox\nFROM ${BASE}\nARG WHO=x\nRUN true\n")
    code, out, _ = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "hist")
    assert out.splitlines()[0] == "|1 WHO=x /bin/sh -c true"


@pytest.mark.parametrize("triggers,line", [(1, "# Executing 1 build trigger"), (2, "# Executing 2 build triggers")])
def test_onbuild_triggers_are_announced_without_an_ellipsis(engine, triggers, line):
    build(engine, "parent", "FROM busybox\n" + "ONBUILD RUN true\n" * triggers)
    out = build(engine, "child", "FROM parent\n")
    assert line in out.splitlines()
    assert line + "..." not in out


@pytest.mark.parametrize("instruction,created_by", [
    ("HEALTHCHECK --interval=30s CMD true",
     "HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"30s\" \"0s\" \"0s\" '\\x00'}"),
    ("HEALTHCHECK --timeout=1m30s --retries=3 CMD [\"true\"]",
     "HEALTHCHECK &{[\"CMD\" \"true\"] \"0s\" \"1m30s\" \"0s\" '\\x03'}"),
    ("HEALTHCHECK NONE", "HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" '\\x00'}"),
])
def test_healthcheck_history_line_is_go_percent_q_of_the_config(engine, instruction, created_by):
    build(engine, "hc", f"FROM busybox\n{instruction}\n")
    code, out, _ = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "hc")
    assert out.splitlines()[0] == "/bin/sh -c #(nop)  " + created_by
