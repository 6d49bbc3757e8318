"""`uvicorn zustand_realtime_server.demo.asgi:app`: the demo under plain uvicorn (no graceful 1012: see serve.py)."""
from . import create_demo_app

app, router = create_demo_app()
