"""Edits the metadata of a dlc artifact and recomputes its trailer's hash, as
someone patching a model file would (docs/artifact.md):

  edit_artifact.py IN OUT --replace REGEX TEXT   first match of REGEX becomes TEXT
  edit_artifact.py IN OUT --metadata-of OTHER    OTHER's metadata with IN's code
"""
import re
import struct
import sys

TRAILER = struct.Struct("<QQQII8s")
FNV_OFFSET, FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3


def fnv1a64(data, value=FNV_OFFSET):
    for byte in data:
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return value


def split(path):
    with open(path, "rb") as f:
        data = f.read()
    library_size, metadata_size, _, abi, flags, magic = TRAILER.unpack(data[-TRAILER.size:])
    metadata = data[library_size:library_size + metadata_size]
    return data[:library_size], metadata, (abi, flags, magic)


def main(argv):
    source, out, mode = argv[1], argv[2], argv[3]
    library, metadata, (abi, flags, magic) = split(source)
    if mode == "--replace":
        edited = re.sub(argv[4].encode(), argv[5].encode(), metadata, count=1, flags=re.M)
    elif mode == "--metadata-of":
        edited = split(argv[4])[1]
    else:
        sys.exit(f"unknown mode {mode}")
    if edited == metadata:
        sys.exit("the edit changed nothing")
    trailer = TRAILER.pack(len(library), len(edited), fnv1a64(edited, fnv1a64(library)), abi,
                           flags, magic)
    with open(out, "wb") as f:
        f.write(library + edited + trailer)


if __name__ == "__main__":
    main(sys.argv)
