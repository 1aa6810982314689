"""docker login, logout and search (docker/cli cli/command/registry/*, cli/command/registry.go).

Credentials are checked by the engine (POST /auth) and kept by the CLI in its config file
(configfile.py); `docker search` asks the engine (GET /images/search), which asks the registry.
"""
from __future__ import annotations

import json
import os

from ..context import Cli, CliError, daemon_message
from ..formatter.table import SubContext
from ..formatter.units import ellipsis
from .configfile import INDEX_NAME, INDEX_SERVER, ConfigFile, Credentials, convert_to_hostname
from .format import print_table

REGISTER_SUGGEST = ("Log in with your Docker ID or email address to push and pull images from Docker Hub. "
                    "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.")
PAT_SUGGEST = ("You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT "
               "grants better security and is required for organizations using SSO. Learn more at "
               "https://docs.docker.com/go/access-tokens/")
PAT_NOTE = ("A Personal Access Token (PAT) can be used instead.\n"
            "To create a PAT, visit \x1b[4mhttps://app.docker.com/settings\x1b[0m\n\n")  # aec.Underline, TTY or not
NOTE_HEADER = " Info -> "  # tui.InfoHeader as a stream that is no terminal shows it


# ------------------------------------------------------------------------------------------------ login
def login(cli: Cli, inv) -> int:
    user, password = inv.opts.get("username") or "", inv.opts.get("password") or ""
    _check_login_flags(inv, user, password)
    if password:
        cli.eprint("WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
    if inv.opts.get("password-stdin"):
        password = _read_all(cli.stdin).removesuffix("\n").removesuffix("\r")
    server = inv.args[0] if inv.args else ""
    if server in ("", INDEX_NAME):
        server = INDEX_SERVER
    if server != INDEX_SERVER:
        server = convert_to_hostname(server)
    config = ConfigFile.of(cli, inv)
    stored = config.credentials(server) if not user and not password else Credentials(server)
    stored.server, stored.identity_token = server, ""
    status, failed = None, True
    if stored.username and stored.password:
        status, failed = _login_with_stored_credentials(cli, config, stored)
    if failed:
        status = _login_user(cli, config, user, password, stored.username, server)
    if status:
        cli.print(status)
    return 0


def _check_login_flags(inv, user: str, password: str) -> None:
    """docker's verifyLoginFlags/verifyLoginOptions, whose errors are printed as they are."""
    if "password-stdin" in inv.changed:
        if "password" in inv.changed:
            raise CliError("conflicting options: cannot specify both --password and --password-stdin", 1)
        if "username" not in inv.changed:
            raise CliError("the --password-stdin option requires --username to be set", 1)
    if "username" in inv.changed and not user:
        raise CliError("username is empty", 1)
    if "password" in inv.changed and not password:
        raise CliError("password is empty", 1)


def _login_with_stored_credentials(cli: Cli, config: ConfigFile, creds: Credentials) -> tuple[str | None, bool]:
    cli.err.write(f"Authenticating with existing credentials... [Username: {creds.username}]\n")
    _print_note(cli.err, "To login with a different account, run 'docker logout' followed by 'docker login'")
    cli.err.write("\n\n")
    response, message, status = _authenticate(cli, config, creds)
    if message is None:
        return response.get("Status"), False
    if status == 401:
        cli.eprint("Stored credentials invalid or expired")
    else:
        cli.eprint("Login did not succeed, error: Error response from daemon: " + message)
    return None, True


def _login_user(cli: Cli, config: ConfigFile, user: str, password: str, default_user: str, server: str) -> str | None:
    if (not user or not password) and not _is_terminal(cli.stdin):
        raise CliError("Error: Cannot perform an interactive login from a non TTY device", 1)
    # docker CLI 28 logs in to Docker Hub through a web page (a device code) when no username is given;
    # the bundled engine's Docker Hub has no web site, so the username and password prompts serve for it.
    creds = _prompt_for_credentials(cli, user, password, default_user, server)
    response, message, _ = _authenticate(cli, config, creds)
    if message is not None:
        raise CliError("Error response from daemon: " + message, 1)
    return response.get("Status")


def _authenticate(cli: Cli, config: ConfigFile, creds: Credentials) -> tuple[dict, str | None, int]:
    """POST /auth, storing the credentials when the engine accepts them: (response, the daemon's
    message when it refused, its HTTP status)."""
    try:
        response = _post_auth(cli, creds)
    except Exception as e:
        message = daemon_message(e)
        if message is None:
            raise
        return {}, message, getattr(getattr(e, "response", None), "status_code", 0) or 0
    _store(config, creds, response)
    return response, None, 200


def _prompt_for_credentials(cli: Cli, user: str, password: str, default_user: str, server: str) -> Credentials:
    """docker's PromptUserForCredentials: ask for what the command line did not give."""
    user = user.strip()
    if not user:
        if server == INDEX_SERVER:
            cli.print(REGISTER_SUGGEST)
            if _hints_enabled():
                cli.print(PAT_SUGGEST)
                cli.print()
        default_user = default_user.strip()
        user = _read_input(cli, f"Username ({default_user}): " if default_user else "Username: ") or default_user
        if not user:
            raise CliError("Error: Non-null Username Required", 1)
    password = password.strip()
    if not password:
        if server == INDEX_SERVER:
            _print_note(cli.err, PAT_NOTE)
        password = _read_input(cli, "Password: ", secret=True)
        cli.print()
        if not password:
            raise CliError("Error: Password Required", 1)
    return Credentials(server, user, password)


def _post_auth(cli: Cli, creds: Credentials) -> dict:
    """POST /auth as docker's client sends it (docker-py's login() also reads and caches config files)."""
    api = cli.api
    return api._result(api._post_json(api._url("/auth"), data=creds.request_body()), json=True) or {}


def _store(config: ConfigFile, creds: Credentials, response: dict) -> None:
    if response.get("IdentityToken"):
        creds.password, creds.identity_token = "", response["IdentityToken"]
    config.store(creds)


def _read_input(cli: Cli, prompt: str, secret: bool = False) -> str:
    """A line typed after `prompt`; `secret` is typed unseen (docker turns the terminal's echo off, the
    notebook shows its password box)."""
    cli.out.write(prompt)
    cli.flush()
    if cli.stdin is None:
        return ""
    read_password = getattr(cli.stdin, "read_password", None) if secret else None
    line = read_password() if read_password is not None else cli.stdin.readline()
    return line.strip()


def _read_all(stdin) -> str:
    if stdin is None:
        return ""
    chunks = []
    while line := stdin.readline():  # the kernel's input asks line by line; an empty answer ends it
        chunks.append(line)
    return "".join(chunks)


def _is_terminal(stdin) -> bool:
    isatty = getattr(stdin, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _hints_enabled() -> bool:
    """cli/hints: on unless DOCKER_CLI_HINTS is a false boolean (Go's strconv.ParseBool)."""
    value = os.environ.get("DOCKER_CLI_HINTS", "")
    return value not in ("0", "f", "F", "false", "FALSE", "False")


def _print_note(stream, text: str) -> None:
    """tui.Output.PrintNote on a stream that is no terminal: a blank line, the header, lines aligned under it."""
    lines = text.split("\n")
    stream.write("\n" + NOTE_HEADER + lines[0] + "\n")
    for line in lines[1:]:
        stream.write(" " * len(NOTE_HEADER) + line + "\n")


# ----------------------------------------------------------------------------------------------- logout
def logout(cli: Cli, inv) -> int:
    server = inv.args[0] if inv.args else ""
    if not server:
        servers, shown = [INDEX_SERVER], INDEX_SERVER
    else:
        # older CLIs stored the address in any of these forms
        shown = convert_to_hostname(server)
        servers = [server, shown, "http://" + shown, "https://" + shown]
    cli.print(f"Removing login credentials for {shown}")
    config = ConfigFile.of(cli, inv)
    errors = {}
    for key in servers:
        try:
            config.erase(key)
        except OSError as e:
            errors[key] = e
    if len(errors) == len(servers):
        cli.eprint("WARNING: could not erase credentials:")
        for key, error in errors.items():
            cli.eprint(f"{key}: {error}")
    return 0


# ----------------------------------------------------------------------------------------------- search
SEARCH_TABLE = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"


class SearchView(SubContext):
    """One search result as docker/cli's searchContext shows it."""

    go_type = "*registry.searchContext"
    HEADERS = {"Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS", "IsOfficial": "OFFICIAL"}

    def __init__(self, result: dict, trunc: bool):
        self._result = result
        self._trunc = trunc
        self._json = False

    def go_json(self):
        self._json = True  # `{{json .}}` shows the booleans as true/false, not [OK]
        try:
            return super().go_json()
        finally:
            self._json = False

    def Name(self) -> str:
        return self._result.get("name") or ""

    def Description(self) -> str:
        text = (self._result.get("description") or "").replace("\n", " ").replace("\r", " ")
        return ellipsis(text, 45) if self._trunc else text

    def StarCount(self) -> str:
        return str(self._result.get("star_count") or 0)

    def IsOfficial(self) -> str:
        if self._json:
            return "true" if self._result.get("is_official") else "false"
        return "[OK]" if self._result.get("is_official") else ""


def search(cli: Cli, inv) -> int:
    term = inv.args[0]
    filters = inv.opts.get("filter") or {}
    if "is-automated" in filters:
        cli.eprint('WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" '
                   "will not yield any results in future.")
    params = {"term": term}
    if (inv.opts.get("limit") or 0) > 0:
        params["limit"] = str(inv.opts["limit"])
    if filters:
        params["filters"] = json.dumps({k: {v: True for v in values} for k, values in filters.items()},
                                       separators=(",", ":"))
    header = ConfigFile.of(cli, inv).registry_auth_header(_search_index(term))
    api = cli.api
    results = api._result(api._get(api._url("/images/search"), params=params,
                                   headers={"X-Registry-Auth": header}), json=True) or []
    fmt = inv.opts.get("format") or ""
    if fmt in ("", "table"):
        fmt = SEARCH_TABLE
    print_table(cli, fmt, [SearchView(r, trunc=not inv.opts.get("no-trunc")) for r in results], SearchView.HEADERS)
    return 0


def _search_index(term: str) -> str:
    """The registry a search term names (docker's splitReposSearchTerm): Docker Hub unless the first
    part of `host/name` looks like a host."""
    first, slash, _ = term.partition("/")
    if not slash or ("." not in first and ":" not in first and first != "localhost"):
        return INDEX_NAME
    return INDEX_NAME if first == "index.docker.io" else first
