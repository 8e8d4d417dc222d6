# The service image used by docker-compose.yml (Neo4j runs in its own container there).
FROM python:3.11-slim
WORKDIR /srv/lineage
COPY pyproject.toml README.md ./
COPY src ./src
COPY cypher ./cypher
RUN pip install --no-cache-dir . && useradd --system lineage
ENV LINEAGE_CYPHER_DIR=/srv/lineage/cypher
USER lineage
EXPOSE 8000
CMD ["sh", "-c", "lineage migrate && uvicorn --factory lineage.app:create_app_from_env --host ${LINEAGE_HOST:-0.0.0.0} --port ${LINEAGE_PORT:-8000}"]
