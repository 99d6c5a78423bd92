# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=20.11.0
ARG BASE_REGISTRY=registry.example.com:5000
ARG RUNTIME=${BASE_REGISTRY}/team/runtime
ARG UNSET

FROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-alpine AS deps
WORKDIR /app
RUN <<EOF
FROM this-is-heredoc-content:1
npm ci
EOF

FROM golang:1.22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS tools
RUN go install example.com/tool@latest

FROM deps AS build
COPY --from=tools /go/bin/tool /usr/local/bin/tool
RUN npm run build \
    # a comment inside a continuation
    && npm prune --production

FROM ${UNSET}:1 AS unknown

FROM scratch AS empty

FROM \
  ${RUNTIME}:2.3 AS runtime
COPY --from=build /app/dist /srv
COPY --from=ghcr.io/example/assets:1.0@sha256:abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd /assets /srv/assets

FROM runtime
COPY --from=0 /app/package.json /srv/
USER 1000
