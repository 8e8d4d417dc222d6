# The service image used by docker-compose.yml (Neo4j and MinIO run in their own containers).
# Stage 1 builds the explorer (web/); stage 2 installs the service from the lock files and
# serves the API and the built explorer in production mode.

FROM node:20.19.5-bookworm-slim AS explorer
WORKDIR /build/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
# The build types the explorer's GraphQL documents from the schema (npm run codegen).
COPY schema.graphql /build/schema.graphql
RUN npm run build

FROM python:3.11.13-slim-bookworm
WORKDIR /srv/lineage
COPY requirements/build.txt requirements/run.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/build.txt \
    && pip install --no-cache-dir --require-hashes -r requirements/run.txt
COPY pyproject.toml README.md ./
COPY src ./src
COPY cypher ./cypher
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && useradd --system --uid 10001 --create-home lineage
COPY --from=explorer /build/web/dist ./explorer
ENV LINEAGE_CYPHER_DIR=/srv/lineage/cypher \
    LINEAGE_EXPLORER_DIR=/srv/lineage/explorer \
    LINEAGE_ENV=production \
    LINEAGE_HOST=0.0.0.0 \
    LINEAGE_PORT=8000 \
    LINEAGE_DATA_DIR=/home/lineage/data
USER 10001
EXPOSE 8000
# Migrations are applied at start-up (once, under a lock); NEO4J_URI must be set.
CMD ["lineage", "run"]
