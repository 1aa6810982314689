"""Images: references (names, tags, digests), config documents and the image store."""
