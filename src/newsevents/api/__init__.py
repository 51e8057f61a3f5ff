"""The REST API and web dashboard over a newsevents store (FastAPI, served by uvicorn); see docs/api.md."""

from newsevents.api.app import create_app, serve

__all__ = ["create_app", "serve"]
