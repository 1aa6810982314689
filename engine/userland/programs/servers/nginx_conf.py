"""nginx's configuration language: directives, blocks, includes, and nginx's own error messages.

`load(fs, path)` reads /etc/nginx/nginx.conf from the container (and what it includes, globs
and all) into a tree of `Directive`s, raising `ConfigError` worded as nginx words it:
`unexpected "}" in /etc/nginx/conf.d/default.conf:12`, `unknown directive "rot" in ...:5`,
`open() "/etc/nginx/mime.types" failed (2: No such file or directory) in /etc/nginx/nginx.conf:12`.
"""
from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass, field

from ..busybox.common import strerror

PREFIX = "/etc/nginx/"
COMMAND_LINE = "command line"

# Directives of the modules the official image's nginx is built with. A name outside this set is
# nginx's `unknown directive` error, the usual result of a typo.
KNOWN = set("""
    absolute_redirect accept_mutex accept_mutex_delay access_log add_after_body add_before_body add_header
    add_trailer aio aio_write alias allow ancient_browser ancient_browser_value auth_basic auth_basic_user_file
    auth_delay auth_request auth_request_set autoindex autoindex_exact_size autoindex_format autoindex_localtime
    break charset charset_map charset_types chunked_transfer_encoding client_body_buffer_size
    client_body_in_file_only client_body_in_single_buffer client_body_temp_path client_body_timeout
    client_header_buffer_size client_header_timeout client_max_body_size connection_pool_size daemon
    dav_access dav_methods debug_connection debug_points default_type deny directio directio_alignment
    disable_symlinks empty_gif env error_log error_page etag events expires fastcgi_buffer_size
    fastcgi_buffering fastcgi_buffers fastcgi_cache fastcgi_cache_key fastcgi_cache_path fastcgi_cache_valid
    fastcgi_connect_timeout fastcgi_index fastcgi_intercept_errors fastcgi_param fastcgi_pass
    fastcgi_read_timeout fastcgi_split_path_info geo geoip_city geoip_country gunzip gzip gzip_buffers
    gzip_comp_level gzip_disable gzip_http_version gzip_min_length gzip_proxied gzip_static gzip_types
    gzip_vary hash http http2 http2_max_concurrent_streams if if_modified_since ignore_invalid_headers
    image_filter include index internal ip_hash keepalive keepalive_disable keepalive_requests
    keepalive_time keepalive_timeout large_client_header_buffers least_conn limit_conn limit_conn_log_level
    limit_conn_status limit_conn_zone limit_except limit_rate limit_rate_after limit_req limit_req_log_level
    limit_req_status limit_req_zone lingering_close lingering_time lingering_timeout listen load_module
    location lock_file log_format log_not_found log_subrequest map map_hash_bucket_size map_hash_max_size
    master_process max_ranges merge_slashes mirror mirror_request_body mp4 msie_padding msie_refresh
    multi_accept open_file_cache open_file_cache_errors open_file_cache_min_uses open_file_cache_valid
    open_log_file_cache output_buffers pcre_jit pid port_in_redirect postpone_output proxy_bind
    proxy_buffer_size proxy_buffering proxy_buffers proxy_busy_buffers_size proxy_cache proxy_cache_bypass
    proxy_cache_key proxy_cache_lock proxy_cache_methods proxy_cache_path proxy_cache_use_stale
    proxy_cache_valid proxy_connect_timeout proxy_cookie_domain proxy_cookie_path proxy_hide_header
    proxy_http_version proxy_ignore_headers proxy_intercept_errors proxy_max_temp_file_size
    proxy_next_upstream proxy_no_cache proxy_pass proxy_pass_header proxy_pass_request_body
    proxy_pass_request_headers proxy_read_timeout proxy_redirect proxy_request_buffering proxy_send_timeout
    proxy_set_body proxy_set_header proxy_ssl_server_name proxy_ssl_verify proxy_temp_path random
    random_index read_ahead real_ip_header real_ip_recursive recursive_error_pages referer_hash_bucket_size
    request_pool_size reset_timedout_connection resolver resolver_timeout return rewrite rewrite_log root
    satisfy scgi_pass secure_link send_lowat send_timeout sendfile sendfile_max_chunk server
    server_name server_name_in_redirect server_names_hash_bucket_size server_names_hash_max_size
    server_tokens set set_real_ip_from slice split_clients ssi ssl ssl_buffer_size ssl_certificate
    ssl_certificate_key ssl_ciphers ssl_client_certificate ssl_dhparam ssl_ecdh_curve ssl_prefer_server_ciphers
    ssl_protocols ssl_session_cache ssl_session_tickets ssl_session_timeout ssl_stapling ssl_stapling_verify
    ssl_trusted_certificate ssl_verify_client stream stub_status sub_filter sub_filter_once sub_filter_types
    tcp_nodelay tcp_nopush thread_pool timer_resolution try_files types types_hash_bucket_size
    types_hash_max_size underscores_in_headers uninitialized_variable_warn upstream use user userid
    uwsgi_pass valid_referers variables_hash_bucket_size variables_hash_max_size worker_aio_requests
    worker_connections worker_cpu_affinity worker_priority worker_processes worker_rlimit_core
    worker_rlimit_nofile worker_shutdown_timeout working_directory xml_entities xslt_stylesheet zone
""".split())
# Directives whose values open a block (`server { ... }`); `types` and `map` hold name-value pairs.
BLOCKS = {"events", "http", "server", "location", "upstream", "types", "map", "if", "limit_except", "geo",
          "split_clients", "stream", "mail"}
