"""What Shift+Tab shows, in English: each Dockerfile instruction and docker command, briefly, with an example.

Keys: a Dockerfile instruction ("COPY") or a docker command by its canonical path ("container run",
"image build"; `docker run` and `docker ps` are shortcuts to those). A command group's entry ("service")
also stands for the commands under it that have none of their own. `docs_ko` has the same keys.
"""

INSTRUCTIONS = {
    "FROM": ("Starts a build stage from a base image; every Dockerfile begins with one. `AS name` names "
             "the stage so a later `COPY --from=name` can take files from it.",
             "FROM node:18 AS build"),
    "RUN": ("Runs a command while the image is built and keeps its changes to the files as a new layer. "
            "It runs at build time, not when a container starts (that is CMD).",
            "RUN apt-get update && apt-get install -y curl"),
    "CMD": ("The default command of a container started from the image; `docker run IMAGE COMMAND` "
            "replaces it. Prefer the JSON (exec) form. Only the last CMD counts.",
            'CMD ["node", "server.js"]'),
    "LABEL": ("Adds key=value metadata to the image (`docker image inspect` shows it).",
              'LABEL org.opencontainers.image.title="web" version="1.0"'),
    "MAINTAINER": ("Deprecated: names the image's author. Use `LABEL org.opencontainers.image.authors=...`.",
                   "MAINTAINER Jane Doe <jane@example.com>"),
    "EXPOSE": ("Documents the port the container listens on. It publishes nothing: "
               "`docker run -p 3000:80` does that.",
               "EXPOSE 80"),
    "ENV": ("Sets an environment variable for the following instructions and for every container "
            "of the image.",
            "ENV NODE_ENV=production PORT=80"),
    "ADD": ("Copies files into the image like COPY, and also unpacks a local tar archive or fetches a URL. "
            "Prefer COPY unless you need that.",
            "ADD rootfs.tar.gz /"),
    "COPY": ("Copies files from the build context (or, with --from, another stage or image) into the "
             "image. The cache key is the files' content: change a file and this step and every step "
             "after it run again.",
             "COPY package.json /app/\nCOPY --from=build /app/dist /usr/share/nginx/html"),
    "ENTRYPOINT": ("The executable a container runs; CMD (or the arguments of `docker run IMAGE ...`) "
                   "become its arguments.",
                   'ENTRYPOINT ["python", "app.py"]'),
    "VOLUME": ("Marks a directory as a mount point: each container gets an anonymous volume there, so "
               "data written there outlives the container's writable layer.",
               "VOLUME /data"),
    "USER": ("The user (and group) that the following RUN instructions and the container run as.",
             "USER node"),
    "WORKDIR": ("Sets the working directory for the following instructions and for the container, "
                "creating it if needed. Relative paths in COPY and RUN start there.",
                "WORKDIR /app"),
    "ARG": ("Declares a build argument, set with `docker build --build-arg NAME=value`. It exists only "
            "while building; an ARG before FROM can be used in FROM.",
            "ARG VERSION=18\nFROM node:${VERSION}"),
    "ONBUILD": ("An instruction stored in the image and run later, when another Dockerfile builds FROM it.",
                "ONBUILD COPY . /app"),
    "STOPSIGNAL": ("The signal `docker stop` sends to the container's main process (SIGTERM by default).",
                   "STOPSIGNAL SIGQUIT"),
    "HEALTHCHECK": ("A command Docker runs inside the container now and then to tell whether it is "
                    "healthy (shown in `docker ps`). `HEALTHCHECK NONE` turns an inherited one off.",
                    "HEALTHCHECK --interval=30s CMD wget -qO- http://localhost/ || exit 1"),
    "SHELL": ("The shell that the shell form of RUN, CMD and ENTRYPOINT uses (default [\"/bin/sh\", \"-c\"]).",
              'SHELL ["/bin/bash", "-c"]'),
}

