"""Image references as distribution/reference v0.6.0 (docker CLI 28) parses and shows them."""
import pytest

from dockyard.engine.errors import InvalidParameter
from dockyard.engine.image.reference import InvalidReference, Reference, parse, parse_any, parse_normalized

HEX = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
DIGEST = f"sha256:{HEX}"

# text -> (domain, path, tag, digest, familiar form)
VALID = [
    ("nginx", "docker.io", "library/nginx", "", "", "nginx"),
    ("nginx:1.25", "docker.io", "library/nginx", "1.25", "", "nginx:1.25"),
    ("library/nginx", "docker.io", "library/nginx", "", "", "nginx"),
    ("docker.io/nginx", "docker.io", "library/nginx", "", "", "nginx"),
    ("docker.io/library/nginx:alpine", "docker.io", "library/nginx", "alpine", "", "nginx:alpine"),
    ("index.docker.io/nginx", "docker.io", "library/nginx", "", "", "nginx"),
    ("dyonyon/trade:v1", "docker.io", "dyonyon/trade", "v1", "", "dyonyon/trade:v1"),
    ("trade:v1.1.0", "docker.io", "library/trade", "v1.1.0", "", "trade:v1.1.0"),
    ("localhost:5000/a/b:tag", "localhost:5000", "a/b", "tag", "", "localhost:5000/a/b:tag"),
    ("localhost/foo", "localhost", "foo", "", "", "localhost/foo"),
    ("example.com/team/app", "example.com", "team/app", "", "", "example.com/team/app"),
    ("127.0.0.1:5000/x", "127.0.0.1:5000", "x", "", "", "127.0.0.1:5000/x"),
    ("[::1]:5000/x:y", "[::1]:5000", "x", "y", "", "[::1]:5000/x:y"),
    # an uppercase first component can only be a registry host
    ("Foo/bar", "Foo", "bar", "", "", "Foo/bar"),
    # a name with no slash is never a host, so this is the repository "localhost", tag 5000
    ("localhost:5000", "docker.io", "library/localhost", "5000", "", "localhost:5000"),
    # library/ is dropped only for a single-component name
    ("library/a/b", "docker.io", "library/a/b", "", "", "library/a/b"),
    ("a__b/c.d-e---f", "docker.io", "a__b/c.d-e---f", "", "", "a__b/c.d-e---f"),
    ("a.b", "docker.io", "library/a.b", "", "", "a.b"),
    ("busybox:Latest_1.0-rc", "docker.io", "library/busybox", "Latest_1.0-rc", "", "busybox:Latest_1.0-rc"),
    ("busybox:" + "t" * 128, "docker.io", "library/busybox", "t" * 128, "", "busybox:" + "t" * 128),
    (f"busybox@{DIGEST}", "docker.io", "library/busybox", "", DIGEST, f"busybox@{DIGEST}"),
    (f"busybox:1.36@{DIGEST}", "docker.io", "library/busybox", "1.36", DIGEST, f"busybox:1.36@{DIGEST}"),
    # a short "digest" is a name and a tag
    ("sha256:abc", "docker.io", "library/sha256", "abc", "", "sha256:abc"),
    ("a" * 247, "docker.io", "library/" + "a" * 247, "", "", "a" * 247),
]


@pytest.mark.parametrize("text,domain,path,tag,digest,familiar", VALID)
def test_parse_normalized(text, domain, path, tag, digest, familiar):
    ref = parse_normalized(text)
    assert (ref.domain, ref.path, ref.tag, ref.digest) == (domain, path, tag, digest)
    assert ref.familiar() == familiar
    assert str(ref) == ref.name() + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")


LOWERCASE = "invalid reference format: repository name ({}) must be lowercase"