LITERAL_BLOCKS = {"types", "map", "geo", "split_clients"}  # their entries are data, not directives


class ConfigError(Exception):
    """An [emerg] error in the configuration; `str()` is nginx's message."""


@dataclass
class Directive:
    name: str
    args: list[str]
    file: str
    line: int
    block: list["Directive"] | None = None

    def find(self, name: str) -> list["Directive"]:
        return [d for d in self.block or [] if d.name == name]

    def first(self, name: str) -> "Directive | None":
        found = self.find(name)
        return found[0] if found else None


@dataclass
class _Token:
    text: str
    line: int
    quoted: bool = False


@dataclass
class _Source:
    fs: object
    seen: list[str] = field(default_factory=list)


def load(fs, path: str, globals_text: str = "") -> Directive:
    """The whole configuration as one root Directive; `globals_text` is `-g`'s directives."""
    source = _Source(fs)
    root = Directive("", [], path, 0, _parse_file(source, path, None))
    if globals_text:
        root.block += _parse_text(source, globals_text, COMMAND_LINE)
    return root


def _read(source: _Source, path: str, where: str) -> str:
    try:
        return source.fs.read_bytes(path).decode("utf-8", "replace")
    except OSError as e:
        raise ConfigError(f'open() "{path}" failed ({e.errno}: {strerror(e)}){where}') from None


def _parse_file(source: _Source, path: str, including: Directive | None) -> list[Directive]:
    where = f" in {_at(including.file, including.line)}" if including else ""
    return _parse_text(source, _read(source, path, where), path)


def _parse_text(source: _Source, text: str, path: str) -> list[Directive]:
    return _parse_block(source, _tokens(text, path), 0, path, None, text.count("\n") + 1)[1]


def _at(path: str, line: int) -> str:
    """Where an error is: `/etc/nginx/nginx.conf:12`, or `command line` for -g's directives."""
    return path if path == COMMAND_LINE else f"{path}:{line}"