COMMANDS = {
    # containers
    "container": ("Commands for containers: the running (or stopped) instances of images.",
                  "docker container ls -a"),
    "container run": ("Creates a container from an image and starts it: pull (if needed) + create + start. "
                      "-d runs it in the background, -it gives it your keyboard, --rm removes it when it "
                      "exits, -p publishes a port, -v mounts a volume, --name names it.",
                      "docker run --rm busybox echo hello\ndocker run -d -p 3000:80 --name web nginx"),
    "container create": ("Creates a container from an image without starting it (`docker start` does that).",
                         "docker create --name box busybox sleep 60"),
    "container start": ("Starts stopped containers. -a attaches to the output, -i to the input as well.",
                        "docker start -ai box"),
    "container stop": ("Stops running containers: SIGTERM to the main process, then SIGKILL after "
                       "10 seconds (-t changes the wait).",
                       "docker stop web"),
    "container restart": ("Stops and starts containers again.", "docker restart web"),
    "container kill": ("Kills running containers at once (SIGKILL, or the signal given with -s).",
                       "docker kill web"),
    "container pause": ("Freezes every process of containers until `docker unpause`.", "docker pause web"),
    "container unpause": ("Lets the processes of paused containers run again.", "docker unpause web"),
    "container rm": ("Removes containers. A running one needs -f; -v also removes its anonymous volumes.",
                     "docker rm web\ndocker rm -f web"),
    "container ls": ("Lists running containers; -a shows stopped ones too, -q only their IDs.",
                     "docker ps -a"),
    "container logs": ("Shows what a container wrote to its output. -f keeps following it (interrupt the "
                       "cell to stop), --tail N shows the last N lines.",
                       "docker logs -f web"),
    "container exec": ("Runs another command inside a running container; -it for an interactive shell.",
                       "docker exec -it web sh\ndocker exec web ls /usr/share/nginx/html"),
    "container attach": ("Connects your input and output to a running container's main process.",
                         "docker attach box"),
    "container inspect": ("Shows a container's full configuration and state as JSON; -f picks fields "
                          "with a Go template.",
                          "docker inspect -f '{{.State.Status}}' web"),
    "container cp": ("Copies files between a container and this machine (either direction).",
                     "docker cp web:/etc/nginx/nginx.conf .\ndocker cp index.html web:/usr/share/nginx/html/"),
    "container diff": ("Lists files a container added (A), changed (C) or deleted (D) compared with its image.",
                       "docker diff web"),
    "container commit": ("Makes a new image from a container's current files (its writable layer on top "
                         "of its image).",
                         "docker commit box my-image:1"),
    "container export": ("Writes a container's whole filesystem as a tar archive.",
                         "docker export -o box.tar box"),
    "container port": ("Shows which host ports a container's ports are published on.", "docker port web"),
    "container rename": ("Gives a container a new name.", "docker rename web web-old"),
    "container top": ("Lists the processes running in a container.", "docker top web"),
    "container stats": ("Shows CPU, memory, network and disk use of containers.", "docker stats --no-stream"),
    "container wait": ("Waits until containers stop and prints their exit codes.", "docker wait box"),
    "container prune": ("Removes every stopped container.", "docker container prune -f"),
    "container update": ("Changes resource limits or the restart policy of containers.",
                         "docker update --restart=always web"),
    # images
    "image": ("Commands for images: the read-only templates, made of layers, that containers start from.",
              "docker image ls"),
    "image build": ("Builds an image from a Dockerfile and a context folder. Each instruction makes a "
                    "layer; unchanged steps come from the cache (` ---> Using cache`). -t names the "
                    "image, -f picks another Dockerfile.",
                    "docker build -t web:1 .\ndocker build -t web:dev -f Dockerfile.dev app"),
    "image ls": ("Lists images: repository, tag, ID, age and size.", "docker images"),
    "image history": ("Shows the layers of an image: the instruction that made each one and its size.",
                      "docker history web:1"),
    "image inspect": ("Shows an image's configuration (Cmd, Env, WorkingDir, layers) as JSON.",
                      "docker image inspect -f '{{.Config.Cmd}}' web:1"),
    "image tag": ("Gives an image another name[:tag]; both names point at the same image ID.",
                  "docker tag web:1 myname/web:1"),
    "image rm": ("Removes image names, and the image once no name and no container uses it.",
                 "docker rmi web:1"),
    "image prune": ("Removes dangling images (no name); -a removes every image no container uses.",
                    "docker image prune -f"),
    "image pull": ("Downloads an image from a registry (Docker Hub unless the name says otherwise).",
                   "docker pull node:18"),
    "image push": ("Uploads an image to a registry; its name must start with your account or the registry.",
                   "docker push myname/web:1"),
    "image save": ("Writes images, with all their layers, to a tar archive.", "docker save -o web.tar web:1"),
    "image load": ("Loads images from a tar archive made by `docker save`.", "docker load -i web.tar"),
    "image import": ("Creates an image from a tar archive of a filesystem (as `docker export` writes).",
                     "docker import box.tar box-image"),
    "builder": ("Commands for the builder: builds and the build cache.", "docker builder prune"),
    # volumes and networks
    "volume": ("Commands for volumes: storage that lives outside any container, so data outlives them.",
               "docker volume ls"),
    "volume create": ("Creates a named volume (`docker run -v NAME:/path` also creates it on first use).",
                      "docker volume create data"),
    "volume ls": ("Lists volumes.", "docker volume ls"),
    "volume inspect": ("Shows a volume's details: driver, mount point, labels.", "docker volume inspect data"),
    "volume rm": ("Removes volumes that no container uses.", "docker volume rm data"),
    "volume prune": ("Removes volumes that no container uses (anonymous ones unless -a).",
                     "docker volume prune -f"),
    "network": ("Commands for networks: containers on the same user-defined network reach each other by name.",
                "docker network ls"),
    "network create": ("Creates a network (a bridge by default).", "docker network create app-net"),
    "network ls": ("Lists networks: bridge, host and none always exist.", "docker network ls"),
    "network inspect": ("Shows a network's subnet and the containers on it.", "docker network inspect bridge"),
    "network connect": ("Connects a running container to a network.", "docker network connect app-net web"),
    "network disconnect": ("Disconnects a container from a network.", "docker network disconnect app-net web"),
    "network rm": ("Removes networks.", "docker network rm app-net"),
    "network prune": ("Removes every network no container uses.", "docker network prune -f"),
    # system and registries
    "system": ("Commands about the engine itself: disk use, events, information, cleaning up.",
               "docker system df"),
    "system df": ("Shows how much disk images, containers, volumes and the build cache use.", "docker system df"),
    "system events": ("Streams what happens in the engine (containers created, started, died...).",
                      "docker events --since 10m"),
    "system info": ("Shows the engine's configuration and how many containers and images it holds.",
                    "docker info"),
    "system prune": ("Removes stopped containers, unused networks, dangling images and the build cache.",
                     "docker system prune -f"),
    "inspect": ("Shows any Docker object (container, image, volume, network) as JSON.",
                "docker inspect web"),
    "version": ("Shows the versions of the docker client and of the engine it talks to.", "docker version"),
    "login": ("Logs in to a registry (Docker Hub by default) so you can push.", "docker login"),
    "logout": ("Logs out from a registry.", "docker logout"),
    "search": ("Searches Docker Hub for images.", "docker search nginx"),
    "context": ("Commands for contexts: named connections to Docker engines.", "docker context ls"),
    "manifest": ("Commands for image manifests and multi-platform manifest lists.",
                 "docker manifest inspect busybox"),
    "plugin": ("Commands for engine plugins (volume, network and log drivers).", "docker plugin ls"),
    "trust": ("Commands for signing images and checking their signatures (Docker Content Trust).",
              "docker trust inspect busybox"),
    "checkpoint": ("Commands for checkpoints: saved states of running containers (experimental).",
                   "docker checkpoint ls web"),
    "swarm": ("Commands for Swarm mode: many Docker engines run services together as one cluster.",
              "docker swarm init"),
    "node": ("Commands for the machines (nodes) of a swarm.", "docker node ls"),
    "service": ("Commands for swarm services: containers the swarm keeps running, in as many replicas "
                "as asked.",
                "docker service create --name web --replicas 2 -p 80:80 nginx"),
    "stack": ("Commands for stacks: groups of swarm services described in a compose file.",
              "docker stack deploy -c compose.yaml app"),
    "secret": ("Commands for swarm secrets: sensitive data given to services as files.",
               "docker secret ls"),
    "config": ("Commands for swarm configs: files given to services.", "docker config ls"),
}

EXAMPLE_HEADING = "Example"
