# route53-gslb controller image. Build: docker build -t route53-gslb .
# Node 24 LTS in both stages (package.json engines; the suite runs on it too): the build on Debian 12
# (bookworm) and the runtime on distroless's Debian 12 Node 24 image (amd64 and arm64, as release.yml
# builds), so the node_modules built here meet the same libc there.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
COPY scripts/tools/bundle.mjs ./scripts/tools/
RUN npx tsc -p tsconfig.build.json && node scripts/tools/bundle.mjs && npm prune --omit=dev

FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER 65532
# Three V8 settings for memory (docs/benchmarks.md, "Memory"), none a hard limit:
# - a 4 MiB young generation: Node 24's default lets it grow to tens of MiB, which showed as a peak RSS
#   of 294 MiB instead of 174 MiB for 3,000 watched Services, at no measurable CPU cost;
# - old space grows by half of what survived the last full collection before the next one, not by
#   V8's adaptive factor (up to 4x): a stream of event runs at 20,000 Services peaked at 318 MiB
#   instead of 377 offline, for about a tenth more CPU;
# - optimizing compilation on the main thread, not on V8's worker threads: each worker's compile
#   zones come from its own malloc arena, which glibc keeps resident after the job, about 10-20 MiB
#   of RSS that no heap figure shows (3,000 Services: 131-135 instead of 139-159 MiB); the controller's
#   main thread is idle between runs, so the compiles cost it no measurable latency.
# Outside this image: node --max-semi-space-size=4 --heap-growing-percent=50
# --no-concurrent-recompilation bin/route53-gslb.js ... (NODE_OPTIONS accepts only the first).
# The program is the esbuild bundle of bin/route53-gslb.js (scripts/tools/bundle.mjs): the Kubernetes
# client's generated API, which it would otherwise load whole, costs about 40 MiB less RSS bundled.
ENTRYPOINT ["/nodejs/bin/node", "--max-semi-space-size=4", "--heap-growing-percent=50", "--no-concurrent-recompilation", "/app/dist/bundle/route53-gslb.mjs"]
CMD ["controller"]
