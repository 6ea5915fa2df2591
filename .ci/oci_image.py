#!/usr/bin/env python3
"""Writes an OCI image layout from local files, without a container engine.

Each --layer is DEST=SRC (a directory copied to DEST in the image) or files:LISTFILE (host files, one absolute path a
line, copied to the same path with symlinks resolved). Layers are reproducible: sorted entries, fixed mtime, owner
root, so the same inputs give the same digests. The image runs as --user; a minimal /etc (passwd, group, nsswitch) and
a world-writable /tmp are added to the first layer.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile

EPOCH = 0


def add_bytes(tar, path, data, mode=0o644):
    info = tarfile.TarInfo(path.lstrip("/"))
    info.size, info.mode, info.mtime = len(data), mode, EPOCH
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar, path, mode=0o755):
    info = tarfile.TarInfo(path.lstrip("/"))
    info.type, info.mode, info.mtime = tarfile.DIRTYPE, mode, EPOCH
    tar.addfile(info)


def parents(path):
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def tree_entries(src, dest):
    for root, dirs, files in os.walk(src):
        dirs.sort()
        rel = os.path.relpath(root, src)
        target = dest if rel == "." else os.path.join(dest, rel)
        yield "dir", target, root
        for name in sorted(files):
            yield "file", os.path.join(target, name), os.path.join(root, name)


def build_layer(spec, user, first):
    raw = io.BytesIO()
    seen = set()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def ensure_dirs(path):
            for parent in parents(path):
                if parent not in seen:
                    seen.add(parent)
                    add_dir(tar, parent)

        if first:
            add_dir(tar, "/tmp", 0o1777)
            seen.add("/tmp")
            ensure_dirs("/etc/x")
            add_bytes(tar, "/etc/passwd", f"root:x:0:0:root:/root:/sbin/nologin\ngranary:x:{user}:{user}:granary:/tmp:/sbin/nologin\n".encode())
            add_bytes(tar, "/etc/group", f"root:x:0:\ngranary:x:{user}:\n".encode())
            add_bytes(tar, "/etc/nsswitch.conf", b"hosts: files dns\npasswd: files\ngroup: files\n")
        if spec.startswith("files:"):
            with open(spec[len("files:"):]) as listing:
                paths = sorted({line.strip() for line in listing if line.strip()})
            for path in paths:
                ensure_dirs(path)
                with open(path, "rb") as f:
                    mode = os.stat(path).st_mode & 0o777
                    add_bytes(tar, path, f.read(), mode)
        else:
            dest, src = spec.split("=", 1)
            ensure_dirs(dest + "/x")
            for kind, target, source in tree_entries(src, dest):
                if kind == "dir":
                    if target not in seen:
                        seen.add(target)
                        add_dir(tar, target)
                elif os.path.islink(source) and not os.path.exists(source):
                    continue
                else:
                    with open(source, "rb") as f:
                        add_bytes(tar, target, f.read(), os.stat(source).st_mode & 0o777)
    tar_bytes = raw.getvalue()
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=EPOCH, compresslevel=6) as z:
        z.write(tar_bytes)
    return gz.getvalue(), "sha256:" + hashlib.sha256(tar_bytes).hexdigest()


def write_blob(out, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(out, "blobs", "sha256", digest)
    with open(path, "wb") as f:
        f.write(data)
    return "sha256:" + digest


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="OCI layout directory to (re)create")
    parser.add_argument("--ref", required=True, help="image name:tag recorded in index.json")
    parser.add_argument("--layer", action="append", required=True)
    parser.add_argument("--entrypoint", required=True, help="JSON array")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--workdir", default="/")
    parser.add_argument("--user", default="185")
    parser.add_argument("--port", action="append", default=[])
    parser.add_argument("--label", action="append", default=[])
    args = parser.parse_args()

    os.makedirs(os.path.join(args.out, "blobs", "sha256"), exist_ok=True)
    layers, diff_ids = [], []
    for i, spec in enumerate(args.layer):
        data, diff_id = build_layer(spec, args.user, i == 0)
        layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                       "digest": write_blob(args.out, data), "size": len(data)})
        diff_ids.append(diff_id)
    config = {
        "architecture": "amd64", "os": "linux",
        "config": {"Entrypoint": json.loads(args.entrypoint), "Env": args.env, "WorkingDir": args.workdir,
                   "User": args.user, "ExposedPorts": {p + "/tcp": {} for p in args.port},
                   "Labels": dict(l.split("=", 1) for l in args.label)},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created_by": "granary .ci/oci_image.py layer " + str(i)} for i in range(len(layers))],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                           "digest": write_blob(args.out, config_bytes), "size": len(config_bytes)},
                "layers": layers}
    manifest_bytes = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    manifest_digest = write_blob(args.out, manifest_bytes)
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [{"mediaType": manifest["mediaType"], "digest": manifest_digest, "size": len(manifest_bytes),
                            "annotations": {"org.opencontainers.image.ref.name": args.ref}}]}
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(args.out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    print(manifest_digest)


if __name__ == "__main__":
    main()
