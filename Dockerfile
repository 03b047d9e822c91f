# The gateway on Node.js 22 (24 works too: change the tag). Build: docker build -t bedrock-flows-gateway .
FROM node:22-slim

ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src

# Listening beyond loopback: the gateway refuses to start unless AUTH_* is configured (or
# AUTH_DISABLED=true is set on purpose, which it logs).
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
USER node
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM stops accepting, lets in-flight requests finish (10 s at most), then exits.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
