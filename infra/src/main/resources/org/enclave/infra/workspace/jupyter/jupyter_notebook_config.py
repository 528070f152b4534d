# The Jupyter Notebook server of an Enclave workspace: its main process, listening on a Unix socket
# that only the control plane's session proxy reaches. Shown read-only inside the workspace.
import os
import sys

c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)

# The proxy authenticates every request with this token and derives it again after a restart; it
# is never shown to the browser. Kernels and terminals started by the server do not inherit it.
token = os.environ.pop("JUPYTER_TOKEN", "")
if len(token) < 32:
    sys.exit("enclave: JUPYTER_TOKEN is missing or too short; refusing to start without it")
c.NotebookApp.token = token
c.NotebookApp.password = ""
c.NotebookApp.allow_password_change = False

c.NotebookApp.open_browser = False
c.NotebookApp.allow_root = False
c.NotebookApp.allow_remote_access = False
c.NotebookApp.trust_xheaders = False
c.NotebookApp.terminals_enabled = False
c.NotebookApp.quit_button = False
c.NotebookApp.nbserver_extensions = {}
c.NotebookApp.notebook_dir = os.path.expanduser("~")

# Handlers registered before Jupyter's own, so they win: files leave a workspace only through a
# reviewed export, never as a download (raw files, "download as", bundles).
sys.path.insert(0, "/etc/enclave/jupyter")
c.NotebookApp.extra_services = ["enclave_refusals"]