INVALID = [
    ("UPPERCASE", LOWERCASE.format("library/UPPERCASE")),
    ("foo/Bar", LOWERCASE.format("foo/Bar")),
    ("Foo/Bar", LOWERCASE.format("Bar")),
    ("localhost:5000/Foo", LOWERCASE.format("Foo")),
    ("docker.io/library/Nginx:latest", LOWERCASE.format("library/Nginx")),
    # the lowercase check looks at everything before the first ':', digest algorithm included
    (f"busybox@SHA256:{HEX}", LOWERCASE.format("library/busybox@SHA256")),
    ("", "invalid reference format"),
    ("a//b", "invalid reference format"),
    ("a:b:c", "invalid reference format"),
    (":tag", "invalid reference format"),
    ("nginx:", "invalid reference format"),
    ("-nginx", "invalid reference format"),
    ("nginx-", "invalid reference format"),
    ("nginx/", "invalid reference format"),
    ("ng inx", "invalid reference format"),
    ("nginx:bad tag", "invalid reference format"),
    ("nginx:-tag", "invalid reference format"),
    ("nginx:" + "t" * 129, "invalid reference format"),
    ("busybox@sha256:abc", "invalid reference format"),
    ("a" * 248, "repository name must not be more than 255 characters"),
    (HEX, f"invalid repository name ({HEX}), cannot specify 64-byte hexadecimal strings"),
    ("busybox@sha256:" + "a" * 32, "invalid checksum digest length"),
    ("busybox@sha256:" + "A" * 64, "invalid checksum digest format"),
    ("busybox@md5:" + "a" * 32, "unsupported digest algorithm"),
]


@pytest.mark.parametrize("text,message", INVALID)
def test_parse_normalized_errors(text, message):
    with pytest.raises(InvalidReference) as caught:
        parse_normalized(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, InvalidParameter)  # a 400 from the API


@pytest.mark.parametrize("text,message", [
    ("", "repository name must have at least one component"),
    ("Foo", "repository name must be lowercase"),
    ("foo bar", "invalid reference format"),
])
def test_parse_without_normalising_errors(text, message):
    with pytest.raises(InvalidReference, match=f"^{message}$"):
        parse(text)


def test_parse_without_normalising_keeps_the_name_as_written():
    assert parse("nginx") == Reference("", "nginx")
    assert parse("foo/bar:1") == Reference("foo", "bar", "1")  # a bare Parse takes "foo" as a host
    assert parse("docker.io/library/nginx:latest") == parse_normalized("nginx:latest")


@pytest.mark.parametrize("text,familiar,is_digest", [
    (HEX, DIGEST, True),
    (DIGEST, DIGEST, True),
    ("sha512:" + "b" * 128, "sha512:" + "b" * 128, True),
    ("sha256:5f70", "sha256:5f70", False),  # too short for a digest: the repository "sha256", tag "5f70"
    ("5f70bf18", "5f70bf18", False),
    ("busybox", "busybox", False),
])
def test_parse_any_takes_ids_and_digests(text, familiar, is_digest):
    ref = parse_any(text)
    assert ref.familiar() == familiar
    assert (not ref.path) == is_digest


@pytest.mark.parametrize("text,with_default", [
    ("nginx", "nginx:latest"),
    ("nginx:1", "nginx:1"),
    (f"nginx@{DIGEST}", f"nginx@{DIGEST}"),
    (DIGEST, DIGEST),
    ("localhost:5000/a", "localhost:5000/a:latest"),
])
def test_default_tag(text, with_default):
    assert parse_any(text).with_default_tag().familiar() == with_default


def test_names():
    ref = parse_normalized("dyonyon/trade:v1")
    assert ref.name() == "docker.io/dyonyon/trade"
    assert ref.familiar_name() == "dyonyon/trade"
    assert parse_normalized("busybox").name() == "docker.io/library/busybox"
    assert str(parse_normalized("busybox").with_default_tag()) == "docker.io/library/busybox:latest"


def test_with_tag_validates_the_tag():
    assert parse_normalized("app").with_tag("v2").familiar() == "app:v2"
    with pytest.raises(InvalidReference, match="^invalid tag format$"):
        parse_normalized("app").with_tag("no/slashes")
