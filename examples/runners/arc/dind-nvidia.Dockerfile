# docker:dind with the NVIDIA container toolkit, so that the Docker engine in a runner pod
# can start the sandbox with `--gpus` (examples/runners/arc/gpu-scale-set.values.yaml).
# Build and push it to your registry; pin the tag you tested.
FROM docker:27-dind
# Alpine has no nvidia-container-toolkit package: take the static binaries of the release you
# trust (https://github.com/NVIDIA/nvidia-container-toolkit/releases) and check their digest.
ARG NVIDIA_CTK_VERSION=1.17.8
ARG NVIDIA_CTK_SHA256
ADD https://github.com/NVIDIA/nvidia-container-toolkit/releases/download/v${NVIDIA_CTK_VERSION}/nvidia-container-toolkit_${NVIDIA_CTK_VERSION}_linux_amd64.tar.gz /tmp/nvidia-ctk.tar.gz
RUN test -n "$NVIDIA_CTK_SHA256" \
 && echo "$NVIDIA_CTK_SHA256  /tmp/nvidia-ctk.tar.gz" | sha256sum -c - \
 && tar -xzf /tmp/nvidia-ctk.tar.gz -C /usr/local/bin --strip-components=1 \
 && rm /tmp/nvidia-ctk.tar.gz \
 && nvidia-ctk runtime configure --runtime=docker --config=/etc/docker/daemon.json
