#!/usr/bin/env python3
"""Drives the Enclave Groovy kernel through jupyter_client, the way Jupyter itself does, and
checks its answers to the messaging protocol: kernel_info, execute (streams, results, rich
display, errors), complete, inspect, interrupt, restart and shutdown.

usage: kernel_conformance.py --jar RUNTIME_JAR --kernel-json DIST_KERNEL_JSON
                             [--bucket BUCKET --key KEY]

The kernel spec used is the shipped kernel.json with the runtime jar's path replaced. With
--bucket and --key, cells read that JSON Lines file through the pre-bound `enclave` client
(the data broker, or an S3 server standing in for it, is named by the AWS_* environment).
Exit status 0 when every check passes; each check prints one line.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time

try:
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
except ImportError as e:  # the Java test checks this first, with the package's name
    print("jupyter_client is missing (Debian package python3-jupyter-client): %s" % e)
    sys.exit(3)

SHIPPED_JAR = "/opt/enclave/runtime/enclave-runtime.jar"
TIMEOUT = 60
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def check(condition, what, detail=None):
    if not condition:
        raise AssertionError(what + ("" if detail is None else ": " + repr(detail)))
    print("ok: " + what, flush=True)


def execute(kc, code, timeout=TIMEOUT):
    """Runs code; returns (reply content, iopub messages of this request)."""
    msg_id = kc.execute(code)
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=TIMEOUT):
    outputs = []
    deadline = time.time() + timeout
    idle = False
    while not idle:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        else:
            outputs.append(msg)
    while True:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], outputs


def of_type(outputs, msg_type):
    return [m["content"] for m in outputs if m["msg_type"] == msg_type]


def stream_text(outputs, name):
    return "".join(c["text"] for c in of_type(outputs, "stream") if c["name"] == name)


def result_data(outputs):
    results = of_type(outputs, "execute_result")
    return results[0]["data"] if results else {}


def install_spec(tmp, jar, kernel_json):
    with open(kernel_json, encoding="utf-8") as f:
        spec = json.load(f)
    check(SHIPPED_JAR in spec["argv"], "the shipped kernel.json runs " + SHIPPED_JAR)
    check("{connection_file}" in spec["argv"], "the shipped kernel.json passes {connection_file}")
    spec["argv"] = [jar if a == SHIPPED_JAR else a for a in spec["argv"]]
    d = os.path.join(tmp, "kernels", "enclave-groovy")
    os.makedirs(d)
    with open(os.path.join(d, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f)
    return KernelSpecManager(kernel_dirs=[os.path.join(tmp, "kernels")])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", required=True)
    p.add_argument("--kernel-json", required=True)
    p.add_argument("--bucket")
    p.add_argument("--key")
    args = p.parse_args()

    tmp = tempfile.mkdtemp(prefix="enclave-kernel-")
    km = None
    kc = None
    try:
        ksm = install_spec(tmp, args.jar, args.kernel_json)
        km = KernelManager(kernel_name="enclave-groovy", kernel_spec_manager=ksm)
        check(km.kernel_spec.display_name == "Groovy (Enclave)", "display name")
        check(km.kernel_spec.language == "groovy", "language")
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=TIMEOUT)
        check(True, "kernel started and answered")

        # kernel_info
        info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        check(info["status"] == "ok", "kernel_info status", info)
        check(info["language_info"]["name"] == "groovy", "kernel_info language", info)
        check(info["language_info"]["file_extension"] == ".groovy", "kernel_info extension", info)
        check(info["protocol_version"].startswith("5."), "protocol 5.x", info["protocol_version"])
        check("Enclave" in info["banner"], "banner names Enclave", info["banner"])

        # execute: streams and a result
        reply, out = execute(kc, 'println "hello"\nSystem.err.println "careful"\n1 + 41')
        check(reply["status"] == "ok", "execute ok", reply)
        check(stream_text(out, "stdout") == "hello\n", "stdout stream", stream_text(out, "stdout"))
        check(stream_text(out, "stderr") == "careful\n", "stderr stream", stream_text(out, "stderr"))
        check(result_data(out).get("text/plain") == "42", "execute_result", result_data(out))
        check(of_type(out, "execute_input")[0]["code"].startswith("println"), "execute_input")
        count = reply["execution_count"]
        reply, out = execute(kc, "'again'")
        check(reply["execution_count"] == count + 1, "execution_count increments", reply)

        # variables outlive their cell
        execute(kc, "def x = 20\nString label = 'answer'")
        reply, out = execute(kc, 'label + ": " + (x * 2 + 2)')
        check(result_data(out).get("text/plain") == "answer: 42", "def'd variables persist",
              result_data(out))
        reply, out = execute(kc, "def twice(n) { n * 2 }\ntwice(21)")
        check(result_data(out).get("text/plain") == "42", "methods", result_data(out))
        reply, out = execute(kc, "twice(4)")
        check(result_data(out).get("text/plain") == "8", "methods persist", result_data(out))

        # no result for a statement
        reply, out = execute(kc, "println 'side effect only'")
        check(not of_type(out, "execute_result"), "null gives no execute_result")

        # rich display: rows become an HTML table
        reply, out = execute(kc, "[[name: 'a', n: 1], [name: 'b<i>', n: 2]]")
        data = result_data(out)
        check("<table" in data.get("text/html", ""), "list of maps as text/html table", data)
        check("b&lt;i&gt;" in data["text/html"], "HTML is escaped", data["text/html"])
        check("name" in data.get("text/plain", "") and "b<i>" in data["text/plain"],
              "text/plain table", data)

        # errors: the cell's frames, not the engine's
        reply, out = execute(kc, 'def parse(s) {\n  Integer.parseInt(s)\n}\nparse("nope")')
        check(reply["status"] == "error", "error reply", reply)
        check(reply["ename"] == "NumberFormatException", "ename", reply["ename"])
        check("nope" in reply["evalue"], "evalue", reply["evalue"])
        errors = of_type(out, "error")
        check(len(errors) == 1, "error published on iopub")
        tb = "\n".join(ANSI.sub("", line) for line in errors[0]["traceback"])
        check("java.lang.NumberFormatException" in tb, "traceback names the exception", tb)
        check(re.search(r"at Cell\d+\.parse\(Cell\d+\.groovy:2\)", tb), "traceback has the cell's frame", tb)
        check(re.search(r"at Cell\d+\.run\(Cell\d+\.groovy:4\)", tb), "traceback has the call site", tb)
        check("org.codehaus.groovy" not in tb and "jdk.internal" not in tb
              and "spencerpark" not in tb and "java.util.concurrent" not in tb,
              "traceback leaves out the engine's frames", tb)
        reply, out = execute(kc, "def broken = ")
        check(reply["status"] == "error", "syntax error reply", reply)
        tb = "\n".join(ANSI.sub("", line) for line in of_type(out, "error")[0]["traceback"])
        check("Cell" in tb and "line 1" in tb, "syntax error says where", tb)
        reply, out = execute(kc, "assert 1 + 1 == 3")
        check(reply["status"] == "error" and "assert" in reply["evalue"], "failed assert", reply)

        # complete
        code = "enclave.da"
        c = kc.complete(code, len(code), reply=True, timeout=TIMEOUT)["content"]
        check(c["status"] == "ok" and "datasets()" in c["matches"], "complete members", c)
        check(c["cursor_start"] == len("enclave.") and c["cursor_end"] == len(code),
              "complete cursor range", c)
        c = kc.complete("lab", 3, reply=True, timeout=TIMEOUT)["content"]
        check("label" in c["matches"], "complete variables", c)
        c = kc.complete("enclave.datasets().si", 21, reply=True, timeout=TIMEOUT)["content"]
        check("size()" in c["matches"], "complete through a method's return type", c)

        # inspect
        i = kc.inspect("enclave", 3, reply=True, timeout=TIMEOUT)["content"]
        check(i["status"] == "ok" and i["found"], "inspect finds a variable", i)
        check("EnclaveClient" in i["data"]["text/plain"], "inspect says its type", i)
        i = kc.inspect("enclave.jsonl", 10, reply=True, timeout=TIMEOUT)["content"]
        check(i["found"] and "jsonl(String bucket, String key)" in i["data"]["text/plain"],
              "inspect shows a method's signature", i)
        i = kc.inspect("nothingHere", 3, reply=True, timeout=TIMEOUT)["content"]
        check(i["status"] == "ok" and not i["found"], "inspect of an unknown name", i)

        # interrupt a loop that never ends; the kernel keeps its state
        for code, what in (("long n = 0\nwhile (true) { n++ }", "busy loop"),
                           ("Thread.sleep(600000)", "sleep")):
            msg_id = kc.execute(code)
            time.sleep(1.5)
            started = time.time()
            km.interrupt_kernel()
            reply, out = collect(kc, msg_id, timeout=30)
            check(reply["status"] == "error", "interrupting a " + what + " ends the cell", reply)
            check("Interrupt" in reply["ename"] + reply["evalue"], "the reply says interrupted", reply)
            check(time.time() - started < 15, "interrupt is prompt")
        reply, out = execute(kc, "x + 1")
        check(result_data(out).get("text/plain") == "21", "state survives an interrupt", result_data(out))

        # the enclave client, through the broker (or an S3 server standing in for it)
        if args.bucket:
            reply, out = execute(kc, "enclave.datasets().collect { it.bucket() }")
            check(args.bucket in result_data(out).get("text/plain", ""), "enclave.datasets()",
                  (reply, result_data(out)))
            reply, out = execute(
                kc, "enclave.jsonl('%s', '%s').take(2)" % (args.bucket, args.key))
            check(reply["status"] == "ok" and "<table" in result_data(out).get("text/html", ""),
                  "enclave.jsonl rows as a table", (reply, result_data(out)))
            reply, out = execute(kc, "enclave.text('%s', 'no/such/file')" % args.bucket)
            check(reply["status"] == "error" and reply["ename"] == "BrokerException"
                  and "NoSuchKey" in reply["evalue"], "broker errors reach the cell", reply)

        # restart: a new process, fresh state
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        reply, out = execute(kc, "binding.hasVariable('x')")
        check(result_data(out).get("text/plain") == "false", "restart clears the state",
              (reply, result_data(out)))
        reply, out = execute(kc, "enclave != null")
        check(result_data(out).get("text/plain") == "true", "enclave is bound after a restart")

        # shutdown
        kc.stop_channels()
        kc = None
        km.shutdown_kernel(now=False)
        check(not km.is_alive(), "shutdown ends the kernel process")
        km = None
        print("all checks passed")
        return 0
    except AssertionError as e:
        print("FAILED: %s" % e, flush=True)
        return 1
    finally:
        if kc is not None:
            kc.stop_channels()
        if km is not None and km.has_kernel:
            km.shutdown_kernel(now=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
