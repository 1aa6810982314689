"""How Docker Hub lists the bundled repositories in `docker search`: description, stars, official.

Descriptions are the repositories' short descriptions on Docker Hub; star counts are Docker Hub's,
rounded, as they stood when the catalog was made (they only order and filter search results).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import CATALOG


@dataclass(frozen=True)
class Listing:
    description: str
    stars: int
    official: bool = True


HUB_LISTINGS: dict[str, Listing] = {
    "busybox": Listing("Busybox base image.", 3300),
    "alpine": Listing("A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB "
                      "in size!", 11000),
    "debian": Listing("Debian is a Linux distribution that's composed entirely of free and open-source software.",
                      5000),
    "ubuntu": Listing("Ubuntu is a Debian-based Linux operating system based on free software.", 17000),
    "node": Listing("Node.js is a JavaScript-based platform for server-side and networking applications.", 13000),
    "python": Listing("Python is an interpreted, interactive, object-oriented, open-source programming language.",
                      10000),
    "nginx": Listing("Official build of Nginx.", 20000),
    "httpd": Listing("The Apache HTTP Server Project", 4800),
    "hello-world": Listing("Hello World! (an example of minimal Dockerization)", 2300),
    "registry": Listing("Distribution implementation for storing and distributing of container images and "
                        "artifacts", 4000),
}


def listing(repository: str) -> Listing:
    """A repository's listing; the course's own (`diamol/...`) are user repositories without a description."""
    return HUB_LISTINGS.get(repository) or Listing("", 0, official=False)


def search_entries(term: str, user_repositories: list[str]) -> list[dict]:
    """Docker Hub's search results for `term`: bundled and pushed repositories whose name contains it.

    Ordered as Docker Hub roughly orders them: the exact name first, then by stars, then by name.
    `user_repositories` are the hub registry's paths (`alice/app`); their listing is empty.
    """
    wanted = term.lower()
    found: dict[str, Listing] = {repo: listing(repo) for repo in CATALOG if wanted in repo}
    for path in user_repositories:
        name = path.removeprefix("library/")
        if wanted in name and name not in found:
            found[name] = Listing("", 0, official=False)
    ordered = sorted(found.items(), key=lambda item: (item[0] != wanted, -item[1].stars, item[0]))
    return [{"star_count": entry.stars, "is_official": entry.official, "name": name, "is_automated": False,
             "description": entry.description} for name, entry in ordered]
