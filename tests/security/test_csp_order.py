"""The Content-Security-Policy is the same string in every process: its directives in one
order, whatever the hash seed (two app servers send one page with one policy)."""

import os
import subprocess
import sys
from pathlib import Path

from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.middleware import StableCSPMiddleware

BASE_DIR = Path(__file__).resolve().parents[2]

# Prints the policy the middleware gives a plain response, in a process of its own.
PRINT_POLICY = """
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from newsroom.middleware import StableCSPMiddleware
request = RequestFactory().get("/")
middleware = StableCSPMiddleware(lambda request: HttpResponse("page"))
print(middleware(request)["Content-Security-Policy"])
"""


def policy_with_hash_seed(seed):
    environment = {**os.environ, "PYTHONHASHSEED": str(seed)}
    environment.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    finished = subprocess.run(
        [sys.executable, "-c", PRINT_POLICY],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return finished.stdout.strip()


def test_the_directives_come_in_one_order():
    request = RequestFactory().get("/")
    policy = StableCSPMiddleware(lambda request: HttpResponse("page"))(request)[
        "Content-Security-Policy"
    ]
    directives = policy.split("; ")

    assert directives == sorted(directives)
    assert "default-src 'self'" in directives


def test_processes_with_other_hash_seeds_send_the_same_policy():
    policies = {policy_with_hash_seed(seed) for seed in (1, 2, 3, 4)}

    assert len(policies) == 1
    assert "frame-ancestors 'none'" in policies.pop()
