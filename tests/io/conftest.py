"""These tests call the importer, exports and briefings as the command line does (``run_import``
with no ``principal``): inside the command line's system context (``orken.auth.guard.system_context``),
which the ``orken`` command enters for its run. Uploads through the app act for their user."""

import pytest


@pytest.fixture(autouse=True)
def as_the_command_line():
    from orken.auth.guard import system_context

    with system_context("tests: the command line"):
        yield
