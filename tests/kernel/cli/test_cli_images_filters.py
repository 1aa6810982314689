"""`docker images --filter before=/since=` order images by their creation time to the nanosecond:
images built within one second are still before and after each other."""
from cli_driver import docker


def test_images_built_in_the_same_second_are_ordered(engine):
    for name, base in (("first", "busybox"), ("second", "first")):
        (engine / name).mkdir()
        (engine / name / "Dockerfile").write_text(f"FROM {base}\nRUN echo {name} > /{name}\n")
        assert docker("build", "-q", "-t", name, name)[0] == 0
    listing = ("--format", "{{.Repository}}")
    assert docker("images", "--filter", "before=second", *listing) == (0, "first\nbusybox\n", "")
    assert docker("images", "--filter", "since=first", *listing) == (0, "second\n", "")
    assert docker("images", "--filter", "since=nosuch", *listing) == (
        1, "", "Error response from daemon: No such image: nosuch:latest\n")
