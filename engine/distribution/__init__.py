"""Docker's distribution: registries, the manifests they hold, and how images are pushed and pulled.

The server side lives here as the Distribution project (registry 2.8) has it: `storage` keeps
blobs, repositories, manifests, tags and uploads in Distribution's own on-disk layout, and `server`
answers the registry HTTP API v2 over that storage — for the `registry` program in a container and
for the engine's simulated Docker Hub alike. The client side (what `docker push` and `docker pull`
speak to a registry) sits beside it.
"""
