"""Write a zip exactly as described, including entries no well-behaved tool would
write (absolute names, "..", symlink or device modes, duplicates, lying sizes).

usage: python3 make-zip.py OUT.zip < spec.json
spec: [{"name": str, "data": str?, "zeros": int?, "mode": int?, "dos_dir": bool?,
        "flag_bits": int?, "store": bool?, "declare_size": int?}]
  zeros: content is that many zero bytes, written in 1 MiB chunks (zip bombs)
  mode: unix mode (type and permissions) put in the external attributes
        (default 0o100644, or 0o40755 for names ending in "/"; 0 = none recorded)
  declare_size: after writing, patch the uncompressed size in both headers (a lie)
"""
import json
import struct
import sys
import warnings
import zipfile

warnings.simplefilter("ignore")  # zipfile warns on duplicate names; that is the point

out = sys.argv[1]
spec = json.load(sys.stdin)
lies = []
with zipfile.ZipFile(out, "w") as zf:
    for e in spec:
        info = zipfile.ZipInfo(e["name"], date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED if e.get("store") else zipfile.ZIP_DEFLATED
        info.create_system = 3  # unix
        default_mode = 0o40755 if e["name"].endswith("/") else 0o100644
        info.external_attr = (e.get("mode", default_mode) & 0xFFFF) << 16
        if e.get("dos_dir"):
            info.external_attr |= 0x10
        if "zeros" in e:
            chunk = b"\0" * (1 << 20)
            left = e["zeros"]
            with zf.open(info, "w", force_zip64=left > 0xFFFFFFF0) as f:
                while left > 0:
                    n = min(left, len(chunk))
                    f.write(chunk[:n])
                    left -= n
        else:
            zf.writestr(info, e.get("data", ""))
        if "flag_bits" in e:
            lies.append(("flag", info, e["flag_bits"]))
        if "declare_size" in e:
            lies.append(("size", info, e["declare_size"]))

if lies:
    with open(out, "r+b") as f:
        blob = bytearray(f.read())
        for kind, info, value in lies:
            local = info.header_offset
            # find this entry's central record by its local header offset
            pos = 0
            while True:
                pos = blob.find(b"PK\x01\x02", pos)
                if pos < 0:
                    raise SystemExit("central record not found")
                if struct.unpack_from("<I", blob, pos + 42)[0] == local:
                    central = pos
                    break
                pos += 4
            if kind == "flag":
                struct.pack_into("<H", blob, local + 6, struct.unpack_from("<H", blob, local + 6)[0] | value)
                struct.pack_into("<H", blob, central + 8, struct.unpack_from("<H", blob, central + 8)[0] | value)
            else:
                struct.pack_into("<I", blob, local + 22, value)
                struct.pack_into("<I", blob, central + 24, value)
        f.seek(0)
        f.write(blob)
