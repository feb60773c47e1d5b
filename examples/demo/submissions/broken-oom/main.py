"""Fills memory until the kernel kills it at the memory limit: failed/oom."""
blocks = []
while True:
    blocks.append(b"x" * (64 * 1024 * 1024))  # bytes are written, so the memory is really used
    print(f"holding {len(blocks) * 64} MiB", flush=True)
