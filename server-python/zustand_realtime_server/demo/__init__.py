"""The 8 dashboard feeds with live generated data, for `npm run server:python` and the tests."""
from .app import create_demo_app

__all__ = ["create_demo_app"]
