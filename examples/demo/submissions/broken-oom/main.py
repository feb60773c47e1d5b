"""Allocates memory until the kernel kills it: failed/oom."""
blocks = []
while True:
    blocks.append(bytearray(64 * 1024 * 1024))
    print(f"holding {len(blocks) * 64} MiB", flush=True)
