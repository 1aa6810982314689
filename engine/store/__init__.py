"""The engine's persistent state: content-addressed blobs and one transactional metadata database.

Crash safety rests on three rules that every noun store follows:

1. A blob is made durable (temp file, fsync, rename, fsync of the directory) inside the metadata
   transaction that first references it, so a committed row never names a missing blob.
2. A blob is deleted only after the transaction that dropped its last reference has committed
   (`gc.release_blob`), so a rolled-back or crashed transaction never loses content.
3. Whatever a crash leaves behind — temp files, blobs nothing references — is collected by
   `gc.collect_garbage` when the store is opened, before any writer starts.
"""
