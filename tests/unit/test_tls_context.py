"""TLS contexts are built once per set of files (each build reads the system's certificate
authorities, about 50 ms on the loop) and again when a file changes."""

from __future__ import annotations

import os
import ssl

import trustme

from app.net.handshake.tls import stamp, tls_context


def test_a_context_is_built_once_per_set_of_files_and_again_when_one_changes(tmp_path):
    path = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    first = tls_context(stamp(str(path)))
    assert tls_context(stamp(str(path))) is first
    os.utime(path, (1, 1))  # replaced by a new version
    assert tls_context(stamp(str(path))) is not first
    assert tls_context(stamp(str(path)), verify=False) is not tls_context(stamp(str(path)))


def test_the_default_context_is_shared_and_verifies():
    context = tls_context()
    assert tls_context() is context
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_one_context_however_it_is_asked_for():
    assert tls_context() is tls_context(None, None, None, True) is tls_context(verify=True)
