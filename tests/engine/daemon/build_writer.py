"""Builds images in a loop until killed: the subprocess the build crash test SIGKILLs."""
import io
import sys
import tarfile

from dockyard.engine.builder.builder import Options
from dockyard.engine.daemon import Daemon


def context(i: int) -> bytes:
    files = {"Dockerfile": f"FROM busybox\nWORKDIR /app\nCOPY . /app\nRUN echo build {i} > out.txt\n"
                           f"ENV N={i}\nCMD [\"cat\", \"/app/out.txt\"]\n",
             "data.txt": f"payload {i}\n" * 50}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, text in files.items():
            data = text.encode()
            ti = tarfile.TarInfo(name)
            ti.size, ti.mode = len(data), 0o644
            tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def main(home: str) -> None:
    daemon = Daemon(home)
    i = 0
    while True:
        for msg in daemon.build(context(i), Options(tags=[f"crash:{i % 5}"])):
            if "error" in msg:
                raise SystemExit(msg["error"])
        print(i, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1])
