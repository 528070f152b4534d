"""Points the AWS SDK for Python and the AWS CLI inside an Enclave workspace at the data broker.

botocore reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> from version 1.31 on; the versions
that Debian 12 ships (botocore 1.29, AWS CLI 2.9 with its own copy of botocore) do not. This hook,
imported by Python at start-up because PYTHONPATH names its directory, gives them the newer
behaviour: a client created without an explicit endpoint_url gets the one from the environment.
It changes nothing else, and a failure here never stops Python from starting.
"""

import functools
import importlib.abc
import inspect
import os
import sys

_SESSION_MODULES = ("botocore.session", "awscli.botocore.session", "aiobotocore.session")


def _configured_endpoint(service_name):
    service = str(service_name or "").upper().replace("-", "_").replace(" ", "_")
    return os.environ.get("AWS_ENDPOINT_URL_" + service) or os.environ.get("AWS_ENDPOINT_URL")


def _patch(module):
    for class_name in ("Session", "AioSession"):
        cls = getattr(module, class_name, None)
        original = vars(cls).get("create_client") if cls is not None else None
        if original is None or getattr(original, "_enclave_endpoint", False):
            continue
        signature = inspect.signature(original)

        def create_client(*args, _original=original, _signature=signature, **kwargs):
            bound = _signature.bind_partial(*args, **kwargs)
            if bound.arguments.get("endpoint_url") is None:
                endpoint = _configured_endpoint(bound.arguments.get("service_name"))
                if endpoint:
                    bound.arguments["endpoint_url"] = endpoint
            return _original(*bound.args, **bound.kwargs)

        functools.update_wrapper(create_client, original)
        create_client._enclave_endpoint = True
        cls.create_client = create_client


class _PatchOnImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in _SESSION_MODULES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        exec_module = spec.loader.exec_module

        def exec_and_patch(module, _exec_module=exec_module):
            _exec_module(module)
            try:
                _patch(module)
            except Exception:  # never break the SDK because of this hook
                pass

        spec.loader.exec_module = exec_and_patch
        return spec


try:
    for _name in _SESSION_MODULES:
        if _name in sys.modules:
            _patch(sys.modules[_name])
    sys.meta_path.insert(0, _PatchOnImport())
except Exception:
    pass
