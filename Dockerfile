# essay-bot: multi-stage build on the current Node LTS slim image.
# Stage 1 compiles TypeScript with the full dependency tree; stage 2 carries only the compiled
# code and production dependencies, and runs as the unprivileged `node` user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Lockfile first so the dependency layer is cached until package*.json change.
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are copied in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build also compiles WordNet (a dev dependency) into dist/related-words.json.
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY manifest.yml ./manifest.yml
# The archive and announce state live here: mount a volume so restarts keep them.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Slim images have no curl: ask Node itself (global fetch) whether /healthz answers 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form (no shell in between): node is PID 1 and gets SIGTERM itself; main.ts handles it.
CMD ["node", "dist/main.js"]
