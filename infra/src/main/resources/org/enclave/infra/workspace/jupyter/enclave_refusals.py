"""Jupyter handlers that refuse what must not leave an Enclave workspace, or end it."""
from tornado import web

from notebook.base.handlers import IPythonHandler


class Refused(IPythonHandler):
    """Answers 403 to every method: downloads go through the reviewed export flow."""

    def prepare(self):
        raise web.HTTPError(403, "not available in an Enclave workspace")


default_handlers = [
    (r"/files/(.*)", Refused),
    (r"/nbconvert/(.*)", Refused),
    (r"/bundle/(.*)", Refused),
    (r"/api/shutdown", Refused),
    (r"/terminals/(.*)", Refused),
    (r"/api/terminals(.*)", Refused),
]
