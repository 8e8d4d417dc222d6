"""Serving the API from one process or from several (uvicorn workers) on one port.

With one worker the app is built here, on the Neo4j already chosen. With more, uvicorn's
parent process (this one) holds the socket and starts the workers, each a fresh Python
process that builds its app from the environment (`create_app_from_env`): it finds the same
Neo4j through NEO4J_URI or, for the managed Neo4j this process started once, through its
`server.json`. The workers share nothing but Neo4j and the file store; bookmarks make a read
on one see a write made on another.
"""

from __future__ import annotations

import uvicorn

from lineage.app import create_app
from lineage.config import Settings
from lineage.neo4j_target import Neo4jTarget

APP_FACTORY = "lineage.app:create_app_from_env"
# uvicorn kills a worker that does not answer its ping within this (5 s by default): a
# worker importing the app on a busy machine can take longer, and would be killed in a loop.
WORKER_HEALTHCHECK_S = 60


def serve(settings: Settings, target: Neo4jTarget, workers: int = 1) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM); with workers > 1, stop them all."""
    # log_config=None: uvicorn logs through the handler `lineage run` set up (a worker sets
    # up its own in create_app_from_env); the access line is the service's own.
    host, port = settings.host, settings.port
    if workers <= 1:
        app = create_app(settings, target)
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
        return
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
