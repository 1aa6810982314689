"""What the image store reports, in moby's words (daemon/images, image/store.go, reference/store.go)."""
from __future__ import annotations

from ..errors import Conflict, InvalidParameter, NotFound


class ImageNotFound(NotFound):
    """`No such image: nosuch:1` — a name gets `:latest`, an ID or digest is shown as it was resolved."""

    def __init__(self, name: str):
        super().__init__(f"No such image: {name}")


class ReferenceNotFound(NotFound):
    def __init__(self):
        super().__init__("reference does not exist")


class InvalidTag(InvalidParameter):
    """A reference that may not be used as a tag."""


class DigestConflict(Conflict):
    def __init__(self, digest: str):
        super().__init__(f"Cannot overwrite digest {digest}")


class ImageHasChildren(Conflict):
    def __init__(self, image_id: str):
        short = image_id.removeprefix("sha256:")[:12]
        super().__init__(f"conflict: unable to delete {short} (cannot be forced) - image has dependent child images")