def _parse_block(source: _Source, tokens: list, pos: int, path: str, parent: str | None, eof_line: int):
    """Directives up to the matching `}` (or the end of the file at top level)."""
    directives: list[Directive] = []
    words: list[_Token] = []
    while pos < len(tokens):
        tok = tokens[pos]
        pos += 1
        if tok.text == ";" and not tok.quoted:
            if not words:
                raise ConfigError(f'unexpected ";" in {_at(path, tok.line)}')
            directive = _directive(words, path, tok.line, parent)
            if directive.name in BLOCKS and parent not in LITERAL_BLOCKS:
                raise ConfigError(f'directive "{directive.name}" has no opening "{{" in {_at(path, tok.line)}')
            if directive.name == "include" and parent not in LITERAL_BLOCKS:
                directives += _include(source, directive)
            else:
                directives.append(directive)
            words = []
        elif tok.text == "{" and not tok.quoted:
            if not words:
                raise ConfigError(f'unexpected "{{" in {_at(path, tok.line)}')
            directive = _directive(words, path, tok.line, parent)
            if directive.name not in BLOCKS:
                raise ConfigError(f'directive "{directive.name}" is not terminated by ";" in {_at(path, tok.line)}')
            pos, directive.block = _parse_block(source, tokens, pos, path, directive.name, eof_line)
            directives.append(directive)
            words = []
        elif tok.text == "}" and not tok.quoted:
            if words:
                raise ConfigError(f'unexpected "}}" in {_at(path, tok.line)}')
            if parent is None:
                raise ConfigError(f'unexpected "}}" in {_at(path, tok.line)}')
            return pos, directives
        else:
            words.append(tok)
    if words:
        raise ConfigError(f'unexpected end of file, expecting ";" or "}}" in {_at(path, eof_line)}')
    if parent is not None:
        raise ConfigError(f'unexpected end of file, expecting "}}" in {_at(path, eof_line)}')
    return pos, directives


def _directive(words: list[_Token], path: str, line: int, parent: str | None) -> Directive:
    name = words[0].text
    if parent not in LITERAL_BLOCKS and name not in KNOWN:
        raise ConfigError(f'unknown directive "{name}" in {_at(path, line)}')
    return Directive(name, [w.text for w in words[1:]], path, line)


def _include(source: _Source, directive: Directive) -> list[Directive]:
    if len(directive.args) != 1:
        raise ConfigError(f'invalid number of arguments in "include" directive in '
                          f'{_at(directive.file, directive.line)}')
    pattern = posixpath.join(PREFIX, directive.args[0])
    if not any(c in pattern for c in "*?["):
        paths = [pattern]
    else:
        folder, glob = posixpath.split(pattern)
        try:
            names = source.fs.listdir(folder)
        except OSError:
            names = []
        paths = [posixpath.join(folder, n) for n in sorted(names) if fnmatch.fnmatchcase(n, glob)]
    out: list[Directive] = []
    for path in paths:
        if path in source.seen:
            continue  # nginx would recurse until it fails; one copy is what anyone meant
        source.seen.append(path)
        out += _parse_file(source, path, directive)
        source.seen.remove(path)
    return out


def _tokens(text: str, path: str) -> list[_Token]:
    """Words, quoted strings and the three punctuation marks, with their line numbers."""
    tokens: list[_Token] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in ";{}":
            tokens.append(_Token(c, line))
            i += 1
        elif c in "\"'":
            start_line, i, buf = line, i + 1, []
            while i < n and text[i] != c:
                if text[i] == "\\" and i + 1 < n and text[i + 1] in (c, "\\"):
                    i += 1
                if text[i] == "\n":
                    line += 1
                buf.append(text[i])
                i += 1
            if i >= n:
                raise ConfigError(f'unexpected end of file, expecting ";" or "}}" in {_at(path, line)}')
            tokens.append(_Token("".join(buf), start_line, quoted=True))
            i += 1
        else:
            start = i
            while i < n and text[i] not in " \t\r\n;{}\"'" and not (text[i] == "#" and i == start):
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                i += 1
            tokens.append(_Token(text[start:i], line))
    return tokens
